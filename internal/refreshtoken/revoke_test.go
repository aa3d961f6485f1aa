package refreshtoken

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// revokerFor starts a local tenant with 30 tokens for auth0|u and returns a revoker for it.
func revokerFor(t *testing.T, opts tenantsim.Options, timeout time.Duration) (*tenantsim.Tenant, revocation.Runner, *[]string) {
	t.Helper()
	tenant := tenantsim.New(opts)
	tenant.AddAPIToken(tenantsim.APIToken{Token: "t", Scopes: []string{auth0api.ScopeRead, auth0api.ScopeDelete}})
	if err := tenant.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "web", Audience: "api", Prefix: "rt_", Count: 30}); err != nil {
		t.Fatal(err)
	}
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "test", BaseTransport: srv.Transport()})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	progress := &[]string{}
	return tenant, revocation.Runner{Client: client, Wait: true, Timeout: timeout, Sleep: auth0api.Sleep, Progress: func(m string) {
		mu.Lock()
		defer mu.Unlock()
		*progress = append(*progress, m)
	}}, progress
}

func TestRevokeWaitsForShortDelay(t *testing.T) {
	t.Parallel()
	tenant, r, progress := revokerFor(t, tenantsim.Options{RevocationDelay: 700 * time.Millisecond}, 10*time.Second)
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, UserID: "auth0|u"})
	if err != nil || out.Revoked[shared.KindTokens] != 30 {
		t.Fatalf("out=%+v err=%v", out, err)
	}
	if left := tenant.Listed("auth0|u"); len(left) != 0 {
		t.Fatalf("still listed after run: %v", left)
	}
	all := strings.Join(*progress, "\n")
	for _, want := range []string{"Revoking 30 refresh tokens of user auth0|u", "still listed", "Revoked 30 refresh tokens of user auth0|u in"} {
		if !strings.Contains(all, want) {
			t.Errorf("progress lacks %q:\n%s", want, all)
		}
	}
}

func TestRevokeTimesOutListingWhatRemains(t *testing.T) {
	t.Parallel()
	_, r, _ := revokerFor(t, tenantsim.Options{RevocationDelay: time.Hour}, 1500*time.Millisecond)
	_, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, UserID: "auth0|u"})
	var pending *shared.PendingError
	if !errors.As(err, &pending) || !pending.Checked {
		t.Fatalf("err=%v; want a pendingError after a completed check", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "30 refresh tokens are still listed") || !strings.Contains(msg, "rt_00001") || !strings.Contains(msg, "and 10 more") || strings.Contains(msg, "rt_00021") {
		t.Fatalf("message should list the first 20 IDs and a count: %s", msg)
	}
}

func TestRevokeCancelMidWaitReturnsQuickly(t *testing.T) {
	t.Parallel()
	_, r, _ := revokerFor(t, tenantsim.Options{RevocationDelay: time.Hour}, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(800*time.Millisecond, cancel)
	start := time.Now()
	_, err := r.Run(ctx, revocation.Selection{Kind: tokens{}, UserID: "auth0|u"})
	if err == nil || time.Since(start) > 800*time.Millisecond+time.Second {
		t.Fatalf("err=%v after %s; want an error within a second of the cancel", err, time.Since(start))
	}
	if !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err=%v; want it to say the operation was canceled", err)
	}
}

func TestRevokeFallbackIsBoundedAndComplete(t *testing.T) {
	t.Parallel()
	tenant, r, _ := revokerFor(t, tenantsim.Options{EarlyAccess: false}, 10*time.Second)
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: "web"}, UserID: "auth0|u"})
	if err != nil || out.Revoked[shared.KindTokens] != 30 || len(tenant.Listed("auth0|u")) != 0 {
		t.Fatalf("out=%+v err=%v left=%v", out, err, tenant.Listed("auth0|u"))
	}
	deletes := 0
	for _, req := range tenant.Requests() {
		if req.Method == "DELETE" {
			deletes++
		}
	}
	if deletes != 30 {
		t.Fatalf("%d DELETEs; want one per token", deletes)
	}
}

