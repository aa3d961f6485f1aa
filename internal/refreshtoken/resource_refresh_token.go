package refreshtoken

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ shared.ImportOnlyResource = (*tokenResource)(nil)

// adoptedToken is a refresh token as the import-only resource and the list
// resource see it.
var adoptedToken = shared.Adopted[auth0api.RefreshToken]{
	TypeName:    "auth0tokens_refresh_token",
	Noun:        "refresh token",
	ExampleID:   "TOKEN_ID",
	GoneHow:     "revoked outside this configuration, or expired",
	Stable:      []string{"user_id", "client_id", "session_id", "created_at", "expires_at", "rotating", "resource_servers"},
	ID:          func(t auth0api.RefreshToken) string { return t.ID },
	DisplayName: displayName,
	State:       readToken.AdoptedState,
	Get:         readToken.Get,
	UpdateMetadata: func(ctx context.Context, c *auth0api.Client, id string, metadata map[string]string) (auth0api.RefreshToken, error) {
		return c.UpdateTokenMetadata(ctx, id, metadata)
	},
	Revoke: func(ctx context.Context, c *auth0api.Client, id string, timeout time.Duration) error {
		rev := revocation.Runner{Client: c, Progress: shared.ProgressLog(ctx), Wait: true, Timeout: timeout, Sleep: auth0api.Sleep}
		_, err := rev.Run(ctx, revocation.Selection{Kind: tokens{}, ByID: true, IDs: []string{id}})
		return err
	},
}

// NewTokenResource is the auth0tokens_refresh_token resource: an existing
// refresh token adopted by import, whose metadata Terraform manages and
// which is revoked when its block is removed.
func NewTokenResource() resource.Resource {
	return &tokenResource{shared.AdoptedResource[auth0api.RefreshToken]{Adopted: adoptedToken}}
}

type tokenResource struct {
	shared.AdoptedResource[auth0api.RefreshToken]
}

func (r *tokenResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.ResourceSchema(ctx, "An existing Auth0 refresh token, adopted by Terraform: import it (by ID or by identity), or discover a user's "+
		"tokens with `terraform query` and the `auth0tokens_refresh_token` list resource (Terraform 1.14+), which can generate the blocks. "+
		"Terraform then manages the token's `metadata`, refreshes the rest, and revokes the token "+
		"when the block is removed or destroyed, waiting until Auth0 no longer lists it. A token revoked elsewhere or expired never "+
		"blocks a plan: it stays in state with `exists = false`, plans no change, and its block can be removed at no cost (nothing is "+
		"sent). Terraform cannot create refresh tokens: users' "+
		"sign-ins do. To stop managing a token without revoking it, use a `removed` block with `lifecycle { destroy = false }`. "+
		"`device` (IPs, user agents) is not kept: read it with the data source or the ephemeral resource. "+
		"Needs `read:refresh_tokens`, `update:refresh_tokens` (metadata) and `delete:refresh_tokens` (destroy).",
		tokenFields, metadataField)
}

// displayName tells a user's tokens apart: "app_web, created 2026-01-10, rotating".
func displayName(t auth0api.RefreshToken) string {
	created := "creation date unknown"
	if t.CreatedAt != nil {
		created = "created " + t.CreatedAt.UTC().Format("2006-01-02")
	}
	rotating := "rotation unknown"
	if t.Rotating != nil {
		rotating = map[bool]string{true: "rotating", false: "not rotating"}[*t.Rotating]
	}
	return fmt.Sprintf("%s, %s, %s", t.ClientID, created, rotating)
}

// NewTokenListResource is the auth0tokens_refresh_token list resource:
// `terraform query` discovers a user's refresh tokens, ready to import.
func NewTokenListResource() list.ListResource {
	return readToken.ListResource(adoptedToken, "Discovers a user's refresh tokens for `terraform query` (Terraform 1.14+), each with its "+
		"identity and a display name that tells tokens apart (client, creation date, rotating or not); `terraform query "+
		"-generate-config-out=FILE` writes the `auth0tokens_refresh_token` and `import` blocks that adopt them. Results come in the "+
		"tenant's order; pages are fetched only until the list block's `limit` is reached. Needs `read:refresh_tokens`.")
}
