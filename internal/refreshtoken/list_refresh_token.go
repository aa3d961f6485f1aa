package refreshtoken

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// NewTokenListResource is the auth0tokens_refresh_token list resource:
// `terraform query` discovers a user's refresh tokens, ready to import.
func NewTokenListResource() list.ListResource {
	return readToken.ListResource(adoptedToken, "Discovers a user's refresh tokens for `terraform query` (Terraform 1.14+), each with its "+
		"identity and a display name that tells tokens apart (client, creation date, rotating or not); `terraform query "+
		"-generate-config-out=FILE` writes the `auth0tokens_refresh_token` and `import` blocks that adopt them. Results come in the "+
		"tenant's order; pages are fetched only until the list block's `limit` is reached. Needs `read:refresh_tokens`.")
}
