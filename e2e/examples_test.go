package e2e

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// TestExamplesValidate runs `terraform validate` on every example folder with
// the provider built from this tree, so the docs never show a configuration
// Terraform would refuse. `make test-clis` runs it on the oldest Terraform of
// the matrix too (TF_ACC_TERRAFORM_PATH): an example that needs a later
// release must say so with required_version, and then init must refuse it.
func TestExamplesValidate(t *testing.T) {
	dev := newDevSetup(t)

	dirs := map[string]bool{}
	_ = filepath.WalkDir("../examples", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfquery.hcl")) {
			dirs[filepath.Dir(path)] = true
		}
		return err
	})
	if len(dirs) < 8 {
		t.Fatalf("found %d example folders; expected every type's and the guides'", len(dirs))
	}
	// Copy the whole tree, so examples that call each other as modules still can.
	root := t.TempDir()
	if out, err := exec.Command("cp", "-r", "../examples", root).CombinedOutput(); err != nil {
		t.Fatalf("copying examples: %v\n%s", err, out)
	}
	for dir := range dirs {
		t.Run(strings.TrimPrefix(dir, "../examples/"), func(t *testing.T) {
			work := filepath.Join(root, strings.TrimPrefix(dir, "../"))
			files, _ := filepath.Glob(filepath.Join(work, "*.tf"))
			declared := false
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				declared = declared || strings.Contains(string(b), "required_providers")
			}
			if !declared { // per-type snippets leave the provider source to the page that shows it
				_ = os.WriteFile(filepath.Join(work, "providers_for_test.tf"), []byte(`terraform {
  required_providers {
    auth0tokens = { source = "auth0tokens/auth0tokens" }
  }
}
`), 0o600)
			}
			// The import examples of a resource's page (import-by-*.tf) are
			// alternatives: each is validated with the resource, alone.
			imports, _ := filepath.Glob(filepath.Join(work, "import-by-*.tf"))
			for _, f := range imports {
				if err := os.Rename(f, f+".off"); err != nil {
					t.Fatal(err)
				}
			}
			validate := func(label string) {
				// get, not init: only the modules need installing, and init on
				// Terraform 1.14 looks the dev-overridden provider up in the
				// registry. -query: the .tfquery.hcl files (list blocks) too.
				for _, args := range [][]string{{"get", "-no-color"}, {"validate", "-query", "-no-color"}} {
					cmd := exec.Command(dev.terraform, args...)
					cmd.Dir = work
					cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig)
					out, err := cmd.CombinedOutput()
					if err != nil && requiresVersion(t, files) && strings.Contains(string(out), "Unsupported Terraform Core version") {
						return // needs a later Terraform, and says so
					}
					if err != nil {
						t.Fatalf("terraform %s in %s%s: %v\n%s", args[0], dir, label, err, out)
					}
				}
			}
			validate("")
			for _, f := range imports {
				_ = os.Rename(f+".off", f)
				validate(" with " + filepath.Base(f))
				_ = os.Rename(f, f+".off")
			}
		})
	}
}

// requiresVersion reports whether any of files sets required_version.
func requiresVersion(t *testing.T, files []string) bool {
	t.Helper()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) { // import-by-*.tf are set aside in turn
			t.Fatal(err)
		}
		if strings.Contains(string(b), "required_version") {
			return true
		}
	}
	return false
}

// exampleRunner runs Terraform in work as a user would, with the provider
// built from this tree and the local tenant's environment; a command that
// fails fails the test.
func exampleRunner(t *testing.T, dev devSetup, srv *tenantsim.Server, work string) func(args ...string) string {
	return func(args ...string) string {
		t.Helper()
		cmd := exec.Command(dev.terraform, append(args, "-no-color")...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "AUTH0_DOMAIN="+srv.Domain, "SSL_CERT_FILE="+srv.CAFile,
			"AUTH0_CLIENT_ID=m2m_acctest", "AUTH0_CLIENT_SECRET=acctest-local-only-secret", "AUTH0_API_TOKEN=", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
}

// seededTenant is a local tenant with the acceptance tests' seed.
func seededTenant(t *testing.T, opts tenantsim.Options) (*tenantsim.Server, *tenantsim.Tenant) {
	t.Helper()
	var tenant *tenantsim.Tenant
	srv := localTenant(t, opts, func(tn *tenantsim.Tenant) {
		tenant = tn
		seed, err := tenantsim.ReadSeed("../internal/acctest/seed.json")
		if err == nil {
			err = tn.Load(seed)
		}
		if err != nil {
			t.Fatalf("seeding: %v", err)
		}
	})
	return srv, tenant
}

// demoTenant is a local tenant with the demo seed, which `make tenant` loads
// and the example READMEs use (auth0|demo-alice, auth0|demo-bob, web_app),
// plus the client exampleRunner signs in with.
func demoTenant(t *testing.T, opts tenantsim.Options) (*tenantsim.Server, *tenantsim.Tenant) {
	t.Helper()
	var tenant *tenantsim.Tenant
	srv := localTenant(t, opts, func(tn *tenantsim.Tenant) {
		tenant = tn
		seed, err := tenantsim.ReadSeed("../examples/demo/seed.json")
		if err == nil {
			err = tn.Load(seed)
		}
		if err != nil {
			t.Fatalf("seeding: %v", err)
		}
		tn.AddClient(tenantsim.Client{ID: "m2m_acctest", Secret: "acctest-local-only-secret", Scopes: seed.Clients[0].Scopes})
	})
	return srv, tenant
}

// copyExample copies the named files of an example folder into a new folder.
func copyExample(t *testing.T, example string, files ...string) string {
	t.Helper()
	work := t.TempDir()
	for _, f := range files {
		copyFile(t, filepath.Join("../examples", example, f), filepath.Join(work, filepath.Base(f)))
	}
	return work
}

// mustContain checks out has each of want, whatever white space Terraform
// put between its words (it wraps diagnostics at 78 columns).
func mustContain(t *testing.T, step, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(words(out), words(w)) {
			t.Fatalf("%s should print %q:\n%s", step, w, out)
		}
	}
}

func mustNotContain(t *testing.T, step, out string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(words(out), words(u)) {
			t.Fatalf("%s should not print %q:\n%s", step, u, out)
		}
	}
}

