package refreshtoken

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// BenchmarkRevoke1000ByID revokes 1,000 tokens by ID with 20 ms latency: each
// read once, then sent on the Early Access bulk endpoint (10 calls), or on the
// one-by-one fallback.
func BenchmarkRevoke1000ByID(b *testing.B) {
	const n = 1000
	for _, ea := range []bool{true, false} {
		name := map[bool]string{true: "bulk-early-access", false: "fallback-one-by-one"}[ea]
		b.Run(name, func(b *testing.B) {
			tenant := tenantsim.New(tenantsim.Options{EarlyAccess: ea, Latency: 20 * time.Millisecond})
			tenant.AddAPIToken(tenantsim.APIToken{Token: "t", Scopes: []string{auth0api.ScopeRead, auth0api.ScopeDelete}})
			srv, err := tenantsim.Start(tenant, "127.0.0.1:0", b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = srv.Close() })
			ids := make([]string, n)
			for i := range ids {
				ids[i] = fmt.Sprintf("rt_%05d", i+1)
			}
			ops, calls := 0, 0
			for b.Loop() {
				b.StopTimer()
				_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|bench", ClientID: "web", Audience: "api", Prefix: "rt_", Count: n})
				client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "bench", BaseTransport: srv.Transport()})
				if err != nil {
					b.Fatal(err)
				}
				tenant.ResetRequests()
				b.StartTimer()
				r := revocation.Runner{Client: client, Wait: false, Sleep: auth0api.Sleep, Progress: func(string) {}}
				if got, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, ByID: true, IDs: ids}); err != nil || got.Revoked[shared.KindTokens] != n {
					b.Fatalf("revoked %d, %v", got.Revoked[shared.KindTokens], err)
				}
				ops++
				calls += len(tenant.Requests())
			}
			b.ReportMetric(float64(calls)/float64(ops), "calls/op")
			// Each ID is read once (so unknown IDs are named, not counted), then sent in chunks.
			if want := n + n/auth0api.MaxRevokeIDs; ea && calls/ops != want {
				b.Errorf("%d calls; want %d", calls/ops, want)
			}
		})
	}
}

// BenchmarkRevokeManyUsers revokes 3 tokens each of many users (2,000; 20
// with -short, as CI runs it) against a tenant limited to 10 requests a
// second with Auth0's rate-limit headers, and reports the time against the
// ideal (requests beyond the initial burst ÷ rate) and the requests against
// the floor of the strategy: per user one listing (2 requests: the tenant
// sends `next` on the last page), the revocation, and one confirming listing
// (1 request: an empty page).
func BenchmarkRevokeManyUsers(b *testing.B) {
	const rate, perUser = 10, 3
	users := 2000
	if testing.Short() {
		users = 20
	}
	for _, c := range []struct {
		name     string
		clientID string
		floor    int // requests per user
	}{
		{"user", "", 2 + 1 + 1},
		// The EA list and bulk revoke are refused, then remembered (up to FanOut
		// users may ask before the first refusal returns); then one DELETE per token.
		{"client-early-access-refused", "web", 2 + perUser + 1},
	} {
		b.Run(c.name, func(b *testing.B) {
			tenant := tenantsim.New(tenantsim.Options{RateLimit: rate})
			tenant.AddAPIToken(tenantsim.APIToken{Token: "t", Scopes: []string{auth0api.ScopeRead, auth0api.ScopeDelete}})
			srv, err := tenantsim.Start(tenant, "127.0.0.1:0", b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = srv.Close() })
			ids := make([]string, users)
			for i := range ids {
				ids[i] = fmt.Sprintf("auth0|bench%05d", i)
			}
			var ratio, requests, limited float64
			for b.Loop() {
				b.StopTimer()
				for i, u := range ids {
					_ = tenant.Generate(tenantsim.Generate{UserID: u, ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_%05d_", i), Count: perUser})
				}
				client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "bench", BaseTransport: srv.Transport()})
				if err != nil {
					b.Fatal(err)
				}
				time.Sleep(2 * time.Second) // a full bucket, as a quiet tenant has
				tenant.ResetRequests()
				b.StartTimer()
				start := time.Now()
				r := revocation.Runner{Client: client, Wait: true, Timeout: time.Hour, Sleep: auth0api.Sleep, Progress: func(string) {}}
				out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: c.clientID}, ByUsers: true, UserIDs: ids})
				elapsed := time.Since(start)
				if err != nil || out.Revoked[shared.KindTokens] != users*perUser || len(out.Failed) != 0 {
					b.Fatalf("revoked %d, failed %v, %v", out.Revoked[shared.KindTokens], out.Failed, err)
				}
				reqs := tenant.Requests()
				requests, limited = float64(len(reqs)), 0
				for _, req := range reqs {
					if req.Status == 429 {
						limited++
					}
				}
				ideal := time.Duration((requests - rate) / rate * float64(time.Second))
				ratio = elapsed.Seconds() / ideal.Seconds()
			}
			b.ReportMetric(ratio, "x-ideal")
			b.ReportMetric(requests, "requests/op")
			b.ReportMetric(float64(c.floor*users+2), "floor-requests/op")
			b.ReportMetric(limited, "tenant-429s/op")
			// Retried 429s are requests too; anything above the floor is reported, not failed.
		})
	}
}

