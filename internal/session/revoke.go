package session

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
}

// what names the selection: "sessions of user auth0|bob".
func (s selection) what() string {
	switch {
	case s.ByID:
		return "sessions by ID"
	case s.ByUsers:
		return fmt.Sprintf("sessions of %d users", len(shared.UniqueSorted(s.UserIDs)))
	}
	return "sessions of user " + s.UserID
}

// outcome is what a sign-out did.
type outcome struct {
	Sessions int
	Tokens   int
	// NotFound are session IDs the tenant said do not exist.
	NotFound []string
	// Failed are the users (of ByUsers) that could not be signed out.
	Failed shared.UserFailures
}

func (o outcome) describe(sel selection) string {
	d := fmt.Sprintf("%d %s", o.Sessions, plural(o.Sessions, "session", "sessions"))
	if sel.WithTokens {
		d += fmt.Sprintf(" and %d refresh %s", o.Tokens, plural(o.Tokens, "token", "tokens"))
	}
	switch {
	case sel.ByID:
		return d + " by session ID"
	case sel.ByUsers:
		return fmt.Sprintf("%s of %d users", d, len(shared.UniqueSorted(sel.UserIDs)))
	}
	return d + " of user " + sel.UserID
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// revoker signs users out: it ends sessions (and, WithTokens, revokes refresh
// tokens), and waits for Auth0 to stop listing them, reporting progress.
type revoker struct {
	client   *auth0api.Client
	progress func(string)
	wait     bool
	timeout  time.Duration
	sleep    func(context.Context, time.Duration) error
}

func (r revoker) run(ctx context.Context, sel selection) (outcome, error) {
	if sel.ByUsers {
		return r.runUsers(ctx, sel)
	}
	start := time.Now()
	sessions, tokens, out, err := r.selectTargets(ctx, sel)
	if err != nil {
		return out, err
	}
	if len(out.NotFound) > 0 {
		r.progress(fmt.Sprintf("%d of the given session IDs do not exist (mistyped, or already ended or expired): %s", len(out.NotFound), shared.ListIDs(out.NotFound)))
	}
	if len(sessions) == 0 && len(tokens) == 0 {
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
	out.Sessions, out.Tokens = len(sessions), len(tokens)
	r.progress("Signing out: revoking " + out.describe(sel))
	tflog.Debug(ctx, "Revoking sessions", map[string]any{"sessions": len(sessions), "tokens": len(tokens)})

	gone, err := r.revoke(ctx, sel, sessions, tokens)
	if err != nil {
		return out, err
	}
	if len(gone) > 0 {
		out.NotFound = shared.UniqueSorted(append(out.NotFound, gone...))
		sessions = slices.DeleteFunc(sessions, func(t shared.Target) bool { return slices.Contains(gone, t.ID) })
		out.Sessions = len(sessions)
	}
	if !r.wait {
		r.progress(fmt.Sprintf("Revocation of %s requested in %.1f s; not waiting for it to take effect (wait = false)", out.describe(sel), time.Since(start).Seconds()))
		return out, nil
	}
	if err := r.waitGone(ctx, sessions, tokens); err != nil {
		return out, err
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
		return err
	}
	return w.Wait(ctx, shared.TokenItems(r.client, "", ""), tokens)
}

// runUsers signs many users out: each user's listing and revocation run
// FanOut at a time, one user's failure does not stop the others, then one
// wait covers them all.
func (r revoker) runUsers(ctx context.Context, sel selection) (outcome, error) {
	start := time.Now()
	users := shared.UniqueSorted(sel.UserIDs)
	if len(users) == 0 {
		r.progress("Nothing to revoke: user_ids is empty")
		return outcome{}, nil
	}
	r.progress(fmt.Sprintf("Signing out %d users", len(users)))
	quiet := r
	quiet.progress = func(string) {}
	var out outcome
	var mu sync.Mutex
	var sessions, tokens []shared.Target
	status := func() string {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprintf("%d sessions and %d tokens revoked", len(sessions), len(tokens))
	}
	out.Failed = shared.EachUser(ctx, users, r.progress, status, func(ctx context.Context, user string) error {
		one := selection{UserID: user, WithTokens: sel.WithTokens}
		ss, ts, _, err := quiet.selectTargets(ctx, one)
		if err == nil && len(ss)+len(ts) > 0 {
			_, err = quiet.revoke(ctx, one, ss, ts)
		}
		if err == nil {
			mu.Lock()
			sessions, tokens = append(sessions, ss...), append(tokens, ts...)
			mu.Unlock()
		}
		return err
	})
	if err := ctx.Err(); err != nil {
		return out, fmt.Errorf("signing out %d users: %w", len(users), err)
	}
	out.Sessions, out.Tokens = len(sessions), len(tokens)
	r.progress(fmt.Sprintf("Revocation of %s sent in %.1f s; %d users failed", out.describe(sel), time.Since(start).Seconds(), len(out.Failed)))
	if r.wait && len(sessions)+len(tokens) > 0 {
		if err := r.waitGone(ctx, sessions, tokens); err != nil {
			return out, err
		}
		r.progress(fmt.Sprintf("Signed out: revoked %s in %.1f s", out.describe(sel), time.Since(start).Seconds()))
	}
	return out, nil
}

// selectTargets finds the sessions (and, WithTokens, the refresh tokens) the
// selection covers now. By user, every token of the user is included: tokens
// not bound to a session (issued before 2023-09-21) survive a session
// revocation. By ID, each session is read once (a 404 is named, not counted),
// and the tokens included are those bound to the selected sessions.
func (r revoker) selectTargets(ctx context.Context, sel selection) (sessions, tokens []shared.Target, out outcome, err error) {
	if !sel.ByID {
		list, err := r.client.ListSessions(ctx, sel.UserID)
		if err != nil {
			return nil, nil, out, fmt.Errorf("listing the sessions of user %q: %w", sel.UserID, err)
		}
		for _, s := range list {
			sessions = append(sessions, shared.Target{ID: s.ID, Owner: sel.UserID})
		}
		if sel.WithTokens {
			list, err := r.client.ListTokens(ctx, auth0api.ListQuery{UserID: sel.UserID})
			if err != nil {
				return nil, nil, out, fmt.Errorf("listing the refresh tokens of user %q: %w", sel.UserID, err)
			}
			for _, t := range list {
				tokens = append(tokens, shared.Target{ID: t.ID, Owner: sel.UserID})
			}
		}
		return sessions, tokens, out, nil
	}

	var mu sync.Mutex
	err = shared.ForEach(ctx, shared.UniqueSorted(sel.SessionIDs), r.progress, "Checked %d of %d session IDs", func(ctx context.Context, id string) error {
		s, err := r.client.GetSession(ctx, id)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case auth0api.IsNotFound(err):
			out.NotFound = append(out.NotFound, id)
		case err != nil:
			return fmt.Errorf("reading session %q: %w", id, err)
		default:
			sessions = append(sessions, shared.Target{ID: id, Owner: s.UserID})
		}
		return nil
	})
	if err != nil {
		return nil, nil, out, err
	}
	slices.Sort(out.NotFound)
	slices.SortFunc(sessions, func(a, b shared.Target) int { return strings.Compare(a.ID, b.ID) })
	if sel.WithTokens {
		tokens, err = r.boundTokens(ctx, sessions)
	}
	return sessions, tokens, out, err
}

// boundTokens lists each owner's tokens once and keeps those bound to the sessions.
func (r revoker) boundTokens(ctx context.Context, sessions []shared.Target) ([]shared.Target, error) {
	selected := map[string]bool{}
	var owners []string
	for _, s := range sessions {
		selected[s.ID] = true
		if s.Owner != "" && !slices.Contains(owners, s.Owner) {
			owners = append(owners, s.Owner)
		}
	}
	var tokens []shared.Target
	for _, owner := range owners {
		list, err := r.client.ListTokens(ctx, auth0api.ListQuery{UserID: owner})
		if err != nil {
			return nil, fmt.Errorf("listing the refresh tokens of user %q: %w", owner, err)
		}
		for _, t := range list {
			if t.SessionID != nil && selected[*t.SessionID] {
				tokens = append(tokens, shared.Target{ID: t.ID, Owner: owner})
			}
		}
	}
	return tokens, nil
}

// revoke ends the sessions; gone are session IDs Auth0 answered 404 for.
func (r revoker) revoke(ctx context.Context, sel selection, sessions, tokens []shared.Target) (gone []string, err error) {
	if !sel.ByID {
		if len(sessions) > 0 {
			if err := r.client.DeleteUserSessions(ctx, sel.UserID); err != nil {
				return nil, fmt.Errorf("ending the sessions of user %q: %w", sel.UserID, err)
			}
		}
		if len(tokens) > 0 {
			if err := r.client.RevokeUserTokens(ctx, sel.UserID); err != nil {
				return nil, fmt.Errorf("revoking the refresh tokens of user %q: %w", sel.UserID, err)
			}
		}
		return nil, nil
	}
	ids := make([]string, len(sessions))
	for i, s := range sessions {
		ids[i] = s.ID
	}
	var mu sync.Mutex
	err = shared.ForEach(ctx, ids, r.progress, "Revoked %d of %d sessions", func(ctx context.Context, id string) error {
		err := r.client.EndSession(ctx, id, sel.WithTokens)
		if auth0api.IsNotFound(err) {
			mu.Lock()
			gone = append(gone, id)
			mu.Unlock()
			return nil
		}
		if err != nil {
			return fmt.Errorf("revoking session %q: %w", id, err)
		}
		return nil
	})
	slices.Sort(gone)
	return gone, err
}

// addOutcome reports what a sign-out could not do: users that failed (an
// error) and session IDs that do not exist.
func addOutcome(diags *diag.Diagnostics, sel selection, out outcome) {
	shared.AddUserFailures(diags, out.Failed, len(shared.UniqueSorted(sel.UserIDs)), "Revoked "+out.describe(sel))
	if len(out.NotFound) > 0 {
		diags.AddWarning("Sessions Not Found", fmt.Sprintf(
			"%d of the given session IDs do not exist, so they were not revoked and are not counted: %s. Check them for typos; "+
				"a session already ended or expired also reads as not found.", len(out.NotFound), shared.ListIDs(out.NotFound)))
	}
}
