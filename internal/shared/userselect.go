package shared

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Selector is one way to select users by what they are rather than by ID:
// an attribute of every type that takes selectors (both actions, both
// revocation resources, the auth0tokens_users data source). Its entry in
// Selectors is everything those types know of it: the attribute, how users
// are found, how it is checked before anything is revoked, its words.
// Users are found when the revocation runs, so no list is planned, stored or
// capped.
type Selector struct {
	Attr string // the attribute: "user_query"
	// ListedAs is the auth0tokens_users data source's name for it, when not Attr.
	ListedAs string
	Desc     string
	// Bool is an attribute set to true (all_users); a string attribute otherwise.
	Bool             bool
	StringValidators []validator.String
	BoolValidators   []validator.Bool
	// Export says the users are read through a users-export job, which
	// export_timeout bounds and which has no limit on the number of users.
	Export bool
	// Limit says how many users it can select, when there is a limit.
	Limit string
	// CheckName, when set, checks a value known only at plan or apply as the
	// attribute's validators would have (ValidID's "connection name").
	CheckName string
	// Describe names what it selects: `users matching "email:*@acme.example"`.
	Describe func(value string) string
	// Found says how many users it found: "Found 48,210 users of corp-okta".
	Found func(n int, users, value string) string
	// Nobody says what found no user, and what to check.
	Nobody func(value string) (what, check string)
	// Find visits every user it selects, reporting progress.
	Find func(ctx context.Context, s UserSelector, c *auth0api.Client, progress func(string), sleep func(context.Context, time.Duration) error, visit func(string)) error
	// Check finds out, without an export, whether it can work now (the
	// connection exists, the search is not too broad).
	Check func(ctx context.Context, c *auth0api.Client, value string) error
	// NotFound, when set, recognises the error saying the value names
	// nothing (no such connection); Unknown is then the error's summary and
	// detail, and Gone the warning at a revocation resource's destroy, which
	// succeeds (noun: what the kind revokes, "refresh tokens").
	NotFound func(err error) bool
	Unknown  func(value string) (summary, detail string)
	Gone     func(value, noun string) (summary, detail string)
}

