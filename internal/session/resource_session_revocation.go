package session

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
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
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ resource.ResourceWithConfigure        = (*revocationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*revocationResource)(nil)
	_ resource.ResourceWithImportState      = (*revocationResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*revocationResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*revocationResource)(nil)
	_ resource.ResourceWithUpgradeState     = (*revocationResource)(nil)
)

// NewRevocationResource is the auth0tokens_session_revocation resource: the
// sign-out action as a managed resource, for OpenTofu and Terraform < 1.14.
func NewRevocationResource() resource.Resource { return &revocationResource{} }

type revocationResource struct{ shared.RevocationRecord }

type revocationModel struct {
	selectorFields
	SessionIDsWO        types.List   `tfsdk:"session_ids_wo"`
	SessionIDsWOVersion types.Int64  `tfsdk:"session_ids_wo_version"`
	Triggers            types.Map    `tfsdk:"triggers"`
	RevokeOnCreate      types.Bool   `tfsdk:"revoke_on_create"`
	RevokeOnDestroy     types.Bool   `tfsdk:"revoke_on_destroy"`
	ID                  types.String `tfsdk:"id"`
	RevokedCount        types.Int64  `tfsdk:"revoked_count"`
	RevokedTokenCount   types.Int64  `tfsdk:"revoked_token_count"`
	RevokedAt           types.String `tfsdk:"revoked_at"`
}

var pathSessionIDsWO = path.Root("session_ids_wo")

const rerunResource = "run the apply again (a failed create is retried; otherwise change triggers to sign out again)"

func (r *revocationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_session_revocation"
}

