package session

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ action.ActionWithConfigure        = (*revokeAction)(nil)
	_ action.ActionWithConfigValidators = (*revokeAction)(nil)
)

// NewRevokeAction is the auth0tokens_revoke_sessions action.
func NewRevokeAction() action.Action { return &revokeAction{} }

type revokeAction struct{ client *auth0api.Client }

func (a *revokeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_revoke_sessions"
}

func (a *revokeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Signs a user out everywhere: ends the user's Auth0 sessions (the SSO sessions that mint new refresh tokens " +
			"at the next silent login) and, by default, revokes the user's refresh tokens too; or ends sessions by ID. Invoke it with " +
			"`terraform apply -invoke=action.auth0tokens_revoke_sessions.NAME` (Terraform 1.14+) or trigger it from a resource's " +
			"`lifecycle { action_trigger { ... } }`. OpenTofu and older Terraform have no actions: use the `auth0tokens_session_revocation` " +
			"resource. A failed destroy-time action never stops `terraform destroy`; where that matters, use the resource with " +
			"`revoke_on_destroy = true`. Nothing to revoke is a success. " + scopesNote,
		Attributes: map[string]schema.Attribute{
			"user_id":  schema.StringAttribute{MarkdownDescription: selUserIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("user ID")}},
			"user_ids": schema.SetAttribute{MarkdownDescription: selUserIDsDesc, Optional: true, ElementType: types.StringType, Validators: shared.UserIDsValidators()},
			"session_ids": schema.SetAttribute{MarkdownDescription: selSessionIDsDesc, Optional: true, ElementType: types.StringType, Validators: []validator.Set{
				setvalidator.ValueStringsAre(shared.ValidObjectID("session ID")), shared.EmptyIDsWarning{},
			}},
			"include_refresh_tokens": schema.BoolAttribute{MarkdownDescription: selWithTokensDesc, Optional: true},
			"wait":                   schema.BoolAttribute{MarkdownDescription: selWaitDesc, Optional: true},
			"timeout":                schema.StringAttribute{MarkdownDescription: selTimeoutDesc, Optional: true, Validators: []validator.String{shared.Duration{}}},
		},
	}
}

func (a *revokeAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("user_ids"), path.MatchRoot("session_ids"))}
}

func (a *revokeAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *revokeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m selectorFields
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(a.client, &resp.Diagnostics) {
		return
	}
	sel := m.selection(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	progress := func(msg string) { resp.SendProgress(action.InvokeProgressEvent{Message: msg}) }
	out, err := m.revoker(a.client, progress).run(ctx, sel)
	addOutcome(&resp.Diagnostics, sel, out)
	if err != nil {
		shared.AddRevokeError(&resp.Diagnostics, sel.what(), err, "invoke the action again (terraform apply -invoke=action.auth0tokens_revoke_sessions.NAME)", shared.WaitSettingsHint)
	}
}
