package auth0api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/auth0/go-auth0/v3/management"
	mgmtclient "github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/core"
	"github.com/auth0/go-auth0/v3/management/option"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

const benchLatency = 20 * time.Millisecond

// benchTenant serves a tenant with added latency and returns a client for it.
func benchTenant(b *testing.B, opts tenantsim.Options) (*tenantsim.Tenant, *tenantsim.Server, *auth0api.Client) {
	b.Helper()
	tenant := tenantsim.New(opts)
	tenant.AddAPIToken(tenantsim.APIToken{Token: testAPIToken, Scopes: []string{auth0api.ScopeRead, auth0api.ScopeDelete, auth0api.ScopeReadSessions}})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: testAPIToken, UserAgent: "bench", BaseTransport: srv.Transport()})
	if err != nil {
		b.Fatal(err)
	}
	return tenant, srv, client
}

func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

// BenchmarkList10kTokens lists 10,000 tokens of one user with 20 ms latency:
// the provider's listing, and a baseline loop over go-auth0 v3 with take=100.
func BenchmarkList10kTokens(b *testing.B) {
	const n = 10_000
	tenant, srv, client := benchTenant(b, tenantsim.Options{Latency: benchLatency})
	if err := tenant.Generate(tenantsim.Generate{UserID: "auth0|bench", ClientID: "web", Audience: "api", Prefix: "rt_", Count: n}); err != nil {
		b.Fatal(err)
	}
	floor := float64(n/auth0api.PageSize + 1) // 100 pages, plus the empty page after `next` on the last one

	b.Run("provider", func(b *testing.B) {
		tenant.ResetRequests()
		before := mallocs()
		ops := 0
		for b.Loop() {
			tokens, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|bench"})
			if err != nil || len(tokens) != n {
				b.Fatalf("%d tokens, %v", len(tokens), err)
			}
			ops++
		}
		reportListing(b, tenant, ops, before, n, floor)
	})

	b.Run("go-auth0-baseline", func(b *testing.B) {
		mgmt, err := mgmtclient.New(srv.Domain, option.WithToken(testAPIToken), option.WithoutRetries(),
			option.WithHTTPClient(&http.Client{Transport: srv.Transport()}))
		if err != nil {
			b.Fatal(err)
		}
		tenant.ResetRequests()
		before := mallocs()
		ops := 0
		for b.Loop() {
			page, err := mgmt.Users.RefreshToken.List(context.Background(), "auth0|bench", &management.ListRefreshTokensRequestParameters{Take: ptr(100)})
			count := 0
			for err == nil {
				count += len(page.Results)
				page, err = page.GetNextPage(context.Background())
			}
			if !errors.Is(err, core.ErrNoPages) || count != n {
				b.Fatalf("%d tokens, %v", count, err)
			}
			ops++
		}
		reportListing(b, tenant, ops, before, n, floor)
	})
}

func reportListing(b *testing.B, tenant *tenantsim.Tenant, ops int, mallocsBefore uint64, n int, floor float64) {
	b.Helper()
	requests := float64(len(tenant.Requests())) / float64(ops)
	b.ReportMetric(requests, "requests/op")
	b.ReportMetric(floor, "floor-requests/op")
	b.ReportMetric(float64(mallocs()-mallocsBefore)/float64(ops*n), "allocs/token")
	if requests != floor {
		b.Errorf("%.1f requests per listing; the floor is %.0f", requests, floor)
	}
}

// BenchmarkParallelReadsRateLimited reads 200 users' token lists at once
// against a tenant limited to 10 requests a second.
func BenchmarkParallelReadsRateLimited(b *testing.B) {
	const users, rate = 200, 10
	tenant, _, client := benchTenant(b, tenantsim.Options{RateLimit: rate, NoNextOnLastPage: true})
	for i := 0; i < users; i++ {
		_ = tenant.Generate(tenantsim.Generate{UserID: fmt.Sprintf("auth0|u%03d", i), ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_u%03d_", i), Count: 1})
	}
	for b.Loop() {
		time.Sleep(time.Second) // let the tenant's bucket refill between runs
		tenant.ResetRequests()
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failures []error
		for i := 0; i < users; i++ {
			wg.Go(func() {
				if _, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: fmt.Sprintf("auth0|u%03d", i)}); err != nil {
					mu.Lock()
					failures = append(failures, err)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		took := time.Since(start)
		throttled := 0
		for _, r := range tenant.Requests() {
			if r.Status == http.StatusTooManyRequests {
				throttled++
			}
		}
		// The bucket starts full (rate tokens), then refills at rate per second.
		ideal := time.Duration(float64(users-rate) / rate * float64(time.Second))
		b.ReportMetric(float64(len(failures)), "surfaced-errors")
		b.ReportMetric(float64(throttled), "429s-from-tenant")
		b.ReportMetric(took.Seconds()/ideal.Seconds(), "x-ideal")
		if len(failures) > 0 {
			b.Errorf("%d reads failed, first: %v", len(failures), failures[0])
		}
	}
}

func ptr[T any](v T) *T { return &v }

// BenchmarkList10kSessions lists 10,000 sessions of one user: the request
// count must be the floor, as for tokens.
func BenchmarkList10kSessions(b *testing.B) {
	const n = 10_000
	tenant, _, client := benchTenant(b, tenantsim.Options{Latency: benchLatency})
	for i := range n {
		created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		if err := tenant.AddSession(map[string]any{"id": fmt.Sprintf("sess_%05d", i), "user_id": "auth0|bench", "created_at": created.Format(time.RFC3339Nano),
			"clients": []any{map[string]any{"client_id": "web"}}, "cookie": map[string]any{"mode": "persistent"},
			"authentication": map[string]any{"methods": []any{map[string]any{"name": "pwd", "type": "pwd"}}}}); err != nil {
			b.Fatal(err)
		}
	}
	tenant.ResetRequests()
	before := mallocs()
	ops := 0
	for b.Loop() {
		sessions, err := client.ListSessions(context.Background(), "auth0|bench")
		if err != nil || len(sessions) != n {
			b.Fatalf("%d sessions, %v", len(sessions), err)
		}
		ops++
	}
	reportListing(b, tenant, ops, before, n, float64(n/auth0api.PageSize+1))
}
