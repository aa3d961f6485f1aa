package refreshtoken

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*refreshTokensEphemeralResource)(nil)

// NewRefreshTokensEphemeralResource is the auth0tokens_refresh_tokens ephemeral
// resource: the data source's listing, never written to plan or state.
func NewRefreshTokensEphemeralResource() ephemeral.EphemeralResource {
	return &refreshTokensEphemeralResource{}
}

type refreshTokensEphemeralResource struct{ client *auth0api.Client }

func (e *refreshTokensEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_refresh_tokens"
}

func (e *refreshTokensEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every refresh token of one Auth0 user, like the data source of the same name, but keeps the " +
			"result out of plan and state: token metadata (IP addresses, user agents) is personal data. Use it in `check` blocks, " +
			"locals and provider blocks. It cannot feed the `auth0tokens_revoke_refresh_tokens` action's `token_ids`: Terraform takes " +
			"ephemeral values only in write-only action attributes, which terraform-plugin-framework does not yet support for actions; " +
			"use the data source with `include_device = false` for that. Needs Terraform 1.10+ or OpenTofu 1.11+ and the `read:refresh_tokens` scope.",
		Attributes: ephemeralListAttributes(),
	}
}

func (e *refreshTokensEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *refreshTokensEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m listModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(e.client, &resp.Diagnostics) {
		return
	}
	m.read(ctx, e.client, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
