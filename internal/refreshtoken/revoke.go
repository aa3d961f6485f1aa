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
	"golang.org/x/sync/errgroup"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Revocation defaults shared by the action and the resource.
const (
	defaultTimeout = 2 * time.Minute
	// fallbackConcurrency bounds one-by-one DELETEs when bulk revoke is refused:
	// enough to be quick, few enough to stay inside a tenant's rate limit.
	fallbackConcurrency = 4
	pollFirst           = 500 * time.Millisecond
	pollMax             = 5 * time.Second
	maxListedRemaining  = 20
)

// selection says which tokens to revoke: a user's (optionally one client's,
// and one audience's), or explicit token IDs.
type selection struct {
	UserID   string
	ClientID string
	Audience string
	TokenIDs []string
}

func (s selection) describe(n int) string {
	noun := "refresh tokens"
	if n == 1 {
		noun = "refresh token"
	}
	if len(s.TokenIDs) > 0 {
		return fmt.Sprintf("%d %s by ID", n, noun)
	}
	d := fmt.Sprintf("%d %s of user %s", n, noun, s.UserID)
	if s.ClientID != "" {
		d += " for client " + s.ClientID
	}
	if s.Audience != "" {
		d += " and audience " + s.Audience
	}
	return d
}

// revoker revokes a selection, cheapest correct call first, and waits for the
// revocation to show, reporting progress as it goes.
type revoker struct {
	client   *auth0api.Client
	progress func(string)
	wait     bool
	timeout  time.Duration
	sleep    func(context.Context, time.Duration) error
}

// ErrRevocationPending is returned when revoked tokens are still listed at the timeout.
var ErrRevocationPending = errors.New("revocation has not taken effect yet")

// run revokes and returns how many tokens were selected.
func (r revoker) run(ctx context.Context, sel selection) (int, error) {
	start := time.Now()
	ids, err := r.selectTokens(ctx, sel)
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		r.progress("Nothing to revoke: no " + strings.TrimPrefix(sel.describe(0), "0 ") + " exist")
		return 0, nil
	}
	r.progress("Revoking " + sel.describe(len(ids)))
	tflog.Debug(ctx, "Revoking refresh tokens", map[string]any{"ids": ids})

	if err := r.revoke(ctx, sel, ids); err != nil {
		return 0, err
	}
	if r.wait {
		if err := r.waitGone(ctx, sel, ids); err != nil {
			return len(ids), err
		}
	}
	r.progress(fmt.Sprintf("Revoked %s in %.1f s", sel.describe(len(ids)), time.Since(start).Seconds()))
	return len(ids), nil
}

// selectTokens finds the IDs the selection covers right now.
func (r revoker) selectTokens(ctx context.Context, sel selection) ([]string, error) {
	if len(sel.TokenIDs) > 0 {
		return uniqueSorted(sel.TokenIDs), nil
	}
	tokens, err := r.client.ListTokens(ctx, auth0api.ListQuery{UserID: sel.UserID, ClientID: sel.ClientID, Audience: sel.Audience})
	if err != nil {
		return nil, fmt.Errorf("listing the refresh tokens of user %q: %w", sel.UserID, err)
	}
	ids := make([]string, len(tokens))
	for i, t := range tokens {
		ids[i] = t.ID
	}
	return ids, nil
}

func (r revoker) revoke(ctx context.Context, sel selection, ids []string) error {
	switch {
	case len(sel.TokenIDs) > 0:
		return r.revokeIDs(ctx, ids)
	case sel.ClientID == "":
		// GA, one call for all of the user's tokens.
		if err := r.client.RevokeUserTokens(ctx, sel.UserID); err != nil {
			return fmt.Errorf("revoking the refresh tokens of user %q: %w", sel.UserID, err)
		}
		return nil
	default:
		_, err := r.bulkOrEach(ctx, auth0api.RevokeRequest{UserID: sel.UserID, ClientID: sel.ClientID, Audience: sel.Audience}, ids)
		if err != nil {
			return fmt.Errorf("revoking the selected refresh tokens of user %q: %w", sel.UserID, err)
		}
		return nil
	}
}

// bulkOrEach sends one bulk revoke; when the tenant has no bulk endpoint it
// revokes fallbackIDs one by one instead, and says so.
func (r revoker) bulkOrEach(ctx context.Context, req auth0api.RevokeRequest, fallbackIDs []string) (fellBack bool, err error) {
	err = r.client.RevokeBulk(ctx, req)
	if !errors.Is(err, auth0api.ErrEarlyAccessUnavailable) {
		return false, err
	}
	r.progress("Bulk revocation is not enabled for this tenant: revoking one by one")
	return true, r.revokeEach(ctx, fallbackIDs)
}

