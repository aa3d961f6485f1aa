package shared

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"

	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Attributes every revocation type shares beyond its own selectors: the user
// selectors (#22) and the run report (#23); the actions add dry_run.

// ReachFields are the shared attributes' values.
type ReachFields struct {
	UserQuery      types.String `tfsdk:"user_query"`
	ConnectionName types.String `tfsdk:"connection_name"`
	AllUsers       types.Bool   `tfsdk:"all_users"`
	ExportTimeout  types.String `tfsdk:"export_timeout"`
	ReportFile     types.String `tfsdk:"report_file"`
}

// ReachSelectors are the user selector attributes, for ExactlyOneOf.
var ReachSelectors = []path.Expression{path.MatchRoot("user_query"), path.MatchRoot("connection_name"), path.MatchRoot("all_users")}

// Selector is the configured user selector (not Set when none is).
func (f ReachFields) Selector() UserSelector {
	s := UserSelector{Query: f.UserQuery.ValueString(), Connection: f.ConnectionName.ValueString(), AllUsers: f.AllUsers.ValueBool()}
	if d, err := time.ParseDuration(f.ExportTimeout.ValueString()); err == nil {
		s.ExportTimeout = d
	}
	return s
}

// Selection describes the configured user selector for a report.
func (s UserSelector) Selection() map[string]any {
	m := map[string]any{}
	switch {
	case s.Query != "":
		m["user_query"] = s.Query
	case s.Connection != "":
		m["connection_name"] = s.Connection
	case s.AllUsers:
		m["all_users"] = true
	}
	return m
}

const (
	reportFileDesc = "Write a JSON record of the run to this file (relative paths resolve against Terraform's working directory): " +
		"the selection, every user with the IDs revoked for them (or, in a dry run, that would be), the IDs not found, what was " +
		"still listed when the wait ended, and totals; also when the run fails, times out or is interrupted. It is written " +
		"atomically with mode 0600; a `~` is not expanded (use `pathexpand(\"~/...\")`), and a folder that does not exist or cannot be " +
		"written is an error before anything is revoked. A report already at that path (an earlier run's) is kept beside the new " +
		"one, named by its start time (`report.json` becomes `report.20261201T090000Z.json`), with a warning; any other existing file " +
		"(`main.tf`, say) is refused before anything is revoked. Give a dry run and the real run different files. It holds user IDs, which are personal data: keep it with the incident's records, not in a " +
		"repository. The format is on the provider's index page."
	dryRunDesc = "Do everything up to the first request that would change the tenant (the listings, the export, the reads by ID), " +
		"then stop and report what would be revoked: the totals, the users and IDs (the first 20, with a count), and the users " +
		"that could not be read. Nothing is revoked, and the action succeeds. Defaults to `false`."
)

// ActionReachAttributes are the shared attributes of an action, dry_run included.
func ActionReachAttributes(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["user_query"] = schema.StringAttribute{MarkdownDescription: UserQueryDesc, Optional: true, Validators: UserQueryValidators()}
	attrs["connection_name"] = schema.StringAttribute{MarkdownDescription: ConnectionDesc, Optional: true,
		Validators: []validator.String{ValidID("connection name")}}
	attrs["all_users"] = schema.BoolAttribute{MarkdownDescription: AllUsersDesc, Optional: true, Validators: AllUsersValidators()}
	attrs["export_timeout"] = schema.StringAttribute{MarkdownDescription: ExportTimeoutDesc, Optional: true, Validators: exportTimeoutValidators("user_query")}
	attrs["report_file"] = schema.StringAttribute{MarkdownDescription: reportFileDesc, Optional: true, Validators: reportFileValidators()}
	attrs["dry_run"] = schema.BoolAttribute{MarkdownDescription: dryRunDesc, Optional: true}
	return attrs
}

// ResourceReachAttributes are the shared attributes of a revocation
// resource: a new selector replaces it (revoking again); the rest are settings.
func ResourceReachAttributes(attrs map[string]rschema.Attribute) map[string]rschema.Attribute {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attrs["user_query"] = rschema.StringAttribute{MarkdownDescription: UserQueryDesc + resourceReachNote, Optional: true,
		PlanModifiers: replace, Validators: UserQueryValidators()}
	attrs["connection_name"] = rschema.StringAttribute{MarkdownDescription: ConnectionDesc + resourceReachNote, Optional: true,
		PlanModifiers: replace, Validators: []validator.String{ValidID("connection name")}}
	attrs["all_users"] = rschema.BoolAttribute{MarkdownDescription: AllUsersDesc + resourceReachNote, Optional: true,
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}, Validators: AllUsersValidators()}
	attrs["export_timeout"] = rschema.StringAttribute{MarkdownDescription: ExportTimeoutDesc, Optional: true, Validators: exportTimeoutValidators("user_query")}
	attrs["report_file"] = rschema.StringAttribute{MarkdownDescription: reportFileDesc + " A resource writes it whenever it revokes: " +
		"at create (unless `revoke_on_create = false`) and at destroy (with `revoke_on_destroy`), each run keeping the one before " +
		"beside it. It is checked at plan, and at create even when only the destroy revokes, so that a teardown does not find it unwritable.", Optional: true, Validators: reportFileValidators()}
	return attrs
}

