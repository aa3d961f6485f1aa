# Every refresh token of a user, all pages.
data "auth0tokens_refresh_tokens" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

# Only the tokens the mobile app holds for the orders API, without the
# personal device data (IPs, user agents) in state.
data "auth0tokens_refresh_tokens" "alice_mobile_orders" {
  user_id        = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
  client_id      = "mobile-app-client-id"
  audience       = "https://api.example.com/orders"
  include_device = false
}

output "alice_token_count" {
  value = length(data.auth0tokens_refresh_tokens.alice.ids)
}
