// Package e2e holds the end-to-end tests: the provider built from this tree,
// run by the real Terraform CLI, as a user would run it.
package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDemo runs `make demo`'s script end to end and checks the story it tells:
// tokens listed and flagged, revoked with progress, then gone.
func TestDemo(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("the demo needs bash")
	}
	version, err := makeVar("TERRAFORM_VERSION")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "../tools/demo.sh")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=", "TERRAFORM_VERSION="+version)
	out, err := cmd.CombinedOutput()
	text := string(out)
	if err != nil {
		t.Fatalf("demo failed: %v\n%s", err, text)
	}
	for _, s := range []string{
		"Refresh tokens older than 180 days: rt_demo_legacy_1, rt_demo_mobile_1.",
		"Non-rotating refresh tokens: rt_demo_legacy_1, rt_demo_mobile_1.",
		"outside the allow-list: rt_demo_legacy_1",
		"Sessions authenticated without a second factor: sess_demo_2.",
		"Persistent-cookie sessions older than 30 days: sess_demo_2.",
		"Sessions used by applications outside the allow-list: sess_demo_2",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("the first apply's checks should warn %q", s)
		}
	}
	// The story, in order.
	at := 0
	for _, s := range []string{
		"session_count = 2",
		"token_count = 4",
		"Signing out: revoking 2 sessions and 4 refresh tokens of user auth0|demo-alice",
		"Waiting for the revocation to take effect",
		"Signed out: revoked 2 sessions and 4 refresh tokens of user auth0|demo-alice in",
		"session_count = 0",
		"token_count = 0",
		// tokens as code, for auth0|demo-bob
		"list.auth0tokens_refresh_token.user   id=rt_demo_bob_2   mobile_app, created 2025-03-02, not rotating",
		`resource "auth0tokens_refresh_token" "user_0"`,
		"Apply complete! Resources: 3 imported, 0 added, 0 changed, 0 destroyed.",
		"auth0tokens_refresh_token.user_1: Destruction complete",
		"Apply complete! Resources: 0 added, 0 changed, 1 destroyed.",
		"list.auth0tokens_refresh_token.user   id=rt_demo_bob_1",
	} {
		i := strings.Index(text[at:], s)
		if i < 0 {
			t.Fatalf("the demo output lacks %q after position %d:\n%s", s, at, text)
		}
		at += i + len(s)
	}
	if strings.Contains(text, "demo-local-tenant-only") {
		t.Fatal("the demo printed the client secret")
	}
	// (terraform query prints list blocks in any order)
	if !strings.Contains(text, "list.auth0tokens_session.user   id=sess_demo_bob   web_app, created 2026-11-10, last active 2026-11-24") {
		t.Error("terraform query should list auth0|demo-bob's session")
	}
	// After step 6 only rt_demo_bob_1 is left.
	if after := text[strings.LastIndex(text, "6. Delete"):]; strings.Contains(after, "user   id=rt_demo_bob_2") {
		t.Fatalf("rt_demo_bob_2 is still listed after its blocks were deleted:\n%s", after)
	}
	// The last apply must pass every check.
	last := text[strings.LastIndex(text, "3. terraform apply again"):strings.LastIndex(text, "4. Tokens as code")]
	if strings.Contains(last, "Check block assertion failed") {
		t.Fatalf("checks still fail after revocation:\n%s", last)
	}
}
