package refreshtoken

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// revokerFor starts a local tenant with 30 tokens for auth0|u and returns a revoker for it.
func revokerFor(t *testing.T, opts tenantsim.Options, timeout time.Duration) (*tenantsim.Tenant, revoker, *[]string) {
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
	client, err := auth0api.New(auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "test", BaseTransport: srv.Transport()})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	progress := &[]string{}
	return tenant, revoker{client: client, wait: true, timeout: timeout, sleep: auth0api.Sleep, progress: func(m string) {
		mu.Lock()
		defer mu.Unlock()
		*progress = append(*progress, m)
	}}, progress
}

func TestRevokeWaitsForShortDelay(t *testing.T) {
	tenant, r, progress := revokerFor(t, tenantsim.Options{RevocationDelay: 700 * time.Millisecond}, 10*time.Second)
	n, err := r.run(context.Background(), selection{UserID: "auth0|u"})
	if err != nil || n != 30 {
		t.Fatalf("n=%d err=%v", n, err)
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
	_, r, _ := revokerFor(t, tenantsim.Options{RevocationDelay: time.Hour}, 1500*time.Millisecond)
	_, err := r.run(context.Background(), selection{UserID: "auth0|u"})
	if !errors.Is(err, ErrRevocationPending) {
		t.Fatalf("err=%v; want ErrRevocationPending", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "30 tokens are still listed") || !strings.Contains(msg, "rt_00001") || !strings.Contains(msg, "and 10 more") || strings.Contains(msg, "rt_00021") {
		t.Fatalf("message should list the first 20 IDs and a count: %s", msg)
	}
}

func TestRevokeCancelMidWaitReturnsQuickly(t *testing.T) {
	_, r, _ := revokerFor(t, tenantsim.Options{RevocationDelay: time.Hour}, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(800*time.Millisecond, cancel)
	start := time.Now()
	_, err := r.run(ctx, selection{UserID: "auth0|u"})
	if err == nil || time.Since(start) > 800*time.Millisecond+time.Second {
		t.Fatalf("err=%v after %s; want an error within a second of the cancel", err, time.Since(start))
	}
	if !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("err=%v; want it to say the operation was canceled", err)
	}
}

func TestRevokeFallbackIsBoundedAndComplete(t *testing.T) {
	tenant, r, _ := revokerFor(t, tenantsim.Options{EarlyAccess: false}, 10*time.Second)
	n, err := r.run(context.Background(), selection{UserID: "auth0|u", ClientID: "web"})
	if err != nil || n != 30 || len(tenant.Listed("auth0|u")) != 0 {
		t.Fatalf("n=%d err=%v left=%v", n, err, tenant.Listed("auth0|u"))
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
	tenant, r, progress := revokerFor(t, tenantsim.Options{}, time.Second)
	tenant.AddUser("auth0|empty")
	n, err := r.run(context.Background(), selection{UserID: "auth0|empty"})
	if err != nil || n != 0 || !strings.HasPrefix(strings.Join(*progress, ""), "Nothing to revoke") {
		t.Fatalf("n=%d err=%v progress=%v", n, err, *progress)
	}
}
