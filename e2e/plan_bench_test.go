package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
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

// BenchmarkTerraformPlanIDLists runs `terraform plan` on a configuration that
// creates a revocation resource (or invokes the action) with 10,000 IDs in one
// list attribute (1,000 with -short), from a variable, and reports the wall
// time. No API call is made: what is measured is Terraform's and the
// framework's handling of the list (issue #21 item 9: with a set attribute,
// this was quadratic).
func BenchmarkTerraformPlanIDLists(b *testing.B) {
	dev := newDevSetup(b)
	n := 10000
	if testing.Short() {
		n = 1000
	}
	for _, c := range []struct{ name, format, config, plan string }{
		{"refresh_token_revocation/user_ids", "auth0|u%05d", `resource "auth0tokens_refresh_token_revocation" "this" { user_ids = var.ids }`, ""},
		{"refresh_token_revocation/token_ids", "rt_%05d", `resource "auth0tokens_refresh_token_revocation" "this" { token_ids = var.ids }`, ""},
		{"session_revocation/user_ids", "auth0|u%05d", `resource "auth0tokens_session_revocation" "this" { user_ids = var.ids }`, ""},
		{"session_revocation/session_ids", "sess_%05d", `resource "auth0tokens_session_revocation" "this" { session_ids = var.ids }`, ""},
		{"revoke_refresh_tokens/user_ids", "auth0|u%05d", `action "auth0tokens_revoke_refresh_tokens" "this" {
  config { user_ids = var.ids }
}`, "-invoke=action.auth0tokens_revoke_refresh_tokens.this"},
		{"revoke_sessions/user_ids", "auth0|u%05d", `action "auth0tokens_revoke_sessions" "this" {
  config { user_ids = var.ids }
}`, "-invoke=action.auth0tokens_revoke_sessions.this"},
	} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf(c.format, i)
		}
		b.Run(fmt.Sprintf("%s/%d", c.name, n), func(b *testing.B) { benchPlanConfig(b, dev, c.config, c.plan, ids) })
	}
}

// benchPlanConfig times `terraform plan` of one configuration, with ids in
// var.ids; no tenant is needed, as planning a revocation calls no API.
func benchPlanConfig(b *testing.B, dev devSetup, config, planArg string, ids []string) {
	work := b.TempDir()
	vars, err := json.Marshal(map[string][]string{"ids": ids})
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "terraform.tfvars.json"), vars, 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(`terraform {
  required_providers {
    auth0tokens = { source = "auth0tokens/auth0tokens" }
  }
}
provider "auth0tokens" {
  domain    = "bench.invalid"
  api_token = "bench-not-a-secret"
}
variable "ids" { type = list(string) }
`+config+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	args := []string{"plan", "-no-color", "-input=false"}
	if planArg != "" {
		args = append(args, planArg)
	}
	for b.Loop() {
		cmd := exec.Command(dev.terraform, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "TF_IN_AUTOMATION=1")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Plan: 1 to add") && !strings.Contains(string(out), "Terraform will invoke") {
			b.Fatalf("terraform plan: %v\n%s", err, out)
		}
	}
}
