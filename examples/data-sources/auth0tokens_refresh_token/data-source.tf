data "auth0tokens_refresh_token" "suspicious" {
  id = "rt_0123456789abcdef"
}

output "suspicious_token_client" {
  value = data.auth0tokens_refresh_token.suspicious.client_id
}
