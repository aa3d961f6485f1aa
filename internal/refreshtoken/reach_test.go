package refreshtoken_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Tenant-wide reach (#22) and run reports and dry runs (#23), through Terraform.

// corpOkta puts alice and bob in the corp-okta connection, with emails.
var corpOkta = acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
	t.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|alice", Email: "alice@acme.example", Connection: "corp-okta"})
	t.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|bob", Email: "bob@acme.example", Connection: "corp-okta"})
})

// rerunnable triggers the action on create and again whenever input changes.
func rerunnable(body, input string) string {
	c := strings.Replace(actionConfig(body), "events  = [after_create]", "events  = [after_create, after_update]", 1)
	return strings.Replace(c, `input = "revoke"`, fmt.Sprintf("input = %q", input), 1)
}

// changes lists the requests that change the tenant (anything but a read).
func changes(env *acctest.Env) []string {
	var out []string
	for _, r := range env.Tenant.Requests() {
		readOnlyPost := r.Method == "POST" && (r.Path == "/oauth/token" || r.Path == "/api/v2/jobs/users-exports")
		if r.Method != "GET" && !readOnlyPost {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// #22 and #23: a dry run over a connection's users sends nothing that changes
// the tenant, and its report names exactly what the real run then revokes.
func TestAccRevokeAction_connectionDryRunThenReal(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, corpOkta)
	dir := t.TempDir()
	dry, done := filepath.Join(dir, "dry.json"), filepath.Join(dir, "real.json")
	body := func(dryRun bool, file string) string {
		return fmt.Sprintf(`connection_name = "corp-okta"
    client_id       = "app_web"
    dry_run         = %v
    report_file     = %q`, dryRun, file)
	}
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: rerunnable(body(true, dry), "dry"),
				Check: func(*terraform.State) error {
					if c := changes(env); len(c) != 0 {
						return fmt.Errorf("the dry run changed the tenant: %v", c)
					}
					if left := env.Tenant.Listed("auth0|bob"); len(left) != 4 {
						return fmt.Errorf("bob's tokens after a dry run: %v", left)
					}
					return nil
				},
			},
			{Config: rerunnable(body(false, done), "real")},
		},
	})
	would, did := acctest.ReadReport(t, dry), acctest.ReadReport(t, done)
	want := "auth0|alice=%s:rt_alice_1,rt_alice_3/ auth0|bob=%s:rt_bob_1,rt_bob_2/"
	if got := acctest.ReportedUsers(would); got != fmt.Sprintf(want, "would_revoke", "would_revoke") || !would.DryRun || would.Status != "succeeded" {
		t.Fatalf("dry run report: %s (%s)", got, would.Status)
	}
	if got := acctest.ReportedUsers(did); got != fmt.Sprintf(want, "revoked", "revoked") || did.DryRun || did.Status != "succeeded" ||
		did.Totals.RefreshTokens != 4 || did.Totals.Users != 2 || did.Selection["connection_name"] != "corp-okta" || did.Type != "auth0tokens_revoke_refresh_tokens" {
		t.Fatalf("report: %+v", did)
	}
	if left := env.Tenant.Listed("auth0|bob"); strings.Join(left, ",") != "rt_bob_3,rt_bob_4" {
		t.Fatalf("bob's app_web tokens not revoked: %v", left)
	}
}

// #22: a search matching 1,000 users or more is refused before anything is revoked.
func TestAccRevokeAction_userQueryTooBroad(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
		t.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|bulk", Count: 1000, EmailDomain: "acme.example"})
	}))
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config:      actionConfig(`user_query = "email:*@acme.example"`),
			ExpectError: regexp.MustCompile(`(?s)User Search Matches Too Many Users.*nothing was done`),
		}},
	})
	if c := changes(env); len(c) != 0 {
		t.Fatalf("a refused search changed the tenant: %v", c)
	}
}

// #22: a search selects users by email; #23: a timed-out run's report says
// not_confirmed and lists what was still there.
func TestAccRevokeAction_userQueryTimeoutReport(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, corpOkta, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour}))
	file := filepath.Join(t.TempDir(), "report.json")
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: actionConfig(fmt.Sprintf(`user_query  = "email:bob@acme.example"
    timeout     = "1s"
    report_file = %q`, file)),
			ExpectError: regexp.MustCompile(`(?s)Revocation Not Yet Effective.*4 refresh tokens of 1 user`),
		}},
	})
	rep := acctest.ReadReport(t, file)
	if rep.Status != "not_confirmed" || strings.Join(rep.Remaining.RefreshTokenIDs, ",") != "rt_bob_1,rt_bob_2,rt_bob_3,rt_bob_4" ||
		acctest.ReportedUsers(rep) != "auth0|bob=revoked:rt_bob_1,rt_bob_2,rt_bob_3,rt_bob_4/" || rep.Selection["user_query"] != "email:bob@acme.example" {
		t.Fatalf("report: %+v", rep)
	}
}

// #22: a resource with revoke_on_destroy finds the connection's users again at
// destroy: whoever is in it then loses their tokens. #23: it reports both runs.
func TestAccRevocationResource_connectionAtCreateAndDestroy(t *testing.T) {
	env := acctest.NewLocal(t, corpOkta, acctest.WithTenantOptions(tenantsim.Options{Export: tenantsim.ExportOptions{Duration: 300 * time.Millisecond}}))
	dir := t.TempDir()
	created := filepath.Join(dir, "create.json")
	config := func(file string) string {
		return fmt.Sprintf(`resource "auth0tokens_refresh_token_revocation" "this" {
  connection_name   = "corp-okta"
  client_id         = "app_mobile"
  revoke_on_destroy = true
  report_file       = %q
}`, file)
	}
	destroyed := filepath.Join(dir, "destroy.json")
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config(created)},
			{
				// carol joins the connection after the resource was created.
				PreConfig: func() {
					env.Tenant.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|carol", Connection: "corp-okta"})
					_ = env.Tenant.Generate(tenantsim.Generate{UserID: "auth0|carol", ClientID: "app_mobile", Audience: "api", Prefix: "rt_carol_", Count: 2})
				},
				Config: config(destroyed), // report_file is a setting: no replacement
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if left := env.Tenant.Listed("auth0|carol"); len(left) != 0 {
				return fmt.Errorf("carol's tokens survived the destroy: %v", left)
			}
			return nil
		},
	})
	if got := acctest.ReportedUsers(acctest.ReadReport(t, created)); got != "auth0|alice=revoked:rt_alice_2/ auth0|bob=revoked:rt_bob_3,rt_bob_4/" {
		t.Fatalf("create report: %s", got)
	}
	rep := acctest.ReadReport(t, destroyed)
	if got := acctest.ReportedUsers(rep); got != "auth0|alice=nothing:/ auth0|bob=nothing:/ auth0|carol=revoked:rt_carol_00001,rt_carol_00002/" ||
		rep.Type != "auth0tokens_refresh_token_revocation" {
		t.Fatalf("destroy report: %s", got)
	}
}
