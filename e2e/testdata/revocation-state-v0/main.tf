# Applied with the provider at commit 26f2d44 (schema version 0 of both revocation resources: ID lists were sets);
# terraform.tfstate beside it is what that wrote (sets are stored sorted). e2e/revocation_test.go plans it with this tree.
terraform {
  required_providers {
    auth0tokens = { source = "auth0tokens/auth0tokens" }
  }
}

provider "auth0tokens" {
  domain    = "state-upgrade.invalid"
  api_token = "state-upgrade-not-a-secret"
}

# Recorded without revoking (revoke_on_create = false), so no tenant is needed.
resource "auth0tokens_refresh_token_revocation" "users" {
  user_ids          = ["auth0|carol", "auth0|alice", "auth0|bob"]
  revoke_on_create  = false
  revoke_on_destroy = true
}

resource "auth0tokens_refresh_token_revocation" "tokens" {
  token_ids        = ["rt_3", "rt_1", "rt_2"]
  revoke_on_create = false
}

resource "auth0tokens_session_revocation" "users" {
  user_ids         = ["auth0|carol", "auth0|alice"]
  revoke_on_create = false
}

resource "auth0tokens_session_revocation" "sessions" {
  session_ids      = ["sess_2", "sess_1"]
  revoke_on_create = false
}
