package session_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Tenant-wide reach (#22) and run reports and dry runs (#23), through Terraform.

// #22, #23: signing out every user of the tenant, first as a dry run that
// changes nothing, then for real; both reports name the same users and IDs.
func TestAccRevokeSessions_allUsersDryRunThenReal(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	dir := t.TempDir()
	dry, done := filepath.Join(dir, "dry.json"), filepath.Join(dir, "real.json")
	config := func(dryRun bool, file, input string) string {
		c := strings.Replace(actionConfig(fmt.Sprintf(`all_users   = true
    dry_run     = %v
    report_file = %q`, dryRun, file)), "events  = [after_create]", "events  = [after_create, after_update]", 1)
		return strings.Replace(c, `input = "sign out"`, fmt.Sprintf("input = %q", input), 1)
	}
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: config(true, dry, "dry"),
				Check: func(*terraform.State) error {
					for _, r := range env.Tenant.Requests() {
						if r.Method == "DELETE" || (r.Method == "POST" && strings.HasSuffix(r.Path, "/revoke")) {
							return fmt.Errorf("the dry run sent %s %s", r.Method, r.Path)
						}
					}
					return nil
				},
			},
			{Config: config(false, done, "real")},
		},
	})
	would, did := acctest.ReadReport(t, dry), acctest.ReadReport(t, done)
	w, d := acctest.ReportedUsers(would), acctest.ReportedUsers(did)
	if strings.ReplaceAll(w, "would_revoke", "revoked") != d || !strings.Contains(d, "auth0|alice=revoked:rt_alice_1,rt_alice_2,rt_alice_3/sess_alice_1,sess_alice_3") ||
		!strings.Contains(d, "auth0|nobody=nothing:/") || did.Selection["all_users"] != true || did.Totals.Sessions != 3 {
		t.Fatalf("dry run: %s\nreal run: %s\n%+v", w, d, did.Totals)
	}
	if left := env.Tenant.ListedSessions("auth0|alice"); len(left) != 0 {
		t.Fatalf("alice still has sessions %v", left)
	}
}

// #22: the resource selects users by search at create; #23: its report.
func TestAccSessionRevocationResource_userQueryReport(t *testing.T) {
	env := acctest.NewLocal(t, acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
		t.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|alice", Email: "alice@acme.example"})
		t.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|bob", Email: "bob@other.example"})
	}))
	file := filepath.Join(t.TempDir(), "report.json")
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`resource "auth0tokens_session_revocation" "this" {
  user_query  = "email:*@acme.example"
  report_file = %q
}`, file),
			Check: resource.TestCheckResourceAttr("auth0tokens_session_revocation.this", "revoked_count", "2"),
		}},
	})
	rep := acctest.ReadReport(t, file)
	if got := acctest.ReportedUsers(rep); got != "auth0|alice=revoked:rt_alice_1,rt_alice_2,rt_alice_3/sess_alice_1,sess_alice_3" ||
		rep.Type != "auth0tokens_session_revocation" || rep.Status != "succeeded" {
		t.Fatalf("report: %s %+v", got, rep)
	}
	if left := env.Tenant.Listed("auth0|bob"); len(left) != 4 {
		t.Fatalf("bob is not selected, yet lost tokens: %v", left)
	}
}
