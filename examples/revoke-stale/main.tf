# Select a user's stale refresh tokens, then revoke exactly those with the
# action (Terraform 1.14+):
#   terraform apply -invoke=action.auth0tokens_revoke_refresh_tokens.stale
#
# The selection comes from the data source with include_device = false, so
# state holds token IDs and dates but no IP addresses or user agents. (The
# ephemeral resource cannot feed the action: Terraform accepts ephemeral values
# only in write-only action attributes, which the plugin framework does not
# yet support for actions.)
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

data "auth0tokens_refresh_tokens" "user" {
  user_id        = var.user_id
  include_device = false
}

locals {
  stale_before = timeadd(plantimestamp(), "-${var.max_age_days * 24}h")
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