// revokeIDs revokes by ID in chunks of 100, falling back to one DELETE per
// token (for this chunk and all after it) when the tenant has no bulk endpoint.
func (r revoker) revokeIDs(ctx context.Context, ids []string) error {
	chunks := (len(ids) + auth0api.MaxRevokeIDs - 1) / auth0api.MaxRevokeIDs
	i := 0
	for chunk := range slices.Chunk(ids, auth0api.MaxRevokeIDs) {
		fellBack, err := r.bulkOrEach(ctx, auth0api.RevokeRequest{IDs: chunk}, ids[i*auth0api.MaxRevokeIDs:])
		if err != nil {
			return fmt.Errorf("revoking refresh tokens by ID (chunk %d of %d): %w", i+1, chunks, err)
		}
		if fellBack {
			return nil
		}
		i++
		if chunks > 1 {
			r.progress(fmt.Sprintf("Revoked chunk %d of %d (%d tokens)", i, chunks, len(chunk)))
		}
	}
	return nil
}

// revokeEach deletes tokens one by one with bounded concurrency.
func (r revoker) revokeEach(ctx context.Context, ids []string) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(fallbackConcurrency)
	var mu sync.Mutex
	done := 0
	step := max(len(ids)/10, 25)
	for _, id := range ids {
		g.Go(func() error {
			if err := r.client.RevokeToken(gctx, id); err != nil {
				return fmt.Errorf("revoking refresh token %q: %w", id, err)
			}
			mu.Lock()
			done++
			if done%step == 0 && done < len(ids) {
				r.progress(fmt.Sprintf("Revoked %d of %d", done, len(ids)))
			}
			mu.Unlock()
			return nil
		})
	}
	return g.Wait()
}

// waitGone polls until none of ids is listed any more: Auth0 revokes asynchronously.
func (r revoker) waitGone(ctx context.Context, sel selection, ids []string) error {
	timeout := r.timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	remaining := ids
	delay := pollFirst
	for {
		still, err := r.stillPresent(ctx, sel, remaining)
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("checking that the revocation took effect: %w", err)
		}
		if err == nil {
			remaining = still
			if len(remaining) == 0 {
				return nil
			}
			r.progress(fmt.Sprintf("Waiting for the revocation to take effect: %d still listed", len(remaining)))
		}
		if err := r.sleep(ctx, delay); err != nil {
			return pendingError(ctx, remaining, timeout)
		}
		delay = min(delay*3/2, pollMax)
	}
}

func pendingError(ctx context.Context, remaining []string, timeout time.Duration) error {
	shown := remaining[:min(len(remaining), maxListedRemaining)]
	more := ""
	if len(remaining) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(remaining)-len(shown))
	}
	cause := fmt.Sprintf("after %s", timeout)
	if errors.Is(context.Cause(ctx), context.Canceled) {
		cause = "when the operation was canceled"
	}
	return fmt.Errorf("%w %s: %d tokens are still listed: %s%s", ErrRevocationPending, cause, len(remaining), strings.Join(shown, ", "), more)
}

// stillPresent returns the IDs among ids that Auth0 still lists.
func (r revoker) stillPresent(ctx context.Context, sel selection, ids []string) ([]string, error) {
	if len(sel.TokenIDs) == 0 {
		tokens, err := r.client.ListTokens(ctx, auth0api.ListQuery{UserID: sel.UserID, ClientID: sel.ClientID, Audience: sel.Audience})
		if err != nil {
			return nil, err
		}
		listed := make(map[string]bool, len(tokens))
		for _, t := range tokens {
			listed[t.ID] = true
		}
		var still []string
		for _, id := range ids {
			if listed[id] {
				still = append(still, id)
			}
		}
		return still, nil
	}
	// Tokens selected by ID may belong to several users: ask for each one.
	var mu sync.Mutex
	var still []string
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(fallbackConcurrency)
	for _, id := range ids {
		g.Go(func() error {
			_, err := r.client.GetToken(gctx, id)
			if auth0api.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			mu.Lock()
			still = append(still, id)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.Sort(still)
	return still, nil
}

// uniqueSorted returns the non-empty IDs, sorted, each once.
func uniqueSorted(ids []string) []string {
	out := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

// addRevokeError reports a failed revocation.
func addRevokeError(diags *diag.Diagnostics, sel selection, err error) {
	if errors.Is(err, ErrRevocationPending) {
		diags.AddError("Revocation Not Yet Effective", fmt.Sprintf(
			"Auth0 accepted the revocation, but %s. Auth0 revokes asynchronously; run again to check, or raise \"timeout\" (or set \"wait = false\" to not wait).", err))
		return
	}
	addAPIError(diags, "revoking "+strings.TrimPrefix(sel.describe(0), "0 "), err)
}