// The selectors, in the order the descriptions name them.
var (
	UserQuery = &Selector{Attr: "user_query", ListedAs: "query",
		Desc: "An Auth0 user search (Lucene syntax, search engine v3), for example `email:*@acme.example` or " +
			"`identities.connection:\"corp-okta\"`: every matching user, at most 999. Auth0's search returns at most 1,000 users and cannot tell " +
			"1,000 from more, so a query that matches 1,000 or more is refused (nothing is done): use `connection_name` or `all_users` for those. Needs the `read:users` scope.",
		StringValidators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must be a user search such as email:*@acme.example")},
		Limit:            "user_query selects at most 999 users: a search matching 1,000 or more is refused",
		Describe:         func(q string) string { return fmt.Sprintf("users matching %q", q) },
		Found: func(n int, users, q string) string {
			return fmt.Sprintf("Found %s %s matching %q", Thousands(n), users, q)
		},
		Nobody: func(q string) (string, string) {
			return fmt.Sprintf("user_query %q matches no user", q),
				"Check the query for typos (Auth0 user search, Lucene syntax): try it in the Auth0 Dashboard under User Management > Users."
		},
		Find: func(ctx context.Context, s UserSelector, c *auth0api.Client, progress func(string), _ func(context.Context, time.Duration) error, visit func(string)) error {
			progress(fmt.Sprintf("Searching for users matching %q", s.Value))
			return c.SearchUsers(ctx, s.Value, visit)
		},
		Check: func(ctx context.Context, c *auth0api.Client, q string) error {
			return c.SearchUsers(ctx, q, func(string) {})
		},
	}
	ConnectionName = &Selector{Attr: "connection_name",
		Desc: "The name of a connection (for example `corp-okta`): every user of it, read through a users-export job " +
			"(no limit on the number of users). Needs the `read:users` and `read:connections` scopes.",
		StringValidators: []validator.String{ValidID("connection name")},
		CheckName:        "connection name",
		Export:           true,
		Describe:         func(name string) string { return "users of connection " + name },
		Found: func(n int, users, name string) string {
			return fmt.Sprintf("Found %s %s of %s", Thousands(n), users, name)
		},
		Nobody: func(name string) (string, string) {
			return fmt.Sprintf("connection_name %q has no users", name), "Check that this is the connection whose users you meant."
		},
		Find: func(ctx context.Context, s UserSelector, c *auth0api.Client, progress func(string), sleep func(context.Context, time.Duration) error, visit func(string)) error {
			return s.export(ctx, c, s.Value, progress, sleep, visit)
		},
		Check: func(ctx context.Context, c *auth0api.Client, name string) error {
			_, err := c.ConnectionID(ctx, name)
			return err
		},
		NotFound: func(err error) bool {
			var noConn *auth0api.ConnectionNotFoundError
			return errors.As(err, &noConn)
		},
		Unknown: func(name string) (string, string) {
			return "Connection Not Found", fmt.Sprintf("The tenant has no connection named %q, so no users were selected and nothing was done. "+
				"Connection names are case-sensitive; the Auth0 Dashboard lists them under Authentication.", name)
		},
		Gone: func(name, noun string) (string, string) {
			return "Connection No Longer Exists", "Auth0 has no connection " + name + " any more, so none of its users has " +
				noun + " left to revoke; the resource was destroyed. If the name was mistyped, nothing was revoked."
		},
	}
	OrganizationID = &Selector{Attr: "organization_id",
		Desc: "The ID of an Auth0 organization (for example `org_W4yQ0b3a9TY8Ea1n`): every member of it, listed page by page " +
			"(no limit on the number of users); only their user IDs are read. Needs the `read:organization_members` scope.",
		StringValidators: []validator.String{ValidID("organization ID")},
		CheckName:        "organization ID",
		Describe:         func(id string) string { return "members of organization " + id },
		Found: func(n int, users, id string) string {
			return fmt.Sprintf("Found %s %s in organization %s", Thousands(n), users, id)
		},
		Nobody: func(id string) (string, string) {
			return fmt.Sprintf("organization_id %q has no members", id), "Check that this is the organization whose members you meant."
		},
		Find: func(ctx context.Context, s UserSelector, c *auth0api.Client, progress func(string), _ func(context.Context, time.Duration) error, visit func(string)) error {
			progress("Listing the members of organization " + s.Value)
			return c.OrganizationMembers(ctx, s.Value, visit)
		},
		Check: func(ctx context.Context, c *auth0api.Client, id string) error {
			return c.CheckOrganization(ctx, id)
		},
		NotFound: func(err error) bool {
			var noOrg *auth0api.OrganizationNotFoundError
			return errors.As(err, &noOrg)
		},
		Unknown: func(id string) (string, string) {
			return "Organization Not Found", fmt.Sprintf("The tenant has no organization %q, so no users were selected and nothing was done. "+
				"Give the organization's ID (org_...), as the Auth0 Dashboard shows it under Organizations.", id)
		},
		Gone: func(id, noun string) (string, string) {
			return "Organization No Longer Exists", "Auth0 has no organization " + id + " any more, so its members could not be listed and " +
				"nothing was revoked; the resource was destroyed. Deleting an organization does not delete its users: if its former members " +
				"still hold " + noun + ", revoke them with user_ids."
		},
	}
	AllUsers = &Selector{Attr: "all_users", Bool: true,
		Desc:           "`true`: every user of the tenant, read through a users-export job (no limit on the number of users). Needs the `read:users` scope.",
		BoolValidators: []validator.Bool{mustBeTrue{}},
		Export:         true,
		Describe:       func(string) string { return "every user of the tenant" },
		Found: func(n int, users, _ string) string {
			return fmt.Sprintf("Found %s %s in the tenant", Thousands(n), users)
		},
		Nobody: func(string) (string, string) {
			return "all_users found no user in the tenant", "Check that the provider is configured for the tenant you meant (domain)."
		},
		Find: func(ctx context.Context, s UserSelector, c *auth0api.Client, progress func(string), sleep func(context.Context, time.Duration) error, visit func(string)) error {
			return s.export(ctx, c, "", progress, sleep, visit)
		},
		Check: func(context.Context, *auth0api.Client, string) error { return nil },
	}
	// Selectors are every Selector, in the order descriptions name them.
	Selectors = []*Selector{UserQuery, ConnectionName, OrganizationID, AllUsers}
)

