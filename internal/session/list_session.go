package session

import (
	"context"
	"fmt"
	"strings"

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

var _ list.ListResourceWithConfigure = (*sessionListResource)(nil)

// NewSessionListResource is the auth0tokens_session list resource:
// `terraform query` discovers a user's sessions, ready to import.
func NewSessionListResource() list.ListResource { return &sessionListResource{} }

type sessionListResource struct{ client *auth0api.Client }

type listConfig struct {
	UserID   types.String `tfsdk:"user_id"`
	ClientID types.String `tfsdk:"client_id"`
}

func (r *sessionListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_session"
}

func (r *sessionListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Discovers a user's sessions for `terraform query` (Terraform 1.14+), each with its identity and a display " +
			"name that tells sessions apart (applications, creation date, last activity); `terraform query -generate-config-out=FILE` " +
			"writes the `auth0tokens_session` and `import` blocks that adopt them. Results come in the tenant's order; pages are fetched " +
			"only until the list block's `limit` is reached. Needs `read:sessions`.",
		Attributes: map[string]schema.Attribute{
			"user_id":   schema.StringAttribute{MarkdownDescription: listUserIDDesc, Required: true, Validators: []validator.String{shared.ValidID("user ID")}},
			"client_id": schema.StringAttribute{MarkdownDescription: listClientIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("client ID")}},
		},
	}
}

func (r *sessionListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *sessionListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg listConfig
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() || !shared.RequireClient(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	user, clientID := cfg.UserID.ValueString(), cfg.ClientID.ValueString()
	stream.Results = func(push func(list.ListResult) bool) {
		var skipped []auth0api.Session // for the hint when the client filter matches none
		count := int64(0)
		stopped := false
		err := r.client.EachSession(ctx, user, func(s auth0api.Session) bool {
			if clientID != "" && !s.HasClient(clientID) {
				skipped = append(skipped, s)
				return true
			}
			count++
			if !push(sessionListResult(ctx, req, s)) {
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
			shared.AddAPIError(&diags, fmt.Sprintf("listing the sessions of user %q", user), err)
		case count == 0 && len(skipped) > 0:
			diags.AddWarning("No Sessions Match The Filter", clientHint(user, clientID, skipped))
		}
		tflog.Debug(ctx, "Listed sessions for terraform query", map[string]any{"user_id": user, "count": count, "limit": req.Limit})
		if len(diags) > 0 {
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// sessionListResult is one session as `terraform query` shows it.
func sessionListResult(ctx context.Context, req list.ListRequest, s auth0api.Session) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = displayName(s)
	result.Diagnostics.Append(result.Identity.Set(ctx, shared.IDModel{ID: types.StringValue(s.ID)})...)
	if req.IncludeResource {
		m, d := newResourceModel(ctx, s, shared.NoTimeouts(ctx))
		result.Diagnostics.Append(d...)
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}

// displayName tells a user's sessions apart: "app_web + app_mobile, created 2026-02-01, last active 2026-02-01".
func displayName(s auth0api.Session) string {
	clients := "no application recorded"
	if len(s.ClientIDs) > 0 {
		clients = strings.Join(s.ClientIDs, " + ")
	}
	created := "creation date unknown"
	if s.CreatedAt != nil {
		created = "created " + s.CreatedAt.UTC().Format("2006-01-02")
	}
	name := clients + ", " + created
	if s.LastInteractedAt != nil {
		name += ", last active " + s.LastInteractedAt.UTC().Format("2006-01-02")
	}
	return name
}
