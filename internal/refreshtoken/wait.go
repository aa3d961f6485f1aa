package refreshtoken

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// waitGone polls until none of the targets is listed any more: Auth0 revokes
// asynchronously. A check lists a user's tokens where that costs fewer
// requests than reading each remaining ID, and a token confirmed gone is
// never checked again.
func (r revoker) waitGone(ctx context.Context, sel selection, targets []target) error {
	timeout := r.timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	w := &waiter{r: r, sel: sel, start: time.Now(), timeout: timeout, total: len(targets),
		remaining: make(map[string]string, len(targets)), pages: map[string]int{}}
	for _, t := range targets {
		w.remaining[t.ID] = t.UserID
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
			r.progress(fmt.Sprintf("Waiting for the revocation to take effect: %d of %d still listed (%s)", len(w.remaining), w.total, w.clock()))
		}
		if err := r.sleep(ctx, delay); err != nil || ctx.Err() != nil {
			return w.pending(ctx)
		}
		delay = min(delay*3/2, pollMax)
	}
}

// waiter is the state of one wait.
type waiter struct {
	r       revoker
	sel     selection
	start   time.Time
	timeout time.Duration
	total   int
	checks  int // completed checks

	mu        sync.Mutex
	remaining map[string]string // token ID -> user ID ("" when unknown)
	pages     map[string]int    // user ID -> pages its last listing took
}

func (w *waiter) clock() string {
	return fmt.Sprintf("%s elapsed, deadline %s", time.Since(w.start).Round(100*time.Millisecond), w.timeout)
}

// check asks Auth0 once about every remaining token, dropping those it no
// longer has. It returns an error if the check did not complete.
func (w *waiter) check(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(fanOut)
	var last time.Time
	progress := func() {
		if time.Since(last) >= progressEvery && time.Since(w.start) >= progressEvery {
			last = time.Now()
			w.r.progress(fmt.Sprintf("Checking the revocation: %d of %d confirmed gone (%s)", w.total-len(w.remaining), w.total, w.clock()))
		}
	}

	if !w.sel.ByID {
		g.Go(func() error {
			return w.listUser(gctx, auth0api.ListQuery{UserID: w.sel.UserID, ClientID: w.sel.ClientID, Audience: w.sel.Audience}, w.ids(w.sel.UserID))
		})
	} else {
		for user, ids := range w.byUser() {
			if user != "" && w.pages[user] < len(ids) {
				// One listing (pages[user] requests, 1 until known) confirms all of them.
				g.Go(func() error { return w.listUser(gctx, auth0api.ListQuery{UserID: user}, ids) })
				continue
			}
			for _, id := range ids {
				g.Go(func() error {
					_, err := w.r.client.GetToken(gctx, id)
					switch {
					case auth0api.IsNotFound(err):
						w.gone(id)
					case err != nil:
						return err
					}
					w.mu.Lock()
					progress()
					w.mu.Unlock()
					return nil
				})
			}
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}
	w.checks++
	return nil
}

// listUser lists a user's tokens once: each of ids it does not list is gone.
func (w *waiter) listUser(ctx context.Context, q auth0api.ListQuery, ids []string) error {
	tokens, err := w.r.client.ListTokens(ctx, q)
	if auth0api.IsUserNotFound(err) {
		tokens, err = nil, nil // a deleted user has no tokens left
	}
	if err != nil {
		return err
	}
	listed := make(map[string]bool, len(tokens))
	for _, t := range tokens {
		listed[t.ID] = true
	}
	for _, id := range ids {
		if !listed[id] {
			w.gone(id)
		}
	}
	w.mu.Lock()
	// Pages the listing took, give or take the empty page some tenants end with.
	w.pages[q.UserID] = len(tokens)/auth0api.PageSize + 1
	w.mu.Unlock()
	return nil
}

func (w *waiter) gone(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.remaining, id)
}

// ids returns the remaining IDs of one user.
func (w *waiter) ids(user string) []string {
	return w.byUser()[user]
}

// byUser groups the remaining IDs by user.
func (w *waiter) byUser() map[string][]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := map[string][]string{}
	for _, id := range slices.Sorted(maps.Keys(w.remaining)) {
		out[w.remaining[id]] = append(out[w.remaining[id]], id)
	}
	return out
}

// pending is the error for a wait that ended before every token was
// confirmed gone. It reports only what checks saw.
func (w *waiter) pending(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := &pendingError{
		cause:     fmt.Sprintf("after %s", w.timeout),
		checked:   w.checks > 0,
		confirmed: w.total - len(w.remaining),
		total:     w.total,
		remaining: slices.Sorted(maps.Keys(w.remaining)),
	}
	if errors.Is(context.Cause(ctx), context.Canceled) {
		e.cause = "when the operation was canceled"
	}
	return e
}

// pendingError says a revocation Auth0 accepted was not confirmed in time.
type pendingError struct {
	cause     string // "after 2m0s", or "when the operation was canceled"
	checked   bool   // a check completed: remaining were still listed then
	confirmed int
	total     int
	remaining []string
}

func (e *pendingError) Error() string {
	if e.checked {
		return fmt.Sprintf("%s: %d tokens are still listed: %s", e.cause, len(e.remaining), listIDs(e.remaining))
	}
	return fmt.Sprintf("%s, before the first check finished: %d of %d tokens confirmed gone, %d not checked yet: %s",
		e.cause, e.confirmed, e.total, len(e.remaining), listIDs(e.remaining))
}
