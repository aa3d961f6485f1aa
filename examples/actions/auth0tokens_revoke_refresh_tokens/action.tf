# Incident response: revoke every refresh token of a user, on demand.
#   terraform apply -invoke=action.auth0tokens_revoke_refresh_tokens.compromised_user
action "auth0tokens_revoke_refresh_tokens" "compromised_user" {
  config {
    user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
    timeout = "3m"
  }
}

# Incident as code: raising the incident number revokes again, on
# after_update. A failed revocation fails the apply (the default; on_failure,
# Terraform 1.16+, can say otherwise).
resource "terraform_data" "incident" {
  input = "INC-2026-117"

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.auth0tokens_revoke_refresh_tokens.compromised_user]
    }
  }
}

# Only the tokens one application holds for one API.
action "auth0tokens_revoke_refresh_tokens" "mobile_orders" {
  config {
    user_id   = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
    client_id = "mobile-app-client-id"
    audience  = "https://api.example.com/orders"
  }
}

# Teardown, revoking a test user's tokens before_destroy (Terraform 1.16+):
# see examples/teardown/action.

# A client secret leaked: every refresh token of that client, across the
# tenant. Preview first with -var dry_run=true; the report records every
# revoked ID under its user (keep it with the incident, not in a repository).
variable "dry_run" {
  type    = bool
  default = false
}

action "auth0tokens_revoke_refresh_tokens" "leaked_client" {
  config {
    all_users   = true # or connection_name = "corp-okta", or user_query = "email:*@acme.example"
    client_id   = "app_partner_portal"
    dry_run     = var.dry_run
    report_file = var.dry_run ? "leaked-client-dry-run.json" : "leaked-client-report.json"
  }
}
