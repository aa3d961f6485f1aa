package session

import (
	"context"
	"errors"
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

// selection says whose sessions to end: a user's, or sessions by ID (ByID,
// even when the list is empty); WithTokens revokes refresh tokens too.
type selection struct {
	UserID     string
	ByID       bool
	SessionIDs []string
	WithTokens bool
	// ByUsers signs out each of UserIDs (even when empty).
	ByUsers bool
	UserIDs []string
	// Users selects users by search, connection or the whole tenant: found
	// when the sign-out runs, then signed out as ByUsers.
	Users shared.UserSelector
	// AtDestroy: a resource's destroy, where users deleted since are expected.
	AtDestroy bool
}

// what names the selection: "sessions of user auth0|bob".
func (s selection) what() string {
	switch {
	case s.ByID:
		return "sessions by ID"
	case s.ByUsers:
		return "sessions of " + shared.Count(len(shared.UniqueSorted(s.UserIDs)), "user", "users")
	case s.Users.Set():
		return "sessions of " + s.Users.Describe()
	}
	return "sessions of user " + s.UserID
}

// outcome is what a sign-out did.
type outcome struct {
	Sessions int
	Tokens   int
	shared.RunOutcome
}

func (o outcome) describe(sel selection) string {
	d := shared.KindSessions.Count(o.Sessions)
	if sel.WithTokens {
		d += " and " + shared.KindTokens.Count(o.Tokens)
	}
	switch {
	case sel.ByID:
		return d + " by session ID"
	case sel.ByUsers && o.Record != nil:
		return d + " of " + o.Record.Of()
	case sel.ByUsers:
		return d + " of " + shared.Count(len(shared.UniqueSorted(sel.UserIDs)), "user", "users")
	case sel.Users.Set():
		return d + " of " + sel.Users.Describe()
	}
	return d + " of user " + sel.UserID
}

// revoker signs users out: it ends sessions (and, WithTokens, revokes refresh
// tokens), and waits for Auth0 to stop listing them, reporting progress.
type revoker struct {
	client   *auth0api.Client
	progress func(string)
	wait     bool
	timeout  time.Duration
	sleep    func(context.Context, time.Duration) error
	// dryRun stops before the first request that would change the tenant.
	dryRun bool
}

// targets are what a sign-out revokes; bound maps a token ID to the session
// it is bound to, for tokens selected through their session.
type targets struct {
	sessions, tokens []shared.Target
	bound            map[string]string
}

func (r revoker) run(ctx context.Context, sel selection) (outcome, error) {
	if sel.Users.Set() {
		users, err := sel.Users.Users(ctx, r.client, r.progress, r.sleep)
		if err != nil {
			return outcome{}, &shared.SelectError{Selector: sel.Users, Err: err}
		}
		sel.ByUsers, sel.UserIDs = true, users
		out, err := r.runUsers(ctx, sel)
		out.Users = users
		return out, err
	}
	if sel.ByUsers {
		return r.runUsers(ctx, sel)
	}
	start := time.Now()
	tg, out, err := r.selectTargets(ctx, sel)
	out.DryRun = r.dryRun
	out.Record = shared.NewUsersRun(owners(sel, tg.sessions), shared.KindSessions, shared.KindTokens)
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
		r.progress(fmt.Sprintf("%s (mistyped, or already ended or expired): %s", shared.NotExist("session IDs", len(out.NotFound)), shared.ListIDs(out.NotFound)))
	}
	if len(tg.sessions) == 0 && len(tg.tokens) == 0 {
		switch {
		case sel.ByID && len(sel.SessionIDs) == 0:
			r.progress("Nothing to revoke: session_ids is empty")
		case sel.ByID:
			r.progress("Nothing to revoke: none of the given sessions exist")
		case sel.WithTokens:
			r.progress("Nothing to revoke: user " + sel.UserID + " has no sessions and no refresh tokens")
		default:
			r.progress("Nothing to revoke: user " + sel.UserID + " has no sessions")
		}
		return out, nil
	}
	planned := outcome{Sessions: len(tg.sessions), Tokens: len(tg.tokens)}
	if r.dryRun {
		out.Sessions, out.Tokens = planned.Sessions, planned.Tokens
		out.Record.RevokedTargets(shared.KindSessions, tg.sessions)
		out.Record.RevokedTargets(shared.KindTokens, tg.tokens)
		r.progress("Dry run: would revoke " + planned.describe(sel))
		shared.DryRunDetails(out.Record, r.progress)
		return out, nil
	}
	r.progress("Signing out: revoking " + planned.describe(sel))
	tflog.Debug(ctx, "Revoking sessions", map[string]any{"sessions": len(tg.sessions), "tokens": len(tg.tokens)})

	var sessions, tokens []shared.Target
	gone, err := r.revoke(ctx, sel, tg, func(kind shared.Kind, t []shared.Target) {
		out.Record.RevokedTargets(kind, t)
		if kind == shared.KindSessions {
			sessions = append(sessions, t...)
		} else {
			tokens = append(tokens, t...)
		}
	})
	// Only what Auth0 accepted counts, also when an error stopped the rest.
	out.Sessions, out.Tokens = len(sessions), len(tokens)
	if err != nil {
		if out.Sessions+out.Tokens > 0 {
			err = fmt.Errorf("%w (%s had been revoked)", err, strings.TrimSuffix(out.describe(sel), " by session ID"))
		}
		return out, err
	}
	if len(gone) > 0 {
		out.NotFound = shared.UniqueSorted(append(out.NotFound, gone...))
	}
	if !r.wait {
		r.progress(fmt.Sprintf("Revocation of %s requested in %.1f s; not waiting for it to take effect (wait = false)", out.describe(sel), time.Since(start).Seconds()))
		return out, nil
	}
	if err := r.waitGone(ctx, sessions, tokens); err != nil {
		return out, shared.WithDone(err, "Sent the revocation of "+out.describe(sel))
	}
	r.progress(fmt.Sprintf("Signed out: revoked %s in %.1f s", out.describe(sel), time.Since(start).Seconds()))
	return out, nil
}

