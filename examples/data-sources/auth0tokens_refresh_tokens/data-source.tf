# Every refresh token of a user, all pages. Device data (IPs, user agents) is
# personal data: it is left out (null) unless include_device = true.
data "auth0tokens_refresh_tokens" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

# Only the tokens the mobile app holds for the orders API. A filter that
# matches none of the user's tokens warns with what they do have.
data "auth0tokens_refresh_tokens" "alice_mobile_orders" {
  user_id   = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
  client_id = "mobile-app-client-id"
  audience  = "https://api.example.com/orders"
}

# Opt in to device data, written to state (for an investigation, say).
data "auth0tokens_refresh_tokens" "alice_devices" {
  user_id        = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
  include_device = true
}

output "alice_token_count" {
  value = length(data.auth0tokens_refresh_tokens.alice.ids)
}