// BenchmarkRevokeAllUsers revokes one client's refresh tokens across a whole
// tenant (all_users + client_id: a leaked client secret) of 20,000 users (200 with -short), one
// in ten holding 3 tokens of that client, against a tenant limited to rate
// requests a second. The users come from a users-export job; the revocation
// is the many-user path. It reports the time against the ideal (requests
// beyond the initial burst ÷ rate), the requests against the floor (the
// export's calls; per user without tokens one empty listing page; per holder
// a 2-request listing, 3 DELETEs with the Early Access endpoints refused, and
// a 1-request confirming listing) and the 429s the tenant sent.
func BenchmarkRevokeAllUsers(b *testing.B) {
	const rate, perHolder = 200, 3
	users := 20000
	if testing.Short() {
		users = 200
	}
	tenant := tenantsim.New(tenantsim.Options{RateLimit: rate, Export: tenantsim.ExportOptions{Duration: 2 * time.Second}})
	tenant.AddAPIToken(tenantsim.APIToken{Token: "t", Scopes: []string{auth0api.ScopeRead, auth0api.ScopeDelete, auth0api.ScopeReadUsers}})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	tenant.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|bench", Count: users})
	var ratio, requests, exportCalls, limited float64
	for b.Loop() {
		b.StopTimer()
		for i := 1; i <= users; i += 10 {
			_ = tenant.Generate(tenantsim.Generate{UserID: fmt.Sprintf("auth0|bench%05d", i), ClientID: "leaked", Audience: "api", Prefix: fmt.Sprintf("rt_%05d_", i), Count: perHolder})
		}
		client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "bench", BaseTransport: srv.Transport()})
		if err != nil {
			b.Fatal(err)
		}
		time.Sleep(2 * time.Second) // a full bucket, as a quiet tenant has
		tenant.ResetRequests()
		b.StartTimer()
		start := time.Now()
		r := revocation.Runner{Client: client, Wait: true, Timeout: time.Hour, Sleep: auth0api.Sleep, Progress: func(string) {}}
		out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{ClientID: "leaked"}, Users: shared.UserSelector{By: shared.AllUsers}})
		elapsed := time.Since(start)
		if want := (users + 9) / 10 * perHolder; err != nil || out.Revoked[shared.KindTokens] != want || len(out.Failed) != 0 {
			b.Fatalf("revoked %d (want %d), failed %v, %v", out.Revoked[shared.KindTokens], want, out.Failed, err)
		}
		requests, exportCalls, limited = countAPIRequests(tenant.Requests())
		ideal := time.Duration((requests - rate) / rate * float64(time.Second))
		ratio = elapsed.Seconds() / ideal.Seconds()
	}
	holders := float64((users + 9) / 10)
	b.ReportMetric(ratio, "x-ideal")
	b.ReportMetric(requests, "requests/op")
	b.ReportMetric(exportCalls, "export-calls/op")
	b.ReportMetric(exportCalls+(float64(users)-holders)+holders*(2+perHolder+1), "floor-requests/op")
	b.ReportMetric(limited, "tenant-429s/op")
}

