package refreshtoken

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

// selection says which tokens to revoke: a user's (optionally one client's,
// and one audience's), or explicit token IDs (ByID, even when the list is empty).
type selection struct {
	UserID   string
	ClientID string
	Audience string
	ByID     bool
	TokenIDs []string
	// ByUsers selects the tokens of each of UserIDs (even when empty),
	// narrowed by ClientID and Audience as for one user.
	ByUsers bool
	UserIDs []string
	// Users selects users by search, connection or the whole tenant: found
	// when the revocation runs, then revoked as ByUsers.
	Users shared.UserSelector
	// Run, once a many-user run is done, says which users held tokens.
	Run *shared.UsersRun
	// AtDestroy: a resource's destroy, where users deleted since are expected.
	AtDestroy bool
}

func (s selection) describe(n int) string {
	what := shared.KindTokens.Count(n)
	if s.ByID {
		return what + " by ID"
	}
	d := what + " of user " + s.UserID
	switch {
	case s.ByUsers && s.Run != nil:
		d = what + " of " + s.Run.Of()
	case s.ByUsers:
		d = what + " of " + shared.Count(len(shared.UniqueSorted(s.UserIDs)), "user", "users")
	case s.Users.Set():
		d = what + " of " + s.Users.Describe()
	}
	if s.ClientID != "" {
		d += " for client " + s.ClientID
	}
	if s.Audience != "" {
		d += " and audience " + s.Audience
	}
	return d
}

// what names the selection without a count: "refresh tokens of user auth0|bob".
func (s selection) what() string {
	s.Run = nil
	return strings.TrimPrefix(s.describe(0), "0 ")
}

// outcome is what a revocation did.
type outcome struct {
	Revoked int
	// FilterHint says what a user's tokens have when the client or audience
	// filter matched none of them ("" otherwise).
	FilterHint string
	shared.RunOutcome
}

// revoker revokes a selection, cheapest correct call first, and waits for the
// revocation to show, reporting progress as it goes.
type revoker struct {
	client   *auth0api.Client
	progress func(string)
	wait     bool
	timeout  time.Duration
	sleep    func(context.Context, time.Duration) error
	// dryRun stops before the first request that would change the tenant.
	dryRun bool
	// notice, when set, reports what a quiet per-user run must still say
	// (once): by default it is progress.
	notice func(string)
}

func (r revoker) say(msg string) {
	if r.notice != nil {
		r.notice(msg)
		return
	}
	r.progress(msg)
}

// run revokes the selection and says what it did.
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
	targets, out, err := r.selectTokens(ctx, sel)
	out.DryRun = r.dryRun
	out.Record = shared.NewUsersRun(owners(sel, targets), shared.KindTokens)
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
		r.progress(fmt.Sprintf("%s (mistyped, or already revoked or expired): %s", shared.NotExist("token IDs", len(out.NotFound)), shared.ListIDs(out.NotFound)))
	}
	if len(targets) == 0 && !sel.ByID {
		out.FilterHint = filterHint(ctx, r.client, auth0api.ListQuery{UserID: sel.UserID, ClientID: sel.ClientID, Audience: sel.Audience})
	}
	if len(targets) == 0 {
		switch {
		case sel.ByID && len(sel.TokenIDs) == 0:
			r.progress("Nothing to revoke: token_ids is empty")
		case sel.ByID:
			r.progress("Nothing to revoke: none of the given token IDs exist")
		default:
			r.progress("Nothing to revoke: no " + sel.what() + " exist")
		}
		return out, nil
	}
	ids := make([]string, len(targets))
	for i, t := range targets {
		ids[i] = t.ID
	}
	if r.dryRun {
		out.Revoked = len(targets)
		out.Record.RevokedTargets(shared.KindTokens, targets)
		r.progress(fmt.Sprintf("Dry run: would revoke %s: %s", sel.describe(len(ids)), shared.ListIDs(ids)))
		return out, nil
	}
	r.progress("Revoking " + sel.describe(len(ids)))
	tflog.Debug(ctx, "Revoking refresh tokens", map[string]any{"ids": ids})

	res, err := r.revoke(ctx, sel, ids)
	// Only what Auth0 accepted counts, also when an error stopped the rest.
	targets = shared.Only(targets, res.accepted)
	out.Revoked = len(targets)
	out.Record.RevokedTargets(shared.KindTokens, targets)
	if err != nil {
		if out.Revoked > 0 {
			err = fmt.Errorf("%w (%s had been revoked)", err, shared.KindTokens.Count(out.Revoked))
		}
		return out, err
	}
	if len(res.gone) > 0 {
		// DELETE said 404: not revoked by us, so not counted.
		out.NotFound = shared.UniqueSorted(append(out.NotFound, res.gone...))
		r.progress(fmt.Sprintf("%s no longer existed when revoked: %s", shared.KindTokens.Count(len(res.gone)), shared.ListIDs(res.gone)))
	}
	if !r.wait {
		r.progress(fmt.Sprintf("Revocation of %s requested in %.1f s; not waiting for it to take effect (wait = false)", sel.describe(out.Revoked), time.Since(start).Seconds()))
		return out, nil
	}
	if err := r.waitGone(ctx, sel, targets); err != nil {
		return out, shared.WithDone(err, "Sent the revocation of "+sel.describe(out.Revoked))
	}
	r.progress(fmt.Sprintf("Revoked %s in %.1f s", sel.describe(out.Revoked), time.Since(start).Seconds()))
	return out, nil
}

