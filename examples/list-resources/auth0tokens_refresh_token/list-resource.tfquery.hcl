# terraform query lists the user's tokens; add -generate-config-out=FILE to
# write the blocks that adopt them.
list "auth0tokens_refresh_token" "alice" {
  provider         = auth0tokens
  include_resource = true
  limit            = 50 # default 100; when the user has more, the query says so
  config {
    user_id   = "auth0|alice"
    client_id = "app_web" # optional, as is audience
  }
}
