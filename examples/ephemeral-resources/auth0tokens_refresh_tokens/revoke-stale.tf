# Select stale tokens ephemerally, then revoke exactly those with the action
# (Terraform 1.14+): terraform apply -invoke=action.auth0tokens_revoke_refresh_tokens.stale
ephemeral "auth0tokens_refresh_tokens" "bob" {
  user_id = "auth0|5f9e8d7c6b5a4f3e2d1c0b9a"
}

locals {
  stale_before = timeadd(plantimestamp(), "-2160h") # 90 days
  stale_ids = [
    for t in ephemeral.auth0tokens_refresh_tokens.bob.tokens : t.id
    if t.created_at != null && timecmp(t.created_at, local.stale_before) < 0
  ]
}

action "auth0tokens_revoke_refresh_tokens" "stale" {
  config {
    token_ids = local.stale_ids
  }
}
