# For OpenTofu and Terraform < 1.14 (no actions): revoke when created, and
# again whenever a trigger changes.
resource "auth0tokens_refresh_token_revocation" "incident" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"

  triggers = {
    incident = "INC-2026-117"
  }
}

# Teardown: revoke nothing now, everything of the test user on destroy. A
# failed revocation stops `terraform destroy` (a destroy-time action cannot).
resource "auth0tokens_refresh_token_revocation" "qa_teardown" {
  user_id           = "auth0|qa-user-1"
  revoke_on_create  = false
  revoke_on_destroy = true
}

# Revoke tokens chosen from the ephemeral listing without writing their IDs
# (or any token data) to plan or state. Terraform 1.11+ or OpenTofu 1.11+.
ephemeral "auth0tokens_refresh_tokens" "bob" {
  user_id = "auth0|5f7c8ec7c33c6c004bbafe82"
}

resource "auth0tokens_refresh_token_revocation" "bob_stale" {
  token_ids_wo = [
    for t in ephemeral.auth0tokens_refresh_tokens.bob.tokens : t.id
    if t.created_at != null && timecmp(t.created_at, "2026-01-01T00:00:00Z") < 0
  ]
  token_ids_wo_version = 1 # change it to revoke the current selection again
}

# Many users at once, for example every user of a leaked client (at most
# 10,000; order and repeats do not matter). A user that does not exist is named
# in a warning and skipped; if some users fail, what was revoked is still
# recorded and the next apply revokes what is left. Progress goes to
# Terraform's log at INFO level (TF_LOG=INFO).
resource "auth0tokens_refresh_token_revocation" "leaked_client" {
  user_ids  = ["auth0|64b7f1c2e4a5b6c7d8e9f0a1", "auth0|5f7c8ec7c33c6c004bbafe82"]
  client_id = "mobile-app-client-id"

  triggers = {
    incident = "INC-2026-118"
  }
}

# Teardown by connection: at destroy, revoke the tokens of whoever is in the
# test connection then (users are found at destroy, not stored).
resource "auth0tokens_refresh_token_revocation" "qa_connection" {
  connection_name   = "qa-users"
  revoke_on_create  = false
  revoke_on_destroy = true
  report_file       = "qa-teardown.json"
}
