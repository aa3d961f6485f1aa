# Incident response for one user: review their sessions and refresh tokens,
# sign them out everywhere, and confirm nothing is left. README.md walks
# through it:
#
#   terraform plan -var user_id='auth0|...'        # the review: a failed check warns
#   terraform apply -var user_id='auth0|...' -invoke=action.auth0tokens_revoke_sessions.everywhere
#   terraform plan -var user_id='auth0|...'        # the check passes: signed out
#
# OpenTofu, or Terraform older than 1.14 (no actions): delete action.tf (they
# do not parse action blocks) and apply with -var sign_out=true: the
# auth0tokens_session_revocation resource does the same, and the check then
# runs after it.
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

# Any CLI.
resource "auth0tokens_session_revocation" "everywhere" {
  count   = var.sign_out ? 1 : 0
  user_id = var.user_id
}

# depends_on: when this run signs the user out with the resource, the data
# is read after the sign-out (and after Auth0 stops listing what it
# revoked), so the check and the outputs show what is left, not what was.
data "auth0tokens_sessions" "user" {
  user_id    = var.user_id
  depends_on = [auth0tokens_session_revocation.everywhere]
}

data "auth0tokens_refresh_tokens" "user" {
  user_id    = var.user_id
  depends_on = [auth0tokens_session_revocation.everywhere]
}

check "user_is_signed_out" {
  assert {
    condition     = length(data.auth0tokens_sessions.user.ids) == 0 && length(data.auth0tokens_refresh_tokens.user.ids) == 0
    error_message = "${var.user_id} still has ${length(data.auth0tokens_sessions.user.ids)} sessions and ${length(data.auth0tokens_refresh_tokens.user.ids)} refresh tokens."
  }
}

output "sessions" {
  value = data.auth0tokens_sessions.user.ids
}

output "refresh_tokens" {
  value = data.auth0tokens_refresh_tokens.user.ids
}