func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestExampleIncidentResponse runs examples/incident-response as its README
// says: the review warns, the action signs the user out, the next plan
// confirms it; and, without actions, the resource signs out and the check
// run in that same apply passes (it used to read the data before the
// sign-out and report the revoked sessions and tokens as still there).
func TestExampleIncidentResponse(t *testing.T) {
	dev := newDevSetup(t)
	const failed = "Check block assertion failed"

	t.Run("action", func(t *testing.T) {
		srv, tenant := demoTenant(t, tenantsim.Options{RevocationDelay: 500 * time.Millisecond})
		run := exampleRunner(t, dev, srv, copyExample(t, "incident-response", "main.tf", "action.tf"))
		user := []string{"-var", "user_id=auth0|demo-alice"}
		// No `terraform init`: the README says to skip it with a local build (dev_overrides).
		mustContain(t, "1. the review", run(append([]string{"plan"}, user...)...),
			"Warning: "+failed, "auth0|demo-alice still has 2 sessions and 4 refresh tokens.", `"sess_demo_1",`, `"rt_demo_legacy_1",`)
		out := run(append([]string{"apply", "-auto-approve", "-invoke=action.auth0tokens_revoke_sessions.everywhere"}, user...)...)
		mustContain(t, "2. the sign-out", out, "Signing out: revoking 2 sessions and 4 refresh tokens of user auth0|demo-alice",
			"Signed out: revoked 2 sessions and 4 refresh tokens of user auth0|demo-alice in")
		mustNotContain(t, "2. the sign-out", out, failed)
		if left := append(tenant.Listed("auth0|demo-alice"), tenant.ListedSessions("auth0|demo-alice")...); len(left) > 0 {
			t.Fatalf("after the sign-out the tenant still lists %v", left)
		}
		out = run(append([]string{"plan"}, user...)...)
		mustContain(t, "3. the confirmation", out, "+ refresh_tokens = []", "+ sessions       = []")
		mustNotContain(t, "3. the confirmation", out, failed)
	})

	t.Run("resource", func(t *testing.T) {
		srv, tenant := demoTenant(t, tenantsim.Options{RevocationDelay: 500 * time.Millisecond})
		// As on OpenTofu: action.tf deleted.
		run := exampleRunner(t, dev, srv, copyExample(t, "incident-response", "main.tf"))
		args := []string{"-var", "user_id=auth0|demo-alice", "-var", "sign_out=true"}
		// No `terraform init`: the README says to skip it with a local build (dev_overrides).
		out := run(append([]string{"apply", "-auto-approve"}, args...)...)
		mustContain(t, "the resource's sign-out", out, "Apply complete! Resources: 1 added", "refresh_tokens = tolist([])", "sessions = tolist([])")
		mustNotContain(t, "the resource's sign-out", out, failed)
		if left := append(tenant.Listed("auth0|demo-alice"), tenant.ListedSessions("auth0|demo-alice")...); len(left) > 0 {
			t.Fatalf("after the sign-out the tenant still lists %v", left)
		}
		out = run(append([]string{"plan"}, args...)...)
		mustContain(t, "the next plan", out, "No changes.")
		mustNotContain(t, "the next plan", out, failed)
	})
}

