package auth0api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Faults injected into the local tenant; each ends in the right result or a
// classified error, and nothing panics.

func list(client *auth0api.Client) ([]auth0api.RefreshToken, error) {
	return client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
}

func seeded(t *testing.T, opts tenantsim.Options) (*tenantsim.Tenant, *auth0api.Client) {
	t.Helper()
	tenant, client := localTenant(t, opts)
	if err := tenant.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "web", Audience: "api", Prefix: "rt_", Count: 150}); err != nil {
		t.Fatal(err)
	}
	return tenant, client
}

func TestFaultTransientAnswersAreRetried(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			tenant, client := seeded(t, tenantsim.Options{})
			tenant.AddFault(tenantsim.Fault{Status: status, Times: 2}) // a burst of two
			tokens, err := list(client)
			if err != nil || len(tokens) != 150 {
				t.Fatalf("%d tokens, %v; want all after retries", len(tokens), err)
			}
		})
	}
}

func TestFaultPersistentServerErrorIsClassified(t *testing.T) {
	tenant, client := seeded(t, tenantsim.Options{})
	tenant.AddFault(tenantsim.Fault{Status: 503})
	_, err := list(client)
	var e *auth0api.Error
	if !errors.As(err, &e) || e.StatusCode != 503 || e.Kind != auth0api.KindOther {
		t.Fatalf("err=%v; want a 503 error after the last attempt", err)
	}
	if n := len(tenant.Requests()); n != 3 {
		t.Fatalf("%d attempts; want the policy's 3", n)
	}
}

func TestFaultPersistent429IsRateLimited(t *testing.T) {
	tenant, client := seeded(t, tenantsim.Options{})
	tenant.AddFault(tenantsim.Fault{Status: 429})
	if _, err := list(client); auth0api.KindOf(err) != auth0api.KindRateLimited {
		t.Fatalf("err=%v; want KindRateLimited", err)
	}
}

func TestFaultDroppedConnectionOnReadIsRetried(t *testing.T) {
	tenant, client := seeded(t, tenantsim.Options{})
	tenant.AddFault(tenantsim.Fault{Drop: true, Times: 2})
	if tokens, err := list(client); err != nil || len(tokens) != 150 {
		t.Fatalf("%d tokens, %v", len(tokens), err)
	}
}

func TestFaultDroppedConnectionOnBulkRevokeIsNotRepeated(t *testing.T) {
	tenant, client := seeded(t, tenantsim.Options{EarlyAccess: true})
	tenant.AddFault(tenantsim.Fault{Method: http.MethodPost, Drop: true})
	err := client.RevokeBulk(context.Background(), auth0api.RevokeRequest{UserID: "auth0|u"})
	if err == nil {
		t.Fatal("a dropped bulk revoke must be reported, not assumed done")
	}
	if n := len(tenant.Requests()); n != 1 {
		t.Fatalf("%d attempts; a POST whose fate is unknown must not be sent again", n)
	}
}

func TestFaultSlowResponsesTimeOut(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{Latency: 5 * time.Second})
	tenant.AddAPIToken(tenantsim.APIToken{Token: testAPIToken, Scopes: []string{auth0api.ScopeRead}})
	tenant.AddUser("auth0|u")
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	client, _ := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: testAPIToken, UserAgent: "t", BaseTransport: srv.Transport(),
		Retry: auth0api.RetryPolicy{MaxAttempts: 2, BaseDelay: 10 * time.Millisecond, MaxDelay: 10 * time.Millisecond, AttemptTimeout: 200 * time.Millisecond}})
	start := time.Now()
	_, err = list(client)
	if err == nil || !strings.Contains(err.Error(), "did not answer in time") {
		t.Fatalf("err=%v; want the attempt timeout", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("took %s; two 200 ms attempts should end well within 2 s", took)
	}
}

func TestFaultCursorExpiringTwiceIsAClearError(t *testing.T) {
	tenant, client := seeded(t, tenantsim.Options{})
	tenant.AddFault(tenantsim.Fault{PathPrefix: "/api/v2/users/", Skip: 1, Times: 1, ExpiredCursor: true})
	tenant.AddFault(tenantsim.Fault{PathPrefix: "/api/v2/users/", Skip: 3, Times: 1, ExpiredCursor: true})
	_, err := list(client)
	if auth0api.KindOf(err) != auth0api.KindBadRequest || !strings.Contains(err.Error(), "restarted once") {
		t.Fatalf("err=%v; want a bad-request error saying the listing was restarted once", err)
	}
}

func TestFaultCancelDuringBackoffReturnsQuickly(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	tenant.AddAPIToken(tenantsim.APIToken{Token: testAPIToken, Scopes: []string{auth0api.ScopeRead}})
	tenant.AddUser("auth0|u")
	tenant.AddFault(tenantsim.Fault{Status: 503})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	client, _ := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: testAPIToken, UserAgent: "t", BaseTransport: srv.Transport(),
		Retry: auth0api.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Minute, MaxDelay: time.Minute}})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err = client.ListTokens(ctx, auth0api.ListQuery{UserID: "auth0|u"})
	if auth0api.KindOf(err) != auth0api.KindCanceled {
		t.Fatalf("err=%v; want KindCanceled", err)
	}
	if took := time.Since(start); took > 300*time.Millisecond+time.Second {
		t.Fatalf("returned %s after start; want within a second of Ctrl-C", took)
	}
}
