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
