package shared

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
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

// Ctrl-C during the wait used to say "Revocation Not Confirmed" and "but
// when the operation was canceled, before the first check finished: ...":
// one summary, and a sentence that reads, whatever ended the wait.
func TestPendingErrorReads(t *testing.T) {
	ids := make([]string, 1200)
	for i := range ids {
		ids[i] = fmt.Sprintf("rt_%04d", i)
	}
	for _, c := range []struct {
		cause   string
		checked bool
		want    string
	}{
		{"after 2m0s", true, "but after 2m0s: 1,200 refresh tokens are still listed: rt_0000, "},
		{causeCanceled, true, "but the run was interrupted while 1,200 refresh tokens were still listed: rt_0000, "},
		{"after 2m0s", false, "but the wait ended after 2m0s before its first check finished: 300 of 1,500 refresh tokens were " +
			"confirmed gone and 1,200 not yet checked: rt_0000, "},
		{causeCanceled, false, "but the run was interrupted before the wait's first check finished: 300 of 1,500 refresh tokens were " +
			"confirmed gone and 1,200 not yet checked: rt_0000, "},
	} {
		err := &PendingError{Kind: KindTokens, CheckWith: "the auth0tokens_refresh_tokens data source", cause: c.cause, Checked: c.checked,
			confirmed: 300, total: 1500, Remaining: ids, Done: "Sent the revocation of 1,500 refresh tokens of user auth0|u"}
		var diags diag.Diagnostics
		AddRevokeError(&diags, "refresh tokens of user auth0|u", err, "invoke the action again", WaitSettingsHint)
		if len(diags) != 1 || diags[0].Summary() != "Revocation Not Yet Effective" {
			t.Fatalf("%+v", diags)
		}
		detail := diags[0].Detail()
		for _, want := range []string{"Sent the revocation of 1,500 refresh tokens of user auth0|u. Auth0 accepted the revocation, " + c.want,
			"and 1,180 more. Auth0 revokes asynchronously", "If they stay listed, invoke the action again: it revokes, and counts, only what is still listed."} {
			if !strings.Contains(detail, want) {
				t.Errorf("detail lacks %q:\n%s", want, detail)
			}
		}
	}
}

// An interruption says how to finish in one sentence.
func TestInterruptedSaysHowToFinish(t *testing.T) {
	var diags diag.Diagnostics
	AddRevokeError(&diags, "refresh tokens of 3 users", &InterruptedError{Tally: "2 refresh tokens", Done: []string{"a"}, NotStarted: []string{"b", "c"}},
		"invoke the action again", WaitSettingsHint)
	want := "Revoking refresh tokens of 3 users: the run was canceled after revoking 2 refresh tokens: 1 user done, 2 not started (b, c). " +
		"Auth0 goes on with what it accepted. To finish, invoke the action again: it revokes only what is still there."
	if len(diags) != 1 || diags[0].Detail() != want {
		t.Fatalf("%+v\nwant %s", diags, want)
	}
}

// Found in use: a many-user wait was silent for a minute after "sent" (one
// check lists every owner, and progress came only between checks). Progress
// comes every ProgressEvery during a check too, with how many are still listed.
func TestWaitReportsProgressDuringACheck(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return clock
	}
	var targets []Target
	for i := range 600 {
		owner := fmt.Sprintf("auth0|u%03d", i)
		targets = append(targets, Target{ID: owner + "/a", Owner: owner}, Target{ID: owner + "/b", Owner: owner})
	}
	items := Items{Kind: KindTokens,
		List: func(context.Context, string) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			clock = clock.Add(2 * time.Second) // each listing takes 2 s: the check takes 20 minutes
			return nil, nil
		},
		Exists: func(context.Context, string) (bool, error) { return false, nil },
	}
	var lines []string
	var linesMu sync.Mutex
	w := Waiting{Progress: func(m string) { linesMu.Lock(); defer linesMu.Unlock(); lines = append(lines, m) },
		Sleep: func(context.Context, time.Duration) error { return nil }, Deadline: time.Now().Add(time.Minute), Timeout: time.Hour, Start: now(), Now: now}
	if err := w.Wait(context.Background(), items, targets); err != nil {
		t.Fatal(err)
	}
	// One check of 600 listings, 2 s each: a line every 5 s of it.
	if len(lines) < 150 {
		t.Fatalf("%d progress lines during a 20-minute check:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	first := regexp.MustCompile(`^Waiting for the revocation to take effect: 1,(19\d|200) of 1,200 refresh tokens still listed \(\d of 600 users checked so far; 6s elapsed, deadline 1h0m0s\)$`)
	if !first.MatchString(lines[0]) {
		t.Fatalf("first line: %s", lines[0])
	}
}

// A refusal that stops a many-user run (a missing scope) is reported with
// what the run had already revoked: the error alone read as if nothing had
// happened, while sessions were already ended.
func TestRunStoppedByARefusalSaysWhatWasDone(t *testing.T) {
	users := []string{"auth0|a"}
	for i := range 20 {
		users = append(users, fmt.Sprintf("auth0|u%02d", i))
	}
	run := NewUsersRun(users, KindSessions, KindTokens)
	aDone := make(chan struct{}) // the refusals come after auth0|a's sessions are revoked
	EachUser(context.Background(), run, func(string) {}, func(_ context.Context, user string) error {
		if user == "auth0|a" {
			run.Revoked(user, KindSessions, []Target{{ID: "s1", Owner: user}, {ID: "s2", Owner: user}})
			close(aDone)
			return nil
		}
		<-aDone
		return &auth0api.Error{Kind: auth0api.KindInsufficientScope, StatusCode: 403, Scope: "delete:refresh_tokens", Message: "Insufficient scope"}
	})
	err := run.Fatal()
	if err == nil || auth0api.KindOf(err) != auth0api.KindInsufficientScope {
		t.Fatalf("Fatal() = %v; want the scope refusal", err)
	}
	var diags diag.Diagnostics
	AddRevokeError(&diags, "sessions of 21 users", err, "run it again", WaitSettingsHint)
	if diags.ErrorsCount() != 1 || !strings.Contains(diags.Errors()[0].Detail(), "delete:refresh_tokens") {
		t.Fatalf("errors: %v", diags.Errors())
	}
	reached := regexp.MustCompile(`it had revoked 2 sessions and 0 refresh tokens; 1[0-9] users were not reached`)
	if diags.WarningsCount() != 1 || !reached.MatchString(diags.Warnings()[0].Detail()) {
		t.Fatalf("warnings: %v", diags.Warnings())
	}
}
