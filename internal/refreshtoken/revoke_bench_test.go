package refreshtoken

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
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
				r := revoker{client: client, wait: false, sleep: auth0api.Sleep, progress: func(string) {}}
				if got, err := r.run(context.Background(), selection{ByID: true, TokenIDs: ids}); err != nil || got.Revoked != n {
					b.Fatalf("revoked %d, %v", got.Revoked, err)
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
