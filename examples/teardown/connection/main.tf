# Environment teardown by connection: when the environment is destroyed,
# revoke the refresh tokens of every user of its test connection, whoever is
# in it then (users are found at destroy, through a users-export job), and
# block the destroy while that fails. Any Terraform or OpenTofu. Use this or
# ../main.tf (a list of users), not both.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

variable "test_connection" {
  type        = string
  description = "The connection the environment's test users sign in with (for example auth0_connection.qa.name)."
}

resource "auth0tokens_refresh_token_revocation" "teardown" {
  connection_name   = var.test_connection
  revoke_on_create  = false
  revoke_on_destroy = true
  report_file       = "teardown-report.json" # what was revoked, user by user
}
