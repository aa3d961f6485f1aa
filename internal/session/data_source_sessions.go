package session

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ datasource.DataSourceWithConfigure = (*sessionsDataSource)(nil)

// NewSessionsDataSource is the auth0tokens_sessions data source: a user's sessions.
func NewSessionsDataSource() datasource.DataSource { return &sessionsDataSource{} }

type sessionsDataSource struct{ client *auth0api.Client }

func (d *sessionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sessions"
}

func (d *sessionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every session of one Auth0 user (all pages), optionally only those used with one application: the SSO " +
			"sessions that mint refresh tokens, for reviews in `check` blocks (second factors, persistent cookies, idle sessions, clients). " +
			"Needs the `read:sessions` scope. Device data (IP addresses, user agents) is personal data: it is left out unless " +
			"`include_device = true`, which writes it to state; the `auth0tokens_sessions` ephemeral resource keeps the whole listing out of state.",
		Attributes: dataSourceListAttributes(),
	}
}

func (d *sessionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *sessionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m listModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.client, &resp.Diagnostics) {
		return
	}
	m.read(ctx, d.client, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
