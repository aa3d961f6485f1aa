# Select a user's stale refresh tokens, then revoke exactly those. Two ways,
# both shown; keep the one that fits.
#
# 1. The action (Terraform 1.14+), fed from the data source. State holds token
#    IDs and dates but no device data (include_device defaults to false):
#      terraform apply -invoke=action.auth0tokens_revoke_refresh_tokens.stale
#    Nothing stale is a success that says so.
#
# 2. The revocation resource (Terraform 1.11+, OpenTofu 1.11+), fed from the
#    ephemeral listing through the write-only token_ids_wo: nothing of the
#    listing, not even the IDs, reaches plan or state. (OpenTofu does not
#    parse action blocks: there, delete way 1's action.) It revokes on
#    `terraform apply`; raise stale_version to revoke the current selection again.
#
# (The ephemeral listing cannot feed the action: Terraform accepts ephemeral
# values in actions only in write-only attributes, and terraform-plugin-framework
# v1.19.0 refuses write-only action values.)
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

variable "max_age_days" {
  type    = number
  default = 90
}

variable "stale_version" {
  type        = number
  default     = 1
  description = "Raise it to revoke the current stale selection again (way 2)."
}

locals {
  stale_before = timeadd(plantimestamp(), "-${var.max_age_days * 24}h")
}

# Way 1: data source -> action.
data "auth0tokens_refresh_tokens" "user" {
  user_id = var.user_id
}

locals {
  stale_ids = [
    for t in data.auth0tokens_refresh_tokens.user.tokens : t.id
    if t.created_at != null && timecmp(t.created_at, local.stale_before) < 0
  ]
}

action "auth0tokens_revoke_refresh_tokens" "stale" {
  config {
    token_ids = local.stale_ids
  }
}

output "stale_ids" {
  value = local.stale_ids
}

# Way 2: ephemeral listing -> write-only resource argument.
ephemeral "auth0tokens_refresh_tokens" "user" {
  user_id = var.user_id
}

resource "auth0tokens_refresh_token_revocation" "stale" {
  token_ids_wo = [
    for t in ephemeral.auth0tokens_refresh_tokens.user.tokens : t.id
    if t.created_at != null && timecmp(t.created_at, local.stale_before) < 0
  ]
  token_ids_wo_version = var.stale_version
}

output "revoked_count" {
  value = auth0tokens_refresh_token_revocation.stale.revoked_count
}
