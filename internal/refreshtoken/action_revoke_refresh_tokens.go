package refreshtoken

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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

// NewRevokeAction is the auth0tokens_revoke_refresh_tokens action.
func NewRevokeAction() action.Action { return &revokeAction{} }

type revokeActionModel struct {
	selectorFields
	TokenIDs types.List `tfsdk:"token_ids"`
	DryRun   types.Bool `tfsdk:"dry_run"`
}

type revokeAction struct{ client *auth0api.Client }

func (a *revokeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_revoke_refresh_tokens"
}

func (a *revokeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Revokes Auth0 refresh tokens: all of a user's, a user's for one application (and API), or a list of token IDs. " +
			"Invoke it with `terraform apply -invoke=action.auth0tokens_revoke_refresh_tokens.NAME` (Terraform 1.14+), or trigger it from a " +
			"resource's `lifecycle { action_trigger { ... } }`; `before_destroy` and `after_destroy` triggers need Terraform 1.16+. " +
			"OpenTofu and older Terraform have no actions: use the `auth0tokens_refresh_token_revocation` resource. " +
			"Needs the `delete:refresh_tokens` and `read:refresh_tokens` scopes. Nothing to revoke is a success. " +
			"Terraform never lets a failed `before_destroy` or `after_destroy` action stop `terraform destroy` (whatever `on_failure` says): " +
			"where revocation must succeed before an environment goes, use the resource with `revoke_on_destroy = true`, which does block. " +
			"`token_ids` cannot take ephemeral values: see the `auth0tokens_refresh_tokens` ephemeral resource's page for why and what works.",
		Attributes: shared.ActionReachAttributes(map[string]schema.Attribute{
			"user_id":  schema.StringAttribute{MarkdownDescription: selUserIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("user ID")}},
			"user_ids": schema.ListAttribute{MarkdownDescription: actionUserIDsDesc, Optional: true, ElementType: types.StringType, Validators: shared.UserIDList.Validators()},
			"client_id": schema.StringAttribute{MarkdownDescription: selClientDesc, Optional: true, Validators: []validator.String{
				shared.ValidID("client ID"), stringvalidator.ConflictsWith(path.MatchRoot("token_ids")),
			}},
			"audience": schema.StringAttribute{MarkdownDescription: selAudDesc, Optional: true, Validators: []validator.String{
				shared.ValidAudience(), stringvalidator.AlsoRequires(path.MatchRoot("client_id")),
			}},
			"token_ids": schema.ListAttribute{MarkdownDescription: selIDsDesc, Optional: true, ElementType: types.StringType, Validators: shared.TokenIDList.Validators()},
			"wait":      schema.BoolAttribute{MarkdownDescription: selWaitDesc, Optional: true},
			"timeout":   schema.StringAttribute{MarkdownDescription: selTimeoutDesc, Optional: true, Validators: []validator.String{shared.Duration{}}},
		}),
	}
}

func (a *revokeAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{
		actionvalidator.ExactlyOneOf(append([]path.Expression{path.MatchRoot("user_id"), path.MatchRoot("user_ids"), path.MatchRoot("token_ids")}, shared.ReachSelectors...)...),
	}
}

func (a *revokeAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// rerunAction says how to run the action again; Terraform does not tell a
// provider the action's name, but shows its address above the error.
const rerunAction = "invoke the action again with terraform apply -invoke=ADDRESS, where ADDRESS is the action's address " +
	"Terraform shows above this message (action.auth0tokens_revoke_refresh_tokens.<name>)"

// ModifyPlan runs when Terraform plans to invoke the action: it checks the
// values the action will run with (a variable, file() or a data source skip
// validation) and warns of an empty ID list.
func (a *revokeAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m revokeActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.check(pathTokenIDs, m.TokenIDs, &resp.Diagnostics)
	m.warnEmpty(pathTokenIDs, m.TokenIDs, &resp.Diagnostics)
}

func (a *revokeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m revokeActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Values unknown at plan are checked here, before anything is sent.
	sel := m.selection(ctx, pathTokenIDs, m.TokenIDs, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !shared.RequireClient(a.client, &resp.Diagnostics) {
		return
	}
	progress, endProgress := shared.ActionProgress(ctx, resp)
	defer endProgress()
	r := m.revoker(revocation.Runner{
		Client:   a.client,
		Progress: progress,
		Sleep:    auth0api.Sleep,
		DryRun:   m.DryRun.ValueBool(),
	})
	if !shared.AddReportPathError(&resp.Diagnostics, m.ReportFile.ValueString()) {
		return
	}
	start := time.Now()
	out, err := r.Run(ctx, sel)
	revocation.AddOutcome(&resp.Diagnostics, sel, out)
	if err != nil {
		revocation.AddError(&resp.Diagnostics, sel, err, rerunAction)
	}
	out.Report(&resp.Diagnostics, m.ReportFile.ValueString(), "auth0tokens_revoke_refresh_tokens", a.client, sel.Report(), m.DryRun.ValueBool(), err, start)
}
