package session

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ action.ActionWithConfigure        = (*revokeAction)(nil)
	_ action.ActionWithConfigValidators = (*revokeAction)(nil)
	_ action.ActionWithModifyPlan       = (*revokeAction)(nil)
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
		Attributes: shared.ActionReachAttributes(map[string]schema.Attribute{
			"user_id":                schema.StringAttribute{MarkdownDescription: selUserIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("user ID")}},
			"user_ids":               schema.ListAttribute{MarkdownDescription: actionUserIDsDesc, Optional: true, ElementType: types.StringType, Validators: shared.UserIDList.Validators()},
			"session_ids":            schema.ListAttribute{MarkdownDescription: selSessionIDsDesc, Optional: true, ElementType: types.StringType, Validators: shared.SessionIDList.Validators()},
			"include_refresh_tokens": schema.BoolAttribute{MarkdownDescription: selWithTokensDesc, Optional: true},
			"wait":                   schema.BoolAttribute{MarkdownDescription: selWaitDesc, Optional: true},
			"timeout":                schema.StringAttribute{MarkdownDescription: selTimeoutDesc, Optional: true, Validators: []validator.String{shared.Duration{}}},
		}),
	}
}

func (a *revokeAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.ExactlyOneOf(append([]path.Expression{path.MatchRoot("user_id"), path.MatchRoot("user_ids"), path.MatchRoot("session_ids")}, shared.ReachSelectors...)...)}
}

func (a *revokeAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// rerunAction says how to run the action again; Terraform does not tell a
// provider the action's name, but shows its address above the error.
const rerunAction = "invoke the action again with terraform apply -invoke=ADDRESS, where ADDRESS is the action's address " +
	"Terraform shows above this message (action.auth0tokens_revoke_sessions.<name>)"

// ModifyPlan runs when Terraform plans to invoke the action: it checks the
// values the action will run with (a variable, file() or a data source skip
// validation) and warns of an empty ID list.
func (a *revokeAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.check(pathSessionIDs, m.SessionIDs, &resp.Diagnostics)
	m.warnEmpty(pathSessionIDs, m.SessionIDs, &resp.Diagnostics)
}

// actionModel is the action's configuration: the shared attributes and dry_run.
type actionModel struct {
	selectorFields
	DryRun types.Bool `tfsdk:"dry_run"`
}

func (a *revokeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Values unknown at plan are checked here, before anything is sent.
	sel := m.selection(ctx, pathSessionIDs, m.SessionIDs, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !shared.RequireClient(a.client, &resp.Diagnostics) {
		return
	}
	progress, endProgress := shared.ActionProgress(ctx, resp)
	defer endProgress()
	r := m.revoker(a.client, progress)
	r.DryRun = m.DryRun.ValueBool()
	if !shared.AddReportPathError(&resp.Diagnostics, m.ReportFile.ValueString()) {
		return
	}
	start := time.Now()
	out, err := r.Run(ctx, sel)
	revocation.AddOutcome(&resp.Diagnostics, sel, out)
	if err != nil {
		revocation.AddError(&resp.Diagnostics, sel, err, rerunAction)
	}
	out.Report(&resp.Diagnostics, m.ReportFile.ValueString(), "auth0tokens_revoke_sessions", a.client, sel.Report(), m.DryRun.ValueBool(), err, start)
}
