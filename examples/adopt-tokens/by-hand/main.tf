# Adopting by hand, without `terraform query`: import blocks by ID or by
# resource identity (Terraform 1.12+), metadata managed as code, and a token
# forgotten without being revoked.
terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

provider "auth0tokens" {}

# By ID.
import {
  to = auth0tokens_refresh_token.ci_runner
  id = "rt_alice_1"
}

resource "auth0tokens_refresh_token" "ci_runner" {
  id = "rt_alice_1"
  metadata = {
    owner  = "platform-team"
    ticket = "SEC-1234"
  }
  timeouts = {
    delete = "5m" # how long removing this block waits for the revocation to show
  }
}

# By identity.
import {
  to       = auth0tokens_session.laptop
  identity = { id = "sess_alice_1" }
}

resource "auth0tokens_session" "laptop" {
  id = "sess_alice_1"
  # No metadata argument: the session's metadata is read, not managed.
}

# Stop managing a token without revoking it: state forgets it, Auth0 keeps it.
removed {
  from = auth0tokens_refresh_token.old_phone
  lifecycle {
    destroy = false
  }
}
