# The token list, kept out of plan and state: device data is personal data.
ephemeral "auth0tokens_refresh_tokens" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

# A security check over the tokens that stores none of them.
locals {
  non_rotating = [for t in ephemeral.auth0tokens_refresh_tokens.alice.tokens : t.id if !t.rotating]
}

check "refresh_tokens_rotate" {
  assert {
    condition     = length(local.non_rotating) == 0
    error_message = "Some of the user's refresh tokens do not rotate."
  }
}
