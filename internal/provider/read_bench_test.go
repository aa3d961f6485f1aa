package provider

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// BenchmarkReadTokenList reads a user's whole token list through the
// provider's protocol server, as Terraform does at plan, with every field set
// and include_device = true, and reports the peak Go heap during the read
// (sampled) and the bytes allocated, per token. 1,000, 5,000 and 20,000 tokens
// show whether memory grows linearly.
func BenchmarkReadTokenList(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			tenant := tenantsim.New(tenantsim.Options{})
			tenant.AddAPIToken(tenantsim.APIToken{Token: "bench-token", Scopes: []string{auth0api.ScopeRead}})
			if err := tenant.Generate(tenantsim.Generate{UserID: "auth0|bench", ClientID: "web", Audience: "api", Prefix: "rt_", Count: n}); err != nil {
				b.Fatal(err)
			}
			srv, err := tenantsim.Start(tenant, "127.0.0.1:0", b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = srv.Close() })
			env := map[string]string{EnvDomain: srv.Domain, EnvAPIToken: "bench-token"}
			server := NewServer("bench", WithTransport(srv.Transport()), WithEnv(func(k string) string { return env[k] }))()
			ctx := context.Background()
			schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				b.Fatal(err)
			}
			providerConfig := nullObject(b, schemas.Provider.ValueType(), nil)
			if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig}); err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("configure: %v %v", err, resp.Diagnostics)
			}
			config := nullObject(b, schemas.DataSourceSchemas["auth0tokens_refresh_tokens"].ValueType(), map[string]tftypes.Value{
				"user_id":        tftypes.NewValue(tftypes.String, "auth0|bench"),
				"include_device": tftypes.NewValue(tftypes.Bool, true),
			})

			var peak, allocated uint64
			for b.Loop() {
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				stop := sampleHeap(&peak)
				resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "auth0tokens_refresh_tokens", Config: config})
				stop()
				if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil || len(resp.State.MsgPack) < n*100 {
					b.Fatalf("read: %v %v", err, resp.Diagnostics)
				}
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				allocated = after.TotalAlloc - before.TotalAlloc
				peak -= before.HeapAlloc
			}
			b.ReportMetric(float64(peak)/float64(n)/1024, "peak-KiB/token")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(allocated)/float64(n)/1024, "alloc-KiB/token")
		})
	}
}

// nullObject is an object value of type t with the given attributes and every
// other one null, as Terraform sends an unset configuration.
func nullObject(b *testing.B, t tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	obj := t.(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
		if v, ok := set[name]; ok {
			vals[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(obj, tftypes.NewValue(obj, vals))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// sampleHeap records the highest HeapAlloc into peak until stopped.
func sampleHeap(peak *uint64) (stop func()) {
	*peak = 0
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
