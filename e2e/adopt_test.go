package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// TestAdoptTokensWalkthrough runs examples/adopt-tokens as its README tells
// a user to, with the Terraform CLI and the provider built from this tree,
// against a local tenant: `terraform query` lists the user's refresh tokens
// and sessions, the configuration it generates imports them with a plan of
// imports only, a metadata change applies, removing a block revokes that
// token, and a removed block forgets a session without ending it. Then
// (issue 21) what goes away without Terraform: a token revoked elsewhere is
// named at plan and blocks nothing, its blocks are forgotten with no
// request; removing a session's blocks names, at plan and at apply, the
// adopted token it revokes too, which the next plan names as gone.
func TestAdoptTokensWalkthrough(t *testing.T) {
	dev := newDevSetup(t)
	var tenant *tenantsim.Tenant
	srv := localTenant(t, tenantsim.Options{RevocationDelay: 500 * time.Millisecond}, func(tn *tenantsim.Tenant) {
		tenant = tn
		seed, err := os.ReadFile("../internal/acctest/seed.json")
		if err == nil {
			var s tenantsim.Seed
			if s, err = tenantsim.ParseSeed(seed); err == nil {
				err = tn.Load(s)
			}
		}
		if err != nil {
			t.Fatalf("seeding: %v", err)
		}
	})
	work := t.TempDir()
	for _, f := range []string{"main.tf", "discover.tfquery.hcl"} {
		copyFile(t, filepath.Join("../examples/adopt-tokens", f), filepath.Join(work, f))
	}
	run := func(args ...string) string {
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

	// 1. Discover.
	out := run("query")
	for _, line := range []string{
		"list.auth0tokens_refresh_token.user   id=rt_alice_1   app_web, created 2026-01-10, rotating",
		"list.auth0tokens_refresh_token.user   id=rt_alice_2   app_mobile, created 2025-06-01, not rotating",
		"list.auth0tokens_refresh_token.user   id=rt_alice_3   app_web, created 2026-02-01, rotating",
		"list.auth0tokens_session.user   id=sess_alice_1   app_web, created 2026-01-10, last active 2026-11-20",
		"list.auth0tokens_session.user   id=sess_alice_3   app_web + app_mobile, created 2026-02-01, last active 2026-02-01",
	} {
		if !strings.Contains(out, line) {
			t.Fatalf("terraform query should list %q:\n%s", line, out)
		}
	}

	// 2. Generate the configuration; its plan imports everything and changes nothing.
	run("query", "-generate-config-out=adopted.tf")
	run("plan", "-out=tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(run("show", "-json", "tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.ResourceChanges) != 5 {
		t.Fatalf("want 5 imports (3 tokens, 2 sessions), got %d changes", len(plan.ResourceChanges))
	}
	for _, rc := range plan.ResourceChanges {
		if !slices.Equal(rc.Change.Actions, []string{"no-op"}) || len(rc.Change.Importing) == 0 {
			t.Fatalf("%s: want an import and nothing else, got actions %v (importing: %s)", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	if out := run("apply", "tfplan"); !strings.Contains(out, "5 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("apply should adopt all five:\n%s", out)
	}

	// 3. A metadata change applies; 4. removing a token's blocks revokes it;
	// 5. a removed block forgets a session and leaves it alone.
	adopted := filepath.Join(work, "adopted.tf")
	editGenerated(t, adopted, "rt_alice_1", func(b *hclwrite.Body) {
		b.SetAttributeValue("metadata", cty.MapVal(map[string]cty.Value{"owner": cty.StringVal("secops")}))
	})
	editGenerated(t, adopted, "rt_alice_2", nil)
	forgotten := editGenerated(t, adopted, "sess_alice_3", nil)
	writeFile(t, filepath.Join(work, "forget.tf"), `removed {
  from = `+forgotten+`
  lifecycle {
    destroy = false
  }
}
`)
	if out := run("apply", "-auto-approve"); !strings.Contains(out, "0 added, 1 changed, 1 destroyed") {
		t.Fatalf("want the metadata change and one revocation:\n%s", out)
	}
	if got := tenant.Listed("auth0|alice"); !slices.Equal(got, []string{"rt_alice_1", "rt_alice_3"}) {
		t.Fatalf("after removing rt_alice_2's block, the tenant lists %v", got)
	}
	if got := tenant.ListedSessions("auth0|alice"); !slices.Equal(got, []string{"sess_alice_1", "sess_alice_3"}) {
		t.Fatalf("the forgotten session should still be there; the tenant lists %v", got)
	}
	if out := run("state", "list"); strings.Contains(out, forgotten) {
		t.Fatalf("the forgotten session is still in state:\n%s", out)
	}
	if out := run("plan", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the adopted configuration should plan no changes:\n%s", out)
	}
	if got := tenant.TokenMetadata("rt_alice_1"); len(got) != 1 || got["owner"] != "secops" {
		t.Fatalf("rt_alice_1's metadata should be {owner = secops}, the tenant has %v", got)
	}

	// 6. rt_alice_3 is revoked elsewhere: each plan names it and plans
	// nothing for it, nor is anything else blocked.
	client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, ClientID: "m2m_acctest",
		ClientSecret: "acctest-local-only-secret", BaseTransport: srv.Transport()})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.RevokeToken(context.Background(), "rt_alice_3"); err != nil {
		t.Fatal(err)
	}
	waitGone(t, client, "rt_alice_3")
	// A metadata edit to it plans nothing either: a warning names it.
	gone := editGenerated(t, adopted, "rt_alice_3", func(b *hclwrite.Body) {
		b.SetAttributeValue("metadata", cty.MapVal(map[string]cty.Value{"incident": cty.StringVal("INC-7")}))
	})
	out = run("plan", "-detailed-exitcode")
	for _, want := range []string{`Warning: Refresh Token "rt_alice_3" No Longer Exists`, "with " + gone + ",",
		"Remove this resource block (and its import block, if any) to forget it",
		`Warning: Metadata Change Not Planned: Refresh Token "rt_alice_3" No Longer Exists`,
		"The configuration changes `metadata` of refresh token \"rt_alice_3\", but that refresh token no longer exists in Auth0",
		"remove this resource block (and its import block, if any), or replace them with a `removed` block", "No changes."} {
		if !says(out, want) {
			t.Fatalf("the plan should say %q:\n%s", want, out)
		}
	}
	run("apply", "-auto-approve")
	// 7. Removing its blocks forgets it, sending nothing.
	tenant.ResetRequests()
	editGenerated(t, adopted, "rt_alice_3", nil)
	if out := run("apply", "-auto-approve"); !strings.Contains(out, "0 added, 0 changed, 1 destroyed") {
		t.Fatalf("removing the gone token's blocks should forget it:\n%s", out)
	}
	for _, r := range tenant.Requests() {
		if strings.HasPrefix(r.Path, "/api/v2/") && (strings.Contains(r.Path, "rt_alice_3") || r.Method != "GET") {
			t.Fatalf("forgetting a gone token should send nothing about it, sent %s %s", r.Method, r.Path)
		}
	}

	// 8. Removing sess_alice_1's blocks revokes rt_alice_1, bound to it and
	// adopted: the plan and the apply name it, and the next plan names it as gone.
	editGenerated(t, adopted, "sess_alice_1", nil)
	revoking := `Revoking Session "sess_alice_1" Also Revokes Its Refresh Tokens`
	if out := run("plan"); !says(out, revoking) || !says(out, "bound to it now: rt_alice_1.") {
		t.Fatalf("the plan should name rt_alice_1:\n%s", out)
	}
	out = run("apply", "-auto-approve")
	if !says(out, `Revoked Session "sess_alice_1" With Its Refresh Tokens`) || !says(out, "bound to it: rt_alice_1.") {
		t.Fatalf("the apply should name rt_alice_1:\n%s", out)
	}
	waitGone(t, client, "rt_alice_1")
	if out := run("plan"); !says(out, `Refresh Token "rt_alice_1" No Longer Exists`) || !says(out, "No changes.") {
		t.Fatalf("the next plan should name rt_alice_1 as gone, and change nothing:\n%s", out)
	}
	editGenerated(t, adopted, "rt_alice_1", nil)
	run("apply", "-auto-approve")
	if out := run("state", "list"); strings.TrimSpace(out) != "" {
		t.Fatalf("state should be empty:\n%s", out)
	}
}

// says reports whether Terraform's output says want, however it wrapped it.
func says(out, want string) bool { return strings.Contains(oneLine(out), oneLine(want)) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// waitGone waits until the tenant answers 404 for a revoked token (it
// revokes after a delay, as Auth0 does).
func waitGone(t *testing.T, c *auth0api.Client, id string) {
	t.Helper()
	for range 100 {
		if _, err := c.GetToken(context.Background(), id); auth0api.IsNotFound(err) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s is still there", id)
}

// TestQueryLimitSaysMoreExist: `terraform query` that stops at its list
// block's limit says that more exist and how to see them.
func TestQueryLimitSaysMoreExist(t *testing.T) {
	dev := newDevSetup(t)
	srv := localTenant(t, tenantsim.Options{}, func(tn *tenantsim.Tenant) {
		for _, id := range []string{"rt_1", "rt_2", "rt_3"} {
			if err := tn.AddToken(map[string]any{"id": id, "user_id": "auth0|alice", "client_id": "app_web"}); err != nil {
				t.Fatal(err)
			}
		}
		tn.AddClient(tenantsim.Client{ID: "m2m", Secret: "local-only", Scopes: []string{"read:refresh_tokens"}})
	})
	dir := configDir(t, `provider "auth0tokens" {}
`)
	writeFile(t, filepath.Join(dir, "q.tfquery.hcl"), `list "auth0tokens_refresh_token" "alice" {
  provider = auth0tokens
  limit    = 2
  config {
    user_id = "auth0|alice"
  }
}

list "auth0tokens_refresh_token" "all" {
  provider = auth0tokens
  limit    = 3
  config {
    user_id = "auth0|alice"
  }
}
`)
	cmd := exec.Command(dev.terraform, "query", "-no-color")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "AUTH0_DOMAIN="+srv.Domain, "SSL_CERT_FILE="+srv.CAFile,
		"AUTH0_CLIENT_ID=m2m", "AUTH0_CLIENT_SECRET=local-only", "AUTH0_API_TOKEN=", "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform query: %v\n%s", err, out)
	}
	want := "This list block shows the first 2 refresh tokens it selects, its `limit`; more exist. To see them, raise `limit`"
	if got := strings.Count(oneLine(string(out)), want); got != 1 {
		t.Fatalf("want the warning once (for the block cut at 2, not the one that listed all 3):\n%s", out)
	}
}

// editGenerated finds the generated resource block that adopts id and edits
// it, or, with a nil edit, removes it and its import block. It returns the
// block's address.
func editGenerated(t *testing.T, path, id string, edit func(*hclwrite.Body)) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var address string
	for _, b := range f.Body().Blocks() {
		if b.Type() == "resource" && strings.Contains(string(b.Body().GetAttribute("id").Expr().BuildTokens(nil).Bytes()), `"`+id+`"`) {
			address = strings.Join(b.Labels(), ".")
			if edit != nil {
				edit(b.Body())
			} else {
				f.Body().RemoveBlock(b)
			}
		}
	}
	if address == "" {
		t.Fatalf("no generated block adopts %s:\n%s", id, src)
	}
	for _, b := range f.Body().Blocks() {
		to := b.Body().GetAttribute("to")
		if edit == nil && b.Type() == "import" && to != nil && strings.TrimSpace(string(to.Expr().BuildTokens(nil).Bytes())) == address {
			f.Body().RemoveBlock(b)
		}
	}
	writeFile(t, path, string(f.Bytes()))
	return address
}