// TestExampleTeardown runs examples/teardown's two ways as its README says:
// each revokes every user's refresh tokens once, at destroy (the example
// used to hold both at once, revoking every user twice).
func TestExampleTeardown(t *testing.T) {
	dev := newDevSetup(t)
	users := []string{"-var", `test_user_ids=["auth0|demo-alice","auth0|demo-bob"]`}
	for _, way := range []struct{ name, file, destroyed string }{
		{"resource", "main.tf", "Destroy complete! Resources: 2 destroyed."},
		{"action", "action/main.tf", "Destroy complete! Resources: 2 destroyed. Actions: 2 invoked."},
	} {
		t.Run(way.name, func(t *testing.T) {
			srv, tenant := demoTenant(t, tenantsim.Options{})
			run := exampleRunner(t, dev, srv, copyExample(t, "teardown", way.file))
			// No `terraform init`: the README says to skip it with a local build (dev_overrides).
			mustContain(t, "apply", run(append([]string{"apply", "-auto-approve"}, users...)...), "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.")
			if got := tenant.Listed("auth0|demo-alice"); len(got) != 4 {
				t.Fatalf("apply should revoke nothing; the tenant lists %v for auth0|demo-alice", got)
			}
			tenant.ResetRequests()
			mustContain(t, "destroy", run(append([]string{"destroy", "-auto-approve"}, users...)...), way.destroyed)
			revocations := map[string]int{}
			for _, r := range tenant.Requests() {
				if r.Method != "GET" && strings.HasPrefix(r.Path, "/api/v2/") {
					revocations[r.Method+" "+r.Path]++
				}
			}
			want := map[string]int{"DELETE /api/v2/users/auth0%7Cdemo-alice/refresh-tokens": 1, "DELETE /api/v2/users/auth0%7Cdemo-bob/refresh-tokens": 1}
			if !maps.Equal(revocations, want) {
				t.Fatalf("destroy should revoke each user's tokens once; it sent %v", revocations)
			}
			if left := append(tenant.Listed("auth0|demo-alice"), tenant.Listed("auth0|demo-bob")...); len(left) > 0 {
				t.Fatalf("after destroy the tenant still lists %v", left)
			}
		})
	}
}

// TestExampleSessionReview runs examples/session-review as its README says,
// against sessions dated from today (so the outcome never drifts with time):
// each check names the session that breaks it, and a variable tunes one.
func TestExampleSessionReview(t *testing.T) {
	dev := newDevSetup(t)
	now := time.Now().UTC()
	ago := func(days int) string { return now.AddDate(0, 0, -days).Format("2006-01-02T15:04:05.000Z") }
	srv := localTenant(t, tenantsim.Options{}, func(tn *tenantsim.Tenant) {
		tn.AddClient(tenantsim.Client{ID: "m2m_acctest", Secret: "acctest-local-only-secret", Scopes: []string{"read:sessions"}})
		for _, s := range []map[string]any{{
			"id": "sess_laptop", "user_id": "auth0|reviewed", "created_at": ago(60), "authenticated_at": ago(2), "last_interacted_at": ago(1),
			"clients":        []any{map[string]any{"client_id": "app_web"}},
			"authentication": map[string]any{"methods": []any{map[string]any{"name": "pwd", "timestamp": ago(2)}, map[string]any{"name": "mfa", "type": "otp", "timestamp": ago(2)}}},
			"cookie":         map[string]any{"mode": "persistent"},
		}, {
			"id": "sess_kiosk", "user_id": "auth0|reviewed", "created_at": ago(20), "last_interacted_at": ago(20),
			"clients": []any{map[string]any{"client_id": "app_web"}, map[string]any{"client_id": "app_partner"}},
			// Auth0's own examples show an empty method: its name is null.
			"authentication": map[string]any{"methods": []any{map[string]any{"name": "federated"}, map[string]any{}}},
			"cookie":         map[string]any{"mode": "non-persistent"},
		}} {
			if err := tn.AddSession(s); err != nil {
				t.Fatal(err)
			}
		}
	})
	run := exampleRunner(t, dev, srv, copyExample(t, "session-review", "main.tf"))
	args := []string{"plan", "-var", "user_id=auth0|reviewed", "-var", `allowed_clients=["app_web"]`}
	// No `terraform init`: the README says to skip it with a local build (dev_overrides).
	mustContain(t, "1. the review", run(args...),
		"Sessions authenticated without a second factor: sess_kiosk.",
		"Persistent-cookie sessions older than 30 days: sess_laptop.",
		"Sessions idle for more than 14 days: sess_kiosk.",
		"Sessions used by applications outside the allow-list: sess_kiosk (app_partner).",
		"+ session_count = 2")
	out := run(append(args, "-var", "max_idle_days=30")...)
	mustNotContain(t, "2. with max_idle_days = 30", out, "Sessions idle for more than")
	mustContain(t, "2. with max_idle_days = 30", out, "Persistent-cookie sessions older than 30 days: sess_laptop.")

	// As its README says to try it against `make tenant`: the demo seed's
	// sessions have fixed dates, so only the date-independent checks are asserted.
	demo, _ := demoTenant(t, tenantsim.Options{})
	out = exampleRunner(t, dev, demo, copyExample(t, "session-review", "main.tf"))("plan", "-var", "user_id=auth0|demo-alice", "-var", `allowed_clients=["web_app"]`)
	mustContain(t, "against make tenant", out,
		"Sessions authenticated without a second factor: sess_demo_2.",
		"Sessions used by applications outside the allow-list: sess_demo_2 (legacy_cli).",
		"+ session_count = 2")
}
