# Terraform 1.14+: sign the user out everywhere, on demand. (OpenTofu and
# older Terraform do not parse action blocks: delete this file there.)
action "auth0tokens_revoke_sessions" "everywhere" {
  config {
    user_id = var.user_id
  }
}
