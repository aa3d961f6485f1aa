package revocation

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ resource.ResourceWithConfigure        = (*Resource)(nil)
	_ resource.ResourceWithConfigValidators = (*Resource)(nil)
	_ resource.ResourceWithValidateConfig   = (*Resource)(nil)
	_ resource.ResourceWithImportState      = (*Resource)(nil)
	_ resource.ResourceWithModifyPlan       = (*Resource)(nil)
	_ resource.ResourceWithUpgradeState     = (*Resource)(nil)
)

// Resource is a kind's revocation resource (auth0tokens_refresh_token_revocation,
// auth0tokens_session_revocation): the action as a managed resource, for
// OpenTofu and Terraform < 1.14. It runs at create and, with
// revoke_on_destroy, at destroy, and records what it did: it is a record of
// an event, not an object Auth0 has, so there is nothing to read back.
type Resource struct {
	Spec   Spec
	client *auth0api.Client
}

var (
	pathRevokeOnCreate  = path.Root("revoke_on_create")
	pathRevokeOnDestroy = path.Root("revoke_on_destroy")
	pathID              = path.Root("id")
	pathRevokedAt       = path.Root("revoked_at")
)

func (r *Resource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.Spec.Resource
}

func (r *Resource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	spec := r.Spec
	ids, wo := spec.ids(), spec.idsWO()
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	idList := []planmodifier.List{shared.SameIDs(), listplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	attrs := spec.ResourceAttrs()
	attrs["user_id"] = schema.StringAttribute{MarkdownDescription: spec.UserIDDesc + " " + shared.ExactlyOneOf(selectors(ids, wo)) + " " +
		"A user that does not exist is an error at create, as in the action, and nothing is created (check the ID); a user deleted after the " +
		"create has nothing left to revoke, so destroy then succeeds with a warning.",
		Optional: true, PlanModifiers: replace, Validators: []validator.String{shared.ValidID("user ID")}}
	attrs["user_ids"] = schema.ListAttribute{MarkdownDescription: spec.UserIDsDesc(resourceUsersProgress, resourceUsersFailures), Optional: true,
		ElementType: types.StringType, PlanModifiers: idList, Validators: shared.UserIDList.Validators()}
	attrs[ids] = schema.ListAttribute{MarkdownDescription: spec.IDsDesc, Optional: true, ElementType: types.StringType,
		PlanModifiers: idList, Validators: spec.IDList.Validators()}
	attrs[wo] = schema.ListAttribute{MarkdownDescription: spec.IDsWODesc, Optional: true, WriteOnly: true, ElementType: types.StringType,
		Validators: spec.IDList.Validators()}
	attrs[wo+"_version"] = schema.Int64Attribute{MarkdownDescription: spec.IDsWOVersionDesc, Optional: true,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
		Validators:    []validator.Int64{int64validator.AlsoRequires(path.MatchRoot(wo))}}
	attrs["wait"] = schema.BoolAttribute{MarkdownDescription: spec.WaitDesc, Optional: true, Computed: true, Default: booldefault.StaticBool(true)}
	attrs["timeout"] = schema.StringAttribute{MarkdownDescription: timeoutDesc, Optional: true, Computed: true, Default: stringdefault.StaticString("2m"),
		Validators: []validator.String{shared.Duration{}}}
	attrs["triggers"] = schema.MapAttribute{MarkdownDescription: "Arbitrary values; changing any of them replaces the resource, which " + spec.Again + ".",
		Optional: true, ElementType: types.StringType, PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}}
	attrs["revoke_on_create"] = schema.BoolAttribute{MarkdownDescription: spec.Verb + " when the resource is created (or replaced). Defaults to `true`.",
		Optional: true, Computed: true, Default: booldefault.StaticBool(true)}
	attrs["revoke_on_destroy"] = schema.BoolAttribute{MarkdownDescription: spec.Verb + " when the resource is destroyed: the environment-teardown switch. " +
		"A user that no longer exists has nothing to revoke: destroy then succeeds with a warning. Defaults to `false`.",
		Optional: true, Computed: true, Default: booldefault.StaticBool(false)}
	attrs["id"] = schema.StringAttribute{MarkdownDescription: "Identifier of this revocation (its creation time).", Computed: true, PlanModifiers: keep}
	attrs["revoked_count"] = schema.Int64Attribute{MarkdownDescription: spec.RevokedCountDesc, Computed: true,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	attrs["revoked_at"] = schema.StringAttribute{MarkdownDescription: "When the last " + spec.Event + " finished (RFC 3339), or null if none ran.",
		Computed: true, PlanModifiers: keep}
	// A new selector replaces the resource (revoking again); the rest are settings.
	for _, s := range shared.Selectors {
		if s.Bool {
			attrs[s.Attr] = schema.BoolAttribute{MarkdownDescription: s.Desc + resourceSelectorNote, Optional: true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}, Validators: s.BoolValidators}
		} else {
			attrs[s.Attr] = schema.StringAttribute{MarkdownDescription: s.Desc + resourceSelectorNote, Optional: true,
				PlanModifiers: replace, Validators: s.StringValidators}
		}
	}
	attrs["export_timeout"] = schema.StringAttribute{MarkdownDescription: shared.ExportTimeoutDesc, Optional: true, Validators: shared.ExportTimeoutValidators(false)}
	attrs["report_file"] = schema.StringAttribute{MarkdownDescription: reportFileDesc + resourceReportNote, Optional: true, Validators: shared.ReportFileValidators()}
	resp.Schema = schema.Schema{
		// Version 1: user_ids and the ID list are lists (sets before).
		Version:             1,
		MarkdownDescription: spec.ResourceDesc,
		Attributes:          attrs,
	}
}

