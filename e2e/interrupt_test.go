package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

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

			// Interrupt once the wait has started (or give up after a minute).
			deadline := time.Now().Add(time.Minute)
			for !strings.Contains(out.String(), "Waiting for the revocation to take effect") {
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatalf("the action never started waiting:\n%s", out.String())
				}
				time.Sleep(100 * time.Millisecond)
			}
			time.Sleep(time.Second)
			_ = cmd.Process.Signal(syscall.SIGINT)
			var runErr error
			select {
			case runErr = <-done:
			case <-time.After(time.Minute):
				_ = cmd.Process.Kill()
				t.Fatalf("Terraform did not stop within a minute of SIGINT:\n%s", out.String())
			}
			text := out.String()
			if runErr == nil || strings.Contains(text, "Apply complete!") {
				t.Fatalf("an interrupted revocation read as success (err=%v):\n%s", runErr, text)
			}
			if !strings.Contains(text, "Revoking 3 refresh tokens of user auth0|u") || strings.Contains(text, "Revoked 3 refresh tokens") {
				t.Fatalf("the output should show the revocation sent and never confirmed:\n%s", text)
			}
			if !strings.Contains(text, "Error: Revocation Not Yet Effective") || !strings.Contains(text, "when the operation was canceled") {
				t.Fatalf("the action's own error is missing:\n%s", text)
			}
			if len(tenant.Listed("auth0|u")) != 3 {
				t.Fatal("the tokens should still be listed (revocation delay of a minute)")
			}
		})
	}
}
