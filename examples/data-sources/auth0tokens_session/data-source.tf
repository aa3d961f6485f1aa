# One session by ID, for example the session_id of a refresh token.
data "auth0tokens_session" "current" {
  id = "4pgCVH0P8Ytn4EfHBNSbqpnBcS8EfbD7"
}

output "second_factor_used" {
  value = contains([for m in data.auth0tokens_session.current.authentication_methods : m.name], "mfa")
}
