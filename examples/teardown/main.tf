# Environment teardown: revoke every refresh token of a test environment's
# users when the environment is destroyed. Both ways are shown; keep the one
# your CLI supports.
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

# Terraform 1.16+: an action fired before each user's stand-in is destroyed.
resource "terraform_data" "test_user" {
  for_each = var.test_user_ids
  input    = each.value

  lifecycle {
    action_trigger {
      events  = [before_destroy]
      actions = [action.auth0tokens_revoke_refresh_tokens.teardown]
    }
  }
}

action "auth0tokens_revoke_refresh_tokens" "teardown" {
  config {
    user_id = caller.input
  }
}

# OpenTofu, or Terraform older than 1.16: a resource that revokes on destroy.
resource "auth0tokens_refresh_token_revocation" "teardown" {
  for_each          = var.test_user_ids
  user_id           = each.value
  revoke_on_create  = false
  revoke_on_destroy = true
}
