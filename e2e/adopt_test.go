package e2e

import (
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

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// TestAdoptTokensWalkthrough runs examples/adopt-tokens as its README tells
// a user to, with the Terraform CLI and the provider built from this tree,
// against a local tenant: `terraform query` lists the user's refresh tokens
// and sessions, the configuration it generates imports them with a plan of
// imports only, a metadata change applies, removing a block revokes that
// token, and a removed block forgets a session without ending it.
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