// owners are the users a single-user or by-ID selection touches.
func owners(sel selection, targets []shared.Target) []string {
	if !sel.ByID {
		return []string{sel.UserID}
	}
	users := make([]string, 0, len(targets))
	for _, t := range targets {
		users = append(users, t.Owner)
	}
	return users
}

// selectTokens finds the tokens the selection covers right now. By ID, it
// reads each token once: a 404 is named rather than counted as revoked, and
// each token's user is learned for a cheap wait.
func (r revoker) selectTokens(ctx context.Context, sel selection) ([]shared.Target, outcome, error) {
	var out outcome
	if sel.ByID {
		ids := shared.UniqueSorted(sel.TokenIDs)
		if len(ids) == 0 {
			return nil, out, nil
		}
		var mu sync.Mutex
		var targets []shared.Target
		err := shared.ForEach(ctx, ids, r.progress, "Checked %s of %s token IDs", func(ctx context.Context, id string) error {
			tok, err := r.client.GetToken(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case auth0api.IsNotFound(err):
				out.NotFound = append(out.NotFound, id)
			case err != nil:
				return fmt.Errorf("reading refresh token %q: %w", id, err)
			default:
				targets = append(targets, shared.Target{ID: id, Owner: tok.UserID})
			}
			return nil
		})
		if err != nil {
			return nil, out, err
		}
		slices.Sort(out.NotFound)
		slices.SortFunc(targets, func(a, b shared.Target) int { return strings.Compare(a.ID, b.ID) })
		return targets, out, nil
	}
	q := auth0api.ListQuery{UserID: sel.UserID, ClientID: sel.ClientID, Audience: sel.Audience}
	tokens, err := r.client.ListTokens(ctx, q)
	if err != nil {
		return nil, out, fmt.Errorf("listing the refresh tokens of user %q: %w", sel.UserID, err)
	}
	targets := make([]shared.Target, len(tokens))
	for i, t := range tokens {
		targets[i] = shared.Target{ID: t.ID, Owner: sel.UserID}
	}
	return targets, out, nil
}

// selectFiltered lists all of a user's tokens, notes them in held, and keeps
// those the selection's client and audience filter matches.
func (r revoker) selectFiltered(ctx context.Context, sel selection, held *holdings) ([]shared.Target, error) {
	tokens, err := r.client.ListTokens(ctx, auth0api.ListQuery{UserID: sel.UserID})
	if err != nil {
		return nil, fmt.Errorf("listing the refresh tokens of user %q: %w", sel.UserID, err)
	}
	var targets []shared.Target
	for _, t := range tokens {
		held.add(t)
		if (sel.ClientID == "" || t.ClientID == sel.ClientID) && (sel.Audience == "" || t.HasAudience(sel.Audience)) {
			targets = append(targets, shared.Target{ID: t.ID, Owner: sel.UserID})
		}
	}
	held.matches(len(targets))
	return targets, nil
}

// sent is what Auth0 answered a revocation: the IDs it accepted, and those
// a one-by-one DELETE found missing. On an error, accepted still holds what
// was accepted before it, so a partial revocation is counted.
type sent struct{ accepted, gone []string }

// revoke sends the revocation of ids, the selection's tokens.
func (r revoker) revoke(ctx context.Context, sel selection, ids []string) (sent, error) {
	switch {
	case sel.ByID:
		return r.revokeIDs(ctx, ids)
	case sel.ClientID == "":
		// GA, one call for all of the user's tokens.
		if err := r.client.RevokeUserTokens(ctx, sel.UserID); err != nil {
			return sent{}, fmt.Errorf("revoking the refresh tokens of user %q: %w", sel.UserID, err)
		}
		return sent{accepted: ids}, nil
	default:
		res, _, err := r.bulkOrEach(ctx, auth0api.RevokeRequest{UserID: sel.UserID, ClientID: sel.ClientID, Audience: sel.Audience}, ids, ids)
		if err != nil {
			err = fmt.Errorf("revoking the selected refresh tokens of user %q: %w", sel.UserID, err)
		}
		return res, err
	}
}

