# A client secret leaked: revoke every refresh token that client holds, across
# the whole tenant. Auth0 cannot list refresh tokens tenant-wide, so the
# provider finds the users itself (a users-export job), then revokes each
# user's tokens of that client, within the tenant's rate limit.
# Walk-through against the local tenant: README.md.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

provider "auth0tokens" {} # AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET from the environment

variable "leaked_client_id" {
  type        = string
  description = "The application whose secret leaked."
}

variable "sample_query" {
  type        = string
  description = <<-EOT
    An Auth0 user search choosing the users to check afterwards, for example "email:*@customers.example". It must match
    fewer than 1,000 users (Auth0's user search stops there, and a broader one fails the plan). Unset (the default), the
    check reads every user of the tenant from a users-export job, which works at any size but takes longer.
  EOT
  default     = null
}

variable "sample_size" {
  type        = number
  description = "How many of the selected users the check reads the refresh tokens of (one request each): the first ones by user ID."
  default     = 300
}

variable "dry_run" {
  type        = bool
  description = "Preview: find and list what would be revoked, revoke nothing."
  default     = false
}

# terraform apply -invoke=action.auth0tokens_revoke_refresh_tokens.leaked_client
action "auth0tokens_revoke_refresh_tokens" "leaked_client" {
  config {
    all_users   = true                 # or connection_name = "NAME", or user_query = "..."
    client_id   = var.leaked_client_id # only that application's tokens
    dry_run     = var.dry_run
    report_file = var.dry_run ? "leaked-client-preview.json" : "leaked-client-revocation.json"
  }
}

# After the revocation: the leaked client holds no refresh token of any
# sampled user. Checks warn; they never revoke anything.
data "auth0tokens_users" "sample" {
  query     = var.sample_query
  all_users = var.sample_query == null ? true : null # no search: an export has no 1,000-user limit
}

locals {
  sampled = slice(data.auth0tokens_users.sample.ids, 0, min(var.sample_size, data.auth0tokens_users.sample.user_count))
}

# Each sampled user's tokens, filtered here rather than with client_id (a
# client filter that matches nothing warns, once per user).
data "auth0tokens_refresh_tokens" "sample" {
  for_each = toset(local.sampled)
  user_id  = each.value
}

locals {
  still_holding = [for user, d in data.auth0tokens_refresh_tokens.sample : user
  if length([for t in d.tokens : t if t.client_id == var.leaked_client_id]) > 0]
}

check "leaked_client_holds_no_tokens" {
  assert {
    condition = length(local.still_holding) == 0
    error_message = format("%d of %d sampled users still have refresh tokens of %s.",
    length(local.still_holding), length(data.auth0tokens_refresh_tokens.sample), var.leaked_client_id)
  }
}

output "sampled_users" {
  value = data.auth0tokens_users.sample.user_count
}
