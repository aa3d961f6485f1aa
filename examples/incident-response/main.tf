# Incident response for one user: review their sessions and refresh tokens,
# then sign them out everywhere.
#
#   terraform plan -var user_id='auth0|...'        # the review: failed checks warn
#   terraform apply -var user_id='auth0|...' -invoke=action.auth0tokens_revoke_sessions.everywhere
#
# OpenTofu, or Terraform older than 1.14 (no actions): delete action.tf (they
# do not parse action blocks), set sign_out = true and `tofu apply`; the
# auth0tokens_session_revocation resource does the same.
# Needs read:sessions, delete:sessions, read:refresh_tokens, delete:refresh_tokens.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

variable "user_id" {
  type = string
}

variable "sign_out" {
  type        = bool
  default     = false
  description = "Sign the user out with the resource (for CLIs without actions)."
}

data "auth0tokens_sessions" "user" {
  user_id = var.user_id
}

data "auth0tokens_refresh_tokens" "user" {
  user_id = var.user_id
}

check "user_is_signed_out" {
  assert {
    condition     = length(data.auth0tokens_sessions.user.ids) == 0 && length(data.auth0tokens_refresh_tokens.user.ids) == 0
    error_message = "${var.user_id} still has ${length(data.auth0tokens_sessions.user.ids)} sessions and ${length(data.auth0tokens_refresh_tokens.user.ids)} refresh tokens."
  }
}

# Any CLI.
resource "auth0tokens_session_revocation" "everywhere" {
  count   = var.sign_out ? 1 : 0
  user_id = var.user_id
}

output "sessions" {
  value = data.auth0tokens_sessions.user.ids
}

output "refresh_tokens" {
  value = data.auth0tokens_refresh_tokens.user.ids
}