const resourceReachNote = " The users are found when the revocation runs, and again at destroy with `revoke_on_destroy` (whoever " +
	"it selects then): no user list is planned or stored."

// ProgressLog reports a resource's progress in the log: resources, unlike
// actions, have no progress channel to the user.
func ProgressLog(ctx context.Context) func(string) {
	return func(msg string) { tflog.Info(ctx, msg) }
}

// CheckWriteOnlyIDs refuses write-only IDs (attr, of kind: "Token",
// "Session") where they could never be used: at destroy Terraform hands the
// provider no configuration, and they exist only while the resource is created.
func CheckWriteOnlyIDs(diags *diag.Diagnostics, attr, kind, kept string, revokeOnDestroy, revokeOnCreate types.Bool) {
	if revokeOnDestroy.ValueBool() {
		diags.AddAttributeError(path.Root("revoke_on_destroy"), "Write-Only "+kind+" IDs Cannot Be Revoked On Destroy",
			attr+" is write-only: the state keeps no copy of it, so there is nothing to revoke when the resource is destroyed. "+
				"Use "+kept+" (kept in state) or user_id with revoke_on_destroy.")
	}
	if !revokeOnCreate.IsNull() && !revokeOnCreate.IsUnknown() && !revokeOnCreate.ValueBool() {
		diags.AddAttributeError(path.Root("revoke_on_create"), "Write-Only "+kind+" IDs Need Revoke On Create",
			attr+" is only available while the resource is created, so with revoke_on_create = false it would never revoke anything. "+
				"Remove revoke_on_create = false.")
	}
}

// reportFileValidators refuse a blank report path; whether it can be written
// is checked before each run (CheckReportPath).
func reportFileValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must be a file path such as \"incident-report.json\"")}
}

// exportTimeoutValidators refuse export_timeout beside a search, which runs
// no export job.
func exportTimeoutValidators(search string) []validator.String {
	return []validator.String{Duration{}, stringvalidator.ConflictsWith(path.MatchRoot(search))}
}

// RevocationRecord is what both revocation resources are besides their
// selectors: a record of an event, not an object Auth0 has.
type RevocationRecord struct{ Client *auth0api.Client }

func (r *RevocationRecord) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.Client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// Read keeps the state as it is: nothing in Auth0 to read back.
func (r *RevocationRecord) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// CheckSelectorAtCreate checks, for a resource that revokes only at destroy,
// that its report_file can be written, its single user (userID, "" when the
// resource selects otherwise) exists and its user selector works now (the
// connection exists, the search is not too broad): a typo would otherwise be
// found only at teardown. A resource that revokes at create checks all of
// them then.
func (r *RevocationRecord) CheckSelectorAtCreate(ctx context.Context, f ReachFields, userID string, revokeOnCreate, revokeOnDestroy types.Bool, diags *diag.Diagnostics) bool {
	if revokeOnCreate.ValueBool() || !revokeOnDestroy.ValueBool() {
		return !diags.HasError()
	}
	if !AddReportPathError(diags, f.ReportFile.ValueString()) {
		return false
	}
	sel := f.Selector()
	if (!sel.Set() && userID == "") || !RequireClient(r.Client, diags) {
		return !diags.HasError()
	}
	if userID != "" {
		if err := r.Client.CheckUserExists(ctx, userID); err != nil {
			AddAPIError(diags, "checking that user "+userID+" exists (the resource revokes only at destroy; nothing was created)", err)
			return false
		}
		return true
	}
	if err := sel.Check(ctx, r.Client); err != nil {
		AddSelectError(diags, sel, err)
		return false
	}
	return true
}

// ForgiveConnectionGone turns a destroy's "connection not found" into a
// warning: a connection deleted before the teardown took its users, and
// their noun ("refresh tokens"), with it. It reports whether it did.
func ForgiveConnectionGone(diags *diag.Diagnostics, err error, noun string) bool {
	connection, gone := ConnectionGone(err)
	if gone {
		diags.AddWarning("Connection No Longer Exists", "Auth0 has no connection "+connection+" any more, so none of its users has "+
			noun+" left to revoke; the resource was destroyed. If the name was mistyped, nothing was revoked.")
	}
	return gone
}