// bulkOrEach sends one bulk revoke of ids; when the tenant has no bulk
// endpoint it revokes fallbackIDs (ids and any after them) one by one
// instead, and says so. fellBack reports the switch.
func (r revoker) bulkOrEach(ctx context.Context, req auth0api.RevokeRequest, ids, fallbackIDs []string) (res sent, fellBack bool, err error) {
	err = r.client.RevokeBulk(ctx, req)
	if !errors.Is(err, auth0api.ErrEarlyAccessUnavailable) {
		if err == nil {
			res.accepted = ids
		}
		return res, false, err
	}
	r.say("Bulk revocation is not available on this tenant: revoking one by one")
	res, err = r.revokeEach(ctx, fallbackIDs)
	return res, true, err
}

// revokeIDs revokes by ID in chunks of 100, falling back to one DELETE per
// token (for this chunk and all after it) when the tenant has no bulk endpoint.
func (r revoker) revokeIDs(ctx context.Context, ids []string) (sent, error) {
	var res sent
	chunks := (len(ids) + auth0api.MaxRevokeIDs - 1) / auth0api.MaxRevokeIDs
	for i := 0; i < chunks; i++ {
		chunk := ids[i*auth0api.MaxRevokeIDs : min((i+1)*auth0api.MaxRevokeIDs, len(ids))]
		got, fellBack, err := r.bulkOrEach(ctx, auth0api.RevokeRequest{IDs: chunk}, chunk, ids[i*auth0api.MaxRevokeIDs:])
		res.accepted, res.gone = append(res.accepted, got.accepted...), append(res.gone, got.gone...)
		if err != nil {
			return res, fmt.Errorf("revoking refresh tokens by ID (chunk %d of %d): %w", i+1, chunks, err)
		}
		if fellBack {
			return res, nil // every remaining ID was revoked one by one
		}
		if chunks > 1 {
			r.progress(fmt.Sprintf("Sent chunk %d of %d (%s)", i+1, chunks, shared.KindTokens.Count(len(chunk))))
		}
	}
	return res, nil
}

// revokeEach deletes tokens one by one with bounded concurrency.
func (r revoker) revokeEach(ctx context.Context, ids []string) (sent, error) {
	var mu sync.Mutex
	var res sent
	err := shared.ForEach(ctx, ids, r.progress, "Revoked %s of %s one by one", func(ctx context.Context, id string) error {
		err := r.client.RevokeToken(ctx, id)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case auth0api.IsNotFound(err):
			res.gone = append(res.gone, id)
		case err != nil:
			return fmt.Errorf("revoking refresh token %q: %w", id, err)
		default:
			res.accepted = append(res.accepted, id)
		}
		return nil
	})
	slices.Sort(res.accepted)
	slices.Sort(res.gone)
	return res, err
}

// addRevokeError reports a failed revocation. rerun says how to run it again.
func addRevokeError(diags *diag.Diagnostics, sel selection, err error, rerun string) {
	shared.AddRevokeError(diags, sel.what(), err, rerun, shared.WaitSettingsHint)
}

// addOutcome reports what a revocation could not do: users that failed
// (an error), token IDs that do not exist and filters that matched nothing.
func addOutcome(diags *diag.Diagnostics, sel selection, out outcome) {
	shared.WarnNobodySelected(diags, sel.Users, out.Users)
	given := len(shared.UniqueSorted(sel.UserIDs)) // user_ids; 0 for users a selector found
	if sel.Users.Set() && out.Users != nil {
		sel.ByUsers, sel.UserIDs, given = true, out.Users, 0
	}
	if sel.ByUsers {
		sel.Run = out.Record
	}
	// Of many users, one that no longer exists is churn: named in a warning,
	// not a failure, so that a re-run comes out clean.
	shared.ForgetDeletedUsers(diags, out.Failed, given, sel.AtDestroy)
	shared.AddUserFailures(diags, out.Failed, len(shared.UniqueSorted(sel.UserIDs)), shared.Verb(out.DryRun)+sel.describe(out.Revoked), out.DryRun)
	if len(out.NotFound) > 0 {
		diags.AddWarning("Refresh Tokens Not Found", fmt.Sprintf(
			"%s, so not revoked and not counted: %s. Check them for typos; "+
				"a token already revoked or expired also reads as not found.", shared.NotExist("token IDs", len(out.NotFound)), shared.ListIDs(out.NotFound)))
	}
	if out.FilterHint != "" {
		diags.AddWarning("No Refresh Tokens Match The Filter", out.FilterHint)
	}
}

