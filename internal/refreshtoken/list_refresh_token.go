package refreshtoken

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ list.ListResourceWithConfigure = (*shared.AdoptedList[auth0api.RefreshToken, tokenListConfig])(nil)

// NewTokenListResource is the auth0tokens_refresh_token list resource:
// `terraform query` discovers a user's refresh tokens, ready to import.
func NewTokenListResource() list.ListResource {
	return &shared.AdoptedList[auth0api.RefreshToken, tokenListConfig]{
		Adopted: adoptedToken,
		Schema: readToken.ListResourceSchema("Discovers a user's refresh tokens for `terraform query` (Terraform 1.14+), each with its identity and a display " +
			"name that tells tokens apart (client, creation date, rotating or not); `terraform query -generate-config-out=FILE` writes the " +
			"`auth0tokens_refresh_token` and `import` blocks that adopt them. Results come in the tenant's order; pages are fetched only " +
			"until the list block's `limit` is reached. Needs `read:refresh_tokens`."),
		Each: func(ctx context.Context, c *auth0api.Client, cfg tokenListConfig, visit func(auth0api.RefreshToken) bool) error {
			return c.EachToken(ctx, cfg.query(), visit)
		},
		Done: readToken.ListDone(func(ctx context.Context, c *auth0api.Client, cfg tokenListConfig) string {
			return filterHint(ctx, c, cfg.query())
		}),
	}
}