// countAPIRequests counts the requests to the rate-limited Management API
// (the export download goes to storage), those of the export job, and 429s.
func countAPIRequests(reqs []tenantsim.Request) (requests, exportCalls, limited float64) {
	for _, req := range reqs {
		if strings.HasPrefix(req.Path, "/exports/") {
			continue
		}
		requests++
		if strings.HasPrefix(req.Path, "/api/v2/jobs") {
			exportCalls++
		}
		if req.Status == 429 {
			limited++
		}
	}
	return requests, exportCalls, limited
}

// BenchmarkRevokeShardedByConnection runs three revocations at once, one per
// connection (as three workspaces sharding an incident would; each has its
// own client and rate budget, as separate Terraform processes do), against
// one tenant limited to rate requests a second. It reports the aggregate
// request rate against that limit, the 429s the tenant sent (retried) and
// the users that failed (a surfaced 429 would be one).
func BenchmarkRevokeShardedByConnection(b *testing.B) {
	const rate, shards = 20, 3
	perShard := 300
	if testing.Short() {
		perShard = 10
	}
	tenant := tenantsim.New(tenantsim.Options{RateLimit: rate, Export: tenantsim.ExportOptions{Duration: time.Second}})
	tenant.AddAPIToken(tenantsim.APIToken{Token: "t", Scopes: []string{auth0api.ScopeRead, auth0api.ScopeDelete, auth0api.ScopeReadUsers, auth0api.ScopeReadConnections}})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	for s := range shards {
		tenant.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: fmt.Sprintf("auth0|shard%d-", s), Count: perShard, Connection: fmt.Sprintf("shard-%d", s)})
	}
	var aggregate, limited, failed float64
	for b.Loop() {
		b.StopTimer()
		for s := range shards {
			for i := 1; i <= perShard; i++ {
				_ = tenant.Generate(tenantsim.Generate{UserID: fmt.Sprintf("auth0|shard%d-%05d", s, i), ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_%d_%05d_", s, i), Count: 1})
			}
		}
		time.Sleep(2 * time.Second) // a full bucket
		tenant.ResetRequests()
		b.StartTimer()
		start := time.Now()
		outs := make(chan revocation.Outcome, shards)
		for s := range shards {
			go func() {
				client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "bench", BaseTransport: srv.Transport()})
				if err != nil {
					b.Error(err)
				}
				r := revocation.Runner{Client: client, Wait: true, Timeout: time.Hour, Sleep: auth0api.Sleep, Progress: func(string) {}}
				out, err := r.Run(context.Background(), revocation.Selection{Kind: tokens{}, Users: shared.UserSelector{By: shared.ConnectionName, Value: fmt.Sprintf("shard-%d", s)}})
				if err != nil {
					b.Error(err)
				}
				outs <- out
			}()
		}
		failed = 0
		for range shards {
			out := <-outs
			failed += float64(len(out.Failed))
			if out.Revoked[shared.KindTokens] != perShard {
				b.Errorf("a shard revoked %d of %d", out.Revoked[shared.KindTokens], perShard)
			}
		}
		elapsed := time.Since(start)
		requests, _, tenant429 := countAPIRequests(tenant.Requests())
		limited = tenant429
		aggregate = (requests - rate) / elapsed.Seconds() // beyond the initial burst
	}
	b.ReportMetric(aggregate, "req/s")
	b.ReportMetric(aggregate/rate, "x-limit")
	b.ReportMetric(limited, "tenant-429s/op")
	b.ReportMetric(failed, "failed-users/op")
}
