package shared

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"golang.org/x/sync/errgroup"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Revocation settings every area's revocation shares.
const (
	DefaultTimeout = 2 * time.Minute
	// FanOut bounds concurrent per-item calls (reads, one-by-one revocations):
	// enough to be quick, few enough to stay inside a tenant's rate limit
	// (the transport's rate budget paces them further).
	FanOut    = 4
	pollFirst = 500 * time.Millisecond
	pollMax   = 5 * time.Second
	// ProgressEvery spaces progress lines during long loops.
	ProgressEvery = 5 * time.Second
	maxListedIDs  = 20
)

// Target is something revoked and, when known, its owner (a user ID): a wait
// lists the owner's items instead of reading each ID when that is cheaper.
type Target struct{ ID, Owner string }

// Items is what a wait confirms gone: refresh tokens, or sessions.
type Items struct {
	Kind Kind
	// CheckWith names what lists them without revoking, for messages.
	CheckWith string
	// List returns the IDs an owner has listed now (none for a deleted owner).
	List func(ctx context.Context, owner string) ([]string, error)
	// Exists reports whether one item is still there.
	Exists func(ctx context.Context, id string) (bool, error)
}

// Waiting is how a revocation waits and reports.
type Waiting struct {
	Progress func(string)
	Sleep    func(context.Context, time.Duration) error
	// Deadline bounds the wait; it is shared when one revocation waits for
	// several kinds of items.
	Deadline time.Time
	Timeout  time.Duration // the configured timeout, for messages
	Start    time.Time     // when the wait began, for messages
	// Now tells the time for progress lines (time.Now when nil).
	Now func() time.Time
}

// Wait polls until none of the targets is listed any more: Auth0 revokes
// asynchronously. A check lists an owner's items where that costs fewer
// requests than reading each remaining ID, and an item confirmed gone is
// never checked again.
func (wt Waiting) Wait(ctx context.Context, items Items, targets []Target) error {
	ctx, cancel := context.WithDeadline(ctx, wt.Deadline)
	defer cancel()
	if wt.Now == nil {
		wt.Now = time.Now
	}
	w := &waiter{Waiting: wt, items: items, total: len(targets),
		remaining: make(map[string]string, len(targets)), pages: map[string]int{}, last: wt.Now()}
	for _, t := range targets {
		w.remaining[t.ID] = t.Owner
	}
	delay := pollFirst
	for {
		err := w.check(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			return fmt.Errorf("checking that the revocation took effect: %w", err)
		case err == nil && len(w.remaining) == 0:
			return nil
		case err == nil:
			w.mu.Lock()
			w.last = wt.Now()
			left := len(w.remaining)
			w.mu.Unlock()
			wt.Progress(fmt.Sprintf("Waiting for the revocation to take effect: %s of %s still listed (%s)", Thousands(left), items.Kind.Count(w.total), w.clock()))
		}
		if err := wt.Sleep(ctx, delay); err != nil || ctx.Err() != nil {
			return w.pending(ctx)
		}
		delay = min(delay*3/2, pollMax)
	}
}

// waiter is the state of one wait.
type waiter struct {
	Waiting
	items  Items
	total  int
	checks int // completed checks

	mu        sync.Mutex
	remaining map[string]string // ID -> owner ("" when unknown)
	pages     map[string]int    // owner -> pages its last listing took
	last      time.Time         // the last progress line
	// This check's progress: owners listed or IDs read, of how many.
	done, units int
	unit        string // "users", or "IDs" when the check reads IDs only
}

func (w *waiter) clock() string {
	return fmt.Sprintf("%s elapsed, deadline %s", w.Now().Sub(w.Start).Round(100*time.Millisecond), w.Timeout)
}