func (r *Resource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(pathsOf(selectors(r.Spec.ids(), r.Spec.idsWO()))...)}
}

func (r *Resource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// Read keeps the state as it is: nothing in Auth0 to read back.
func (r *Resource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// ValidateConfig refuses write-only IDs where they could never be used:
// at destroy Terraform hands the provider no configuration, and they exist
// only while the resource is created.
func (r *Resource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var wo types.List
	var onCreate, onDestroy types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(r.Spec.idsWO()), &wo)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathRevokeOnCreate, &onCreate)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathRevokeOnDestroy, &onDestroy)...)
	if resp.Diagnostics.HasError() || wo.IsNull() {
		return
	}
	shared.CheckWriteOnlyIDs(&resp.Diagnostics, r.Spec.idsWO(), r.Spec.WOKind, r.Spec.ids(), onDestroy, onCreate)
}

// configured reads the settings from the configuration: the write-only IDs
// when they are set, else the IDs kept in state.
func (r *Resource) configured(ctx context.Context, config Getter, diags *diag.Diagnostics) settings {
	var wo types.List
	diags.Append(config.GetAttribute(ctx, path.Root(r.Spec.idsWO()), &wo)...)
	at := path.Root(r.Spec.ids())
	if !wo.IsNull() {
		at = path.Root(r.Spec.idsWO())
	}
	return readSettings(ctx, config, at, diags)
}

// ModifyPlan checks report_file (see shared.CheckReportAtPlan), and warns
// of an empty ID list where it matters: when the resource is about to be
// created (a replacement is planned as a create) and revokes on create, not
// on every plan, as a validator would.
func (r *Resource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	shared.CheckReportAtPlan(ctx, req, resp)
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var onCreate types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathRevokeOnCreate, &onCreate)...)
	s := r.configured(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || (!onCreate.IsNull() && !onCreate.ValueBool()) {
		return
	}
	s.warnEmpty(r.Spec, &resp.Diagnostics)
}

func (r *Resource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var onCreate, onDestroy types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathRevokeOnCreate, &onCreate)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathRevokeOnDestroy, &onDestroy)...)
	// Write-only values are only in the configuration, never in the plan.
	s := readSettings(ctx, req.Plan, path.Root(r.Spec.ids()), &resp.Diagnostics)
	var wo types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(r.Spec.idsWO()), &wo)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !wo.IsNull() {
		s.IDsAt, s.IDs = path.Root(r.Spec.idsWO()), wo
	}
	id := time.Now().UTC().Format(time.RFC3339Nano)
	counts := map[shared.Kind]int{}
	revokedAt := types.StringNull()
	if !r.checkAtCreate(ctx, s, onCreate, onDestroy, &resp.Diagnostics) {
		return
	}

	if onCreate.ValueBool() {
		// Values unknown at plan (from a data source, say) were never validated: check them before anything is sent.
		sel := s.selection(ctx, r.Spec, req.Plan, true, &resp.Diagnostics)
		if resp.Diagnostics.HasError() || !shared.RequireClient(r.client, &resp.Diagnostics) {
			return
		}
		if !shared.AddReportPathError(&resp.Diagnostics, s.ReportFile.ValueString()) {
			return
		}
		start := time.Now()
		out, err := s.runner(Runner{Client: r.client, Progress: shared.ProgressLog(ctx), Sleep: auth0api.Sleep}).Run(ctx, sel)
		AddOutcome(&resp.Diagnostics, sel, out)
		// A single user that does not exist is an error, as in the action: nothing is created.
		if err != nil {
			AddError(&resp.Diagnostics, sel, err, "run the apply again (a failed create is retried; otherwise change triggers to "+
				strings.ToLower(r.Spec.Verb[:1])+r.Spec.Verb[1:]+" again)")
		}
		out.Report(&resp.Diagnostics, s.ReportFile.ValueString(), "auth0tokens"+r.Spec.Resource, r.client, sel.Report(), false, err, start)
		if resp.Diagnostics.HasError() && out.Total() == 0 {
			return // nothing happened: the next apply creates it again
		}
		// What was revoked is recorded even when the run failed part way:
		// Terraform keeps the resource tainted, and replaces it (revoking
		// what is left) at the next apply.
		counts = out.Revoked
		revokedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	}
	resp.State.Raw = req.Plan.Raw
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(r.Spec.idsWO()), types.ListNull(types.StringType))...) // never stored
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, types.StringValue(id))...)
	for _, c := range r.Spec.Counts {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(c.Attr), types.Int64Value(int64(counts[c.Item])))...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathRevokedAt, revokedAt)...)
}

