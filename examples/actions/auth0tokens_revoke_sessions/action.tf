# Incident response: sign a user out everywhere, on demand. Ends every Auth0
# session of the user (so no silent login mints new tokens) and revokes every
# refresh token, including those not bound to a session.
#   terraform apply -invoke=action.auth0tokens_revoke_sessions.compromised_user
action "auth0tokens_revoke_sessions" "compromised_user" {
  config {
    user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
    timeout = "3m"
  }
}

# End only the sessions a review found (for example those without a second
# factor), with the refresh tokens bound to them.
data "auth0tokens_sessions" "alice" {
  user_id = "auth0|64b7f1c2e4a5b6c7d8e9f0a1"
}

action "auth0tokens_revoke_sessions" "single_factor" {
  config {
    session_ids = [
      for s in data.auth0tokens_sessions.alice.sessions : s.id
      if !contains([for m in s.authentication_methods : m.name], "mfa")
    ]
  }
}

# An enterprise connection was compromised: sign out everyone who signs in
# through it (users found when the action runs, through a users-export job).
action "auth0tokens_revoke_sessions" "compromised_connection" {
  config {
    connection_name = "corp-okta"
    export_timeout  = "20m"
    report_file     = "corp-okta-sign-out.json"
  }
}
