# The session list with device data, kept out of plan and state.
ephemeral "auth0tokens_sessions" "alice" {
  user_id        = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
  include_device = true
}

locals {
  # Sessions whose last IP differs from the one they started from.
  moved = [for s in ephemeral.auth0tokens_sessions.alice.sessions : s.id if s.device != null && s.device.initial_ip != s.device.last_ip]
}

# Values work in a check's condition; the error_message must be fixed text.
check "sessions_stay_put" {
  assert {
    condition     = length(local.moved) == 0
    error_message = "Some of the user's sessions are used from another IP address than they started from."
  }
}
