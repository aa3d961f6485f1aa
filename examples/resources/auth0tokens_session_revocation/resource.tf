# For OpenTofu and Terraform < 1.14 (no actions): sign the user out everywhere
# when created, and again whenever a trigger changes.
resource "auth0tokens_session_revocation" "incident" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"

  triggers = {
    incident = "INC-2026-117"
  }
}

# Teardown: sign a test user out on destroy (a failure stops the destroy).
resource "auth0tokens_session_revocation" "qa_teardown" {
  user_id           = "auth0|qa-user-1"
  revoke_on_create  = false
  revoke_on_destroy = true
}

# Sign out the sessions a review found without writing their IDs (or any
# session data) to plan or state: session_ids_wo takes values from the
# ephemeral listing. Terraform 1.11+ or OpenTofu 1.11+.
ephemeral "auth0tokens_sessions" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

resource "auth0tokens_session_revocation" "alice_idle" {
  session_ids_wo = [
    for s in ephemeral.auth0tokens_sessions.alice.sessions : s.id
    if s.last_interacted_at != null && timecmp(s.last_interacted_at, "2026-01-01T00:00:00Z") < 0
  ]
  session_ids_wo_version = 1 # change it to sign out the current selection again
}

# Many users at once (at most 10,000; order and repeats do not matter). A user
# that does not exist is named in a warning and skipped; progress goes to
# Terraform's log at INFO level (TF_LOG=INFO).
resource "auth0tokens_session_revocation" "leaked_client" {
  user_ids = ["auth0|64b7f1c2e4a5b6c7d8e9f0a1", "auth0|5f7c8ec7c33c6c004bbafe82"]

  triggers = {
    incident = "INC-2026-118"
  }
}

# Sign out every contractor (an Auth0 user search: at most 1,000 users).
resource "auth0tokens_session_revocation" "contractors" {
  user_query = "email:*@contractor.example"
  triggers = {
    incident = "INC-2041"
  }
}