func TestRevokeNothingIsSuccess(t *testing.T) {
	t.Parallel()
	tenant, r, progress := revokerFor(t, tenantsim.Options{}, time.Second)
	tenant.AddUser("auth0|empty")
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, UserID: "auth0|empty"})
	if err != nil || out.Revoked[shared.KindTokens] != 0 || !strings.HasPrefix(strings.Join(*progress, ""), "Nothing to revoke") {
		t.Fatalf("out=%+v err=%v progress=%v", out, err, *progress)
	}
}

// An empty computed token_ids used to fall through to the user path and fail
// with "the user ID is empty"; it is a success that says so, with no request.
func TestRevokeEmptyIDListIsSuccess(t *testing.T) {
	t.Parallel()
	tenant, r, progress := revokerFor(t, tenantsim.Options{}, time.Second)
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByID: true, IDs: []string{}})
	if err != nil || out.Revoked[shared.KindTokens] != 0 || strings.Join(*progress, "|") != "Nothing to revoke: token_ids is empty" {
		t.Fatalf("out=%+v err=%v progress=%v", out, err, *progress)
	}
	if n := len(tenant.Requests()); n != 0 {
		t.Fatalf("%d requests; want none", n)
	}
}

// IDs the tenant does not know are named and not counted, with or without
// the bulk endpoint (it used to count them as revoked).
func TestRevokeByIDNamesMissingIDs(t *testing.T) {
	t.Parallel()
	for _, ea := range []bool{true, false} {
		tenant, r, progress := revokerFor(t, tenantsim.Options{EarlyAccess: ea}, 10*time.Second)
		out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByID: true, IDs: []string{"rt_00001", "rt_does_not_exist", "rt_00002", "rt_typo"}})
		if err != nil || out.Revoked[shared.KindTokens] != 2 || strings.Join(out.NotFound, ",") != "rt_does_not_exist,rt_typo" {
			t.Fatalf("early access %v: out=%+v err=%v", ea, out, err)
		}
		all := strings.Join(*progress, "\n")
		for _, want := range []string{"2 of the given token IDs do not exist", "rt_does_not_exist, rt_typo", "Revoked 2 refresh tokens by ID"} {
			if !strings.Contains(all, want) {
				t.Errorf("early access %v: progress lacks %q:\n%s", ea, want, all)
			}
		}
		if left := len(tenant.Listed("auth0|u")); left != 28 {
			t.Errorf("early access %v: %d tokens left; want 28", ea, left)
		}
	}
}

// Tokens selected by ID that belong to one user are confirmed by listing
// that user, not by reading every ID on every check.
func TestWaitByIDListsTheOwner(t *testing.T) {
	t.Parallel()
	tenant, r, _ := revokerFor(t, tenantsim.Options{EarlyAccess: true, RevocationDelay: 1200 * time.Millisecond}, 10*time.Second)
	ids := make([]string, 30)
	for i := range ids {
		ids[i] = fmt.Sprintf("rt_%05d", i+1)
	}
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByID: true, IDs: ids})
	if err != nil || out.Revoked[shared.KindTokens] != 30 {
		t.Fatalf("out=%+v err=%v", out, err)
	}
	gets, lists := 0, 0
	for _, req := range tenant.Requests() {
		switch {
		case req.Method == "GET" && strings.HasPrefix(req.Path, "/api/v2/refresh-tokens/"):
			gets++
		case req.Method == "GET" && strings.HasPrefix(req.Path, "/api/v2/users/"):
			lists++
		}
	}
	// 30 reads to select; then each check is one listing of 1 or 2 requests (the
	// tenant sends `next` on the last page), and the revocation shows after 1.2 s:
	// two or three checks. Reading each ID per check would be 60-90 reads.
	if gets != 30 || lists < 2 || lists > 6 {
		t.Fatalf("%d reads by ID and %d listing requests; want 30 reads and 2-6 listing requests", gets, lists)
	}
}

