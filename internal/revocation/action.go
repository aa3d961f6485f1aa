package revocation

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
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ action.ActionWithConfigure        = (*Action)(nil)
	_ action.ActionWithConfigValidators = (*Action)(nil)
	_ action.ActionWithModifyPlan       = (*Action)(nil)
)

// Action is a kind's revocation action (auth0tokens_revoke_refresh_tokens,
// auth0tokens_revoke_sessions): one run when Terraform invokes it.
type Action struct {
	Spec   Spec
	client *auth0api.Client
}

func (a *Action) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + a.Spec.Action
}

func (a *Action) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	spec := a.Spec
	ids := spec.ids()
	attrs := spec.ActionAttrs()
	attrs["user_id"] = schema.StringAttribute{MarkdownDescription: spec.UserIDDesc + " " + shared.ExactlyOneOf(selectors(ids)), Optional: true,
		Validators: []validator.String{shared.ValidID("user ID")}}
	attrs["user_ids"] = schema.ListAttribute{MarkdownDescription: spec.UserIDsDesc(actionUsersProgress, actionUsersFailures), Optional: true,
		ElementType: types.StringType, Validators: shared.UserIDList.Validators()}
	attrs[ids] = schema.ListAttribute{MarkdownDescription: spec.IDsDesc, Optional: true, ElementType: types.StringType, Validators: spec.IDList.Validators()}
	attrs["wait"] = schema.BoolAttribute{MarkdownDescription: spec.WaitDesc, Optional: true}
	attrs["timeout"] = schema.StringAttribute{MarkdownDescription: timeoutDesc, Optional: true, Validators: []validator.String{shared.Duration{}}}
	for _, s := range shared.Selectors {
		if s.Bool {
			attrs[s.Attr] = schema.BoolAttribute{MarkdownDescription: s.Desc, Optional: true, Validators: s.BoolValidators}
		} else {
			attrs[s.Attr] = schema.StringAttribute{MarkdownDescription: s.Desc, Optional: true, Validators: s.StringValidators}
		}
	}
	attrs["export_timeout"] = schema.StringAttribute{MarkdownDescription: shared.ExportTimeoutDesc, Optional: true, Validators: shared.ExportTimeoutValidators(false)}
	attrs["report_file"] = schema.StringAttribute{MarkdownDescription: reportFileDesc, Optional: true, Validators: shared.ReportFileValidators()}
	attrs["dry_run"] = schema.BoolAttribute{MarkdownDescription: dryRunDesc, Optional: true}
	resp.Schema = schema.Schema{MarkdownDescription: spec.ActionDesc, Attributes: attrs}
}

func (a *Action) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.ExactlyOneOf(pathsOf(selectors(a.Spec.ids()))...)}
}

func (a *Action) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// rerun says how to run the action again; Terraform does not tell a
// provider the action's name, but shows its address above the error.
func (a *Action) rerun() string {
	return "invoke the action again with terraform apply -invoke=ADDRESS, where ADDRESS is the action's address " +
		"Terraform shows above this message (action.auth0tokens" + a.Spec.Action + ".<name>)"
}

// ModifyPlan runs when Terraform plans to invoke the action: it checks the
// values the action will run with (a variable, file() or a data source skip
// validation) and warns of an empty ID list.
func (a *Action) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	s := readSettings(ctx, req.Config, path.Root(a.Spec.ids()), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	s.check(ctx, a.Spec, req.Config, &resp.Diagnostics)
	s.warnEmpty(a.Spec, &resp.Diagnostics)
}

func (a *Action) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	s := readSettings(ctx, req.Config, path.Root(a.Spec.ids()), &resp.Diagnostics)
	var dryRun types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("dry_run"), &dryRun)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Values unknown at plan are checked here, before anything is sent.
	sel := s.selection(ctx, a.Spec, req.Config, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !shared.RequireClient(a.client, &resp.Diagnostics) {
		return
	}
	progress, endProgress := shared.ActionProgress(ctx, resp)
	defer endProgress()
	r := s.runner(Runner{Client: a.client, Progress: progress, Sleep: auth0api.Sleep, DryRun: dryRun.ValueBool()})
	if !shared.AddReportPathError(&resp.Diagnostics, s.ReportFile.ValueString()) {
		return
	}
	start := time.Now()
	out, err := r.Run(ctx, sel)
	AddOutcome(&resp.Diagnostics, sel, out)
	if err != nil {
		AddError(&resp.Diagnostics, sel, err, a.rerun())
	}
	out.Report(&resp.Diagnostics, s.ReportFile.ValueString(), "auth0tokens"+a.Spec.Action, a.client, sel.Report(), dryRun.ValueBool(), err, start)
}