// waitGone waits, within one timeout, until Auth0 lists neither the sessions nor the tokens.
func (r revoker) waitGone(ctx context.Context, sessions, tokens []shared.Target) error {
	timeout := r.timeout
	if timeout <= 0 {
		timeout = shared.DefaultTimeout
	}
	now := time.Now()
	w := shared.Waiting{Progress: r.progress, Sleep: r.sleep, Deadline: now.Add(timeout), Timeout: timeout, Start: now}
	if err := w.Wait(ctx, shared.SessionItems(r.client), sessions); err != nil {
		var pending *shared.PendingError
		if errors.As(err, &pending) && len(tokens) > 0 {
			ids := make([]string, len(tokens))
			for i, t := range tokens {
				ids[i] = t.ID
			}
			pending.Later = map[shared.Kind][]string{shared.KindTokens: shared.UniqueSorted(ids)}
		}
		return err
	}
	return w.Wait(ctx, shared.TokenItems(r.client, "", ""), tokens)
}

// runUsers signs many users out: each user's listing and revocation run
// FanOut at a time, one user's failure does not stop the others, then one
// wait covers them all. Counts come from what Auth0 accepted, user by user,
// so a failed, partly done or interrupted run reports exactly what it did.
func (r revoker) runUsers(ctx context.Context, sel selection) (outcome, error) {
	start := time.Now()
	run := shared.NewUsersRun(sel.UserIDs, shared.KindSessions, shared.KindTokens)
	if r.dryRun {
		run.DryRun()
	}
	if len(run.Users) == 0 {
		r.progress("Nothing to revoke: no users selected")
		return outcome{RunOutcome: shared.RunOutcome{DryRun: r.dryRun, Record: run}}, nil
	}
	if r.dryRun {
		listed := "sessions"
		if sel.WithTokens {
			listed = "sessions and refresh tokens"
		}
		r.progress("Dry run: listing the " + listed + " of " + shared.Count(len(run.Users), "user", "users") + "; nothing will be revoked")
	} else {
		r.progress("Signing out " + shared.Count(len(run.Users), "user", "users"))
	}
	quiet := r
	quiet.progress = func(string) {}
	shared.EachUser(ctx, run, r.progress, func(ctx context.Context, user string) error {
		one := selection{UserID: user, WithTokens: sel.WithTokens}
		tg, _, err := quiet.selectTargets(ctx, one)
		if err != nil || len(tg.sessions)+len(tg.tokens) == 0 {
			return err
		}
		if r.dryRun {
			run.Revoked(user, shared.KindSessions, tg.sessions)
			run.Revoked(user, shared.KindTokens, tg.tokens)
			return nil
		}
		_, err = quiet.revoke(ctx, one, tg, func(kind shared.Kind, t []shared.Target) { run.Revoked(user, kind, t) })
		return err
	})
	out := outcome{Sessions: run.Total(shared.KindSessions), Tokens: run.Total(shared.KindTokens), RunOutcome: shared.RunOutcome{Failed: run.Failures(), DryRun: r.dryRun, Record: run}}
	if err := run.Fatal(); err != nil {
		return out, err // the credentials were refused: the same for every user
	}
	if ctx.Err() != nil {
		out.Failed = out.Failed.WithoutCanceled()
		return out, run.Interrupted()
	}
	if r.dryRun {
		r.progress("Dry run: would revoke " + out.describe(sel) + run.FailedSummary())
		shared.DryRunDetails(run, r.progress)
		return out, nil
	}
	if run.Total(shared.KindTokens)+run.Total(shared.KindSessions) == 0 && len(out.Failed) == 0 {
		r.progress("Nothing to revoke: found no " + sel.what())
		return out, nil
	}
	r.progress(fmt.Sprintf("Revocation of %s sent in %.1f s%s", out.describe(sel), time.Since(start).Seconds(), run.FailedSummary()))
	if r.wait && out.Sessions+out.Tokens > 0 {
		if err := r.waitGone(ctx, run.Targets(shared.KindSessions), run.Targets(shared.KindTokens)); err != nil {
			return out, shared.WithDone(err, "Sent the revocation of "+out.describe(sel))
		}
		r.progress(fmt.Sprintf("Signed out: revoked %s in %.1f s", out.describe(sel), time.Since(start).Seconds()))
	}
	return out, nil
}

