package shared

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Descriptions of the user selector attributes, shared by every type that takes them.
const (
	UserQueryDesc = "An Auth0 user search (Lucene syntax, search engine v3), for example `email:*@acme.example` or " +
		"`identities.connection:\"corp-okta\"`: every matching user, at most 999. Auth0's search returns at most 1,000 users and cannot tell " +
		"1,000 from more, so a query that matches 1,000 or more is refused (nothing is done): use `connection_name` or `all_users` for those. Needs the `read:users` scope."
	ConnectionDesc = "The name of a connection (for example `corp-okta`): every user of it, read through a users-export job " +
		"(no limit on the number of users). Needs the `read:users` and `read:connections` scopes."
	AllUsersDesc = "`true`: every user of the tenant, read through a users-export job (no limit on the number of users). " +
		"Needs the `read:users` scope."
	ExportTimeoutDesc = "With `connection_name` or `all_users`: how long to wait for Auth0's users-export job, as a Go duration. Defaults to `10m`; " +
		"raise it for tenants of hundreds of thousands of users."
)

// UserQueryValidators refuse an empty or blank search.
func UserQueryValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must be a user search such as email:*@acme.example")}
}

// AllUsersValidators refuse all_users = false, which would select nobody.
func AllUsersValidators() []validator.Bool { return []validator.Bool{mustBeTrue{}} }

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

// UserSelector selects users by what they are rather than by ID: a user
// search, a connection's users or every user of the tenant. Users are found
// when the revocation runs, so no list is planned, stored or capped.
type UserSelector struct {
	Query         string // Lucene, search engine v3
	Connection    string // a connection name
	AllUsers      bool
	ExportTimeout time.Duration // 0: DefaultExportTimeout
}

// Set reports whether the selector selects anything.
func (s UserSelector) Set() bool { return s.Query != "" || s.Connection != "" || s.AllUsers }

// Describe names the selection: `users matching "email:*@acme.example"`.
func (s UserSelector) Describe() string {
	switch {
	case s.Query != "":
		return fmt.Sprintf("users matching %q", s.Query)
	case s.Connection != "":
		return "users of connection " + s.Connection
	}
	return "every user of the tenant"
}

// Users finds the selected users, sorted and each once: by search, or by a
// users-export job whose progress it reports until the file is read.
func (s UserSelector) Users(ctx context.Context, c *auth0api.Client, progress func(string), sleep func(context.Context, time.Duration) error) ([]string, error) {
	var users []string
	add := func(id string) { users = append(users, id) }
	if s.Query != "" {
		progress(fmt.Sprintf("Searching for users matching %q", s.Query))
		if err := c.SearchUsers(ctx, s.Query, add); err != nil {
			return nil, err
		}
	} else if err := s.export(ctx, c, progress, sleep, add); err != nil {
		return nil, err
	}
	users = UniqueSorted(users)
	if users == nil {
		users = []string{} // nobody: an empty list, not null
	}
	progress(s.found(len(users)))
	return users, nil
}

// found says how many users the selector found: "Found 48,210 users of corp-okta".
func (s UserSelector) found(n int) string {
	users := "users"
	if n == 1 {
		users = "user"
	}
	switch {
	case s.Query != "":
		return fmt.Sprintf("Found %s %s matching %q", Thousands(n), users, s.Query)
	case s.Connection != "":
		return fmt.Sprintf("Found %s %s of %s", Thousands(n), users, s.Connection)
	}
	return fmt.Sprintf("Found %s %s in the tenant", Thousands(n), users)
}

// WarnNobodySelected warns when the selector found no user (users is empty,
// not nil: nil means the selection did not run): a mistyped search or an
// empty connection must not read as a clean "nothing to revoke".
func WarnNobodySelected(diags *diag.Diagnostics, s UserSelector, users []string) {
	if !s.Set() || users == nil || len(users) > 0 {
		return
	}
	var what, check string
	switch {
	case s.Query != "":
		what = fmt.Sprintf("user_query %q matches no user", s.Query)
		check = "Check the query for typos (Auth0 user search, Lucene syntax): try it in the Auth0 Dashboard under User Management > Users."
	case s.Connection != "":
		what = fmt.Sprintf("connection_name %q has no users", s.Connection)
		check = "Check that this is the connection whose users you meant."
	default:
		what = "all_users found no user in the tenant"
		check = "Check that the provider is configured for the tenant you meant (domain)."
	}
	diags.AddWarning("No Users Selected", what+", so nothing was revoked. "+check)
}

// Check finds out, without an export, whether the selector can work now: the
// connection exists, the search is not too broad. A revocation resource that
// revokes only at destroy checks at create, so a typo is not found at teardown.
func (s UserSelector) Check(ctx context.Context, c *auth0api.Client) error {
	switch {
	case s.Query != "":
		return c.SearchUsers(ctx, s.Query, func(string) {})
	case s.Connection != "":
		_, err := c.ConnectionID(ctx, s.Connection)
		return err
	}
	return nil
}

// ConnectionGone reports a selection that failed because its connection no
// longer exists: at destroy, its users went with it, so nothing is left.
func ConnectionGone(err error) (string, bool) {
	var noConn *auth0api.ConnectionNotFoundError
	if errors.As(err, &noConn) {
		return noConn.Name, true
	}
	return "", false
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

func (s UserSelector) export(ctx context.Context, c *auth0api.Client, progress func(string), sleep func(context.Context, time.Duration) error, visit func(string)) error {
	timeout := s.ExportTimeout
	if timeout <= 0 {
		timeout = DefaultExportTimeout
	}
	connectionID := ""
	if s.Connection != "" {
		id, err := c.ConnectionID(ctx, s.Connection)
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
		noConn  *auth0api.ConnectionNotFoundError
		failed  *auth0api.ExportFailedError
		timeout *ExportTimeoutError
	)
	switch {
	case errors.As(err, &broad):
		diags.AddError("User Search Matches Too Many Users", fmt.Sprintf(
			"The search %q matches %s or more users, and Auth0's user search returns only the first %s: acting on those alone would "+
				"silently miss the rest, so nothing was done. Narrow the query, or select the users with connection_name = \"NAME\" (every user "+
				"of a connection) or all_users = true (every user of the tenant), which read a users-export job and have no such limit.",
			broad.Query, Thousands(broad.Total), Thousands(auth0api.SearchLimit)))
	case errors.As(err, &noConn):
		diags.AddError("Connection Not Found", fmt.Sprintf(
			"The tenant has no connection named %q, so no users were selected and nothing was done. Connection names are case-sensitive; "+
				"the Auth0 Dashboard lists them under Authentication.", noConn.Name))
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
