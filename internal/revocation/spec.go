package revocation

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Spec is what a kind's action and revocation resource say and add: their
// names, their words, and the attributes that are the kind's own (a client
// filter, include_refresh_tokens). Action and Resource do the rest.
type Spec struct {
	// Kind is the kind as its zero value: its words name the ID attributes.
	Kind     Kind
	Action   string // the action's type name after the provider's: "_revoke_refresh_tokens"
	Resource string // the resource's: "_refresh_token_revocation"
	IDList   shared.IDList
	// Descriptions.
	ActionDesc, ResourceDesc string
	UserIDDesc               string // "Revoke this user's refresh tokens.": the exactly-one-of prose follows
	UserIDsDesc              func(progress, failures string) string
	IDsDesc, IDsWODesc       string
	IDsWOVersionDesc         string
	WaitDesc                 string
	RevokedCountDesc         string
	// Words.
	Verb       string // "Revoke": what the resource does at create and destroy
	Again      string // "revokes again": what replacing the resource does
	Event      string // "revocation": one run, in the resource's descriptions
	EndsAgain  string // "revokes": what running the destroy again does to the selection
	WOKind     string // "Token": the write-only IDs' kind, in their errors
	UserGone   func(user string) string
	ImportDesc string
	// The kind's own attributes, and the counts the resource records.
	ActionAttrs   func() map[string]aschema.Attribute
	ResourceAttrs func() map[string]rschema.Attribute
	Counts        []Count
	// Check reports the kind's own values that a literal would have been
	// refused for (values known only at plan or apply skip validation).
	Check func(ctx context.Context, from Getter, diags *diag.Diagnostics)
	// Configure is the kind as configured.
	Configure func(ctx context.Context, from Getter, diags *diag.Diagnostics) Kind
}

// NewAction is the kind's action: auth0tokens_revoke_refresh_tokens,
// auth0tokens_revoke_sessions.
func (s Spec) NewAction() action.Action { return &Action{Spec: s} }

// NewResource is the kind's revocation resource:
// auth0tokens_refresh_token_revocation, auth0tokens_session_revocation.
func (s Spec) NewResource() resource.Resource { return &Resource{Spec: s} }

// Count is a computed attribute of the resource that records how many items
// of one noun the last run revoked.
type Count struct {
	Attr string
	Item shared.Kind
}

// Getter reads one attribute: a configuration, plan or state.
type Getter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// ids is the kind's ID attribute: "token_ids".
func (s Spec) ids() string { return s.Kind.Words().IDAttr }

// idsWO is the resource's write-only ID attribute: "token_ids_wo".
func (s Spec) idsWO() string { return s.ids() + "_wo" }

// selectors are the attributes a type needs exactly one of: user_id,
// user_ids, the kind's ID attributes, then every shared.Selector.
func selectors(idAttrs ...string) []string {
	attrs := append([]string{"user_id", "user_ids"}, idAttrs...)
	for _, s := range shared.Selectors {
		attrs = append(attrs, s.Attr)
	}
	return attrs
}

// ByUserSelectors names the selectors that select users, for a kind's
// narrowing: "`user_id`, `user_ids`, `user_query`, ... or `all_users`" (every shared.Selector).
func ByUserSelectors() string { return shared.Or(selectors()) }

func pathsOf(attrs []string) []path.Expression {
	p := make([]path.Expression, len(attrs))
	for i, a := range attrs {
		p[i] = path.MatchRoot(a)
	}
	return p
}

// settings are the values every kind's action and resource share.
type settings struct {
	UserID     types.String
	UserIDs    types.List
	IDsAt      path.Path // the ID attribute in use
	IDs        types.List
	Wait       types.Bool
	Timeout    types.String
	ReportFile types.String
	Users      shared.UserSelector
}

var (
	pathUserID  = path.Root("user_id")
	pathUserIDs = path.Root("user_ids")
	pathTimeout = path.Root("timeout")
)

