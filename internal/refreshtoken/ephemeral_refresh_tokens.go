package refreshtoken

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
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
			"result out of plan and state: token metadata (IP addresses, user agents) is personal data. Its values can be used in " +
			"locals, provider blocks, a `check` block's `condition` (not its `error_message`, which Terraform refuses ephemeral values in, " +
			"even a count: keep the message fixed text), and write-only arguments: feed the `auth0tokens_refresh_token_revocation` " +
			"resource's `token_ids_wo` to revoke what a review found with nothing in state. It cannot feed the " +
			"`auth0tokens_revoke_refresh_tokens` action: Terraform takes ephemeral values in actions only in write-only attributes, and " +
			"terraform-plugin-framework v1.19.0 refuses every write-only action value (its action validation hard-codes write-only " +
			"values as not allowed); use the data source (device data is left out by default) for the action. " +
			"Needs Terraform 1.10+ or OpenTofu 1.11+ and the `read:refresh_tokens` scope.",
		Attributes: ephemeralListAttributes(),
	}
}

func (e *refreshTokensEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *refreshTokensEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m listModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(e.client, &resp.Diagnostics) {
		return
	}
	m.read(ctx, e.client, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
