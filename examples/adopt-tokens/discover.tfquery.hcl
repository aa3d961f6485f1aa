# Run `terraform query` to list what the user has, and
# `terraform query -generate-config-out=adopted.tf` to write the
# resource and import blocks that adopt it.

list "auth0tokens_refresh_token" "user" {
  provider         = auth0tokens
  include_resource = true # the generated blocks carry each token's metadata
  config {
    user_id = var.user_id
    # client_id = "app_web"                 # only one application's tokens
    # audience  = "https://api.example.com/" # only tokens for one API
  }
}

list "auth0tokens_session" "user" {
  provider         = auth0tokens
  include_resource = true
  config {
    user_id = var.user_id
  }
}
