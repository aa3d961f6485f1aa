package auth0api

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// fakeBudget is a budget on a clock the test moves by hand.
func fakeBudget(maxPerSecond float64) (*RateBudget, *time.Time) {
	now := time.Unix(1_800_000_000, 0)
	b := NewRateBudget(maxPerSecond)
	b.now = func() time.Time { return now }
	return b, &now
}

func rateHeaders(remaining int, reset time.Time) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "10")
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	return h
}

func TestBudgetProbesFirstThenSpendsWhatIsLeft(t *testing.T) {
	b, now := fakeBudget(0)
	// Nothing known: the first request probes, the others wait for its answer.
	if wait, blocked, probe := b.reserve(); wait != 0 || blocked != nil || !probe {
		t.Fatalf("first: wait=%v blocked=%v probe=%v; want an immediate probe", wait, blocked != nil, probe)
	}
	_, blocked, _ := b.reserve()
	if blocked == nil {
		t.Fatal("second request went out before the probe's answer")
	}
	b.Observe(200, rateHeaders(2, now.Add(time.Second)))
	select {
	case <-blocked:
	default:
		t.Fatal("the probe's answer did not release the waiters")
	}
	// Two left: two go at once, the third waits for the reset and probes the next window.
	for i := 0; i < 2; i++ {
		if wait, blocked, _ := b.reserve(); wait != 0 || blocked != nil {
			t.Fatalf("spend %d: wait=%v", i, wait)
		}
	}
	if wait, _, probe := b.reserve(); wait != time.Second || !probe {
		t.Fatalf("spent: wait=%v probe=%v; want to wait 1s for the reset, as the next probe", wait, probe)
	}
	if _, blocked, _ := b.reserve(); blocked == nil {
		t.Fatal("after the budget is spent, others must wait for the next window's probe")
	}
}

func TestBudgetTreats429AsSpentAndKeepsLowestRemaining(t *testing.T) {
	b, now := fakeBudget(0)
	b.reserve()
	reset := now.Add(2 * time.Second)
	b.Observe(200, rateHeaders(5, reset))
	b.Observe(200, rateHeaders(7, reset)) // an older answer arriving late
	if b.remaining != 5 {
		t.Fatalf("remaining=%d; want the lower count of the same window", b.remaining)
	}
	b.Observe(http.StatusTooManyRequests, rateHeaders(3, reset))
	if wait, _, _ := b.reserve(); wait != 2*time.Second {
		t.Fatalf("after a 429: wait=%v; want the reset", wait)
	}
}

func TestBudgetNewWindowAfterReset(t *testing.T) {
	b, now := fakeBudget(0)
	b.reserve()
	b.Observe(200, rateHeaders(0, now.Add(time.Second)))
	*now = now.Add(1500 * time.Millisecond)
	if wait, blocked, probe := b.reserve(); wait != 0 || blocked != nil || !probe {
		t.Fatalf("after the reset: wait=%v blocked=%v probe=%v; want an immediate probe", wait, blocked != nil, probe)
	}
}

func TestBudgetUnpacedWithoutHeaders(t *testing.T) {
	b, _ := fakeBudget(0)
	b.reserve()
	b.Observe(200, http.Header{})
	for i := 0; i < 5; i++ {
		if wait, blocked, _ := b.reserve(); wait != 0 || blocked != nil {
			t.Fatalf("a tenant without rate headers must not be paced (request %d)", i)
		}
	}
}

func TestBudgetFailedProbeLetsAnotherGo(t *testing.T) {
	b, _ := fakeBudget(0)
	b.reserve()
	_, blocked, _ := b.reserve()
	b.Observe(0, nil) // the probe got no answer
	select {
	case <-blocked:
	default:
		t.Fatal("waiters stay blocked after the probe failed")
	}
	if _, blocked, probe := b.reserve(); blocked != nil || !probe {
		t.Fatal("the next request should probe")
	}
}

func TestBudgetCapSpacesRequests(t *testing.T) {
	b, _ := fakeBudget(4) // 4 per second: 250 ms apart
	b.unpaced = true
	var waits []time.Duration
	for i := 0; i < 3; i++ {
		w, _, _ := b.reserve()
		waits = append(waits, w)
	}
	if waits[0] != 0 || waits[1] != 250*time.Millisecond || waits[2] != 500*time.Millisecond {
		t.Fatalf("waits=%v; want 0, 250ms, 500ms", waits)
	}
}

func TestBudgetReservesForRequestsInFlight(t *testing.T) {
	b, now := fakeBudget(0)
	reset := now.Add(time.Second)
	b.reserve()
	b.Observe(200, rateHeaders(3, reset))
	for i := 0; i < 3; i++ {
		b.reserve()
	}
	// The first of three answers says 2 remain, but two requests are still
	// out and may not be counted in it: nothing is left to spend.
	b.Observe(200, rateHeaders(2, reset))
	if wait, _, _ := b.reserve(); wait != time.Second {
		t.Fatalf("wait=%v; want to wait for the reset rather than overrun", wait)
	}
}