// ExportTimeoutDesc describes export_timeout, beside the selectors that run an export.
var ExportTimeoutDesc = "With " + Or(selectorAttrs(true)) + ": how long to wait for Auth0's users-export job, as a Go duration. Defaults to `10m`; " +
	"raise it for tenants of hundreds of thousands of users."

// selectorAttrs are the attributes of the selectors that run an export (or not).
func selectorAttrs(export bool) []string {
	var attrs []string
	for _, s := range Selectors {
		if s.Export == export {
			attrs = append(attrs, s.Attr)
		}
	}
	return attrs
}

// ExportTimeoutValidators refuse export_timeout beside a selector that runs
// no export job; listed gives the data source's attribute names.
func ExportTimeoutValidators(listed bool) []validator.String {
	var search []path.Expression
	for _, s := range Selectors {
		if !s.Export {
			search = append(search, path.MatchRoot(s.Name(listed)))
		}
	}
	return []validator.String{Duration{}, stringvalidator.ConflictsWith(search...)}
}

// Name is the selector's attribute name, or with listed the data source's.
func (s *Selector) Name(listed bool) string {
	if listed && s.ListedAs != "" {
		return s.ListedAs
	}
	return s.Attr
}

// Or names attributes as a description does: "`a`, `b` or `c`".
func Or(attrs []string) string { return joinAttrs(attrs, " or ") }

// ExactlyOneOf says which attributes a type needs one of:
// "Exactly one of `a`, `b` and `c` is required."
func ExactlyOneOf(attrs []string) string {
	return "Exactly one of " + joinAttrs(attrs, " and ") + " is required."
}

func joinAttrs(attrs []string, last string) string {
	q := make([]string, len(attrs))
	for i, a := range attrs {
		q[i] = "`" + a + "`"
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + last + q[len(q)-1]
}

// mustBeTrue refuses all_users = false with what to do instead.
type mustBeTrue struct{}

func (mustBeTrue) Description(context.Context) string { return "must be true when set" }
func (v mustBeTrue) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (mustBeTrue) ValidateBool(_ context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() && !req.ConfigValue.ValueBool() {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid All Users Setting",
			"all_users = false selects nobody. Remove it, or set it to true to select every user of the tenant.")
	}
}

// DefaultExportTimeout bounds a users-export job when export_timeout is unset.
const DefaultExportTimeout = 10 * time.Minute

// UserSelector is a Selector with its configured value; the zero value
// selects nobody.
type UserSelector struct {
	By            *Selector
	Value         string        // a string selector's value
	ExportTimeout time.Duration // 0: DefaultExportTimeout
}

// attrGetter reads one attribute: a configuration, plan or state.
type attrGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// ReadUserSelector reads the configured selector from a configuration, plan
// or state (listed: with the data source's attribute names), and
// export_timeout. The value is not checked: see CheckUserSelector.
func ReadUserSelector(ctx context.Context, from attrGetter, listed bool, diags *diag.Diagnostics) UserSelector {
	var sel UserSelector
	for _, s := range Selectors {
		p := path.Root(s.Name(listed))
		if s.Bool {
			var v types.Bool
			diags.Append(from.GetAttribute(ctx, p, &v)...)
			if v.ValueBool() {
				sel.By = s
			}
			continue
		}
		var v types.String
		diags.Append(from.GetAttribute(ctx, p, &v)...)
		if v.ValueString() != "" {
			sel.By, sel.Value = s, v.ValueString()
		}
	}
	var timeout types.String
	diags.Append(from.GetAttribute(ctx, path.Root("export_timeout"), &timeout)...)
	if d, err := time.ParseDuration(timeout.ValueString()); err == nil {
		sel.ExportTimeout = d
	}
	return sel
}

