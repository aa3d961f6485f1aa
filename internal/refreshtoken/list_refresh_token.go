package refreshtoken

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ list.ListResourceWithConfigure = (*shared.AdoptedList[auth0api.RefreshToken, tokenListConfig])(nil)

type tokenListConfig struct {
	UserID   types.String `tfsdk:"user_id"`
	ClientID types.String `tfsdk:"client_id"`
	Audience types.String `tfsdk:"audience"`
}

func (c tokenListConfig) query() auth0api.ListQuery {
	return auth0api.ListQuery{UserID: c.UserID.ValueString(), ClientID: c.ClientID.ValueString(), Audience: c.Audience.ValueString()}
}

// NewTokenListResource is the auth0tokens_refresh_token list resource:
// `terraform query` discovers a user's refresh tokens, ready to import.
func NewTokenListResource() list.ListResource {
	return &shared.AdoptedList[auth0api.RefreshToken, tokenListConfig]{
		Adopted: adoptedToken,
		Schema: schema.Schema{
			MarkdownDescription: "Discovers a user's refresh tokens for `terraform query` (Terraform 1.14+), each with its identity and a display " +
				"name that tells tokens apart (client, creation date, rotating or not); `terraform query -generate-config-out=FILE` writes the " +
				"`auth0tokens_refresh_token` and `import` blocks that adopt them. Results come in the tenant's order; pages are fetched only " +
				"until the list block's `limit` is reached. Needs `read:refresh_tokens`.",
			Attributes: map[string]schema.Attribute{
				"user_id":   schema.StringAttribute{MarkdownDescription: listUserIDDesc, Required: true, Validators: []validator.String{shared.ValidID("user ID")}},
				"client_id": schema.StringAttribute{MarkdownDescription: listClientIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("client ID")}},
				"audience":  schema.StringAttribute{MarkdownDescription: listAudienceDesc, Optional: true, Validators: []validator.String{shared.ValidAudience()}},
			},
		},
		Each: func(ctx context.Context, c *auth0api.Client, cfg tokenListConfig, visit func(auth0api.RefreshToken) bool) error {
			return c.EachToken(ctx, cfg.query(), visit)
		},
		Done: func(ctx context.Context, c *auth0api.Client, cfg tokenListConfig, count int64, err error, diags *diag.Diagnostics) {
			q := cfg.query()
			switch {
			case err != nil:
				shared.AddAPIError(diags, fmt.Sprintf("listing the refresh tokens of user %q", q.UserID), err)
			case count == 0:
				if hint := filterHint(ctx, c, q); hint != "" {
					diags.AddWarning("No Refresh Tokens Match The Filter", hint)
				}
			}
		},
	}
}
