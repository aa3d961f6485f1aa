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

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Kind is a kind of item a revocation revokes, with its nouns.
type Kind struct{ One, Many string }

// Kinds every area revokes.
var (
	KindTokens   = Kind{One: "refresh token", Many: "refresh tokens"}
	KindSessions = Kind{One: "session", Many: "sessions"}
)

// Count says "1 refresh token", "3 refresh tokens".
func (k Kind) Count(n int) string { return Count(n, k.One, k.Many) }

// Count says "1 user", "3 users".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(n) + " " + many
}

// WithDone adds what the run sent to a wait's error: the revocation happened
// even though it was not confirmed.
func WithDone(err error, done string) error {
	var pending *PendingError
	if errors.As(err, &pending) {
		pending.Done = done
	}
	return err
}

// NotExist says "1 of the given token IDs does not exist", "2 of ... do not exist".
func NotExist(what string, n int) string {
	if n == 1 {
		return "1 of the given " + what + " does not exist"
	}
	return fmt.Sprintf("%s of the given %s do not exist", Thousands(n), what)
}

// Only keeps the targets whose ID is in ids.
func Only(targets []Target, ids []string) []Target {
	keep := make(map[string]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	return slices.DeleteFunc(targets, func(t Target) bool { return !keep[t.ID] })
}

// UsersRun is what a many-user revocation did, user by user: the IDs each
// user had revoked, by kind, and what stopped the rest. Counts come from it
// alone, so a failed, partly done or interrupted run still reports (and a
// resource still records) exactly what was revoked. Safe for concurrent use.
type UsersRun struct {
	Users []string // every user, sorted and unique
	kinds []Kind   // in report order

	mu      sync.Mutex
	started map[string]bool
	revoked map[string]map[Kind][]Target // user -> kind -> targets
	failed  UserFailures
	fatal   error // a refusal that stopped the run
	dryRun  bool  // for progress lines: nothing is revoked
}

// DryRun marks the record as a dry run's, for its progress lines.
func (u *UsersRun) DryRun() *UsersRun {
	u.dryRun = true
	return u
}

// NewUsersRun starts the record of a revocation for users (deduplicated) of kinds.
func NewUsersRun(users []string, kinds ...Kind) *UsersRun {
	return &UsersRun{Users: UniqueSorted(users), kinds: kinds, started: map[string]bool{},
		revoked: map[string]map[Kind][]Target{}, failed: UserFailures{}}
}

// Reached records that the run listed a user's items, so that a user with
// nothing to revoke is reported as "nothing", not as not started.
func (u *UsersRun) Reached(user string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.started[user] = true
}

// Revoked records that Auth0 accepted the revocation of a user's targets.
func (u *UsersRun) Revoked(user string, kind Kind, targets []Target) {
	if len(targets) == 0 {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.started[user] = true
	if u.revoked[user] == nil {
		u.revoked[user] = map[Kind][]Target{}
	}
	u.revoked[user][kind] = append(u.revoked[user][kind], targets...)
}

// RevokedTargets records targets of several owners, each under its owner.
func (u *UsersRun) RevokedTargets(kind Kind, targets []Target) {
	byOwner := map[string][]Target{}
	for _, t := range targets {
		byOwner[t.Owner] = append(byOwner[t.Owner], t)
	}
	for owner, ts := range byOwner {
		u.Revoked(owner, kind, ts)
	}
}

// Fail records why a user could not be (fully) handled.
func (u *UsersRun) Fail(user string, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.started[user] = true
	u.failed[user] = err
}

// UserRecord is what a run did for one user, for reports.
type UserRecord struct {
	UserID  string
	Revoked map[Kind][]string // IDs, sorted
	Err     error             // nil when the user was handled in full
	Started bool
}

// Records lists every user with what was revoked for them, in user order.
func (u *UsersRun) Records() []UserRecord {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := make([]UserRecord, 0, len(u.Users))
	for _, user := range u.Users {
		r := UserRecord{UserID: user, Revoked: map[Kind][]string{}, Err: u.failed[user], Started: u.started[user]}
		for k, ts := range u.revoked[user] {
			ids := make([]string, len(ts))
			for i, t := range ts {
				ids[i] = t.ID
			}
			slices.Sort(ids)
			r.Revoked[k] = ids
		}
		out = append(out, r)
	}
	return out
}

// Total is how many items of kind were revoked.
func (u *UsersRun) Total(kind Kind) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := 0
	for _, byKind := range u.revoked {
		n += len(byKind[kind])
	}
	return n
}

// Targets are the revoked items of kind, for the wait.
func (u *UsersRun) Targets(kind Kind) []Target {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []Target
	for _, user := range u.Users {
		out = append(out, u.revoked[user][kind]...)
	}
	return out
}

// Failures are the users that did not finish, each with why (a *PartialError
// when something of theirs was revoked first), but for those refused the
// way that stopped the run (the run's error names it; the report lists them).
func (u *UsersRun) Failures() UserFailures {
	u.mu.Lock()
	defer u.mu.Unlock()
	f := make(UserFailures, len(u.failed))
	for user, err := range u.failed {
		if u.fatal != nil && isCredentialRefusal(err) {
			continue // the refusal that stopped the run says it, once
		}
		if done := u.doneLocked(user); done != "" {
			err = &PartialError{Done: done, Err: err}
		}
		f[user] = err
	}
	return f
}

// doneLocked says what was revoked for one user ("2 sessions"), or "".
func (u *UsersRun) doneLocked(user string) string {
	var parts []string
	for _, k := range u.kinds {
		if n := len(u.revoked[user][k]); n > 0 {
			parts = append(parts, k.Count(n))
		}
	}
	return strings.Join(parts, " and ")
}

// Of says whose items a summary counts: "3 users" when every user had
// something to revoke (or, in a dry run, would have), else those that did
// of those checked: "766 users (2,300 checked)".
func (u *UsersRun) Of() string {
	u.mu.Lock()
	n := 0
	for _, byKind := range u.revoked {
		for _, ts := range byKind {
			if len(ts) > 0 {
				n++
				break
			}
		}
	}
	u.mu.Unlock()
	if n == len(u.Users) {
		return Count(n, "user", "users")
	}
	return Count(n, "user", "users") + " (" + Thousands(len(u.Users)) + " checked)"
}

// Tally says what was revoked in all: "68 sessions and 171 refresh tokens".
func (u *UsersRun) Tally() string {
	parts := make([]string, len(u.kinds))
	for i, k := range u.kinds {
		parts[i] = k.Count(u.Total(k))
	}
	return strings.Join(parts, " and ")
}

// status is the progress line's tally: "68 sessions and 171 refresh tokens revoked".
func (u *UsersRun) status() string {
	if u.dryRun {
		return u.Tally() + " to revoke"
	}
	return u.Tally() + " revoked"
}

// Interrupted describes where a canceled run stopped: users done, partly
// done or in progress, and not started, each named (the first 20).
func (u *UsersRun) Interrupted() *InterruptedError {
	e := &InterruptedError{Tally: u.Tally()}
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, user := range u.Users {
		switch {
		case !u.started[user]:
			e.NotStarted = append(e.NotStarted, user)
		case u.failed[user] == nil:
			e.Done = append(e.Done, user)
		case Reason(u.failed[user]) == "canceled":
			e.Partial = append(e.Partial, user)
		} // a user that failed otherwise is named with the failures
	}
	return e
}

// EachUser runs do for each user, FanOut at a time; one user's failure does
// not stop the others. do records what it revoked with run.Revoked as it goes.
// Every ProgressEvery it reports how far it got. A canceled context starts no
// further user: Interrupted names those not started.
func EachUser(ctx context.Context, run *UsersRun, progress func(string), do func(ctx context.Context, user string) error) {
	// A refusal of the credentials (a missing scope) is the same for every
	// user: the first one starts no further user, rather than failing each
	// user in turn. The users already in flight finish, so that each is
	// recorded with the answer it really got.
	starting, stop := context.WithCancel(ctx)
	defer stop()
	done, last := 0, time.Now()
	each := func(user string) {
		run.mu.Lock()
		run.started[user] = true
		run.mu.Unlock()
		err := do(ctx, user)
		run.mu.Lock()
		done++
		if err != nil {
			run.failed[user] = err
		}
		if err != nil && isCredentialRefusal(err) {
			if run.fatal == nil {
				run.fatal = err
			}
			stop()
		}
		report := time.Since(last) >= ProgressEvery && done < len(run.Users)
		if report {
			last = time.Now()
		}
		n, failed := done, run.failedSummaryLocked()
		run.mu.Unlock()
		if report {
			progress(fmt.Sprintf("Users %s of %s done, %s%s", Thousands(n), Thousands(len(run.Users)), run.status(), failed))
		}
	}
	_ = ForEach(starting, run.Users, func(string) {}, "", func(_ context.Context, user string) error {
		if starting.Err() == nil {
			each(user)
		}
		return nil // the next user goes on
	})
}

// failedSummaryLocked says how many users failed and how many do not exist,
// for progress lines: "; 2 users failed, 1 user not found", or "".
func (u *UsersRun) failedSummaryLocked() string {
	failed, gone := 0, 0
	for _, err := range u.failed {
		if Reason(err) == "not found" {
			gone++
		} else {
			failed++
		}
	}
	var parts []string
	if failed > 0 {
		parts = append(parts, Count(failed, "user", "users")+" failed")
	}
	if gone > 0 {
		parts = append(parts, Count(gone, "user", "users")+" not found")
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

// FailedSummary says how many users failed and how many do not exist:
// "; 2 users failed, 1 user not found", or "" when none did either.
func (u *UsersRun) FailedSummary() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.failedSummaryLocked()
}

// Fatal is the refusal that stopped the run (a missing scope), or nil.
func (u *UsersRun) Fatal() error {
	u.mu.Lock()
	fatal := u.fatal
	notStarted := 0
	for _, user := range u.Users {
		if !u.started[user] {
			notStarted++
		}
	}
	u.mu.Unlock()
	if fatal == nil {
		return nil
	}
	revoked := 0
	for _, k := range u.kinds {
		revoked += u.Total(k)
	}
	return &StoppedError{Err: fatal, Tally: u.Tally(), Revoked: revoked, NotStarted: notStarted}
}

// StoppedError is a refusal that stopped a many-user run (a missing scope,
// refused credentials), with what the run had done before it.
type StoppedError struct {
	Err        error
	Tally      string // what was revoked: "4 sessions and 0 refresh tokens"
	Revoked    int
	NotStarted int // users the run never reached
}

func (e *StoppedError) Error() string { return e.Err.Error() }
func (e *StoppedError) Unwrap() error { return e.Err }

// isCredentialRefusal reports errors that would repeat for every user.
func isCredentialRefusal(err error) bool {
	k := auth0api.KindOf(err)
	return k == auth0api.KindInsufficientScope || k == auth0api.KindUnauthorized
}

// WithoutCanceled drops the users an interruption stopped mid-way: the
// interruption names them (partly done or in progress).
func (f UserFailures) WithoutCanceled() UserFailures {
	out := UserFailures{}
	for user, err := range f {
		if Reason(err) != "canceled" {
			out[user] = err
		}
	}
	return out
}

// PartialError is a user's failure after part of their revocation was accepted.
type PartialError struct {
	Done string // "2 sessions"
	Err  error
}

func (e *PartialError) Error() string { return fmt.Sprintf("%v, after %s revoked", e.Err, e.Done) }
func (e *PartialError) Unwrap() error { return e.Err }

// InterruptedError says where a many-user run stopped when it was canceled.
type InterruptedError struct {
	Tally                     string // what was revoked: "68 sessions and 171 refresh tokens"
	Done, Partial, NotStarted []string
}

func (e *InterruptedError) Error() string {
	s := fmt.Sprintf("the run was canceled after revoking %s: %s done", e.Tally, Count(len(e.Done), "user", "users"))
	if len(e.Partial) > 0 {
		s += fmt.Sprintf(", %s partly done or in progress (%s)", Thousands(len(e.Partial)), ListIDs(e.Partial))
	}
	if len(e.NotStarted) > 0 {
		s += fmt.Sprintf(", %s not started (%s)", Thousands(len(e.NotStarted)), ListIDs(e.NotStarted))
	}
	return s
}

// Is lets errors.Is(err, context.Canceled) see an interruption.
func (e *InterruptedError) Is(target error) bool { return target == context.Canceled }

// Describe names the failed users (first 20) with each one's reason, and
// what was revoked for those partly done, and counts the rest.
func (f UserFailures) Describe() string {
	users := slices.Sorted(maps.Keys(f))
	shown := make([]string, 0, min(len(users), maxListedIDs))
	for _, u := range users[:min(len(users), maxListedIDs)] {
		var partial *PartialError
		if errors.As(f[u], &partial) {
			shown = append(shown, fmt.Sprintf("%s (%s after %s revoked)", u, Reason(f[u]), partial.Done))
			continue
		}
		shown = append(shown, fmt.Sprintf("%s (%s)", u, Reason(f[u])))
	}
	s := strings.Join(shown, ", ")
	if len(users) > len(shown) {
		s += " and " + Thousands(len(users)-len(shown)) + " more"
	}
	return s
}

// DryRunDetails reports, user by user (the first 20), what a dry run would
// revoke: "Would revoke for auth0|bob: 2 refresh tokens (rt_1, rt_2)".
func DryRunDetails(run *UsersRun, progress func(string)) {
	shown := 0
	var rest int
	for _, rec := range run.Records() {
		var parts []string
		for _, k := range run.kinds {
			if ids := rec.Revoked[k]; len(ids) > 0 {
				parts = append(parts, fmt.Sprintf("%s (%s)", k.Count(len(ids)), ListIDs(ids)))
			}
		}
		if len(parts) == 0 {
			continue
		}
		if shown == maxListedIDs {
			rest++
			continue
		}
		shown++
		progress(fmt.Sprintf("Would revoke for %s: %s", rec.UserID, strings.Join(parts, " and ")))
	}
	if rest > 0 {
		progress(fmt.Sprintf("... and %s more (the report file lists them all)", Count(rest, "user", "users")))
	}
}

// Verb starts a summary: what was done, or in a dry run what would be.
func Verb(dryRun bool) string {
	if dryRun {
		return "Would revoke "
	}
	return "Revoked "
}