// CheckUserSelectorValues reports the selector values that a literal would
// have been refused for: values known only at plan or apply (a variable,
// file(), a data source) skip validation.
func CheckUserSelectorValues(ctx context.Context, from attrGetter, diags *diag.Diagnostics) {
	for _, s := range Selectors {
		if s.CheckName == "" {
			continue
		}
		var v types.String
		diags.Append(from.GetAttribute(ctx, path.Root(s.Attr), &v)...)
		CheckID(path.Root(s.Attr), s.CheckName, v, diags)
	}
}

// Set reports whether the selector selects anything.
func (s UserSelector) Set() bool { return s.By != nil }

// Describe names the selection: `users matching "email:*@acme.example"`.
func (s UserSelector) Describe() string { return s.By.Describe(s.Value) }

// Report describes the configured selector for a run report: its attribute and value.
func (s UserSelector) Report() map[string]any {
	m := map[string]any{}
	switch {
	case s.By == nil:
	case s.By.Bool:
		m[s.By.Attr] = true
	default:
		m[s.By.Attr] = s.Value
	}
	return m
}

// Users finds the selected users, sorted and each once, reporting progress.
func (s UserSelector) Users(ctx context.Context, c *auth0api.Client, progress func(string), sleep func(context.Context, time.Duration) error) ([]string, error) {
	var users []string
	if err := s.By.Find(ctx, s, c, progress, sleep, func(id string) { users = append(users, id) }); err != nil {
		return nil, err
	}
	users = UniqueSorted(users)
	if users == nil {
		users = []string{} // nobody: an empty list, not null
	}
	noun := "users"
	if len(users) == 1 {
		noun = "user"
	}
	progress(s.By.Found(len(users), noun, s.Value))
	return users, nil
}

// WarnNobodySelected warns when the selector found no user (users is empty,
// not nil: nil means the selection did not run): a mistyped search or an
// empty connection must not read as a clean "nothing to revoke".
func WarnNobodySelected(diags *diag.Diagnostics, s UserSelector, users []string) {
	if !s.Set() || users == nil || len(users) > 0 {
		return
	}
	what, check := s.By.Nobody(s.Value)
	diags.AddWarning("No Users Selected", what+", so nothing was revoked. "+check)
}

// Check finds out, without an export, whether the selector can work now: a
// revocation resource that revokes only at destroy checks at create, so a
// typo is not found at teardown.
func (s UserSelector) Check(ctx context.Context, c *auth0api.Client) error {
	return s.By.Check(ctx, c, s.Value)
}

// Gone reports a selection that failed because what it names no longer
// exists (a connection, an organization), with the warning a revocation
// resource's destroy gives instead of an error (noun: "refresh tokens").
func (s UserSelector) Gone(err error, noun string) (summary, detail string, gone bool) {
	if s.By == nil || s.By.NotFound == nil || !s.By.NotFound(err) {
		return "", "", false
	}
	summary, detail = s.By.Gone(s.Value, noun)
	return summary, detail, true
}

// ExportTimeoutError says a users-export job did not finish in time.
type ExportTimeoutError struct {
	JobID   string
	Timeout time.Duration
	Last    string // "41% done", or the status
}

func (e *ExportTimeoutError) Error() string {
	return fmt.Sprintf("users-export job %s did not finish within %s (last seen: %s)", e.JobID, e.Timeout, e.Last)
}

// exportReadAttempts bounds fresh links asked for when one expires before it is read.
const exportReadAttempts = 3

