package revocation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Selection is what a run revokes: a Kind, and whose: one user's (UserID),
// each of UserIDs' (ByUsers, even when empty), the users a selector finds
// when the run starts (Users, then run as ByUsers), or IDs (ByID, even when
// the list is empty).
type Selection struct {
	Kind    Kind
	UserID  string
	ByUsers bool
	UserIDs []string
	Users   shared.UserSelector
	ByID    bool
	IDs     []string
	// AtDestroy: a resource's destroy, where users deleted since are expected.
	AtDestroy bool
}

// Outcome is what a run did.
type Outcome struct {
	// Revoked counts what Auth0 accepted, by item.
	Revoked map[shared.Kind]int
	// FilterHint says what the users hold when the narrowing matched
	// nothing ("" otherwise).
	FilterHint string
	shared.RunOutcome
}

// Total counts what was revoked, every item together.
func (o Outcome) Total() int {
	n := 0
	for _, c := range o.Revoked {
		n += c
	}
	return n
}

// Runner runs revocations: cheapest correct call first, then a wait for the
// revocation to show, reporting progress as it goes.
type Runner struct {
	Client   *auth0api.Client
	Progress func(string)
	Wait     bool
	Timeout  time.Duration
	Sleep    func(context.Context, time.Duration) error
	// DryRun stops before the first request that would change the tenant.
	DryRun bool
	// notice, when set, reports what a quiet per-user run must still say
	// (once): by default it is Progress.
	notice func(string)
}

// Say reports what must be said even by a quiet per-user run, once.
func (r Runner) Say(msg string) {
	if r.notice != nil {
		r.notice(msg)
		return
	}
	r.Progress(msg)
}

// describe names the selection with counts: "2 refresh tokens of user
// auth0|bob for client web". record, once a many-user run is done, says
// which users held something.
func (s Selection) describe(counts map[shared.Kind]int, record *shared.UsersRun) string {
	items := s.Kind.Items()
	d := items[0].Count(counts[items[0]])
	for _, item := range items[1:] {
		d += " and " + item.Count(counts[item])
	}
	if s.ByID {
		return d + s.Kind.Words().ByID
	}
	return d + s.whose(record) + s.Kind.Narrowing()
}

func (s Selection) whose(record *shared.UsersRun) string {
	switch {
	case s.ByUsers && record != nil:
		return " of " + record.Of()
	case s.ByUsers:
		return " of " + shared.Count(len(shared.UniqueSorted(s.UserIDs)), "user", "users")
	case s.Users.Set():
		return " of " + s.Users.Describe()
	}
	return " of user " + s.UserID
}

// What names the selection without counts: "refresh tokens of user auth0|bob".
func (s Selection) What() string {
	d := s.Kind.Items()[0].Many
	if s.ByID {
		return d + " by ID"
	}
	return d + s.whose(nil) + s.Kind.Narrowing()
}

// Report is the selection as configured, for the run report.
func (s Selection) Report() map[string]any {
	m := s.Users.Report()
	switch {
	case s.ByID:
		m[s.Kind.Words().IDAttr] = shared.UniqueSorted(s.IDs)
	case s.ByUsers:
		m["user_ids"] = shared.UniqueSorted(s.UserIDs)
	case s.UserID != "":
		m["user_id"] = s.UserID
	}
	s.Kind.Report(m)
	return m
}

// Run revokes the selection and says what it did.
func (r Runner) Run(ctx context.Context, sel Selection) (Outcome, error) {
	sel.Kind = sel.Kind.Start()
	if sel.Users.Set() {
		users, err := sel.Users.Users(ctx, r.Client, r.Progress, r.Sleep)
		if err != nil {
			return Outcome{}, &shared.SelectError{Selector: sel.Users, Err: err}
		}
		sel.ByUsers, sel.UserIDs = true, users
		out, err := r.runUsers(ctx, sel)
		out.Users = users
		return out, err
	}
	if sel.ByUsers {
		return r.runUsers(ctx, sel)
	}
	return r.runOne(ctx, sel)
}

