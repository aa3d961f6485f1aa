package refreshtoken

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ resource.ResourceWithConfigure   = (*tokenResource)(nil)
	_ resource.ResourceWithIdentity    = (*tokenResource)(nil)
	_ resource.ResourceWithImportState = (*tokenResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*tokenResource)(nil)
)

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
	State: func(ctx context.Context, t auth0api.RefreshToken, to timeouts.Value) (any, diag.Diagnostics) {
		return newTokenResourceModel(ctx, t, to)
	},
	Get: func(ctx context.Context, c *auth0api.Client, id string) (auth0api.RefreshToken, error) {
		return c.GetToken(ctx, id)
	},
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

// tokenResourceModel is the resource's state: the token as the data source
// shows it, less `device` (personal data stays out of managed state).
type tokenResourceModel struct {
	ID              types.String   `tfsdk:"id"`
	UserID          types.String   `tfsdk:"user_id"`
	ClientID        types.String   `tfsdk:"client_id"`
	SessionID       types.String   `tfsdk:"session_id"`
	CreatedAt       types.String   `tfsdk:"created_at"`
	ExpiresAt       types.String   `tfsdk:"expires_at"`
	IdleExpiresAt   types.String   `tfsdk:"idle_expires_at"`
	LastExchangedAt types.String   `tfsdk:"last_exchanged_at"`
	Rotating        types.Bool     `tfsdk:"rotating"`
	ResourceServers types.List     `tfsdk:"resource_servers"`
	Metadata        types.Map      `tfsdk:"metadata"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
	Exists          types.Bool     `tfsdk:"exists"`
}

// newTokenResourceModel is the state for a token; timeouts stay as configured.
func newTokenResourceModel(ctx context.Context, t auth0api.RefreshToken, to timeouts.Value) (tokenResourceModel, diag.Diagnostics) {
	m, diags := flattenToken(ctx, t, false)
	return tokenResourceModel{
		ID: m.ID, UserID: m.UserID, ClientID: m.ClientID, SessionID: m.SessionID, CreatedAt: m.CreatedAt, ExpiresAt: m.ExpiresAt,
		IdleExpiresAt: m.IdleExpiresAt, LastExchangedAt: m.LastExchangedAt, Rotating: m.Rotating, ResourceServers: m.ResourceServers,
		Metadata: m.RefreshTokenMetadata, Timeouts: to, Exists: types.BoolValue(true),
	}, diags
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
