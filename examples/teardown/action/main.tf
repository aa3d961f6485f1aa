# Environment teardown with an action, Terraform 1.16+: revoke a test user's
# refresh tokens before the user's stand-in is destroyed. Best effort only:
# Terraform never lets a failed destroy-time action stop a destroy (whatever
# on_failure says, the failure becomes a warning, "Actions: 1 invoked, 1
# failed", the destroy completes with exit code 0, and the tokens stay
# valid). Where the revocation must succeed, use the resource in ../main.tf
# instead; not both, or every user is revoked twice. See ../README.md.
terraform {
  required_version = ">= 1.16.0" # before_destroy triggers and `caller`

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

# Stands in for each test user (use your auth0_user resources instead). The
# action names the user through `caller`: naming the triggering resource
# directly would be a reference cycle.
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
