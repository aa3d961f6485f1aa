terraform {
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

# Credentials of a machine-to-machine application authorised for the
# Auth0 Management API with read:refresh_tokens and delete:refresh_tokens.
# Prefer the AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET
# environment variables to keeping the secret in configuration.
provider "auth0tokens" {
  domain        = "tenant.eu.auth0.com"
  client_id     = var.auth0_client_id
  client_secret = var.auth0_client_secret
}

variable "auth0_client_id" {
  type = string
}

variable "auth0_client_secret" {
  type      = string
  sensitive = true
}
