# The `make demo` configuration: review a user's refresh tokens with the
# security-review example, revoke them with the action, and review again. It
# reads the provider settings from the environment (AUTH0_DOMAIN,
# AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET), so the same folder runs against a
# real tenant.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

provider "auth0tokens" {}

variable "user_id" {
  type    = string
  default = "auth0|demo-alice"
}

module "review" {
  source          = "../security-review"
  user_id         = var.user_id
  max_age_days    = 180
  allowed_clients = ["web_app", "mobile_app"]
}

module "session_review" {
  source                  = "../session-review"
  user_id                 = var.user_id
  max_persistent_age_days = 30
  max_idle_days           = 14
  allowed_clients         = ["web_app", "mobile_app"]
}

# Sign the user out everywhere: end every session (so no silent login mints
# new tokens) and revoke every refresh token.
action "auth0tokens_revoke_sessions" "everywhere" {
  config {
    user_id = var.user_id
    timeout = "1m"
  }
}

# Revoke the refresh tokens only.
action "auth0tokens_revoke_refresh_tokens" "user" {
  config {
    user_id = var.user_id
    timeout = "1m"
  }
}

output "session_count" {
  value = module.session_review.session_count
}

output "token_count" {
  value = module.review.token_count
}

output "tokens" {
  value = module.review.summary
}
