package refreshtoken

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ list.ListResourceWithConfigure = (*tokenListResource)(nil)

// NewTokenListResource is the auth0tokens_refresh_token list resource:
// `terraform query` discovers a user's refresh tokens, ready to import.
func NewTokenListResource() list.ListResource { return &tokenListResource{} }

type tokenListResource struct{ client *auth0api.Client }

type tokenListConfig struct {
	UserID   types.String `tfsdk:"user_id"`
	ClientID types.String `tfsdk:"client_id"`
	Audience types.String `tfsdk:"audience"`
}

func (r *tokenListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_refresh_token"
}

func (r *tokenListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Discovers a user's refresh tokens for `terraform query` (Terraform 1.14+), each with its identity and a display " +
			"name that tells tokens apart (client, creation date, rotating or not); `terraform query -generate-config-out=FILE` writes the " +
			"`auth0tokens_refresh_token` and `import` blocks that adopt them. Results come in the tenant's order; pages are fetched only " +
			"until the list block's `limit` is reached. Needs `read:refresh_tokens`.",
		Attributes: map[string]schema.Attribute{
			"user_id":   schema.StringAttribute{MarkdownDescription: listUserIDDesc, Required: true, Validators: []validator.String{shared.ValidID("user ID")}},
			"client_id": schema.StringAttribute{MarkdownDescription: listClientIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("client ID")}},
			"audience":  schema.StringAttribute{MarkdownDescription: listAudienceDesc, Optional: true, Validators: []validator.String{shared.ValidID("audience")}},
		},
	}
}

func (r *tokenListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *tokenListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg tokenListConfig
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() || !shared.RequireClient(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	q := auth0api.ListQuery{UserID: cfg.UserID.ValueString(), ClientID: cfg.ClientID.ValueString(), Audience: cfg.Audience.ValueString()}
	stream.Results = func(push func(list.ListResult) bool) {
		count := int64(0)
		stopped := false
		err := r.client.EachToken(ctx, q, func(t auth0api.RefreshToken) bool {
			count++
			if !push(tokenListResult(ctx, req, t)) {
				stopped = true
				return false
			}
			return req.Limit <= 0 || count < req.Limit
		})
		if stopped {
			return
		}
		var diags diag.Diagnostics
		switch {
		case err != nil:
			shared.AddAPIError(&diags, fmt.Sprintf("listing the refresh tokens of user %q", q.UserID), err)
		case count == 0:
			if hint := filterHint(ctx, r.client, q); hint != "" {
				diags.AddWarning("No Refresh Tokens Match The Filter", hint)
			}
		}
		tflog.Debug(ctx, "Listed refresh tokens for terraform query", map[string]any{"user_id": q.UserID, "count": count, "limit": req.Limit})
		if len(diags) > 0 {
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// tokenListResult is one token as `terraform query` shows it.
func tokenListResult(ctx context.Context, req list.ListRequest, t auth0api.RefreshToken) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(t)
	result.Diagnostics.Append(result.Identity.Set(ctx, shared.IDModel{ID: types.StringValue(t.ID)})...)
	if req.IncludeResource {
		m, d := newTokenResourceModel(ctx, t, shared.NoTimeouts(ctx))
		result.Diagnostics.Append(d...)
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}

// displayName tells a user's tokens apart: "app_web, created 2026-01-10, rotating".
func displayName(t auth0api.RefreshToken) string {
	created := "creation date unknown"
	if t.CreatedAt != nil {
		created = "created " + t.CreatedAt.UTC().Format("2006-01-02")
	}
	rotating := "not rotating"
	if t.Rotating {
		rotating = "rotating"
	}
	return fmt.Sprintf("%s, %s, %s", t.ClientID, created, rotating)
}
