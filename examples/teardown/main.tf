# Environment teardown: revoke every refresh token of a test environment's
# users when the environment is destroyed, and block the destroy while that
# fails. Any Terraform or OpenTofu. README.md compares this with the action
# in action/ (Terraform 1.16+, best effort); use one of the two, not both:
# with both, every user is revoked twice.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

variable "test_user_ids" {
  type        = set(string)
  description = "The environment's test users (for example auth0_user.qa[*].user_id)."
}

# Nothing happens at create; destroy revokes the user's refresh tokens and
# fails (stopping `terraform destroy`) if it cannot. A user deleted in the
# meantime has no tokens left: the destroy then succeeds with a warning.
resource "auth0tokens_refresh_token_revocation" "teardown" {
  for_each          = var.test_user_ids
  user_id           = each.value
  revoke_on_create  = false
  revoke_on_destroy = true
}
