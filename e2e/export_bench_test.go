package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// BenchmarkTerraformPlanAllUsers runs `terraform plan` on a configuration that
// reads every user of a tenant of 100,000 (1,000 with -short, as CI runs it)
// through a users-export job (the auth0tokens_users data source with
// all_users), and reports the provider process's peak memory (VmHWM): the
// export file is streamed, and only user IDs are kept (#22).
func BenchmarkTerraformPlanAllUsers(b *testing.B) {
	dev := newDevSetup(b)
	n := 100000
	if testing.Short() {
		n = 1000
	}
	tenant := tenantsim.New(tenantsim.Options{Export: tenantsim.ExportOptions{Duration: time.Second}})
	tenant.AddAPIToken(tenantsim.APIToken{Token: "bench-token", Scopes: []string{"read:users"}})
	tenant.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|bench", Count: n})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	work := b.TempDir()
	_ = os.WriteFile(filepath.Join(work, "main.tf"), []byte(`
terraform {
  required_providers {
    auth0tokens = { source = "auth0tokens/auth0tokens" }
  }
}
data "auth0tokens_users" "all" {
  all_users = true
}
output "users" { value = data.auth0tokens_users.all.user_count }
`), 0o600)
	var peakKB int
	var wall time.Duration
	for b.Loop() {
		cmd := exec.Command(dev.terraform, "plan", "-no-color", "-input=false")
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "AUTH0_DOMAIN="+srv.Domain, "AUTH0_API_TOKEN=bench-token",
			"SSL_CERT_FILE="+srv.CAFile, "TF_IN_AUTOMATION=1")
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { peakKB = max(peakKB, watchPeakRSS(dev.provider, done)) })
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall = time.Since(start)
		close(done)
		wg.Wait()
		if err != nil || !strings.Contains(string(out), "users = "+strconv.Itoa(n)) {
			b.Fatalf("terraform plan: %v\n%s", err, out)
		}
	}
	b.ReportMetric(float64(peakKB)/1024, "provider-peak-MiB")
	b.ReportMetric(wall.Seconds(), "wall-s")
}