// A timeout before any check completed says so, instead of claiming every
// token is still listed.
func TestWaitTimeoutBeforeFirstCheckSaysNotConfirmed(t *testing.T) {
	t.Parallel()
	_, r, _ := revokerFor(t, tenantsim.Options{Latency: 600 * time.Millisecond}, 300*time.Millisecond)
	_, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, UserID: "auth0|u"})
	var pending *shared.PendingError
	if !errors.As(err, &pending) || pending.Checked {
		t.Fatalf("err=%v; want a pendingError with no completed check", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "the wait ended after 300ms before its first check finished: 0 of 30 refresh tokens were confirmed gone and 30 not yet checked") || strings.Contains(msg, "still listed") {
		t.Fatalf("message: %s", msg)
	}
}

func TestRevokeUnknownUserIsUserNotFound(t *testing.T) {
	t.Parallel()
	_, r, _ := revokerFor(t, tenantsim.Options{}, time.Second)
	_, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, UserID: "auth0|ghost"})
	if !auth0api.IsUserNotFound(err) {
		t.Fatalf("err=%v; want user not found", err)
	}
}

// A client or audience filter that matches nothing, for one user or for every
// selected user, is a warning that names what the tokens do have: a typo must
// not end green as "nothing to revoke".
func TestRevokeFilterMissSaysWhatTheTokensHave(t *testing.T) {
	t.Parallel()
	many := []string{"auth0|u", "auth0|v", "auth0|empty"}
	for _, c := range []struct {
		name   string
		sel    revocation.Selection
		dryRun bool
		want   []string
	}{
		{name: "one user", sel: revocation.Selection{Kind: tokens{ClientID: "web", Audience: "API"}, UserID: "auth0|u"},
			want: []string{`None of the 30 refresh tokens of user auth0|u matches client_id "web" and audience "API"`, `Their audiences: "api"`, `Did you mean "api"?`}},
		{name: "many users, client", sel: revocation.Selection{Kind: tokens{ClientID: "Web"}, ByUsers: true, UserIDs: many},
			want: []string{`None of the 32 refresh tokens of the 3 selected users matches client_id "Web"`, `Their clients: "mobile", "web"`, `Did you mean "web"?`}},
		{name: "many users, audience", sel: revocation.Selection{Kind: tokens{ClientID: "web", Audience: "api/"}, ByUsers: true, UserIDs: many},
			want: []string{`None of the 32 refresh tokens of the 3 selected users matches client_id "web" and audience "api/"`, `Their audiences: "api", "https://m.example/"`, `Did you mean "api"?`}},
		{name: "many users, dry run", sel: revocation.Selection{Kind: tokens{ClientID: "web_typo"}, ByUsers: true, UserIDs: many}, dryRun: true,
			want: []string{`None of the 32 refresh tokens of the 3 selected users matches client_id "web_typo"`, `Their clients: "mobile", "web"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tenant, r, progress := revokerFor(t, tenantsim.Options{}, time.Second)
			_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|v", ClientID: "mobile", Audience: "https://m.example/", Prefix: "rt_v_", Count: 2})
			tenant.AddUser("auth0|empty")
			r.DryRun = c.dryRun
			out, err := r.Run(context.Background(), c.sel)
			if err != nil || out.Revoked[shared.KindTokens] != 0 {
				t.Fatalf("out=%+v err=%v", out, err)
			}
			for _, want := range c.want {
				if !strings.Contains(out.FilterHint, want) {
					t.Errorf("hint lacks %q: %s", want, out.FilterHint)
				}
			}
			var diags diag.Diagnostics
			revocation.AddOutcome(&diags, c.sel, out)
			if diags.WarningsCount() != 1 || diags.Warnings()[0].Summary() != "No Refresh Tokens Match The Filter" {
				t.Errorf("diagnostics: %v", diags)
			}
			if all := strings.Join(*progress, "\n"); !c.dryRun && !strings.Contains(all, "Nothing to revoke") {
				t.Errorf("progress: %v", *progress)
			}
			if left := tenant.Listed("auth0|u"); len(left) != 30 {
				t.Errorf("%d tokens of auth0|u left; want all 30", len(left))
			}
		})
	}
}

// A filter that matched tokens whose revocation Auth0 refused (a missing
// scope) is right: no hint points the responder at the client ID.
func TestRevokeFilterThatMatchedGivesNoHintWhenRevocationFails(t *testing.T) {
	t.Parallel()
	tenant, r, _ := revokerFor(t, tenantsim.Options{}, time.Second)
	tenant.AddFault(tenantsim.Fault{Status: 403, Method: "DELETE"})
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: "web"}, ByUsers: true, UserIDs: []string{"auth0|u"}})
	if out.Total() != 0 || len(out.Failed) != 1 {
		t.Fatalf("out=%+v err=%v; want auth0|u failed and nothing revoked", out, err)
	}
	if out.FilterHint != "" {
		t.Fatalf("hint %q for a filter that matched 30 tokens", out.FilterHint)
	}
}

func TestRevokeWithoutWaitSaysRequested(t *testing.T) {
	t.Parallel()
	_, r, progress := revokerFor(t, tenantsim.Options{RevocationDelay: time.Hour}, time.Second)
	r.Wait = false
	if _, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, UserID: "auth0|u"}); err != nil {
		t.Fatal(err)
	}
	last := (*progress)[len(*progress)-1]
	if !strings.HasPrefix(last, "Revocation of 30 refresh tokens of user auth0|u requested in") || !strings.Contains(last, "not waiting") {
		t.Fatalf("last progress line: %q", last)
	}
}

// Many users in one revocation: users with tokens, without, and unknown ones;
// one user's failure does not stop the others, and each is named with why.
func TestRevokeManyUsers(t *testing.T) {
	t.Parallel()
	tenant, r, progress := revokerFor(t, tenantsim.Options{RevocationDelay: 300 * time.Millisecond}, 10*time.Second)
	var users []string
	for i := range 40 {
		u := fmt.Sprintf("auth0|m%02d", i)
		users = append(users, u)
		_ = tenant.Generate(tenantsim.Generate{UserID: u, ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_m%02d_", i), Count: 3})
	}
	tenant.AddUser("auth0|empty")
	tenant.AddFault(tenantsim.Fault{PathPrefix: "/api/v2/users/auth0%7Cm07/", Status: 429})
	tenant.AddFault(tenantsim.Fault{PathPrefix: "/api/v2/users/auth0%7Cm11/", Status: 503})
	tenant.ResetRequests()
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByUsers: true, UserIDs: append(users, "auth0|empty", "auth0|ghost", "auth0|m01")})
	if err != nil {
		t.Fatal(err)
	}
	if out.Revoked[shared.KindTokens] != 38*3 || len(out.Failed) != 3 {
		t.Fatalf("revoked %d, failed %v", out.Revoked[shared.KindTokens], out.Failed)
	}
	for user, want := range map[string]string{"auth0|ghost": "not found", "auth0|m07": "rate limited", "auth0|m11": "server error"} {
		if got := shared.Reason(out.Failed[user]); got != want {
			t.Errorf("%s: %q; want %q", user, got, want)
		}
	}
	if d := out.Failed.Describe(); d != "auth0|ghost (not found), auth0|m07 (rate limited), auth0|m11 (server error)" {
		t.Errorf("describe: %s", d)
	}
	for _, u := range users {
		if left := tenant.Listed(u); len(left) != 0 && u != "auth0|m07" && u != "auth0|m11" {
			t.Errorf("%s still has %v", u, left)
		}
	}
	// Progress at a cadence, not a line per user.
	if len(*progress) > 6 {
		t.Errorf("%d progress lines for 43 users:\n%s", len(*progress), strings.Join(*progress, "\n"))
	}
	// Running again only repeats what is still needed: one listing per user, no revocation.
	tenant.ResetRequests()
	out, err = r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByUsers: true, UserIDs: users[:20]})
	deletes := 0
	for _, req := range tenant.Requests() {
		if req.Method == "DELETE" {
			deletes++
		}
	}
	// The two users whose faults persist fail again; the rest have nothing left.
	if err != nil || out.Revoked[shared.KindTokens] != 0 || deletes != 0 || len(out.Failed) != 2 {
		t.Fatalf("second run: revoked %d, failed %v, %d DELETEs, err %v; want 0, the two faulty users, 0, nil", out.Revoked[shared.KindTokens], out.Failed, deletes, err)
	}
}
