package auth0api

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateBudget paces every request of one provider instance, so that the data
// sources, ephemeral resources and actions Terraform runs in parallel share
// the tenant's rate limit instead of racing into 429s.
//
// It learns the limit from Auth0's X-RateLimit-* headers: each request spends
// one unit of the remaining budget; when none is left, requests wait for the
// reset. An optional cap spaces requests evenly for tenants shared with other
// workloads.
type RateBudget struct {
	now func() time.Time

	mu        sync.Mutex
	interval  time.Duration // spacing from the configured cap; 0 for none
	nextSlot  time.Time     // earliest start allowed by the cap
	known     bool          // remaining and reset come from a response
	remaining int
	reset     time.Time
}

// NewRateBudget returns a budget; maxPerSecond <= 0 means no cap of our own.
func NewRateBudget(maxPerSecond float64) *RateBudget {
	b := &RateBudget{now: time.Now}
	if maxPerSecond > 0 {
		b.interval = time.Duration(float64(time.Second) / maxPerSecond)
	}
	return b
}

// Wait blocks until the next request may start, or ctx ends.
func (b *RateBudget) Wait(ctx context.Context) error {
	d := b.reserve()
	if d <= 0 {
		return ctx.Err()
	}
	return Sleep(ctx, d)
}

// reserve takes a slot and says how long to wait for it.
func (b *RateBudget) reserve() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	start := now
	if b.known {
		if !now.Before(b.reset) {
			b.known = false // the window has reset: spend freely until told otherwise
		} else if b.remaining <= 0 {
			start = b.reset
			b.known = false
		} else {
			b.remaining--
		}
	}
	if b.interval > 0 {
		if b.nextSlot.After(start) {
			start = b.nextSlot
		}
		b.nextSlot = start.Add(b.interval)
	}
	return start.Sub(now)
}

// Observe learns the tenant's budget from a response's headers.
func (b *RateBudget) Observe(status int, h http.Header) {
	remaining, err1 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err2 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	if status == http.StatusTooManyRequests {
		remaining = 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	resetAt := time.Unix(reset, 0)
	// Responses arrive out of order: keep the most pessimistic view of the current window.
	if b.known && resetAt.Equal(b.reset) && b.remaining < remaining {
		return
	}
	b.known, b.remaining, b.reset = true, remaining, resetAt
}
