# An existing session, adopted with an import block (below): Terraform tags
# it, and revokes it with the refresh tokens it minted when the block is removed.
resource "auth0tokens_session" "laptop" {
  id = "sess_alice_1"
  metadata = {
    reviewed_by = "secops"
  }
  timeouts = {
    delete = "5m"
  }
}