// readSettings reads the shared values, with the IDs at idsAt.
func readSettings(ctx context.Context, from Getter, idsAt path.Path, diags *diag.Diagnostics) settings {
	s := settings{IDsAt: idsAt}
	diags.Append(from.GetAttribute(ctx, pathUserID, &s.UserID)...)
	diags.Append(from.GetAttribute(ctx, pathUserIDs, &s.UserIDs)...)
	diags.Append(from.GetAttribute(ctx, idsAt, &s.IDs)...)
	diags.Append(from.GetAttribute(ctx, path.Root("wait"), &s.Wait)...)
	diags.Append(from.GetAttribute(ctx, pathTimeout, &s.Timeout)...)
	diags.Append(from.GetAttribute(ctx, path.Root("report_file"), &s.ReportFile)...)
	s.Users = shared.ReadUserSelector(ctx, from, false, diags)
	return s
}

// check reports the values the run would use that a literal would have
// been refused for: values known only at plan or apply (a variable, file(),
// a data source) skip validation.
func (s settings) check(ctx context.Context, spec Spec, from Getter, diags *diag.Diagnostics) {
	shared.CheckID(pathUserID, "user ID", s.UserID, diags)
	shared.CheckUserSelectorValues(ctx, from, diags)
	spec.Check(ctx, from, diags)
	shared.CheckDuration(pathTimeout, s.Timeout, diags)
	shared.UserIDList.CheckValue(pathUserIDs, s.UserIDs, diags)
	spec.IDList.CheckValue(s.IDsAt, s.IDs, diags)
}

// warnEmpty warns of an empty ID list, where the run is about to happen.
func (s settings) warnEmpty(spec Spec, diags *diag.Diagnostics) {
	shared.UserIDList.WarnEmpty(pathUserIDs, s.UserIDs, diags)
	spec.IDList.WarnEmpty(s.IDsAt, s.IDs, diags)
}

// selection builds the selection; IDs that are set (even empty) select by
// ID. With check, the values are checked first, as check does.
func (s settings) selection(ctx context.Context, spec Spec, from Getter, check bool, diags *diag.Diagnostics) Selection {
	if check {
		s.check(ctx, spec, from, diags)
		if diags.HasError() {
			return Selection{}
		}
	}
	sel := Selection{Kind: spec.Configure(ctx, from, diags), UserID: s.UserID.ValueString(), Users: s.Users}
	if !s.IDs.IsNull() && !s.IDs.IsUnknown() {
		sel.ByID = true
		diags.Append(s.IDs.ElementsAs(ctx, &sel.IDs, false)...)
	}
	if !s.UserIDs.IsNull() && !s.UserIDs.IsUnknown() {
		sel.ByUsers = true
		diags.Append(s.UserIDs.ElementsAs(ctx, &sel.UserIDs, false)...)
	}
	return sel
}

// runner sets r's wait and timeout as configured.
func (s settings) runner(r Runner) Runner {
	r.Wait = s.Wait.IsNull() || s.Wait.ValueBool()
	r.Timeout = shared.DefaultTimeout
	if d, err := time.ParseDuration(s.Timeout.ValueString()); err == nil {
		r.Timeout = d
	}
	return r
}

const (
	timeoutDesc    = "How long to wait for the revocation to take effect, as a Go duration (`90s`, `2m`). Defaults to `2m`."
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
	resourceSelectorNote = " The users are found when the revocation runs, and again at destroy with `revoke_on_destroy` (whoever " +
		"it selects then): no user list is planned or stored."
	resourceReportNote = " A resource writes it whenever it revokes: " +
		"at create (unless `revoke_on_create = false`) and at destroy (with `revoke_on_destroy`), each run keeping the one before " +
		"beside it. It is checked at plan, and at create even when only the destroy revokes, so that a teardown does not find it unwritable."
)

// The user_ids description's words, by type.
const (
	actionUsersProgress = "with progress shown as it goes"
	actionUsersFailures = "Users that do not exist are named in a warning (when none of them exists, that is an error); the users that failed otherwise " +
		"are listed at the end with why (forbidden, rate limited, server error)."
	resourceUsersProgress = "with progress in Terraform's log at INFO level (`TF_LOG=INFO`: a resource cannot show progress)"
	resourceUsersFailures = "Users that do not exist are named in a warning and skipped (when none of them exists, that is an error, except at destroy); the users that failed otherwise are listed in an error with why " +
		"(forbidden, rate limited, server error), and what was revoked is still recorded."
)
