# The token list, kept out of plan and state: device data is personal data.
ephemeral "auth0tokens_refresh_tokens" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

# A security check over the tokens that stores none of them.
locals {
  non_rotating = [for t in ephemeral.auth0tokens_refresh_tokens.alice.tokens : t.id if t.rotating != true]
}

# Its values work in a check's condition; the error_message must be fixed
# text (Terraform refuses ephemeral values there, even a count).
check "refresh_tokens_rotate" {
  assert {
    condition     = length(local.non_rotating) == 0
    error_message = "Some of the user's refresh tokens do not rotate."
  }
}

# Review, then revoke what the review found, with nothing of the listing in
# plan or state: the revocation resource's write-only token_ids_wo takes it.
# Change token_ids_wo_version to revoke the current selection again.
resource "auth0tokens_refresh_token_revocation" "non_rotating" {
  token_ids_wo         = local.non_rotating
  token_ids_wo_version = 1
}
