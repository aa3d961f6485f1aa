package refreshtoken

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ datasource.DataSourceWithConfigure = (*refreshTokenDataSource)(nil)

var pathID = path.Root("id")

// NewRefreshTokenDataSource is the auth0tokens_refresh_token data source: one token by ID.
func NewRefreshTokenDataSource() datasource.DataSource { return &refreshTokenDataSource{} }

type refreshTokenDataSource struct{ client *auth0api.Client }

// singleTokenModel is one token plus the switch for its personal data.
type singleTokenModel struct {
	tokenModel
	IncludeDevice types.Bool `tfsdk:"include_device"`
}

func (d *refreshTokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_refresh_token"
}

func (d *refreshTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceTokenAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the refresh token.",
		Required:            true,
		Validators:          []validator.String{shared.ValidObjectID("refresh token ID")},
	}
	attrs["include_device"] = schema.BoolAttribute{MarkdownDescription: listIncludeDeviceDesc, Optional: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Auth0 refresh token by its ID. Needs the `read:refresh_tokens` scope. " +
			"A token that does not exist (revoked, expired or never issued) is an error.",
		Attributes: attrs,
	}
}

func (d *refreshTokenDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *refreshTokenDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg singleTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.client, &resp.Diagnostics) {
		return
	}
	id := cfg.ID.ValueString()
	token, err := d.client.GetToken(ctx, id)
	if auth0api.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(pathID, "Refresh Token Not Found", fmt.Sprintf(
			"Auth0 has no refresh token %q. It may have been revoked or have expired; revocation can take a few seconds to show. "+
				"List the user's current tokens with the auth0tokens_refresh_tokens data source.", id))
		return
	}
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, fmt.Sprintf("reading refresh token %q", id), err)
		return
	}
	m, diags := flattenToken(ctx, token, cfg.IncludeDevice.ValueBool())
	resp.Diagnostics.Append(diags...)
	m.ID = cfg.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &singleTokenModel{tokenModel: m, IncludeDevice: cfg.IncludeDevice})...)
}