// export reads the IDs of a connection's users (every user's, without a
// connection) through a users-export job, reporting its progress.
func (s UserSelector) export(ctx context.Context, c *auth0api.Client, connection string, progress func(string), sleep func(context.Context, time.Duration) error, visit func(string)) error {
	timeout := s.ExportTimeout
	if timeout <= 0 {
		timeout = DefaultExportTimeout
	}
	connectionID := ""
	if connection != "" {
		id, err := c.ConnectionID(ctx, connection)
		if err != nil {
			return err
		}
		connectionID = id
	}
	job, err := c.StartUsersExport(ctx, connectionID)
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("Export job %s started: exporting the IDs of %s", job.ID, s.Describe()))
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	delay, last := auth0api.ExportPoll.First, time.Now()
	for attempt := 1; ; {
		if job.Status == "failed" {
			return &auth0api.ExportFailedError{JobID: job.ID, Details: job.StatusDetails}
		}
		if job.Status == "completed" {
			err := c.ReadExport(ctx, job.Location, visit)
			if !errors.Is(err, auth0api.ErrLinkExpired) || attempt == exportReadAttempts {
				return err
			}
			attempt++ // a fresh link comes with the next read of the job
		} else {
			if time.Since(last) >= ProgressEvery {
				last = time.Now()
				progress(fmt.Sprintf("Export job %s: %s", job.ID, jobState(job)))
			}
			if err := sleep(waitCtx, delay); err != nil || waitCtx.Err() != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return &ExportTimeoutError{JobID: job.ID, Timeout: timeout, Last: jobState(job)}
			}
			delay = min(delay*3/2, auth0api.ExportPoll.Max)
		}
		next, err := c.ExportJob(waitCtx, job.ID)
		if err != nil {
			if ctx.Err() == nil && waitCtx.Err() != nil {
				return &ExportTimeoutError{JobID: job.ID, Timeout: timeout, Last: jobState(job)}
			}
			return err
		}
		job = next
	}
}

func jobState(j auth0api.ExportJob) string {
	if j.Status != "processing" {
		return j.Status
	}
	s := fmt.Sprintf("%d%% done", j.PercentageDone)
	if j.TimeLeftSeconds > 0 {
		s += fmt.Sprintf(", about %d s left", j.TimeLeftSeconds)
	}
	return s
}

// Thousands writes n with thousands separators: 48210 -> "48,210".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// SelectError is a failure to find the users a revocation selects: nothing
// was revoked.
type SelectError struct {
	Selector UserSelector
	Err      error
}

func (e *SelectError) Error() string {
	return "finding the users (" + e.Selector.Describe() + "): " + e.Err.Error()
}
func (e *SelectError) Unwrap() error { return e.Err }

// AddSelectError reports a failure to find the users a selector names,
// saying what to do; other errors are the API's.
func AddSelectError(diags *diag.Diagnostics, s UserSelector, err error) {
	var (
		broad   *auth0api.SearchTooBroadError
		failed  *auth0api.ExportFailedError
		timeout *ExportTimeoutError
	)
	switch {
	case s.By != nil && s.By.NotFound != nil && s.By.NotFound(err):
		diags.AddError(s.By.Unknown(s.Value))
	case errors.As(err, &broad):
		diags.AddError("User Search Matches Too Many Users", fmt.Sprintf(
			"The search %q matches %s or more users, and Auth0's user search returns only the first %s: acting on those alone would "+
				"silently miss the rest, so nothing was done. Narrow the query, or select the users with connection_name = \"NAME\" (every user "+
				"of a connection) or all_users = true (every user of the tenant), which read a users-export job and have no such limit.",
			broad.Query, Thousands(broad.Total), Thousands(auth0api.SearchLimit)))
	case errors.As(err, &failed):
		diags.AddError("Users Export Failed", fmt.Sprintf(
			"Auth0's users-export job %s, which lists %s, failed: %s. Nothing was revoked. Run again; if it keeps failing, check the "+
				"job in the tenant's logs.", failed.JobID, s.Describe(), failed.Details))
	case errors.As(err, &timeout):
		diags.AddError("Users Export Timed Out", fmt.Sprintf(
			"%s. Nothing was revoked. Raise export_timeout (a Go duration such as \"30m\") for a large tenant, and run again.",
			timeout.Error()))
	case errors.Is(err, auth0api.ErrLinkExpired):
		diags.AddError("Users Export Link Expired", fmt.Sprintf(
			"The download link of the export of %s kept expiring before it could be read (each is valid for a minute). Nothing was revoked. "+
				"Run again.", s.Describe()))
	default:
		AddAPIError(diags, "finding the users ("+s.Describe()+")", err)
	}
}
