package session

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

var _ datasource.DataSourceWithConfigure = (*sessionDataSource)(nil)

// NewSessionDataSource is the auth0tokens_session data source: one session by ID.
func NewSessionDataSource() datasource.DataSource { return &sessionDataSource{} }

type sessionDataSource struct{ client *auth0api.Client }

// singleModel is one session plus the switch for its personal data.
type singleModel struct {
	model
	IncludeDevice types.Bool `tfsdk:"include_device"`
}

func (d *sessionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_session"
}

func (d *sessionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := shared.DataSourceAttributes(fields)
	attrs["id"] = schema.StringAttribute{MarkdownDescription: "ID of the session.", Required: true,
		Validators: []validator.String{shared.ValidObjectID("session ID")}}
	attrs["include_device"] = schema.BoolAttribute{MarkdownDescription: includeDeviceDesc, Optional: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Auth0 session (the SSO session that mints refresh tokens) by its ID. Needs the `read:sessions` scope. " +
			"A session that does not exist (ended, expired or revoked) is an error.",
		Attributes: attrs,
	}
}

func (d *sessionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *sessionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg singleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.client, &resp.Diagnostics) {
		return
	}
	id := cfg.ID.ValueString()
	s, err := d.client.GetSession(ctx, id)
	if auth0api.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Session Not Found", fmt.Sprintf(
			"Auth0 has no session %q. It may have ended, expired or been revoked; revocation can take a few seconds to show. "+
				"List the user's current sessions with the auth0tokens_sessions data source.", id))
		return
	}
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, fmt.Sprintf("reading session %q", id), err)
		return
	}
	m, diags := flatten(ctx, s, cfg.IncludeDevice.ValueBool())
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &singleModel{model: m, IncludeDevice: cfg.IncludeDevice})...)
}
