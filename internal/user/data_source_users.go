// Package user holds the types that select Auth0 users: the auth0tokens_users
// data source. Its selectors are the revocations' too: shared.Selectors.
package user

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
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

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

// selectorNames are the data source's names of the selectors.
func selectorNames() []string {
	names := make([]string, len(shared.Selectors))
	for i, s := range shared.Selectors {
		names[i] = s.Name(true)
	}
	return names
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"export_timeout": schema.StringAttribute{MarkdownDescription: shared.ExportTimeoutDesc, Optional: true,
			Validators: shared.ExportTimeoutValidators(true)},
		"ids":        schema.ListAttribute{MarkdownDescription: "The selected users' IDs, sorted, each once.", Computed: true, ElementType: types.StringType},
		"user_count": schema.Int64Attribute{MarkdownDescription: "How many users are selected.", Computed: true},
	}
	revocationNames := make([]string, len(shared.Selectors))
	for i, s := range shared.Selectors {
		revocationNames[i] = s.Attr
		if s.Bool {
			attrs[s.Name(true)] = schema.BoolAttribute{MarkdownDescription: s.Desc, Optional: true, Validators: s.BoolValidators}
		} else {
			attrs[s.Name(true)] = schema.StringAttribute{MarkdownDescription: s.Desc, Optional: true, Validators: s.StringValidators}
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The IDs of the Auth0 users the configured selector selects: for reviews, and to see who a " +
			"revocation with " + shared.Or(revocationNames) + " would reach. " + shared.ExactlyOneOf(selectorNames()) + " " +
			"(`connection` and `count` are names Terraform reserves, hence `connection_name` and `user_count`.) Only user IDs are read and stored: no emails, names or other profile data.",
		Attributes: attrs,
	}
}

func (d *usersDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	var selectors []path.Expression
	for _, name := range selectorNames() {
		selectors = append(selectors, path.MatchRoot(name))
	}
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(selectors...)}
}

func (d *usersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	sel := shared.ReadUserSelector(ctx, req.Config, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !shared.RequireClient(d.client, &resp.Diagnostics) {
		return
	}
	users, err := sel.Users(ctx, d.client, func(msg string) { tflog.Info(ctx, msg) }, auth0api.Sleep)
	if err != nil {
		shared.AddSelectError(&resp.Diagnostics, sel, err)
		return
	}
	ids, diags := types.ListValueFrom(ctx, types.StringType, users)
	resp.Diagnostics.Append(diags...)
	resp.State.Raw = req.Config.Raw
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ids"), ids)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_count"), types.Int64Value(int64(len(users))))...)
}
