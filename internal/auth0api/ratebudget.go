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
// It learns the limit from Auth0's X-RateLimit-* headers. While it knows the
// remaining budget, each request spends one unit of it, and when none is left
// requests wait for the reset. While it does not (at the start, and after each
// reset), one request goes ahead as a probe and the others wait for its answer,
// so a burst of parallel reads cannot overrun a budget nobody has seen yet. A
// tenant that sends no rate headers is not paced. An optional cap spaces
// requests evenly for tenants shared with other workloads.
type RateBudget struct {
	now func() time.Time

	mu        sync.Mutex
	interval  time.Duration // spacing from the configured cap; 0 for none
	nextSlot  time.Time     // earliest start allowed by the cap
	known     bool          // remaining and reset come from a response
	remaining int
	reset     time.Time
	unpaced   bool          // the tenant sends no rate headers
	probing   bool          // a request is out to learn the budget
	learned   chan struct{} // closed when the probe's answer arrives
	inflight  int           // requests sent and not yet answered
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
	for {
		wait, blocked, probe := b.reserve()
		switch {
		case blocked != nil:
			select {
			case <-blocked:
			case <-ctx.Done():
				return ctx.Err()
			}
		case wait > 0:
			err := Sleep(ctx, wait)
			if err != nil && probe {
				b.Observe(0, nil) // this probe will not be sent: let another one go
			}
			return err
		default:
			return ctx.Err()
		}
	}
}

// reserve decides for one request: go after wait, or block until the probe
// answers (then ask again). It takes the slot when it says go.
func (b *RateBudget) reserve() (wait time.Duration, blocked <-chan struct{}, probe bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	start := now
	if b.known && !now.Before(b.reset) {
		b.known = false // the window has reset: learn it again
	}
	switch {
	case b.unpaced:
	case b.known && b.remaining > 0:
		b.remaining--
	case b.known:
		// Spent: go at the reset, as the probe of the next window.
		start, b.known, b.probing, probe = b.reset, false, true, true
		b.learned = make(chan struct{})
	case b.probing:
		return 0, b.learned, false
	default:
		b.probing, probe = true, true
		b.learned = make(chan struct{})
	}
	b.inflight++
	if b.interval > 0 {
		if b.nextSlot.After(start) {
			start = b.nextSlot
		}
		b.nextSlot = start.Add(b.interval)
	}
	return start.Sub(now), nil, probe
}

// Observe learns the tenant's budget from a response's headers. It is called
// for every attempt, with a nil header when no response came back.
func (b *RateBudget) Observe(status int, h http.Header) {
	b.mu.Lock()
	defer b.mu.Unlock()
	defer b.release()
	b.inflight = max(0, b.inflight-1)
	if h == nil {
		return // no answer: the next request probes again
	}
	remaining, err1 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err2 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil {
		if status != http.StatusTooManyRequests {
			b.unpaced = true
		}
		return
	}
	b.unpaced = false
	if status == http.StatusTooManyRequests {
		remaining = 0
	}
	// Requests still in flight may not be counted in this answer yet: reserve
	// budget for them too, so that a burst cannot overrun the tenant.
	remaining = max(0, remaining-b.inflight)
	resetAt := time.Unix(reset, 0)
	// Answers arrive out of order: within one window keep the lowest remaining.
	if b.known && resetAt.Equal(b.reset) && b.remaining < remaining {
		return
	}
	b.known, b.remaining, b.reset = true, remaining, resetAt
}

// release wakes the requests waiting on a probe. Caller holds mu.
func (b *RateBudget) release() {
	if b.probing {
		b.probing = false
		close(b.learned)
	}
}
