# terraform query lists the user's sessions; add -generate-config-out=FILE to
# write the blocks that adopt them.
list "auth0tokens_session" "alice" {
  provider         = auth0tokens
  include_resource = true
  config {
    user_id   = "auth0|alice"
    client_id = "app_web" # optional: sessions used with this application
  }
}
