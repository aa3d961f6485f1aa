# An existing refresh token, adopted with an import block (below; Terraform
# cannot create one: sign-ins do). Terraform manages its metadata, and revokes
# it when the block is removed. Once revoked elsewhere or expired, it stays in
# state with exists = false: each plan names it and changes nothing for it,
# until its block is removed (which sends nothing to Auth0).
resource "auth0tokens_refresh_token" "ci_runner" {
  id = "rt_alice_1"
  metadata = {
    owner  = "platform-team"
    ticket = "SEC-1234"
  }
}

# Forget a token without revoking it.
removed {
  from = auth0tokens_refresh_token.old_phone
  lifecycle {
    destroy = false
  }
}
