package session

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*sessionsEphemeralResource)(nil)

// NewSessionsEphemeralResource is the auth0tokens_sessions ephemeral resource:
// the data source's listing, never written to plan or state.
func NewSessionsEphemeralResource() ephemeral.EphemeralResource { return &sessionsEphemeralResource{} }

type sessionsEphemeralResource struct{ client *auth0api.Client }

func (e *sessionsEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sessions"
}

func (e *sessionsEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every session of one Auth0 user, like the data source of the same name, but keeps the result out of " +
			"plan and state: session device data (IP addresses, user agents) is personal data. Its values can be used in locals, provider " +
			"blocks and a `check` block's `condition` (not its `error_message`, which Terraform refuses ephemeral values in: keep the " +
			"message fixed text). Needs Terraform 1.10+ or OpenTofu 1.11+ and the `read:sessions` scope.",
		Attributes: ephemeralListAttributes(),
	}
}

func (e *sessionsEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *sessionsEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
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
