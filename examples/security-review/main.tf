# Security-as-code review of one user's refresh tokens. `terraform plan`
# reports every failed check as a warning; nothing is changed.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

variable "user_id" {
  type        = string
  description = "The user whose refresh tokens are reviewed."
}

variable "max_age_days" {
  type        = number
  default     = 90
  description = "Tokens issued longer ago than this are stale."
}

variable "allowed_clients" {
  type        = set(string)
  description = "Applications allowed to hold refresh tokens."
}

data "auth0tokens_refresh_tokens" "review" {
  user_id        = var.user_id
  include_device = false
}

locals {
  tokens       = data.auth0tokens_refresh_tokens.review.tokens
  stale_before = timeadd(plantimestamp(), "-${var.max_age_days * 24}h")

  non_rotating = [for t in local.tokens : t.id if t.rotating != true] # null: Auth0 did not say
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

output "token_count" {
  value = length(local.tokens)
}

output "summary" {
  description = "One line per token: ID, client, creation time, rotation, audiences."
  value = [for t in local.tokens : format("%-18s client=%-11s created=%-24s rotating=%-5v audiences=%s",
  t.id, t.client_id, coalesce(t.created_at, "unknown"), t.rotating, join(",", compact([for rs in t.resource_servers : rs.audience])))]
}
