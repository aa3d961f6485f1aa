package e2e

import (
	"bufio"
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

// BenchmarkTerraformPlanTokens runs `terraform plan` on a configuration that
// reads a user's whole token list, every field set and include_device = true,
// from the local tenant (20 ms latency), and reports the wall time and the
// provider process's peak memory (VmHWM), for 1,000, 5,000 and 20,000 tokens
// (1,000 only with -short, as CI runs it).
func BenchmarkTerraformPlanTokens(b *testing.B) {
	dev := newDevSetup(b)
	sizes := []int{1000, 5000, 20000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchPlan(b, dev, n) })
	}
}

func benchPlan(b *testing.B, dev devSetup, n int) {
	tenant := tenantsim.New(tenantsim.Options{Latency: 20 * time.Millisecond})
	tenant.AddAPIToken(tenantsim.APIToken{Token: "bench-token", Scopes: []string{"read:refresh_tokens"}})
	if err := tenant.Generate(tenantsim.Generate{UserID: "auth0|bench", ClientID: "web", Audience: "api", Prefix: "rt_", Count: n}); err != nil {
		b.Fatal(err)
	}
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
data "auth0tokens_refresh_tokens" "all" {
  user_id        = "auth0|bench"
  include_device = true
}
output "count" { value = length(data.auth0tokens_refresh_tokens.all.ids) }
`), 0o600)

	var peakKB int
	for b.Loop() {
		cmd := exec.Command(dev.terraform, "plan", "-no-color", "-input=false")
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "AUTH0_DOMAIN="+srv.Domain, "AUTH0_API_TOKEN=bench-token",
			"SSL_CERT_FILE="+srv.CAFile, "TF_IN_AUTOMATION=1")
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { peakKB = max(peakKB, watchPeakRSS(dev.provider, done)) })
		out, err := cmd.CombinedOutput()
		close(done)
		wg.Wait()
		if err != nil || !strings.Contains(string(out), "count = "+strconv.Itoa(n)) {
			b.Fatalf("terraform plan: %v\n%s", err, out)
		}
	}
	b.ReportMetric(float64(peakKB)/1024, "provider-peak-MiB")
	b.ReportMetric(float64(peakKB)/float64(n), "provider-peak-KiB/token")
}

// watchPeakRSS polls the peak resident memory (VmHWM) of the process running
// binary until done, and returns the highest reading in KiB.
func watchPeakRSS(binary string, done <-chan struct{}) int {
	peak := 0
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return peak
		case <-tick.C:
		}
		procs, _ := filepath.Glob("/proc/[0-9]*/exe")
		for _, exe := range procs {
			if target, err := os.Readlink(exe); err != nil || target != binary {
				continue
			}
			peak = max(peak, vmHWM(filepath.Join(filepath.Dir(exe), "status")))
		}
	}
}

func vmHWM(statusFile string) int {
	f, err := os.Open(statusFile)
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}