// owners are the users a single-user or by-ID selection touches.
func owners(sel selection, sessions []shared.Target) []string {
	if !sel.ByID {
		return []string{sel.UserID}
	}
	users := make([]string, 0, len(sessions))
	for _, s := range sessions {
		users = append(users, s.Owner)
	}
	return users
}

// selectTargets finds the sessions (and, WithTokens, the refresh tokens) the
// selection covers now. By user, every token of the user is included: tokens
// not bound to a session (issued before 2023-09-21) survive a session
// revocation. By ID, each session is read once (a 404 is named, not counted),
// and the tokens included are those bound to the selected sessions.
func (r revoker) selectTargets(ctx context.Context, sel selection) (tg targets, out outcome, err error) {
	if !sel.ByID {
		list, err := r.client.ListSessions(ctx, sel.UserID)
		if err != nil {
			return tg, out, fmt.Errorf("listing the sessions of user %q: %w", sel.UserID, err)
		}
		for _, s := range list {
			tg.sessions = append(tg.sessions, shared.Target{ID: s.ID, Owner: sel.UserID})
		}
		if sel.WithTokens {
			list, err := r.client.ListTokens(ctx, auth0api.ListQuery{UserID: sel.UserID})
			if err != nil {
				return tg, out, fmt.Errorf("listing the refresh tokens of user %q: %w", sel.UserID, err)
			}
			for _, t := range list {
				tg.tokens = append(tg.tokens, shared.Target{ID: t.ID, Owner: sel.UserID})
			}
		}
		return tg, out, nil
	}

	var mu sync.Mutex
	err = shared.ForEach(ctx, shared.UniqueSorted(sel.SessionIDs), r.progress, "Checked %s of %s session IDs", func(ctx context.Context, id string) error {
		s, err := r.client.GetSession(ctx, id)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case auth0api.IsNotFound(err):
			out.NotFound = append(out.NotFound, id)
		case err != nil:
			return fmt.Errorf("reading session %q: %w", id, err)
		default:
			tg.sessions = append(tg.sessions, shared.Target{ID: id, Owner: s.UserID})
		}
		return nil
	})
	if err != nil {
		return tg, out, err
	}
	slices.Sort(out.NotFound)
	slices.SortFunc(tg.sessions, func(a, b shared.Target) int { return strings.Compare(a.ID, b.ID) })
	if sel.WithTokens {
		tg.tokens, tg.bound, err = r.boundTokens(ctx, tg.sessions)
	}
	return tg, out, err
}

