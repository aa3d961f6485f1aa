package refreshtoken

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// A revocation accounts for every token it revoked, whatever stops it: a
// resource records the count, and a re-run must not be needed to learn it.

// manyUsers adds n users with 3 app "web" tokens each and returns their IDs.
func manyUsers(t *testing.T, tenant *tenantsim.Tenant, n int) []string {
	t.Helper()
	users := make([]string, n)
	for i := range n {
		users[i] = fmt.Sprintf("auth0|m%03d", i)
		if err := tenant.Generate(tenantsim.Generate{UserID: users[i], ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_m%03d_", i), Count: 3}); err != nil {
			t.Fatal(err)
		}
	}
	return users
}

// revokedIn counts the tokens of users the tenant no longer lists.
func revokedIn(tenant *tenantsim.Tenant, users []string) int {
	n := 0
	for _, u := range users {
		n += 3 - len(tenant.Listed(u))
	}
	return n
}

// Ctrl-C in a many-user run used to report 0 revoked whatever was done.
func TestRevokeManyUsersInterruptedCountsWhatWasDone(t *testing.T) {
	t.Parallel()
	tenant, r, _ := revokerFor(t, tenantsim.Options{Latency: 50 * time.Millisecond}, 10*time.Second)
	users := manyUsers(t, tenant, 60)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(700*time.Millisecond, cancel)
	out, err := r.Run(ctx, revocation.Selection{Kind: tokens{}, ByUsers: true, UserIDs: users})
	var interrupted *shared.InterruptedError
	if !errors.As(err, &interrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want an InterruptedError", err)
	}
	inTenant := revokedIn(tenant, users)
	// A DELETE in flight at the cancel may have landed without an answer:
	// those users are "partly done or in progress", at most 3 tokens each.
	if out.Revoked[shared.KindTokens] == 0 || out.Revoked[shared.KindTokens] > inTenant || inTenant-out.Revoked[shared.KindTokens] > 3*len(interrupted.Partial) {
		t.Fatalf("counted %d revoked; the tenant revoked %d (%d users in progress)", out.Revoked[shared.KindTokens], inTenant, len(interrupted.Partial))
	}
	if len(interrupted.Done)+len(interrupted.Partial)+len(interrupted.NotStarted) != len(users) || len(interrupted.Done) == 0 || len(interrupted.NotStarted) == 0 {
		t.Fatalf("done %d, partial %d, not started %d of %d", len(interrupted.Done), len(interrupted.Partial), len(interrupted.NotStarted), len(users))
	}
	for _, u := range interrupted.NotStarted {
		if len(tenant.Listed(u)) != 3 {
			t.Errorf("%s was not started but lost tokens", u)
		}
	}
	msg := err.Error()
	if !strings.Contains(msg, fmt.Sprintf("the run was canceled after revoking %d refresh tokens: %d users done", out.Revoked[shared.KindTokens], len(interrupted.Done))) ||
		!strings.Contains(msg, "not started (") {
		t.Fatalf("message: %s", msg)
	}
}

// Users that do not exist are named whether or not the tenant has the
// Early Access endpoints (which answer an empty list for them).
func TestRevokeManyUsersMissingUsersSameWithEarlyAccess(t *testing.T) {
	t.Parallel()
	for _, ea := range []bool{false, true} {
		t.Run(fmt.Sprintf("early access %v", ea), func(t *testing.T) {
			t.Parallel()
			tenant, r, _ := revokerFor(t, tenantsim.Options{EarlyAccess: ea}, 10*time.Second)
			users := manyUsers(t, tenant, 3)
			tenant.AddUser("auth0|nobody")
			out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: "web"}, ByUsers: true, UserIDs: append(users, "auth0|ghost1", "auth0|ghost2", "auth0|nobody")})
			if err != nil {
				t.Fatal(err)
			}
			if out.Revoked[shared.KindTokens] != 9 || out.Failed.Describe() != "auth0|ghost1 (not found), auth0|ghost2 (not found)" {
				t.Fatalf("revoked %d, failed %s", out.Revoked[shared.KindTokens], out.Failed.Describe())
			}
		})
	}
}

// A user whose filtered list is empty used to be listed a second time
// for a hint the many-user path never showed (612 of 991 requests).
func TestRevokeManyUsersListsEachUserOnce(t *testing.T) {
	t.Parallel()
	tenant, r, _ := revokerFor(t, tenantsim.Options{}, 10*time.Second)
	users := manyUsers(t, tenant, 10)
	tenant.ResetRequests()
	if _, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: "other-app"}, ByUsers: true, UserIDs: users}); err != nil {
		t.Fatal(err)
	}
	// A listing starts with a request without a cursor (the tenant ends each
	// with an empty page, as Auth0 may).
	listings := map[string]int{}
	for _, q := range tenant.Requests() {
		if q.Method == "GET" && strings.HasSuffix(q.Path, "/refresh-tokens") && !strings.Contains(q.Query, "from=") {
			listings[q.Path]++
		}
	}
	for _, u := range users {
		if n := listings["/api/v2/users/"+strings.ReplaceAll(u, "|", "%7C")+"/refresh-tokens"]; n != 1 {
			t.Errorf("%s listed %d times; want once", u, n)
		}
	}
}

