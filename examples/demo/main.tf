# The `make demo` configuration: review a user's refresh tokens, revoke them
# with the action, and review again. It reads the provider settings from the
# environment (AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET), so the same
# file runs against a real tenant.
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

variable "max_age_days" {
  type    = number
  default = 180
}

variable "allowed_clients" {
  type    = set(string)
  default = ["web_app", "mobile_app"]
}

data "auth0tokens_refresh_tokens" "user" {
  user_id        = var.user_id
  include_device = false
}

locals {
  tokens       = data.auth0tokens_refresh_tokens.user.tokens
  stale_before = timeadd(plantimestamp(), "-${var.max_age_days * 24}h")
  non_rotating = [for t in local.tokens : t.id if !t.rotating]
  stale        = [for t in local.tokens : t.id if t.created_at != null && timecmp(t.created_at, local.stale_before) < 0]
  foreign      = [for t in local.tokens : "${t.id} (${t.client_id})" if !contains(var.allowed_clients, t.client_id)]
}

check "refresh_tokens_rotate" {
  assert {
    condition     = length(local.non_rotating) == 0
    error_message = "Non-rotating refresh tokens: ${join(", ", local.non_rotating)}."
  }
}

check "refresh_tokens_are_fresh" {
  assert {
    condition     = length(local.stale) == 0
    error_message = "Refresh tokens older than ${var.max_age_days} days: ${join(", ", local.stale)}."
  }
}

check "refresh_tokens_held_by_allowed_clients" {
  assert {
    condition     = length(local.foreign) == 0
    error_message = "Refresh tokens held by applications outside the allow-list: ${join(", ", local.foreign)}."
  }
}

action "auth0tokens_revoke_refresh_tokens" "user" {
  config {
    user_id = var.user_id
    timeout = "1m"
  }
}

output "token_count" {
  value = length(local.tokens)
}

output "tokens" {
  value = [for t in local.tokens : format("%-18s client=%-11s created=%-20s rotating=%-5t audiences=%s",
  t.id, t.client_id, coalesce(t.created_at, "unknown"), t.rotating, join(",", [for rs in t.resource_servers : rs.audience]))]
}