// checkAtCreate checks, for a resource that revokes only at destroy, that
// its report_file can be written, its single user exists and its user
// selector works now (the connection exists, the search is not too broad): a
// typo would otherwise be found only at teardown. A resource that revokes at
// create checks all of them then.
func (r *Resource) checkAtCreate(ctx context.Context, s settings, onCreate, onDestroy types.Bool, diags *diag.Diagnostics) bool {
	if onCreate.ValueBool() || !onDestroy.ValueBool() {
		return !diags.HasError()
	}
	if !shared.AddReportPathError(diags, s.ReportFile.ValueString()) {
		return false
	}
	userID := s.UserID.ValueString()
	if (!s.Users.Set() && userID == "") || !shared.RequireClient(r.client, diags) {
		return !diags.HasError()
	}
	if userID != "" {
		if err := r.client.CheckUserExists(ctx, userID); err != nil {
			shared.AddAPIError(diags, "checking that user "+userID+" exists (the resource revokes only at destroy; nothing was created)", err)
			return false
		}
		return true
	}
	if err := s.Users.Check(ctx, r.client); err != nil {
		shared.AddSelectError(diags, s.Users, err)
		return false
	}
	return true
}

// Update only changes settings that take effect later (wait, timeout, revoke_on_*).
func (r *Resource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if shared.CheckReportAtUpdate(ctx, req, resp); resp.Diagnostics.HasError() {
		return // the state keeps the report_file that works
	}
	var id, revokedAt types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathID, &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathRevokedAt, &revokedAt)...)
	counts := make([]types.Int64, len(r.Spec.Counts))
	for i, c := range r.Spec.Counts {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(c.Attr), &counts[i])...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.State.Raw = req.Plan.Raw
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, id)...)
	for i, c := range r.Spec.Counts {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(c.Attr), counts[i])...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathRevokedAt, revokedAt)...)
}

func (r *Resource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var onDestroy types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathRevokeOnDestroy, &onDestroy)...)
	if resp.Diagnostics.HasError() || !onDestroy.ValueBool() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	// The values in state were checked when the resource was created.
	s := readSettings(ctx, req.State, path.Root(r.Spec.ids()), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	sel := s.selection(ctx, r.Spec, req.State, false, &resp.Diagnostics)
	sel.AtDestroy = true
	if resp.Diagnostics.HasError() {
		return
	}
	if !shared.AddReportPathErrorAtDestroy(&resp.Diagnostics, s.ReportFile.ValueString()) {
		return
	}
	start := time.Now()
	out, err := s.runner(Runner{Client: r.client, Progress: shared.ProgressLog(ctx), Sleep: auth0api.Sleep}).Run(ctx, sel)
	AddOutcome(&resp.Diagnostics, sel, out)
	switch {
	case forgiveSelectionGone(&resp.Diagnostics, sel.Users, err, r.Spec.Kind.Items()[0].Many):
	case auth0api.IsUserNotFound(err):
		// A deleted user has nothing left: nothing stands in the way of the destroy.
		resp.Diagnostics.AddWarning("User No Longer Exists", r.Spec.UserGone(sel.UserID))
	case err != nil:
		AddError(&resp.Diagnostics, sel, err, "run the destroy again, which "+r.Spec.EndsAgain+" the "+sel.What()+" again")
	}
	out.Report(&resp.Diagnostics, s.ReportFile.ValueString(), "auth0tokens"+r.Spec.Resource, r.client, sel.Report(), false, err, start)
}

// forgiveSelectionGone turns a destroy's "connection (or organization) not
// found" into the selector's warning (noun: "refresh tokens"): what a
// teardown deleted first cannot stop the destroy. It reports whether it did.
func forgiveSelectionGone(diags *diag.Diagnostics, users shared.UserSelector, err error, noun string) bool {
	summary, detail, gone := users.Gone(err, noun)
	if gone {
		diags.AddWarning(summary, detail)
	}
	return gone
}

// UpgradeState reads state written when user_ids and the ID list were sets.
func (r *Resource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	return map[int64]resource.StateUpgrader{0: shared.IDListsFromSets(s.Schema)}
}

func (r *Resource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Import Not Supported", r.Spec.ImportDesc)
}