// A user whose revocation failed part way counts what was revoked
// before the failure and says so.
func TestRevokeManyUsersPartlyDoneUserCounted(t *testing.T) {
	t.Parallel()
	tenant, r, _ := revokerFor(t, tenantsim.Options{}, 10*time.Second)
	users := manyUsers(t, tenant, 2)
	// No bulk endpoint: one DELETE per token; the second one of m001 fails.
	tenant.AddFault(tenantsim.Fault{Method: "DELETE", PathPrefix: "/api/v2/refresh-tokens/rt_m001_00002", Status: 503})
	out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: "web"}, ByUsers: true, UserIDs: users})
	if err != nil {
		t.Fatal(err)
	}
	if inTenant := revokedIn(tenant, users); out.Revoked[shared.KindTokens] != inTenant || inTenant != 5 {
		t.Fatalf("counted %d; the tenant revoked %d; want 5", out.Revoked[shared.KindTokens], inTenant)
	}
	if d := out.Failed.Describe(); d != "auth0|m001 (server error after 2 refresh tokens revoked)" {
		t.Fatalf("describe: %s", d)
	}
}

// The bulk fallback notice used to be swallowed by the quiet
// per-user runs; it shows once. Counts of one are singular.
func TestRevokeManyUsersSaysBulkFallbackOnce(t *testing.T) {
	t.Parallel()
	tenant, r, progress := revokerFor(t, tenantsim.Options{}, 10*time.Second)
	users := manyUsers(t, tenant, 5)
	if _, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: "web"}, ByUsers: true, UserIDs: users}); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(*progress, "\n")
	if n := strings.Count(all, "Bulk revocation is not available on this tenant"); n != 1 {
		t.Fatalf("the fallback notice shows %d times:\n%s", n, all)
	}
}

func TestRevokeMessagesAreSingularForOne(t *testing.T) {
	t.Parallel()
	tenant, r, progress := revokerFor(t, tenantsim.Options{RevocationDelay: time.Hour}, 1200*time.Millisecond)
	_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|one", ClientID: "web", Audience: "api", Prefix: "rt_one_", Count: 1})
	_, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByUsers: true, UserIDs: []string{"auth0|one"}})
	msg := fmt.Sprint(err)
	if !strings.Contains(msg, "1 refresh token is still listed") {
		t.Fatalf("err: %s", msg)
	}
	all := strings.Join(*progress, "\n")
	if !strings.Contains(all, "Revocation of 1 refresh token of 1 user sent") || strings.Contains(all, "failed") || strings.Contains(all, "1 users") {
		t.Fatalf("progress:\n%s", all)
	}
	if m := shared.NotExist("token IDs", 1); m != "1 of the given token IDs does not exist" {
		t.Fatal(m)
	}
}

// A dry run reads what it must and sends nothing that changes the
// tenant; what it reports equals what the real run then does.
func TestRevokeDryRunEqualsTheRealRun(t *testing.T) {
	t.Parallel()
	for name, sel := range map[string]revocation.Selection{
		"user":      {Kind: tokens{}, UserID: "auth0|m000"},
		"users":     {Kind: tokens{ClientID: "web"}, ByUsers: true, UserIDs: []string{"auth0|m000", "auth0|m001", "auth0|ghost"}},
		"token IDs": {Kind: tokens{}, ByID: true, IDs: []string{"rt_m000_00001", "rt_m001_00002", "rt_missing"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tenant, r, progress := revokerFor(t, tenantsim.Options{EarlyAccess: true}, 10*time.Second)
			manyUsers(t, tenant, 2)
			tenant.ResetRequests()
			dry := r
			dry.DryRun = true
			would, err := dry.Run(context.Background(), sel)
			if err != nil {
				t.Fatal(err)
			}
			for _, req := range tenant.Requests() {
				if req.Method != "GET" {
					t.Errorf("a dry run sent %s %s", req.Method, req.Path)
				}
			}
			if !strings.Contains(strings.Join(*progress, "\n"), "Dry run: would revoke") {
				t.Errorf("progress:\n%s", strings.Join(*progress, "\n"))
			}
			did, err := r.Run(context.Background(), sel)
			if err != nil {
				t.Fatal(err)
			}
			if !would.DryRun || did.DryRun || would.Revoked[shared.KindTokens] != did.Revoked[shared.KindTokens] || would.Revoked[shared.KindTokens] == 0 ||
				fmt.Sprint(would.Record.Records()) != fmt.Sprint(did.Record.Records()) || fmt.Sprint(would.NotFound) != fmt.Sprint(did.NotFound) {
				t.Fatalf("dry run %d %v %v; real run %d %v %v", would.Revoked[shared.KindTokens], would.Record.Records(), would.NotFound, did.Revoked[shared.KindTokens], did.Record.Records(), did.NotFound)
			}
		})
	}
}

// Found in use: "Revoked 1532 refresh tokens of 2,300 users" (766 had any),
// and users that do not exist counted as "failed" in progress while the
// warning said they do not exist. Counts have thousands separators; users
// are those with tokens, of those checked; missing users are not found.
func TestRevokeManyUsersMessages(t *testing.T) {
	t.Parallel()
	tenant, r, progress := revokerFor(t, tenantsim.Options{}, 30*time.Second)
	if err := tenant.Generate(tenantsim.Generate{UserID: "auth0|big", ClientID: "web", Audience: "api", Prefix: "rt_big_", Count: 1200}); err != nil {
		t.Fatal(err)
	}
	tenant.AddUser("auth0|nobody")
	if _, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByUsers: true, UserIDs: []string{"auth0|big", "auth0|nobody", "auth0|ghost1", "auth0|ghost2"}}); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(*progress, "\n")
	for _, want := range []string{"Revocation of 1,200 refresh tokens of 1 user (4 checked) sent in", "; 2 users not found",
		"Revoked 1,200 refresh tokens of 1 user (4 checked) in"} {
		if !strings.Contains(all, want) {
			t.Errorf("progress lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "failed") || strings.Contains(all, "1200") {
		t.Errorf("progress:\n%s", all)
	}
}