// boundTokens lists each owner's tokens once and keeps those bound to the
// sessions; bound maps each kept token to its session.
func (r revoker) boundTokens(ctx context.Context, sessions []shared.Target) ([]shared.Target, map[string]string, error) {
	selected := map[string]bool{}
	var owners []string
	for _, s := range sessions {
		selected[s.ID] = true
		if s.Owner != "" && !slices.Contains(owners, s.Owner) {
			owners = append(owners, s.Owner)
		}
	}
	var tokens []shared.Target
	bound := map[string]string{}
	for _, owner := range owners {
		list, err := r.client.ListTokens(ctx, auth0api.ListQuery{UserID: owner})
		if err != nil {
			return nil, nil, fmt.Errorf("listing the refresh tokens of user %q: %w", owner, err)
		}
		for _, t := range list {
			if t.SessionID != nil && selected[*t.SessionID] {
				tokens = append(tokens, shared.Target{ID: t.ID, Owner: owner})
				bound[t.ID] = *t.SessionID
			}
		}
	}
	return tokens, bound, nil
}

// revoke ends the sessions (and revokes the tokens), telling record what
// Auth0 accepted as it goes; gone are session IDs Auth0 answered 404 for.
func (r revoker) revoke(ctx context.Context, sel selection, tg targets, record func(shared.Kind, []shared.Target)) (gone []string, err error) {
	if !sel.ByID {
		if len(tg.sessions) > 0 {
			if err := r.client.DeleteUserSessions(ctx, sel.UserID); err != nil {
				return nil, fmt.Errorf("ending the sessions of user %q: %w", sel.UserID, err)
			}
			record(shared.KindSessions, tg.sessions)
		}
		if len(tg.tokens) > 0 {
			if err := r.client.RevokeUserTokens(ctx, sel.UserID); err != nil {
				return nil, fmt.Errorf("revoking the refresh tokens of user %q: %w", sel.UserID, err)
			}
			record(shared.KindTokens, tg.tokens)
		}
		return nil, nil
	}
	tokensOf := map[string][]shared.Target{}
	for _, t := range tg.tokens {
		tokensOf[tg.bound[t.ID]] = append(tokensOf[tg.bound[t.ID]], t)
	}
	var mu sync.Mutex
	err = shared.ForEach(ctx, tg.sessions, r.progress, "Revoked %s of %s sessions", func(ctx context.Context, s shared.Target) error {
		err := r.client.EndSession(ctx, s.ID, sel.WithTokens)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case auth0api.IsNotFound(err):
			gone = append(gone, s.ID)
		case err != nil:
			return fmt.Errorf("revoking session %q: %w", s.ID, err)
		default:
			record(shared.KindSessions, []shared.Target{s})
			record(shared.KindTokens, tokensOf[s.ID])
		}
		return nil
	})
	slices.Sort(gone)
	return gone, err
}

// addOutcome reports what a sign-out could not do: users that failed (an
// error) and session IDs that do not exist.
func addOutcome(diags *diag.Diagnostics, sel selection, out outcome) {
	shared.WarnNobodySelected(diags, sel.Users, out.Users)
	given := len(shared.UniqueSorted(sel.UserIDs)) // user_ids; 0 for users a selector found
	if sel.Users.Set() && out.Users != nil {
		sel.ByUsers, sel.UserIDs, given = true, out.Users, 0
	}
	// Of many users, one that no longer exists is churn: named in a warning,
	// not a failure, so that a re-run comes out clean.
	shared.ForgetDeletedUsers(diags, out.Failed, given, sel.AtDestroy)
	shared.AddUserFailures(diags, out.Failed, len(shared.UniqueSorted(sel.UserIDs)), shared.Verb(out.DryRun)+out.describe(sel), out.DryRun)
	if len(out.NotFound) > 0 {
		diags.AddWarning("Sessions Not Found", fmt.Sprintf(
			"%s, so not revoked and not counted: %s. Check them for typos; "+
				"a session already ended or expired also reads as not found.", shared.NotExist("session IDs", len(out.NotFound)), shared.ListIDs(out.NotFound)))
	}
}

// report is the selection as configured, for the run report.
func (s selection) report() map[string]any {
	m := s.Users.Selection()
	switch {
	case s.ByID:
		m["session_ids"] = shared.UniqueSorted(s.SessionIDs)
	case s.ByUsers:
		m["user_ids"] = shared.UniqueSorted(s.UserIDs)
	case s.UserID != "":
		m["user_id"] = s.UserID
	}
	m["include_refresh_tokens"] = s.WithTokens
	return m
}
