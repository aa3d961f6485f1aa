package refreshtoken

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ datasource.DataSourceWithConfigure = (*refreshTokensDataSource)(nil)

// NewRefreshTokensDataSource is the auth0tokens_refresh_tokens data source: a user's tokens.
func NewRefreshTokensDataSource() datasource.DataSource { return &refreshTokensDataSource{} }

type refreshTokensDataSource struct{ client *auth0api.Client }

func (d *refreshTokensDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_refresh_tokens"
}

func (d *refreshTokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every refresh token of one Auth0 user (all pages), optionally only those of one application " +
			"or one API. Needs the `read:refresh_tokens` scope. Token `device` data (IP addresses, user agents) is personal data: " +
			"it is left out unless `include_device = true`, which writes it to state. The `auth0tokens_refresh_tokens` ephemeral resource " +
			"keeps the whole listing out of state. A `client_id` or `audience` that matches none of the user's tokens gives a warning " +
			"that says what the tokens do have.",
		Attributes: dataSourceListAttributes(),
	}
}

func (d *refreshTokensDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *refreshTokensDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
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
