package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// runTF runs the Terraform CLI in dir with the provider built from this tree
// and a provider configuration that needs no tenant; it returns the combined
// output and the exit code.
func runTF(t *testing.T, dev devSetup, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(dev.terraform, append(args, "-no-color")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	case err != nil:
		t.Fatalf("terraform %v: %v", args, err)
	}
	return string(out), 0
}

// #21.9: the revocation resources' ID lists became lists (schema version 1).
// State written by version 0, when they were sets, upgrades: planning the
// same configuration, whose lists are in another order than the sorted sets
// in state, shows no change, and the refreshed state is version 1.
func TestRevocationStateUpgrade(t *testing.T) {
	dev := newDevSetup(t)
	work := t.TempDir()
	for _, f := range []string{"main.tf", "terraform.tfstate"} {
		copyFile(t, filepath.Join("testdata", "revocation-state-v0", f), filepath.Join(work, f))
	}
	if out, code := runTF(t, dev, work, "plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("the upgraded state should plan no change (exit %d):\n%s", code, out)
	}
	if out, code := runTF(t, dev, work, "apply", "-refresh-only", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("refreshing the upgraded state (exit %d):\n%s", code, out)
	}
	data, err := os.ReadFile(filepath.Join(work, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				SchemaVersion int            `json:"schema_version"`
				Attributes    map[string]any `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"auth0tokens_refresh_token_revocation.users/user_ids":   {"auth0|alice", "auth0|bob", "auth0|carol"},
		"auth0tokens_refresh_token_revocation.tokens/token_ids": {"rt_1", "rt_2", "rt_3"},
		"auth0tokens_session_revocation.users/user_ids":         {"auth0|alice", "auth0|carol"},
		"auth0tokens_session_revocation.sessions/session_ids":   {"sess_1", "sess_2"},
	}
	for _, r := range state.Resources {
		for _, inst := range r.Instances {
			if inst.SchemaVersion != 1 {
				t.Errorf("%s.%s: schema version %d after refresh, want 1", r.Type, r.Name, inst.SchemaVersion)
			}
			for _, attr := range []string{"user_ids", "token_ids", "session_ids"} {
				key := r.Type + "." + r.Name + "/" + attr
				ids, _ := inst.Attributes[attr].([]any)
				var got []string
				for _, id := range ids {
					got = append(got, id.(string))
				}
				if !slices.Equal(got, want[key]) {
					t.Errorf("%s: %v after the upgrade, want %v", key, got, want[key])
				}
			}
			if inst.Attributes["revoke_on_create"] != false {
				t.Errorf("%s.%s: revoke_on_create %v, want false as recorded", r.Type, r.Name, inst.Attributes["revoke_on_create"])
			}
		}
	}
}

// #21 messages: `user_ids = []` warned "Empty Token ID List ... use
// user_id", and every plan repeated the warnings, "No changes" plans and
// plans that do not invoke the action included. Each list now says what
// it is, and only where a revocation is about to run.
func TestEmptyIDListWarnings(t *testing.T) {
	dev := newDevSetup(t)
	work := configDir(t, `
provider "auth0tokens" {
  domain    = "warnings.invalid"
  api_token = "warnings-test-not-a-secret"
}

resource "auth0tokens_refresh_token_revocation" "users" {
  user_ids = []
}

resource "auth0tokens_session_revocation" "sessions" {
  session_ids = []
}

action "auth0tokens_revoke_refresh_tokens" "tokens" {
  config {
    token_ids = []
  }
}
`)
	// Terraform wraps diagnostics: compare with white space collapsed.
	flat := func(out string) string { return strings.Join(strings.Fields(out), " ") }
	if out, code := runTF(t, dev, work, "plan", "-input=false"); code != 0 ||
		!strings.Contains(out, "Warning: Empty User ID List") || !strings.Contains(out, "Warning: Empty Session ID List") ||
		!strings.Contains(flat(out), "user_ids is empty, so no user's tokens or sessions will be revoked") ||
		!strings.Contains(flat(out), "to sign a user out everywhere, use user_id") ||
		strings.Contains(out, "Empty Token ID List") || strings.Count(out, "Warning: Empty") != 2 {
		t.Fatalf("the first plan should warn once of each empty list it creates a revocation for, and not of the action it does "+
			"not invoke (exit %d):\n%s", code, out)
	}
	if out, code := runTF(t, dev, work, "apply", "-auto-approve", "-input=false"); code != 0 {
		t.Fatalf("apply (exit %d):\n%s", code, out)
	}
	if out, code := runTF(t, dev, work, "plan", "-input=false", "-detailed-exitcode"); code != 0 || strings.Contains(out, "Warning: Empty") {
		t.Fatalf("a plan with no changes should warn of nothing (exit %d):\n%s", code, out)
	}
	if out, code := runTF(t, dev, work, "plan", "-input=false", "-invoke=action.auth0tokens_revoke_refresh_tokens.tokens"); code != 0 ||
		!strings.Contains(out, "Warning: Empty Token ID List") || !strings.Contains(flat(out), "token_ids is empty, so nothing will be revoked") {
		t.Fatalf("planning to invoke the action should warn of its empty list (exit %d):\n%s", code, out)
	}
}

// A selector that selects nobody (a search that matches no user) revokes
// nothing, and says so with a warning, in both actions and both revocation
// resources: a mistyped query must not end green as "nothing to revoke".
func TestSelectorSelectingNobodyWarns(t *testing.T) {
	dev := newDevSetup(t)
	srv, _ := seededTenant(t, tenantsim.Options{})
	work := configDir(t, `
resource "auth0tokens_refresh_token_revocation" "tokens" {
  user_query = "email:*@nowhere.example"
}

resource "auth0tokens_session_revocation" "sessions" {
  user_query = "email:*@nowhere.example"
}

action "auth0tokens_revoke_refresh_tokens" "tokens" {
  config {
    user_query = "email:*@nowhere.example"
  }
}

action "auth0tokens_revoke_sessions" "sessions" {
  config {
    user_query = "email:*@nowhere.example"
  }
}
`)
	run := exampleRunner(t, dev, srv, work)
	const warning = `Warning: No Users Selected`
	const detail = `user_query "email:*@nowhere.example" matches no user, so nothing was revoked.`
	// One run each: Terraform folds warnings with the same summary into one.
	for _, target := range []string{"-target=auth0tokens_refresh_token_revocation.tokens", "-target=auth0tokens_session_revocation.sessions",
		"-invoke=action.auth0tokens_revoke_refresh_tokens.tokens", "-invoke=action.auth0tokens_revoke_sessions.sessions"} {
		mustContain(t, target, run("apply", "-auto-approve", "-input=false", target), warning, detail)
	}
}
