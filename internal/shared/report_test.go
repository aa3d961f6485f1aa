package shared

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

func TestReportRecordsEveryUserAndWritesPrivately(t *testing.T) {
	run := NewUsersRun([]string{"auth0|a", "auth0|b", "auth0|ghost", "auth0|late"}, KindSessions, KindTokens)
	run.Revoked("auth0|a", KindSessions, []Target{{ID: "s1", Owner: "auth0|a"}})
	run.Revoked("auth0|a", KindTokens, []Target{{ID: "rt2", Owner: "auth0|a"}, {ID: "rt1", Owner: "auth0|a"}})
	run.Revoked("auth0|b", KindSessions, []Target{{ID: "s2", Owner: "auth0|b"}})
	run.Fail("auth0|b", &auth0api.Error{Kind: auth0api.KindOther, StatusCode: 503, Message: "unavailable"})
	run.Fail("auth0|ghost", &auth0api.Error{Kind: auth0api.KindUserNotFound, StatusCode: 404, Message: "The user does not exist."})
	pending := &PendingError{Kind: KindSessions, Remaining: []string{"s1"}, Checked: true, cause: "after 1s",
		Later: map[Kind][]string{KindTokens: {"rt1", "rt2"}}}
	file := filepath.Join(t.TempDir(), "report.json")
	if _, err := WriteReport(file, NewReport(RunResult{Type: "auth0tokens_revoke_sessions", Started: time.Now(), Domain: "tenant.example",
		Version: "1.2.3", Selection: map[string]any{"user_ids": []string{"auth0|a"}}, Record: run, Err: pending})); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(file)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, err %v; want 0600", info.Mode(), err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".auth0tokens-report-*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
	data, _ := os.ReadFile(file)
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, u := range rep.Users {
		got = append(got, u.UserID+"="+u.Outcome+":"+strings.Join(u.SessionIDs, ",")+"/"+strings.Join(u.RefreshTokenIDs, ","))
	}
	want := "auth0|a=revoked:s1/rt1,rt2 auth0|b=failed:s2/ auth0|ghost=not_found:/ auth0|late=not_started:/"
	if strings.Join(got, " ") != want {
		t.Fatalf("users:\n%s\nwant:\n%s", strings.Join(got, " "), want)
	}
	if rep.Status != "not_confirmed" || rep.Totals != (ReportTotals{Users: 4, RefreshTokens: 2, Sessions: 2, FailedUsers: 1, NotFoundUsers: 1, NotStartedUsers: 1}) ||
		strings.Join(rep.Remaining.SessionIDs, ",") != "s1" || strings.Join(rep.Remaining.RefreshTokenIDs, ",") != "rt1,rt2" ||
		rep.FormatVersion != 1 || rep.Domain != "tenant.example" || rep.ProviderVersion != "1.2.3" {
		t.Fatalf("report: %s", data)
	}
}

// A run that failed only because some users failed still says why in
// "error": a failed report with no error sends the reader to the log.
func TestReportOfFailedUsersSaysWhy(t *testing.T) {
	run := NewUsersRun([]string{"auth0|a", "auth0|b"}, KindTokens)
	run.Revoked("auth0|a", KindTokens, []Target{{ID: "rt1", Owner: "auth0|a"}})
	run.Fail("auth0|b", &auth0api.Error{Kind: auth0api.KindOther, StatusCode: 503, Message: "unavailable"})
	rep := NewReport(RunResult{Type: "auth0tokens_revoke_refresh_tokens", Started: time.Now(), Record: run, Failed: true})
	if rep.Status != "failed" || !strings.Contains(rep.Error, "1 user failed") || !strings.Contains(rep.Error, "auth0|b (server error)") {
		t.Fatalf("status %q, error %q; want failed, naming auth0|b and why", rep.Status, rep.Error)
	}
}

func TestRunStatus(t *testing.T) {
	for want, err := range map[string]error{
		"succeeded":     nil,
		"failed":        errors.New("boom"),
		"not_confirmed": &PendingError{cause: "after 2m0s"},
		"interrupted":   &PendingError{cause: causeCanceled},
	} {
		if got := runStatus(err); got != want {
			t.Errorf("%v: %s; want %s", err, got, want)
		}
	}
	if got := runStatus(&InterruptedError{}); got != "interrupted" {
		t.Errorf("interrupted run: %s", got)
	}
	if got := runStatus(context.Canceled); got != "interrupted" {
		t.Errorf("canceled: %s", got)
	}
}

// Reports of runs started in the same second are all kept, none replaced.
func TestWriteReportKeepsEveryEarlierReport(t *testing.T) {
	file := filepath.Join(t.TempDir(), "r.json")
	started := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var kept []string
	for i := range 3 {
		k, err := WriteReport(file, NewReport(RunResult{Type: "auth0tokens_revoke_refresh_tokens", Started: started, Version: string(rune('a' + i))}))
		if err != nil {
			t.Fatal(err)
		}
		if k != "" {
			k = filepath.Base(k)
		}
		kept = append(kept, k)
	}
	if got := strings.Join(kept, " "); got != " r.20261201T090000Z.json r.20261201T090000Z-2.json" {
		t.Fatalf("kept: %q", got)
	}
	for name, want := range map[string]string{"r.json": "c", "r.20261201T090000Z.json": "a", "r.20261201T090000Z-2.json": "b"} {
		data, _ := os.ReadFile(filepath.Join(filepath.Dir(file), name))
		var rep Report
		if err := json.Unmarshal(data, &rep); err != nil || rep.ProviderVersion != want {
			t.Errorf("%s: %s (%v); want run %s", name, data, err, want)
		}
	}
}
