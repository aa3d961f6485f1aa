# An existing session, adopted with an import block (below): Terraform tags
# it, and revokes it with the refresh tokens bound to it when the block is
# removed (the plan and the apply name those tokens). Once ended elsewhere or
# expired, it stays in state with exists = false until its block is removed.
resource "auth0tokens_session" "laptop" {
  id = "sess_alice_1"
  metadata = {
    reviewed_by = "secops"
  }
  timeouts = {
    delete = "5m"
  }
}