// runUsers revokes the tokens of many users: each user's listing and
// revocation run FanOut at a time (paced further by the rate budget), and one
// user's failure does not stop the others; then one wait covers them all, a
// listing per user per check. Counts come from what Auth0 accepted, user by
// user, so a failed or interrupted run reports exactly what it did.
func (r revoker) runUsers(ctx context.Context, sel selection) (outcome, error) {
	start := time.Now()
	run := shared.NewUsersRun(sel.UserIDs, shared.KindTokens)
	if r.dryRun {
		run.DryRun()
	}
	if len(run.Users) == 0 {
		r.progress("Nothing to revoke: no users selected")
		return outcome{RunOutcome: shared.RunOutcome{DryRun: r.dryRun, Record: run}}, nil
	}
	if r.dryRun {
		r.progress(fmt.Sprintf("Dry run: listing the refresh tokens of %s; nothing will be revoked", shared.Count(len(run.Users), "user", "users")))
	} else {
		r.progress(fmt.Sprintf("Revoking the refresh tokens of %s", shared.Count(len(run.Users), "user", "users")))
	}
	quiet := r
	quiet.progress = func(string) {}
	var once sync.Once
	quiet.notice = func(msg string) { once.Do(func() { r.progress(msg) }) }
	// With a filter, each user's tokens are listed whole and filtered here:
	// what they hold names the clients and audiences when the filter
	// matches nothing, for no more requests than a filtered listing.
	filter := auth0api.ListQuery{ClientID: sel.ClientID, Audience: sel.Audience}
	var held holdings
	shared.EachUser(ctx, run, r.progress, func(ctx context.Context, user string) error {
		one := selection{UserID: user, ClientID: sel.ClientID, Audience: sel.Audience}
		var found []shared.Target
		var err error
		if filter.ClientID != "" || filter.Audience != "" {
			found, err = quiet.selectFiltered(ctx, one, &held)
		} else {
			found, _, err = quiet.selectTokens(ctx, one)
		}
		if err != nil || len(found) == 0 {
			return err
		}
		if r.dryRun {
			run.Revoked(user, shared.KindTokens, found)
			return nil
		}
		ids := make([]string, len(found))
		for i, t := range found {
			ids[i] = t.ID
		}
		res, err := quiet.revoke(ctx, one, ids)
		run.Revoked(user, shared.KindTokens, shared.Only(found, res.accepted))
		return err
	})
	out := outcome{Revoked: run.Total(shared.KindTokens), RunOutcome: shared.RunOutcome{Failed: run.Failures(), DryRun: r.dryRun, Record: run}}
	if out.Revoked == 0 {
		out.FilterHint = held.hint("the "+shared.Count(len(run.Users), "selected user", "selected users"), filter)
	}
	sel.Run = run
	if err := run.Fatal(); err != nil {
		return out, err // the credentials were refused: the same for every user
	}
	if ctx.Err() != nil {
		out.Failed = out.Failed.WithoutCanceled()
		return out, run.Interrupted()
	}
	if r.dryRun {
		r.progress("Dry run: would revoke " + sel.describe(out.Revoked) + run.FailedSummary())
		shared.DryRunDetails(run, r.progress)
		return out, nil
	}
	if run.Total(shared.KindTokens)+run.Total(shared.KindSessions) == 0 && len(out.Failed) == 0 {
		r.progress("Nothing to revoke: found no " + sel.what())
		return out, nil
	}
	r.progress(fmt.Sprintf("Revocation of %s sent in %.1f s%s", sel.describe(out.Revoked), time.Since(start).Seconds(), run.FailedSummary()))
	if r.wait && out.Revoked > 0 {
		if err := r.waitGone(ctx, selection{ClientID: sel.ClientID, Audience: sel.Audience}, run.Targets(shared.KindTokens)); err != nil {
			return out, shared.WithDone(err, "Sent the revocation of "+sel.describe(out.Revoked))
		}
		r.progress(fmt.Sprintf("Revoked %s in %.1f s", sel.describe(out.Revoked), time.Since(start).Seconds()))
	}
	return out, nil
}

// report is the selection as configured, for the run report.
func (s selection) report() map[string]any {
	m := s.Users.Selection()
	switch {
	case s.ByID:
		m["token_ids"] = shared.UniqueSorted(s.TokenIDs)
	case s.ByUsers:
		m["user_ids"] = shared.UniqueSorted(s.UserIDs)
	case s.UserID != "":
		m["user_id"] = s.UserID
	}
	if s.ClientID != "" {
		m["client_id"] = s.ClientID
	}
	if s.Audience != "" {
		m["audience"] = s.Audience
	}
	return m
}
