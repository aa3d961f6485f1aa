package shared

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// A wait over many owners checks them concurrently; the per-owner page
// counts must be read under the lock (a 2,000-user benchmark once crashed
// with "concurrent map read and map write"). Run with -race (make test does).
func TestWaitManyOwnersConcurrently(t *testing.T) {
	var lists, reads atomic.Int64
	listed := func(owner string) []string { // each owner's first listing still shows its first item
		return []string{owner + "/0"}
	}
	seen := map[string]*atomic.Int64{}
	var targets []Target
	for i := range 200 {
		owner := fmt.Sprintf("auth0|u%03d", i)
		seen[owner] = &atomic.Int64{}
		for j := range 3 {
			targets = append(targets, Target{ID: fmt.Sprintf("%s/%d", owner, j), Owner: owner})
		}
	}
	items := Items{
		Kind: KindTokens,
		List: func(_ context.Context, owner string) ([]string, error) {
			lists.Add(1)
			if seen[owner].Add(1) == 1 {
				return listed(owner), nil
			}
			return nil, nil
		},
		Exists: func(context.Context, string) (bool, error) {
			reads.Add(1)
			return false, nil
		},
	}
	now := time.Now()
	w := Waiting{Progress: func(string) {}, Sleep: func(context.Context, time.Duration) error { return nil },
		Deadline: now.Add(time.Minute), Timeout: time.Minute, Start: now}
	if err := w.Wait(context.Background(), items, targets); err != nil {
		t.Fatal(err)
	}
	// First check: a listing per owner (3 remaining > 1 page); second: each
	// owner has 1 left and a 1-page listing, so its one ID is read instead.
	if lists.Load() != 200 || reads.Load() != 200 {
		t.Fatalf("%d listings and %d reads; want 200 and 200", lists.Load(), reads.Load())
	}
}