// runOne revokes one user's items, or items by ID.
func (r Runner) runOne(ctx context.Context, sel Selection) (Outcome, error) {
	start := time.Now()
	items, words := sel.Kind.Items(), sel.Kind.Words()
	out := Outcome{Revoked: map[shared.Kind]int{}}
	var tg Targets
	var err error
	if sel.ByID {
		if ids := shared.UniqueSorted(sel.IDs); len(ids) > 0 {
			tg, out.NotFound, err = sel.Kind.Read(ctx, r, ids)
		}
	} else {
		tg, err = sel.Kind.List(ctx, r, sel.UserID, false)
	}
	out.DryRun = r.DryRun
	out.Record = shared.NewUsersRun(owners(sel, tg.Of[items[0]]), items...)
	if err != nil {
		if !sel.ByID {
			out.Record.Fail(sel.UserID, err)
		}
		return out, err
	}
	if !sel.ByID {
		out.Record.Reached(sel.UserID)
	}
	if len(out.NotFound) > 0 {
		r.Progress(fmt.Sprintf("%s (mistyped, or already %s or expired): %s", shared.NotExist(words.IDs, len(out.NotFound)), words.Ended, shared.ListIDs(out.NotFound)))
	}
	if tg.Total() == 0 {
		if !sel.ByID {
			out.FilterHint = sel.Kind.Hint(ctx, r, sel, 1)
		}
		r.Progress("Nothing to revoke: " + sel.Kind.Nothing(sel))
		return out, nil
	}
	planned := map[shared.Kind]int{}
	for _, item := range items {
		planned[item] = len(tg.Of[item])
	}
	if r.DryRun {
		out.Revoked = planned
		var ids []string
		for _, item := range items {
			out.Record.RevokedTargets(item, tg.Of[item])
			for _, t := range tg.Of[item] {
				ids = append(ids, t.ID)
			}
		}
		if words.DryRunIDs {
			r.Progress(fmt.Sprintf("Dry run: would revoke %s: %s", sel.describe(planned, nil), shared.ListIDs(ids)))
		} else {
			r.Progress("Dry run: would revoke " + sel.describe(planned, nil))
			shared.DryRunDetails(out.Record, r.Progress)
		}
		return out, nil
	}
	r.Progress(words.Start + sel.describe(planned, nil))
	tflog.Debug(ctx, "Revoking "+items[0].Many, sel.Kind.DebugFields(tg))

	var revoked Targets
	gone, err := sel.Kind.Revoke(ctx, r, sel, tg, func(item shared.Kind, t []shared.Target) {
		out.Record.RevokedTargets(item, t)
		revoked.Add(item, t...)
	})
	// Only what Auth0 accepted counts, also when an error stopped the rest.
	for _, item := range items {
		out.Revoked[item] = len(revoked.Of[item])
	}
	if err != nil {
		if out.Total() > 0 {
			done := items[0].Count(out.Revoked[items[0]])
			if words.PartialWhose {
				done = strings.TrimSuffix(sel.describe(out.Revoked, nil), words.ByID)
			}
			err = fmt.Errorf("%w (%s had been revoked)", err, done)
		}
		return out, err
	}
	if len(gone) > 0 {
		// DELETE said 404: not revoked by us, so not counted.
		out.NotFound = shared.UniqueSorted(append(out.NotFound, gone...))
	}
	if !r.Wait {
		r.Progress(fmt.Sprintf("Revocation of %s requested in %.1f s; not waiting for it to take effect (wait = false)", sel.describe(out.Revoked, nil), time.Since(start).Seconds()))
		return out, nil
	}
	if err := sel.Kind.Wait(ctx, r, r.waiting(), sel, revoked); err != nil {
		return out, shared.WithDone(err, "Sent the revocation of "+sel.describe(out.Revoked, nil))
	}
	r.Progress(fmt.Sprintf("%s%s in %.1f s", words.Done, sel.describe(out.Revoked, nil), time.Since(start).Seconds()))
	return out, nil
}

// ReadEach reads each of the kind's ids once with get, which returns an item's owner:
// the items that exist (sorted, each with its owner, also those read before
// an error) and the IDs that do not (a 404: named, not counted).
func ReadEach(ctx context.Context, r Runner, kind Kind, ids []string, get func(ctx context.Context, id string) (string, error)) (Targets, []string, error) {
	item := kind.Items()[0]
	var mu sync.Mutex
	var tg Targets
	var notFound []string
	err := shared.ForEach(ctx, ids, r.Progress, "Checked %s of %s "+kind.Words().IDs, func(ctx context.Context, id string) error {
		owner, err := get(ctx, id)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case auth0api.IsNotFound(err):
			notFound = append(notFound, id)
		case err != nil:
			return fmt.Errorf("reading %s %q: %w", item.One, id, err)
		default:
			tg.Add(item, shared.Target{ID: id, Owner: owner})
		}
		return nil
	})
	if err != nil {
		return tg, notFound, err
	}
	slices.Sort(notFound)
	slices.SortFunc(tg.Of[item], func(a, b shared.Target) int { return strings.Compare(a.ID, b.ID) })
	return tg, notFound, nil
}

// waiting is how a run waits: within one timeout, whatever it waits for.
func (r Runner) waiting() shared.Waiting {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = shared.DefaultTimeout
	}
	now := time.Now()
	return shared.Waiting{Progress: r.Progress, Sleep: r.Sleep, Deadline: now.Add(timeout), Timeout: timeout, Start: now}
}

// owners are the users a one-user or by-ID selection touches.
func owners(sel Selection, targets []shared.Target) []string {
	if !sel.ByID {
		return []string{sel.UserID}
	}
	users := make([]string, 0, len(targets))
	for _, t := range targets {
		users = append(users, t.Owner)
	}
	return users
}

