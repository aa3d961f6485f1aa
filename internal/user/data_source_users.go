// Package user holds the types that select Auth0 users: the auth0tokens_users
// data source. The selection itself (search, connection, whole tenant) is
// shared.UserSelector, which the revocations use too.
package user

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ datasource.DataSourceWithConfigure        = (*usersDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*usersDataSource)(nil)
)

// NewUsersDataSource is the auth0tokens_users data source.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersDataSource struct{ client *auth0api.Client }

type usersModel struct {
	Query         types.String `tfsdk:"query"`
	Connection    types.String `tfsdk:"connection_name"`
	AllUsers      types.Bool   `tfsdk:"all_users"`
	ExportTimeout types.String `tfsdk:"export_timeout"`
	IDs           types.List   `tfsdk:"ids"`
	Count         types.Int64  `tfsdk:"user_count"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The IDs of the Auth0 users a search, a connection or the whole tenant selects: for reviews, and to see who a " +
			"revocation with `user_query`, `connection_name` or `all_users` would reach. Exactly one of `query`, `connection_name` and `all_users` is " +
			"required. (`connection` and `count` are names Terraform reserves, hence `connection_name` and `user_count`.) Only user IDs are read and stored: no emails, names or other profile data.",
		Attributes: map[string]schema.Attribute{
			"query": schema.StringAttribute{MarkdownDescription: shared.UserQueryDesc, Optional: true,
				Validators: shared.UserQueryValidators()},
			"connection_name": schema.StringAttribute{MarkdownDescription: shared.ConnectionDesc, Optional: true,
				Validators: []validator.String{shared.ValidID("connection name")}},
			"all_users": schema.BoolAttribute{MarkdownDescription: shared.AllUsersDesc, Optional: true,
				Validators: shared.AllUsersValidators()},
			"export_timeout": schema.StringAttribute{MarkdownDescription: shared.ExportTimeoutDesc, Optional: true,
				Validators: []validator.String{shared.Duration{}, stringvalidator.ConflictsWith(path.MatchRoot("query"))}},
			"ids":        schema.ListAttribute{MarkdownDescription: "The selected users' IDs, sorted, each once.", Computed: true, ElementType: types.StringType},
			"user_count": schema.Int64Attribute{MarkdownDescription: "How many users are selected.", Computed: true},
		},
	}
}

func (d *usersDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("query"), path.MatchRoot("connection_name"), path.MatchRoot("all_users")),
	}
}

func (d *usersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.client, &resp.Diagnostics) {
		return
	}
	sel := shared.UserSelector{Query: m.Query.ValueString(), Connection: m.Connection.ValueString(), AllUsers: m.AllUsers.ValueBool()}
	if t, err := time.ParseDuration(m.ExportTimeout.ValueString()); err == nil {
		sel.ExportTimeout = t
	}
	users, err := sel.Users(ctx, d.client, func(msg string) { tflog.Info(ctx, msg) }, auth0api.Sleep)
	if err != nil {
		shared.AddSelectError(&resp.Diagnostics, sel, err)
		return
	}
	ids, diags := types.ListValueFrom(ctx, types.StringType, users)
	resp.Diagnostics.Append(diags...)
	m.IDs, m.Count = ids, types.Int64Value(int64(len(users)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
