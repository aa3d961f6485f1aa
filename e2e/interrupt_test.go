package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// syncBuffer collects a command's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The interrupt tests run on the CLI TF_ACC_TERRAFORM_PATH names: `make test`
// on Terraform 1.16.4, `make test-clis` on the matrix's other CLIs (the action
// tests on Terraform only; OpenTofu has no actions). Each checks that the CLI
// ended cleanly: no panic, no lock left, a readable state, no provider left
// running.

// TestInterruptedActionReportsItsError presses Ctrl-C (SIGINT) while the
// action waits for a revocation that takes a minute to show, as a responder
// might, and checks Terraform reports the action's error and fails.
//
// Without internal/provider's actionStopGuard this failed at random:
// terraform-plugin-go v0.31.0 forwards no action event once StopProvider has
// closed the request contexts, so the action's error was lost and
// `terraform apply -invoke` could end in "Apply complete!" with exit code 0.
func TestInterruptedActionReportsItsError(t *testing.T) {
	dev := newDevSetup(t)
	for name, c := range map[string]struct{ config, args string }{
		"invoked": {args: "-invoke=action.auth0tokens_revoke_refresh_tokens.u"},
		"triggered by a resource": {config: `
resource "terraform_data" "t" {
  input = "x"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.auth0tokens_revoke_refresh_tokens.u]
    }
  }
}`},
	} {
		t.Run(name, func(t *testing.T) {
			var tenant *tenantsim.Tenant
			srv := localTenant(t, tenantsim.Options{RevocationDelay: time.Minute}, func(tn *tenantsim.Tenant) {
				tenant = tn
				tn.AddClient(tenantsim.Client{ID: "m2m", Secret: "interrupt-test-secret", Scopes: []string{"read:refresh_tokens", "delete:refresh_tokens"}})
				_ = tn.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "web", Audience: "api", Prefix: "rt_", Count: 3})
			})
			work := configDir(t, `
provider "auth0tokens" {}
action "auth0tokens_revoke_refresh_tokens" "u" {
  config {
    user_id = "auth0|u"
    timeout = "3m"
  }
}
`+c.config)
			args := []string{"apply", "-auto-approve", "-no-color"}
			if c.args != "" {
				args = append(args, c.args)
			}
			text, runErr := interruptWhen(t, dev, srv, work, args, "Waiting for the revocation to take effect", time.Second)
			if runErr == nil || strings.Contains(text, "Apply complete!") {
				t.Fatalf("an interrupted revocation read as success (err=%v):\n%s", runErr, text)
			}
			if !strings.Contains(text, "Revoking 3 refresh tokens of user auth0|u") || strings.Contains(text, "Revoked 3 refresh tokens") {
				t.Fatalf("the output should show the revocation sent and never confirmed:\n%s", text)
			}
			if !actionError(text, "Revocation Not Yet Effective") || !strings.Contains(words(text), "the run was interrupted while 3 refresh tokens were still listed") {
				t.Fatalf("the action's own error is missing:\n%s", text)
			}
			if len(tenant.Listed("auth0|u")) != 3 {
				t.Fatal("the tokens should still be listed (revocation delay of a minute)")
			}
			endedCleanly(t, dev, work, text)
		})
	}
}

// interruptWhen runs Terraform with args in work against srv, sends SIGINT
// after (once want shows in the output), and returns the output and how
// Terraform exited.
func interruptWhen(t *testing.T, dev devSetup, srv *tenantsim.Server, work string, args []string, want string, after time.Duration) (string, error) {
	t.Helper()
	cmd := exec.Command(dev.terraform, args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "AUTH0_DOMAIN="+srv.Domain, "SSL_CERT_FILE="+srv.CAFile,
		"AUTH0_CLIENT_ID=m2m", "AUTH0_CLIENT_SECRET=interrupt-test-secret", "AUTH0_API_TOKEN=", "TF_IN_AUTOMATION=1")
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("%q never showed:\n%s", want, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(after)
	_ = cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("Terraform did not stop within a minute of SIGINT:\n%s", out.String())
	}
	return "", nil
}