// stepLocked counts one listing or read of a check, and every ProgressEvery
// says how many items are still listed: a check of thousands of users takes
// minutes, and would otherwise be silent.
func (w *waiter) stepLocked() {
	w.done++
	if w.done == w.units || w.Now().Sub(w.last) < ProgressEvery {
		return
	}
	w.last = w.Now()
	w.Progress(fmt.Sprintf("Waiting for the revocation to take effect: %s of %s still listed (%s of %s %s checked so far; %s)",
		Thousands(len(w.remaining)), w.items.Kind.Count(w.total), Thousands(w.done), Thousands(w.units), w.unit, w.clock()))
}

// check asks Auth0 once about every remaining item, dropping those it no
// longer has. It returns an error if the check did not complete.
func (w *waiter) check(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(FanOut)
	groups, pages := w.snapshot()
	listed, read := 0, 0
	for owner, ids := range groups {
		if owner != "" && pages[owner] < len(ids) {
			listed++
		} else {
			read += len(ids)
		}
	}
	w.mu.Lock()
	w.done, w.units, w.unit = 0, listed+read, "users"
	if listed == 0 {
		w.unit = "IDs"
	} else if read > 0 {
		w.unit = "users and IDs"
	}
	w.mu.Unlock()
	for owner, ids := range groups {
		if owner != "" && pages[owner] < len(ids) {
			// One listing (pages[owner] requests, 1 until known) confirms all of them.
			g.Go(func() error { return w.listOwner(gctx, owner, ids) })
			continue
		}
		for _, id := range ids {
			g.Go(func() error {
				exists, err := w.items.Exists(gctx, id)
				if err != nil {
					return err
				}
				w.mu.Lock()
				defer w.mu.Unlock()
				if !exists {
					delete(w.remaining, id)
				}
				w.stepLocked()
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}
	w.checks++
	return nil
}

// listOwner lists an owner's items once: each of ids it does not list is gone.
func (w *waiter) listOwner(ctx context.Context, owner string, ids []string) error {
	listedIDs, err := w.items.List(ctx, owner)
	if err != nil {
		return err
	}
	listed := make(map[string]bool, len(listedIDs))
	for _, id := range listedIDs {
		listed[id] = true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, id := range ids {
		if !listed[id] {
			delete(w.remaining, id)
		}
	}
	// Pages the listing took, give or take the empty page some tenants end with.
	w.pages[owner] = len(listedIDs)/100 + 1
	w.stepLocked()
	return nil
}

// snapshot groups the remaining IDs by owner, with each owner's last listing
// size, taken under the lock: the check's goroutines update both as it plans.
func (w *waiter) snapshot() (byOwner map[string][]string, pages map[string]int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	byOwner = map[string][]string{}
	for _, id := range slices.Sorted(maps.Keys(w.remaining)) {
		byOwner[w.remaining[id]] = append(byOwner[w.remaining[id]], id)
	}
	return byOwner, maps.Clone(w.pages)
}

// pending is the error for a wait that ended before every item was
// confirmed gone. It reports only what checks saw.
func (w *waiter) pending(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := &PendingError{
		Kind:      w.items.Kind,
		CheckWith: w.items.CheckWith,
		cause:     fmt.Sprintf("after %s", w.Timeout),
		Checked:   w.checks > 0,
		confirmed: w.total - len(w.remaining),
		total:     w.total,
		Remaining: slices.Sorted(maps.Keys(w.remaining)),
	}
	if errors.Is(context.Cause(ctx), context.Canceled) {
		e.cause = causeCanceled
	}
	return e
}

// causeCanceled marks a wait the run's interruption ended.
const causeCanceled = "when the run was interrupted"

// PendingError says a revocation Auth0 accepted was not confirmed in time.
type PendingError struct {
	Kind      Kind
	CheckWith string // "the auth0tokens_refresh_tokens data source"
	cause     string // "after 2m0s", or "when the operation was canceled"
	Checked   bool   // a check completed: Remaining were still listed then
	confirmed int
	total     int
	Remaining []string
	// Later are items of kinds whose wait never started (the wait for an
	// earlier kind ended first): not confirmed either.
	Later map[Kind][]string
	// Done says what the run sent ("Sent the revocation of 40 refresh tokens of 3
	// users"), set by the engine: an unconfirmed revocation still happened.
	Done string
}

// Canceled reports whether the wait ended because the run was interrupted.
func (e *PendingError) Canceled() bool { return e.cause == causeCanceled }

// Unconfirmed are the IDs, by kind, not confirmed gone when the wait ended.
func (e *PendingError) Unconfirmed() map[Kind][]string {
	out := map[Kind][]string{e.Kind: e.Remaining}
	for k, ids := range e.Later {
		out[k] = ids
	}
	return out
}

func (e *PendingError) Error() string {
	ids := ListIDs(e.Remaining)
	if e.Checked {
		if e.Canceled() {
			return fmt.Sprintf("the run was interrupted while %s %s still listed: %s", e.Kind.Count(len(e.Remaining)), plural(len(e.Remaining), "was", "were"), ids)
		}
		return fmt.Sprintf("%s: %s %s still listed: %s", e.cause, e.Kind.Count(len(e.Remaining)), plural(len(e.Remaining), "is", "are"), ids)
	}
	ended := "the wait ended " + e.cause + " before its first check finished"
	if e.Canceled() {
		ended = "the run was interrupted before the wait's first check finished"
	}
	return fmt.Sprintf("%s: %s of %s %s confirmed gone and %s not yet checked: %s",
		ended, Thousands(e.confirmed), e.Kind.Count(e.total), plural(e.confirmed, "was", "were"), Thousands(len(e.Remaining)), ids)
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WaitSettingsHint says how to change the wait of an action or revocation resource.
const WaitSettingsHint = `Raise "timeout" to wait longer, or set "wait = false" to not wait.`

// AddRevokeError reports a failed revocation of what ("refresh tokens of user
// auth0|bob"); rerun says how to run it again, and settings how to change the wait.
func AddRevokeError(diags *diag.Diagnostics, what string, err error, rerun, settings string) {
	var pending *PendingError
	if errors.As(err, &pending) {
		done := ""
		if pending.Done != "" {
			done = pending.Done + ". "
		}
		diags.AddError("Revocation Not Yet Effective", fmt.Sprintf(
			"%sAuth0 accepted the revocation, but %s. Auth0 revokes asynchronously, so what it still lists is normally gone soon. "+
				"To check without revoking anything, read %s (for example in `terraform console` or `tofu console`, or a check block). "+
				"If they stay listed, %s: it revokes, and counts, only what is still listed. %s", done, err, pending.CheckWith, rerun, settings))
		return
	}
	var selecting *SelectError
	if errors.As(err, &selecting) {
		AddSelectError(diags, selecting.Selector, selecting.Err)
		return
	}
	var interrupted *InterruptedError
	if errors.As(err, &interrupted) {
		diags.AddError("Revocation Interrupted", fmt.Sprintf(
			"Revoking %s: %s. Auth0 goes on with what it accepted. To finish, %s: it revokes only what is still there.", what, interrupted, rerun))
		return
	}
	AddAPIError(diags, "revoking "+what, err)
	var stopped *StoppedError
	if errors.As(err, &stopped) && stopped.Revoked > 0 {
		diags.AddWarning("Revoked Before The Run Stopped", fmt.Sprintf(
			"Before Auth0's refusal stopped the run, it had revoked %s; %s not reached. The report_file, if set, names each user and "+
				"what was revoked. Once the cause is fixed, running it again revokes only what is left.",
			stopped.Tally, Count(stopped.NotStarted, "user was", "users were")))
	}
}

// ForEach calls f for each item, FanOut at a time, stopping at the first error,
// with a progress line (format: done, total, each a %s with thousands
// separators) at most every ProgressEvery.
func ForEach[T any](ctx context.Context, ids []T, progress func(string), format string, f func(context.Context, T) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(FanOut)
	var mu sync.Mutex
	done, last := 0, time.Now()
	for _, id := range ids {
		g.Go(func() error {
			if err := f(gctx, id); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			done++
			if done < len(ids) && time.Since(last) >= ProgressEvery {
				last = time.Now()
				progress(fmt.Sprintf(format, Thousands(done), Thousands(len(ids))))
			}
			return nil
		})
	}
	return g.Wait()
}

// ListIDs shows at most 20 IDs, then a count of the rest.
func ListIDs(ids []string) string {
	shown := ids[:min(len(ids), maxListedIDs)]
	s := strings.Join(shown, ", ")
	if len(ids) > len(shown) {
		s += " and " + Thousands(len(ids)-len(shown)) + " more"
	}
	return s
}

// UniqueSorted returns the non-empty IDs, sorted, each once.
func UniqueSorted(ids []string) []string {
	out := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

// UserFailures are the users a multi-user revocation could not finish, with why.
type UserFailures map[string]error

// Reason sorts a failure into what a responder acts on.
func Reason(err error) string {
	var e *auth0api.Error
	if !errors.As(err, &e) {
		return "error"
	}
	switch {
	case e.Kind == auth0api.KindUserNotFound:
		return "not found"
	case e.Kind == auth0api.KindInsufficientScope || e.Kind == auth0api.KindUnauthorized:
		return "forbidden"
	case e.Kind == auth0api.KindRateLimited:
		return "rate limited"
	case e.Kind == auth0api.KindCanceled:
		return "canceled"
	case e.StatusCode >= 500:
		return "server error"
	case e.StatusCode == 0:
		return "network error"
	}
	return e.Kind.String()
}

// AddUserFailures reports the users a revocation could not finish.
func AddUserFailures(diags *diag.Diagnostics, f UserFailures, total int, done string, dryRun bool) {
	if len(f) == 0 {
		return
	}
	if dryRun {
		diags.AddWarning("Dry Run: Some Users Could Not Be Read", fmt.Sprintf(
			"%s; %s of %s could not be read: %s. A real run would fail for them too.", done, Thousands(len(f)), Count(total, "user", "users"), f.Describe()))
		return
	}
	diags.AddError("Revocation Failed For Some Users", fmt.Sprintf(
		"%s; %s of %s failed: %s. Run with TF_LOG=DEBUG to see each request. Running it again is safe: it revokes only what is "+
			"still there.", done, Thousands(len(f)), Count(total, "user", "users"), f.Describe()))
}

// MaxUsers bounds user_ids: an incident's list, not a tenant export.
const MaxUsers = 10_000

// ForgetDeletedUsers drops users that no longer exist from a run's
// failures, with a warning: they have nothing left to revoke. When every one
// of the given user IDs (given: user_ids, not users Auth0 itself selected) is
// unknown, the list is mistyped rather than churned, and that is an error,
// except at destroy, where users deleted since the create are expected.
func ForgetDeletedUsers(diags *diag.Diagnostics, f UserFailures, given int, atDestroy bool) {
	var gone []string
	for user, err := range f {
		if auth0api.IsUserNotFound(err) {
			gone = append(gone, user)
			delete(f, user)
		}
	}
	if len(gone) == 0 {
		return
	}
	slices.Sort(gone)
	if len(gone) == given && !atDestroy {
		diags.AddError("None Of The Users Exist", fmt.Sprintf("Auth0 has none of the %s given: %s, so nothing was revoked. "+
			"Check the IDs: each includes its connection prefix (\"auth0|...\", \"google-oauth2|...\") and is case-sensitive.",
			Count(given, "user", "users"), ListIDs(gone)))
		return
	}
	diags.AddWarning("Users Not Found", fmt.Sprintf("Auth0 has no user %s (mistyped, or deleted), so there was nothing of theirs to revoke.", ListIDs(gone)))
}
