package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// TestExampleLeakedClientSecret runs examples/leaked-client-secret as its
// README says, against the example's own seed: the review warns, a dry run
// revokes nothing and reports everything, the revocation takes every token of
// the leaked client across the tenant and nothing else, and the review passes.
func TestExampleLeakedClientSecret(t *testing.T) {
	dev := newDevSetup(t)
	var tenant *tenantsim.Tenant
	srv := localTenant(t, tenantsim.Options{Export: tenantsim.ExportOptions{Duration: time.Second}}, func(tn *tenantsim.Tenant) {
		tenant = tn
		seed, err := tenantsim.ReadSeed("../examples/leaked-client-secret/seed.json")
		if err == nil {
			err = tn.Load(seed)
		}
		if err != nil {
			t.Fatal(err)
		}
		tn.AddClient(tenantsim.Client{ID: "m2m_acctest", Secret: "acctest-local-only-secret",
			Scopes: []string{"read:refresh_tokens", "delete:refresh_tokens", "read:users", "read:connections"}})
	})
	work := copyExample(t, "leaked-client-secret", "main.tf")
	run := exampleRunner(t, dev, srv, work)
	leaked := []string{"-var", "leaked_client_id=app_partner_portal"}
	invoke := append([]string{"apply", "-auto-approve", "-invoke=action.auth0tokens_revoke_refresh_tokens.leaked_client"}, leaked...)
	// No `terraform init`: the README says to skip it with a local build (dev_overrides).

	mustContain(t, "1. how bad is it", run(append([]string{"plan"}, leaked...)...),
		"50 of 300 sampled users still have refresh tokens of app_partner_portal.")

	out := run(append(invoke, "-var", "dry_run=true")...)
	mustContain(t, "2. the dry run", out, "Export job", "Found 300 users in the tenant",
		"Dry run: would revoke 100 refresh tokens of 50 users (300 checked) for client app_partner_portal", "Would revoke for auth0|customer00006: 2 refresh tokens")
	for _, r := range tenant.Requests() {
		if r.Method == "DELETE" || (r.Method == "POST" && r.Path == "/api/v2/refresh-tokens/revoke") {
			t.Fatalf("the dry run sent %s %s", r.Method, r.Path)
		}
	}
	preview := acctest.ReadReport(t, filepath.Join(work, "leaked-client-preview.json"))

	out = run(invoke...)
	mustContain(t, "3. the revocation", out, "Revoked 100 refresh tokens of 50 users (300 checked) for client app_partner_portal")
	did := acctest.ReadReport(t, filepath.Join(work, "leaked-client-revocation.json"))
	if did.Status != "succeeded" || did.Totals.RefreshTokens != 100 || did.Totals.Users != 300 ||
		acctest.ReportedUsers(did) != replaceOutcome(acctest.ReportedUsers(preview)) {
		t.Fatalf("the report does not match the preview: %+v", did.Totals)
	}

	mustNotContain(t, "4. confirm", run(append([]string{"plan"}, leaked...)...), "Check block assertion failed", "Warning: No Refresh Tokens Match")
	// Only the leaked client's tokens went: app_web's are all there.
	if left := tenant.Listed("auth0|customer00004"); len(left) != 1 {
		t.Fatalf("a user's app_web token was revoked: %v", left)
	}
}

// replaceOutcome turns a dry run's summary into the real run's.
func replaceOutcome(s string) string {
	return strings.ReplaceAll(s, "would_revoke", "revoked")
}

// The example's review works as shipped on a tenant too large for a user
// search (a connection of 1,500 users: Auth0's search stops at 1,000), where
// its old default search failed the plan ("User Search Matches Too Many Users").
func TestExampleLeakedClientSecretLargeTenant(t *testing.T) {
	dev := newDevSetup(t)
	srv := localTenant(t, tenantsim.Options{Export: tenantsim.ExportOptions{Duration: 200 * time.Millisecond}}, func(tn *tenantsim.Tenant) {
		tn.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|customer", Count: 1500, EmailDomain: "customers.example"})
		for _, user := range []string{"auth0|customer00002", "auth0|customer00500"} {
			if err := tn.Generate(tenantsim.Generate{UserID: user, ClientID: "app_partner_portal", Audience: "https://api.example.com/",
				Prefix: "rt_" + strings.TrimPrefix(user, "auth0|") + "_", Count: 1}); err != nil {
				t.Fatal(err)
			}
		}
		tn.AddClient(tenantsim.Client{ID: "m2m_acctest", Secret: "acctest-local-only-secret",
			Scopes: []string{"read:refresh_tokens", "delete:refresh_tokens", "read:users", "read:connections"}})
	})
	work := copyExample(t, "leaked-client-secret", "main.tf")
	run := exampleRunner(t, dev, srv, work)
	// The sample is the first users by ID: customer00002 is in it, customer00500 is not.
	mustContain(t, "the review", run("plan", "-var", "leaked_client_id=app_partner_portal"),
		"1 of 300 sampled users still have refresh tokens of app_partner_portal.")
}