func (r *revocationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceString := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keepInt := []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
	idList := []planmodifier.List{shared.SameIDs(), listplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		// Version 1: user_ids and session_ids are lists (sets before).
		Version: 1,
		MarkdownDescription: "Signs a user out everywhere (or ends sessions by ID) when it is created and, with `revoke_on_destroy`, when " +
			"it is destroyed: the `auth0tokens_revoke_sessions` action as a managed resource, for OpenTofu (any version) and Terraform older " +
			"than 1.14. Change `triggers` to sign out again. It records only what it did and shows no drift. A failed `revoke_on_destroy` " +
			"sign-out stops `terraform destroy`. Review then sign out without personal data in state: feed `session_ids_wo` from the " +
			"`auth0tokens_sessions` ephemeral resource. A user that does not exist is named in a warning and skipped. When a sign-out " +
			"fails part way, what it revoked is still recorded, and Terraform marks the resource tainted: the next apply replaces it, which " +
			"signs out what is left. " + scopesNote + " Import is not supported.",
		Attributes: shared.ResourceReachAttributes(map[string]schema.Attribute{
			"user_id": schema.StringAttribute{MarkdownDescription: "Sign this user out everywhere: end all of the user's sessions. Exactly one of " +
				"`user_id`, `user_ids`, `session_ids`, `session_ids_wo`, `user_query`, `connection_name` and `all_users` is required. A user that does not exist is an error " +
				"at create, as in the action, and nothing is created (check the ID); a user deleted after the create has nothing left to revoke, " +
				"so destroy then succeeds with a warning.", Optional: true, PlanModifiers: replaceString,
				Validators: []validator.String{shared.ValidID("user ID")}},
			"user_ids": schema.ListAttribute{MarkdownDescription: resourceUserIDsDesc, Optional: true, ElementType: types.StringType,
				PlanModifiers: idList, Validators: shared.UserIDList.Validators()},
			"session_ids": schema.ListAttribute{MarkdownDescription: selSessionIDsDesc, Optional: true, ElementType: types.StringType,
				PlanModifiers: idList, Validators: shared.SessionIDList.Validators()},
			"session_ids_wo": schema.ListAttribute{
				MarkdownDescription: "Write-only: end these sessions by ID (with their bound refresh tokens, per `include_refresh_tokens`), never " +
					"writing the IDs to plan or state, so it can take values from the `auth0tokens_sessions` ephemeral resource. Needs Terraform " +
					"1.11+ or OpenTofu 1.11+. Terraform keeps no copy, so a changed list cannot be noticed: change `session_ids_wo_version` to " +
					"sign out again. Cannot be combined with `revoke_on_destroy` (nothing is kept to revoke at destroy time) or `revoke_on_create = false`.",
				Optional: true, WriteOnly: true, ElementType: types.StringType, Validators: shared.SessionIDList.Validators()},
			"session_ids_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number; changing it replaces the resource, which ends the sessions of the current `session_ids_wo` again.",
				Optional:            true, PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
				Validators: []validator.Int64{int64validator.AlsoRequires(pathSessionIDsWO.Expression())}},
			"include_refresh_tokens": schema.BoolAttribute{MarkdownDescription: selWithTokensDesc, Optional: true, Computed: true,
				Default: booldefault.StaticBool(true), PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"wait": schema.BoolAttribute{MarkdownDescription: selWaitDesc, Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"timeout": schema.StringAttribute{MarkdownDescription: selTimeoutDesc, Optional: true, Computed: true, Default: stringdefault.StaticString("2m"),
				Validators: []validator.String{shared.Duration{}}},
			"triggers": schema.MapAttribute{MarkdownDescription: "Arbitrary values; changing any of them replaces the resource, which signs out again.",
				Optional: true, ElementType: types.StringType, PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
			"revoke_on_create": schema.BoolAttribute{MarkdownDescription: "Sign out when the resource is created (or replaced). Defaults to `true`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"revoke_on_destroy": schema.BoolAttribute{MarkdownDescription: "Sign out when the resource is destroyed: the environment-teardown switch. " +
				"A user that no longer exists has nothing to revoke: destroy then succeeds with a warning. Defaults to `false`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
			"id": schema.StringAttribute{MarkdownDescription: "Identifier of this revocation (its creation time).", Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"revoked_count": schema.Int64Attribute{MarkdownDescription: "How many sessions the last sign-out ended (0 when none existed or " +
				"`revoke_on_create` is false). Session IDs the tenant does not know are not counted. Recorded also when the sign-out failed part " +
				"way (the resource is then tainted).", Computed: true, PlanModifiers: keepInt},
			"revoked_token_count": schema.Int64Attribute{MarkdownDescription: "How many refresh tokens the last sign-out revoked.", Computed: true, PlanModifiers: keepInt},
			"revoked_at": schema.StringAttribute{MarkdownDescription: "When the last sign-out finished (RFC 3339), or null if none ran.", Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		}),
	}
}

func (r *revocationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(append([]path.Expression{path.MatchRoot("user_id"), path.MatchRoot("user_ids"),
		path.MatchRoot("session_ids"), pathSessionIDsWO.Expression()}, shared.ReachSelectors...)...)}
}

// ValidateConfig refuses write-only IDs where they could never be used:
// at destroy time Terraform hands the provider no configuration, so nothing.
func (r *revocationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.SessionIDsWO.IsNull() {
		return
	}
	shared.CheckWriteOnlyIDs(&resp.Diagnostics, "session_ids_wo", "Session", "session_ids", m.RevokeOnDestroy, m.RevokeOnCreate)
}

// ModifyPlan checks report_file (see shared.CheckReportAtPlan), and warns
// of an empty ID list where it matters: when the
// resource is about to be created (a replacement is planned as a create) and
// sign out on create, not on every plan, as a validator would.
func (r *revocationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	shared.CheckReportAtPlan(ctx, req, resp)
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var m revocationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || (!m.RevokeOnCreate.IsNull() && !m.RevokeOnCreate.ValueBool()) {
		return
	}
	p, ids := m.sessionIDs()
	m.warnEmpty(p, ids, &resp.Diagnostics)
}

// sessionIDs is whichever session ID attribute is set, and its path.
func (m revocationModel) sessionIDs() (path.Path, types.List) {
	if !m.SessionIDsWO.IsNull() {
		return pathSessionIDsWO, m.SessionIDsWO
	}
	return pathSessionIDs, m.SessionIDs
}

func (r *revocationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	// Write-only values are only in the configuration, never in the plan.
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathSessionIDsWO, &m.SessionIDsWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(time.Now().UTC().Format(time.RFC3339Nano))
	m.RevokedCount, m.RevokedTokenCount, m.RevokedAt = types.Int64Value(0), types.Int64Value(0), types.StringNull()
	if !r.CheckSelectorAtCreate(ctx, m.ReachFields, m.UserID.ValueString(), m.RevokeOnCreate, m.RevokeOnDestroy, &resp.Diagnostics) {
		return
	}

	if m.RevokeOnCreate.ValueBool() {
		// Values unknown at plan (from a data source, say) were never validated: check them before anything is sent.
		p, ids := m.sessionIDs()
		sel := m.selection(ctx, p, ids, true, &resp.Diagnostics)
		if resp.Diagnostics.HasError() || !shared.RequireClient(r.Client, &resp.Diagnostics) {
			return
		}
		if !shared.AddReportPathError(&resp.Diagnostics, m.ReportFile.ValueString()) {
			return
		}
		start := time.Now()
		out, err := m.revoker(r.Client, shared.ProgressLog(ctx)).Run(ctx, sel)
		revocation.AddOutcome(&resp.Diagnostics, sel, out)
		// A single user that does not exist is an error, as in the action: nothing is created.
		if err != nil {
			revocation.AddError(&resp.Diagnostics, sel, err, rerunResource)
		}
		out.Report(&resp.Diagnostics, m.ReportFile.ValueString(), "auth0tokens_session_revocation", r.Client, sel.Report(), false, err, start)
		if resp.Diagnostics.HasError() && out.Total() == 0 {
			return // nothing happened: the next apply creates it again
		}
		// What was revoked is recorded even when the sign-out failed part
		// way: Terraform keeps the resource tainted, and replaces it (signing
		// out what is left) at the next apply.
		m.RevokedCount, m.RevokedTokenCount = types.Int64Value(int64(out.Revoked[shared.KindSessions])), types.Int64Value(int64(out.Revoked[shared.KindTokens]))
		m.RevokedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	}
	m.SessionIDsWO = types.ListNull(types.StringType) // never stored
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update only changes settings that take effect later (wait, timeout, revoke_on_*).
func (r *revocationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if shared.CheckReportAtUpdate(ctx, req, resp); resp.Diagnostics.HasError() {
		return // the state keeps the report_file that works
	}
	var plan, state revocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.RevokedCount, plan.RevokedTokenCount, plan.RevokedAt = state.ID, state.RevokedCount, state.RevokedTokenCount, state.RevokedAt
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *revocationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !m.RevokeOnDestroy.ValueBool() || !shared.RequireClient(r.Client, &resp.Diagnostics) {
		return
	}
	// The values in state were checked when the resource was created.
	sel := m.selection(ctx, pathSessionIDs, m.SessionIDs, false, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !shared.AddReportPathErrorAtDestroy(&resp.Diagnostics, m.ReportFile.ValueString()) {
		return
	}
	start := time.Now()
	out, err := m.revoker(r.Client, shared.ProgressLog(ctx)).Run(ctx, sel)
	revocation.AddOutcome(&resp.Diagnostics, sel, out)
	switch {
	case shared.ForgiveConnectionGone(&resp.Diagnostics, err, "sessions"):
	case auth0api.IsUserNotFound(err):
		resp.Diagnostics.AddWarning("User No Longer Exists", "Auth0 has no user "+sel.UserID+
			", so there were no sessions to end; the resource was destroyed. If the user ID was mistyped, nothing was revoked.")
	case err != nil:
		revocation.AddError(&resp.Diagnostics, sel, err, "run the destroy again, which ends the "+sel.What()+" again")
	}
	out.Report(&resp.Diagnostics, m.ReportFile.ValueString(), "auth0tokens_session_revocation", r.Client, sel.Report(), false, err, start)
}

// UpgradeState reads state written when user_ids and session_ids were sets.
func (r *revocationResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	return map[int64]resource.StateUpgrader{0: shared.IDListsFromSets(s.Schema)}
}

func (r *revocationResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Import Not Supported",
		"auth0tokens_session_revocation records a sign-out this configuration performed; there is nothing in Auth0 to import. "+
			"Declare the resource instead. Creating it signs out now (unless revoke_on_create = false); replacing it, which any change to "+
			"user_id, user_ids, session_ids, session_ids_wo_version, include_refresh_tokens or triggers does, signs out again; with revoke_on_destroy = true, destroying it does too.")
}