// runUsers revokes the items of many users: each user's listing and
// revocation run FanOut at a time (paced further by the rate budget), and one
// user's failure does not stop the others; then one wait covers them all, a
// listing per user per check. Counts come from what Auth0 accepted, user by
// user, so a failed, partly done or interrupted run reports exactly what it did.
func (r Runner) runUsers(ctx context.Context, sel Selection) (Outcome, error) {
	start := time.Now()
	items, words := sel.Kind.Items(), sel.Kind.Words()
	run := shared.NewUsersRun(sel.UserIDs, items...)
	if r.DryRun {
		run.DryRun()
	}
	if len(run.Users) == 0 {
		r.Progress("Nothing to revoke: no users selected")
		return Outcome{Revoked: map[shared.Kind]int{}, RunOutcome: shared.RunOutcome{DryRun: r.DryRun, Record: run}}, nil
	}
	users := shared.Count(len(run.Users), "user", "users")
	if r.DryRun {
		r.Progress("Dry run: listing the " + words.Listing + " of " + users + "; nothing will be revoked")
	} else {
		r.Progress(words.StartUsers(users))
	}
	quiet := r
	quiet.Progress = func(string) {}
	var once sync.Once
	quiet.notice = func(msg string) { once.Do(func() { r.Progress(msg) }) }
	shared.EachUser(ctx, run, r.Progress, func(ctx context.Context, user string) error {
		tg, err := sel.Kind.List(ctx, quiet, user, true)
		if err != nil || tg.Total() == 0 {
			return err
		}
		if r.DryRun {
			for _, item := range items {
				run.Revoked(user, item, tg.Of[item])
			}
			return nil
		}
		one := Selection{Kind: sel.Kind, UserID: user}
		_, err = sel.Kind.Revoke(ctx, quiet, one, tg, func(item shared.Kind, t []shared.Target) { run.Revoked(user, item, t) })
		return err
	})
	out := Outcome{Revoked: map[shared.Kind]int{}, RunOutcome: shared.RunOutcome{Failed: run.Failures(), DryRun: r.DryRun, Record: run}}
	for _, item := range items {
		out.Revoked[item] = run.Total(item)
	}
	if out.Total() == 0 {
		out.FilterHint = sel.Kind.Hint(ctx, r, sel, len(run.Users))
	}
	if err := run.Fatal(); err != nil {
		return out, err // the credentials were refused: the same for every user
	}
	if ctx.Err() != nil {
		out.Failed = out.Failed.WithoutCanceled()
		return out, run.Interrupted()
	}
	if r.DryRun {
		r.Progress("Dry run: would revoke " + sel.describe(out.Revoked, run) + run.FailedSummary())
		shared.DryRunDetails(run, r.Progress)
		return out, nil
	}
	if out.Total() == 0 && len(out.Failed) == 0 {
		r.Progress("Nothing to revoke: found no " + sel.What())
		return out, nil
	}
	r.Progress(fmt.Sprintf("Revocation of %s sent in %.1f s%s", sel.describe(out.Revoked, run), time.Since(start).Seconds(), run.FailedSummary()))
	if r.Wait && out.Total() > 0 {
		revoked := Targets{}
		for _, item := range items {
			revoked.Add(item, run.Targets(item)...)
		}
		if err := sel.Kind.Wait(ctx, r, r.waiting(), sel, revoked); err != nil {
			return out, shared.WithDone(err, "Sent the revocation of "+sel.describe(out.Revoked, run))
		}
		r.Progress(fmt.Sprintf("%s%s in %.1f s", words.Done, sel.describe(out.Revoked, run), time.Since(start).Seconds()))
	}
	return out, nil
}

// AddOutcome reports what a run could not do: users that failed (an
// error), IDs that do not exist and a narrowing that matched nothing.
func AddOutcome(diags *diag.Diagnostics, sel Selection, out Outcome) {
	words := sel.Kind.Words()
	shared.WarnNobodySelected(diags, sel.Users, out.Users)
	given := len(shared.UniqueSorted(sel.UserIDs)) // user_ids; 0 for users a selector found
	if sel.Users.Set() && out.Users != nil {
		sel.ByUsers, sel.UserIDs, given = true, out.Users, 0
	}
	var record *shared.UsersRun
	if sel.ByUsers {
		record = out.Record
	}
	// Of many users, one that no longer exists is churn: named in a warning,
	// not a failure, so that a re-run comes out clean.
	shared.ForgetDeletedUsers(diags, out.Failed, given, sel.AtDestroy)
	shared.AddUserFailures(diags, out.Failed, len(shared.UniqueSorted(sel.UserIDs)), shared.Verb(out.DryRun)+sel.describe(out.Revoked, record), out.DryRun)
	if len(out.NotFound) > 0 {
		diags.AddWarning(words.NotFound, fmt.Sprintf(
			"%s, so not revoked and not counted: %s. Check them for typos; "+
				"a %s already %s or expired also reads as not found.", shared.NotExist(words.IDs, len(out.NotFound)), shared.ListIDs(out.NotFound), words.One, words.Ended))
	}
	if out.FilterHint != "" {
		diags.AddWarning("No Refresh Tokens Match The Filter", out.FilterHint)
	}
}

// AddError reports a failed run. rerun says how to run it again.
func AddError(diags *diag.Diagnostics, sel Selection, err error, rerun string) {
	shared.AddRevokeError(diags, sel.What(), err, rerun, shared.WaitSettingsHint)
}
