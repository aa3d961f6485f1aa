# Environment teardown: revoke every refresh token of a test environment's
# users when the environment is destroyed. Two ways; keep the one that fits.
#
# Where the revocation must succeed before the environment goes, use the
# resource (way 2): a failed revocation stops `terraform destroy`. Terraform
# never lets a failed destroy-time action stop a destroy (way 1): whatever
# on_failure says, the failure becomes a warning ("Actions: 1 invoked, 1
# failed"), the destroy completes, exit code 0, and the tokens stay valid.
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

# Way 1, Terraform 1.16+: an action fired before each user's stand-in is
# destroyed. Best effort only (see above); on_failure = halt is ignored on
# destroy-time events (it does stop an apply on after_create/after_update:
# see the action's own example).
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

# Way 2, any Terraform or OpenTofu: a resource that revokes on destroy and
# blocks the destroy when it cannot. (OpenTofu does not parse action blocks:
# there, delete way 1, the terraform_data and the action.) A user deleted in the meantime has no
# tokens left: the destroy then succeeds with a warning.
resource "auth0tokens_refresh_token_revocation" "teardown" {
  for_each          = var.test_user_ids
  user_id           = each.value
  revoke_on_create  = false
  revoke_on_destroy = true
}
