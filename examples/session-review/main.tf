# Security-as-code review of one user's Auth0 sessions (the SSO sessions that
# mint refresh tokens). `terraform plan` reports every failed check as a
# warning; nothing is changed. Needs the read:sessions scope.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

variable "user_id" {
  type        = string
  description = "The user whose sessions are reviewed."
}

variable "max_persistent_age_days" {
  type        = number
  default     = 30
  description = "Sessions with a persistent cookie started longer ago than this are flagged."

  validation {
    condition     = var.max_persistent_age_days >= 0
    error_message = "max_persistent_age_days must be zero or more days."
  }
}

variable "max_idle_days" {
  type        = number
  default     = 14
  description = "Sessions not used for longer than this are flagged."

  validation {
    condition     = var.max_idle_days >= 0
    error_message = "max_idle_days must be zero or more days."
  }
}

variable "allowed_clients" {
  type        = set(string)
  description = "Applications allowed to use the user's sessions."
}

data "auth0tokens_sessions" "review" {
  user_id = var.user_id
}

locals {
  sessions            = data.auth0tokens_sessions.review.sessions
  persistent_before   = timeadd(plantimestamp(), "-${var.max_persistent_age_days * 24}h")
  last_used_not_after = timeadd(plantimestamp(), "-${var.max_idle_days * 24}h")

  # A second factor shows as an authentication method named "mfa".
  single_factor = [for s in local.sessions : s.id if !contains([for m in s.authentication_methods : m.name], "mfa")]
  old_persistent = [
    for s in local.sessions : s.id
    if s.cookie_mode == "persistent" && s.created_at != null && timecmp(s.created_at, local.persistent_before) < 0
  ]
  idle = [
    for s in local.sessions : s.id
    if s.last_interacted_at != null && timecmp(s.last_interacted_at, local.last_used_not_after) < 0
  ]
  foreign = [
    for s in local.sessions : "${s.id} (${join(", ", setsubtract(s.client_ids, var.allowed_clients))})"
    if length(setsubtract(s.client_ids, var.allowed_clients)) > 0
  ]
}

check "sessions_have_second_factor" {
  assert {
    condition     = length(local.single_factor) == 0
    error_message = "Sessions authenticated without a second factor: ${join(", ", local.single_factor)}."
  }
}

check "persistent_sessions_are_recent" {
  assert {
    condition     = length(local.old_persistent) == 0
    error_message = "Persistent-cookie sessions older than ${var.max_persistent_age_days} days: ${join(", ", local.old_persistent)}."
  }
}

check "sessions_are_in_use" {
  assert {
    condition     = length(local.idle) == 0
    error_message = "Sessions idle for more than ${var.max_idle_days} days: ${join(", ", local.idle)}."
  }
}

check "sessions_used_by_allowed_clients" {
  assert {
    condition     = length(local.foreign) == 0
    error_message = "Sessions used by applications outside the allow-list: ${join("; ", local.foreign)}."
  }
}

output "session_count" {
  value = length(local.sessions)
}
