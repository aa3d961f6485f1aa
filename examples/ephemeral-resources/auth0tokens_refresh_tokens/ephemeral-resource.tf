# The token list, kept out of plan and state: device data is personal data.
ephemeral "auth0tokens_refresh_tokens" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

# Ephemeral values can flow into actions, provider blocks and other ephemeral
# contexts; here a check counts the non-rotating tokens without storing them.
locals {
  non_rotating = [for t in ephemeral.auth0tokens_refresh_tokens.alice.tokens : t.id if !t.rotating]
}
