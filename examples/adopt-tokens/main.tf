# Tokens as code: discover a user's refresh tokens and sessions with
# `terraform query` (discover.tfquery.hcl), generate the blocks that adopt
# them, review them, apply. README.md walks through it. Terraform 1.14+.
terraform {
  required_version = ">= 1.14"
  required_providers {
    auth0tokens = {
      source = "auth0tokens/auth0tokens"
    }
  }
}

# Settings from the environment: AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET.
provider "auth0tokens" {}

variable "user_id" {
  description = "The user whose refresh tokens and sessions to discover."
  type        = string
  default     = "auth0|alice"
}
