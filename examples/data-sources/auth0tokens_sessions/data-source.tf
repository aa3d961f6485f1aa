# Every session of a user, all pages. Device data (IPs, user agents) is
# personal data: it is left out (null) unless include_device = true.
data "auth0tokens_sessions" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

# Only the sessions used with one application (the provider filters).
data "auth0tokens_sessions" "alice_mobile" {
  user_id   = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
  client_id = "mobile-app-client-id"
}

output "persistent_sessions" {
  value = [for s in data.auth0tokens_sessions.alice.sessions : s.id if s.cookie_mode == "persistent"]
}