// #21.2: Ctrl-C during a many-user sign-out used to report "Revoked 0
// sessions and 0 refresh tokens" whatever had been revoked. It reports what
// was done, per kind, and which users are done, partly done, not started.
func TestInterruptedSignOutOfManyUsersCountsWhatItDid(t *testing.T) {
	dev := newDevSetup(t)
	const n = 60
	var tenant *tenantsim.Tenant
	var users []string
	srv := localTenant(t, tenantsim.Options{Latency: 150 * time.Millisecond}, func(tn *tenantsim.Tenant) {
		tenant = tn
		tn.AddClient(tenantsim.Client{ID: "m2m", Secret: "interrupt-test-secret", Scopes: []string{"read:refresh_tokens", "delete:refresh_tokens", "read:sessions", "delete:sessions"}})
		for i := range n {
			u := fmt.Sprintf("auth0|u%02d", i)
			users = append(users, u)
			_ = tn.Generate(tenantsim.Generate{UserID: u, ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_%02d_", i), Count: 2})
			_ = tn.AddSession(map[string]any{"id": fmt.Sprintf("sess_%02d", i), "user_id": u, "created_at": "2026-01-01T00:00:00.000Z"})
		}
	})
	quoted := make([]string, len(users))
	for i, u := range users {
		quoted[i] = fmt.Sprintf("%q", u)
	}
	work := configDir(t, fmt.Sprintf(`
provider "auth0tokens" {}
action "auth0tokens_revoke_sessions" "all" {
  config {
    user_ids    = [%s]
    report_file = "incident.json"
  }
}
`, strings.Join(quoted, ", ")))
	text, runErr := interruptWhen(t, dev, srv, work, []string{"apply", "-auto-approve", "-no-color", "-invoke=action.auth0tokens_revoke_sessions.all"},
		fmt.Sprintf("Signing out %d users", n), 3*time.Second)
	if runErr == nil || strings.Contains(text, "Apply complete!") {
		t.Fatalf("an interrupted sign-out read as success:\n%s", text)
	}
	m := regexp.MustCompile(`canceled after revoking (\d+) sessions and (\d+)\s+refresh\s+tokens:\s+(\d+)\s+users\s+done`).FindStringSubmatch(text)
	if !actionError(text, "Revocation Interrupted") || m == nil {
		t.Fatalf("the interruption does not say what was done:\n%s", text)
	}
	sessions, _ := strconv.Atoi(m[1])
	tokens, _ := strconv.Atoi(m[2])
	ended, revoked := 0, 0
	for _, u := range users {
		ended += 1 - len(tenant.ListedSessions(u))
		revoked += 2 - len(tenant.Listed(u))
	}
	// Requests in flight at the interrupt may land unanswered: at most the
	// fan-out's worth of users (4) is partly done or in progress.
	if sessions == 0 || sessions > ended || ended-sessions > 4 || tokens > revoked || revoked-tokens > 8 {
		t.Fatalf("reported %d sessions and %d tokens; the tenant ended %d and revoked %d:\n%s", sessions, tokens, ended, revoked, text)
	}
	if !strings.Contains(text, "not started (") {
		t.Fatalf("the users not started are not named:\n%s", text)
	}
	// #23: the report, relative to Terraform's working directory, says the
	// run was interrupted and lists what was done, as the output does.
	rep := acctest.ReadReport(t, filepath.Join(work, "incident.json"))
	notStarted := 0
	for _, u := range rep.Users {
		if u.Outcome == "not_started" {
			notStarted++
		}
	}
	if rep.Status != "interrupted" || rep.Totals.Sessions != sessions || rep.Totals.RefreshTokens != tokens || notStarted == 0 || len(rep.Users) != n {
		t.Fatalf("report: status %s, totals %+v, %d of %d users not started; the output said %d sessions and %d tokens",
			rep.Status, rep.Totals, notStarted, len(rep.Users), sessions, tokens)
	}
	endedCleanly(t, dev, work, text)
}

// TestInterruptedActionOfManyUsersEndsCleanly presses Ctrl-C when a progress
// line is due (every 5 s) and no user is done yet, so the users in flight end
// with the cancellation: that used to send a progress line after Terraform's
// stop, and Terraform 1.14.9 then panicked on the final event.
func TestInterruptedActionOfManyUsersEndsCleanly(t *testing.T) {
	dev := newDevSetup(t)
	var users []string
	srv := localTenant(t, tenantsim.Options{Latency: 3 * time.Second}, func(tn *tenantsim.Tenant) {
		tn.AddClient(tenantsim.Client{ID: "m2m", Secret: "interrupt-test-secret", Scopes: []string{"read:refresh_tokens", "delete:refresh_tokens"}})
		for i := range 8 {
			u := fmt.Sprintf("auth0|p%d", i)
			users = append(users, fmt.Sprintf("%q", u))
			_ = tn.Generate(tenantsim.Generate{UserID: u, ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_p%d_", i), Count: 1})
		}
	})
	work := configDir(t, fmt.Sprintf(`
provider "auth0tokens" {}
action "auth0tokens_revoke_refresh_tokens" "all" {
  config {
    user_ids = [%s]
  }
}
`, strings.Join(users, ", ")))
	// Each user takes two requests of 3 s: none is done 5.5 s in.
	text, runErr := interruptWhen(t, dev, srv, work, []string{"apply", "-auto-approve", "-no-color", "-invoke=action.auth0tokens_revoke_refresh_tokens.all"},
		"Revoking the refresh tokens of 8 users", 5500*time.Millisecond)
	if runErr == nil || !actionError(text, "Revocation Interrupted") {
		t.Fatalf("the interruption is not reported:\n%s", text)
	}
	endedCleanly(t, dev, work, text)
}

// TestInterruptedRevocationResourceOfManyUsers presses Ctrl-C while the
// revocation resource is being created for many users, the way OpenTofu and
// Terraform without actions revoke: the create fails saying what was done,
// and the CLI ends cleanly.
func TestInterruptedRevocationResourceOfManyUsers(t *testing.T) {
	dev := newDevSetup(t)
	const n = 100
	var users []string
	srv := localTenant(t, tenantsim.Options{Latency: 150 * time.Millisecond}, func(tn *tenantsim.Tenant) {
		tn.AddClient(tenantsim.Client{ID: "m2m", Secret: "interrupt-test-secret", Scopes: []string{"read:refresh_tokens", "delete:refresh_tokens"}})
		for i := range n {
			u := fmt.Sprintf("auth0|r%03d", i)
			users = append(users, fmt.Sprintf("%q", u))
			_ = tn.Generate(tenantsim.Generate{UserID: u, ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_%03d_", i), Count: 2})
		}
	})
	work := configDir(t, fmt.Sprintf(`
provider "auth0tokens" {}
resource "auth0tokens_refresh_token_revocation" "all" {
  user_ids = [%s]
}
`, strings.Join(users, ", ")))
	text, runErr := interruptWhen(t, dev, srv, work, []string{"apply", "-auto-approve", "-no-color"}, "auth0tokens_refresh_token_revocation.all: Creating...", 2*time.Second)
	if runErr == nil || strings.Contains(text, "Apply complete!") {
		t.Fatalf("an interrupted revocation read as success:\n%s", text)
	}
	if !strings.Contains(text, "Error: Revocation Interrupted") || !strings.Contains(words(text), "users done") {
		t.Fatalf("the interruption does not say what was done:\n%s", text)
	}
	endedCleanly(t, dev, work, text)
}

// actionError reports whether text shows the action's error summary:
// Terraform 1.16 shows it as the error's summary, 1.14 as the first words of
// the detail of "Error when invoking action".
func actionError(text, summary string) bool {
	return strings.Contains(text, "Error: "+summary) ||
		strings.Contains(text, "Error: Error when invoking action") && strings.Contains(words(text), summary+":")
}

// endedCleanly checks what an interrupted run leaves: Terraform 1.14.9 used to
// panic on a progress event sent after its stop, leaving an empty state, its
// lock and the provider running.
func endedCleanly(t *testing.T, dev devSetup, work, text string) {
	t.Helper()
	if strings.Contains(text, "panic:") || strings.Contains(text, "range function continued iteration") {
		t.Fatalf("the CLI panicked:\n%s", text)
	}
	if _, err := os.Stat(filepath.Join(work, ".terraform.tfstate.lock.info")); err == nil {
		t.Fatalf("the state lock was left behind:\n%s", text)
	}
	if b, err := os.ReadFile(filepath.Join(work, "terraform.tfstate")); err == nil && !json.Valid(b) {
		t.Fatalf("the state is not JSON (%d bytes):\n%s", len(b), text)
	}
	// The CLI stops its plugins as it exits; give the process a moment to go.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		pids := processesOf(dev.provider)
		if len(pids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the provider is still running after the CLI exited (pids %v):\n%s", pids, text)
		}
	}
}

// processesOf lists the processes running the executable at path (each test
// builds its own provider binary, so these are this test's).
func processesOf(path string) []string {
	var pids []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == path {
			pids = append(pids, e.Name())
		}
	}
	return pids
}
