package refreshtoken_test

import (
	"fmt"
	"os"
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

// Found by a new user trying tenant-wide reach, dry runs and reports.

// A report that cannot be written used to be found only after the
// revocation, losing its record: now nothing is revoked.
func TestAccRevokeAction_unwritableReportRevokesNothing(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	dir := t.TempDir()
	// A file that is not a report of this provider (report_file = "main.tf")
	// is never replaced.
	other := filepath.Join(dir, "main.tf")
	const otherText = "resource \"terraform_data\" \"x\" {}\n"
	if err := os.WriteFile(other, []byte(otherText), 0o644); err != nil {
		t.Fatal(err)
	}
	var steps []resource.TestStep
	for i, c := range []struct{ file, why string }{
		{filepath.Join(dir, "no-such-folder", "r.json"), "does not exist"},
		{dir, "is a folder"},
		{other, "is not a run report"},
	} {
		steps = append(steps, resource.TestStep{
			Config:      rerunnable(fmt.Sprintf("user_id = \"auth0|bob\"\n    report_file = %q", c.file), fmt.Sprint(i)),
			ExpectError: regexp.MustCompile(`(?s)Report File Cannot Be Written.*` + strings.ReplaceAll(c.why, " ", `\s+`) + `.*Nothing\s+was\s+revoked`),
		})
	}
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  steps,
	})
	if c := changes(env); len(c) != 0 {
		t.Fatalf("revoked although the report could not be written: %v", c)
	}
	if got, err := os.ReadFile(other); err != nil || string(got) != otherText {
		t.Fatalf("main.tf now holds %q (%v)", got, err)
	}
}

// A rerun used to replace the report of the run before it (after Ctrl-C,
// the only record of what was revoked): the earlier report is kept beside
// the new one, named by its start time.
func TestAccRevokeAction_reportKeepsEarlierRun(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, corpOkta)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.json")
	body := func(dryRun bool) string {
		return fmt.Sprintf("connection_name = \"corp-okta\"\n    dry_run = %v\n    report_file = %q", dryRun, file)
	}
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: rerunnable(body(true), "dry")},
			{Config: rerunnable(body(false), "real")},
		},
	})
	kept, _ := filepath.Glob(filepath.Join(dir, "report.*.json"))
	if len(kept) != 1 {
		t.Fatalf("kept reports: %v; want the dry run's", kept)
	}
	earlier, last := acctest.ReadReport(t, kept[0]), acctest.ReadReport(t, file)
	stamp, err := time.Parse(time.RFC3339, earlier.StartedAt)
	if err != nil || filepath.Base(kept[0]) != "report."+stamp.Format("20060102T150405Z")+".json" {
		t.Fatalf("the earlier report is named %s; it started at %s", kept[0], earlier.StartedAt)
	}
	if !earlier.DryRun || last.DryRun || last.Totals.RefreshTokens == 0 || last.Totals.RefreshTokens != earlier.Totals.RefreshTokens {
		t.Fatalf("earlier: dry run %v; last: dry run %v, totals %+v", earlier.DryRun, last.DryRun, last.Totals)
	}
}

// A failed dry run's report says it was a dry run.
func TestAccRevokeAction_failedDryRunReport(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	file := filepath.Join(t.TempDir(), "r.json")
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config:      actionConfig(fmt.Sprintf("connection_name = \"no-such\"\n    dry_run = true\n    report_file = %q", file)),
			ExpectError: regexp.MustCompile(`Connection Not Found`),
		}},
	})
	if rep := acctest.ReadReport(t, file); !rep.DryRun || rep.Status != "failed" {
		t.Fatalf("report: dry_run %v, status %s", rep.DryRun, rep.Status)
	}
}

// A missing scope used to fail every user in turn (1,304 requests for a
// 1,304-user tenant) with "forbidden"; the first refusal stops the run and
// names the scope.
func TestAccRevokeAction_missingScopeStopsAtOnce(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
		t.AddClient(tenantsim.Client{ID: "m2m_nodelete", Secret: "acctest-local-only-nodelete", Scopes: []string{"read:refresh_tokens", "read:users"}})
		t.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|many", Count: 40})
		for i := 1; i <= 40; i++ {
			_ = t.Generate(tenantsim.Generate{UserID: fmt.Sprintf("auth0|many%05d", i), ClientID: "web", Audience: "api", Prefix: fmt.Sprintf("rt_many_%05d_", i), Count: 1})
		}
	}))
	env.Setenv("AUTH0_CLIENT_ID", "m2m_nodelete")
	env.Setenv("AUTH0_CLIENT_SECRET", "acctest-local-only-nodelete")
	file := filepath.Join(t.TempDir(), "r.json")
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config:      actionConfig(fmt.Sprintf("user_query = \"user_id:auth0|many*\"\n    report_file = %q", file)),
			ExpectError: regexp.MustCompile(`(?s)Insufficient Auth0 Scope.*"delete:refresh_tokens"`),
		}},
	})
	refused := map[string]bool{} // users whose DELETE the tenant refused
	for _, r := range env.Tenant.Requests() {
		if r.Method == "DELETE" && r.Status == 403 {
			refused[strings.TrimSuffix(strings.TrimPrefix(r.Path, "/api/v2/users/auth0%7C"), "/refresh-tokens")] = true
		}
	}
	if len(refused) == 0 || len(refused) > 8 { // the fan-out's users in flight when the first refusal came back
		t.Fatalf("%d refused DELETEs; the first refusal should stop the run", len(refused))
	}
	// Every user the tenant refused is failed, with the error, and keeps its
	// tokens; every other user was never started; the totals add up (the
	// search also finds the seed's auth0|many: 41 users).
	rep := acctest.ReadReport(t, file)
	notStarted := 0
	for _, u := range rep.Users {
		name := strings.TrimPrefix(u.UserID, "auth0|")
		switch {
		case refused[name] && (u.Outcome != "failed" || !strings.Contains(u.Error, "delete:refresh_tokens")):
			t.Errorf("%s: refused, reported %s (%q)", u.UserID, u.Outcome, u.Error)
		case refused[name] && len(env.Tenant.Listed(u.UserID)) == 0:
			t.Errorf("%s: the tenant lists %v", u.UserID, env.Tenant.Listed(u.UserID))
		case !refused[name] && u.Outcome != "not_started":
			t.Errorf("%s: sent nothing that changes the tenant, reported %s", u.UserID, u.Outcome)
		case !refused[name]:
			notStarted++
		}
	}
	if rep.Status != "failed" || rep.Totals.Users != 41 || rep.Totals.FailedUsers != len(refused) || rep.Totals.NotStartedUsers != notStarted ||
		rep.Totals.InterruptedUsers != 0 || rep.Totals.RefreshTokens != 0 {
		t.Fatalf("report: status %s, totals %+v; %d users refused", rep.Status, rep.Totals, len(refused))
	}
}

// A teardown resource that revokes only at destroy checks its selector at
// create (a typo used to surface only at teardown, and trap the resource);
// a connection or organization deleted by the time of the destroy is a
// warning: the destroy succeeds, revoking nothing.
func TestAccRevocationResource_selectorCheckedAtCreateForgivenAtDestroy(t *testing.T) {
	for name, c := range map[string]struct {
		attr, value, typo, notFound string
		gone                        func(*tenantsim.Tenant)
	}{
		// The connection goes with its users before the teardown.
		"connection": {"connection_name", "corp-okta", "corp-oktaa", "Connection Not Found", func(t *tenantsim.Tenant) {
			t.DeleteUser("auth0|alice")
			t.DeleteUser("auth0|bob")
		}},
		// The organization goes; its former members stay, with their tokens.
		"organization": {"organization_id", "org_acme", "org_acmee", "Organization Not Found", func(t *tenantsim.Tenant) {
			t.DeleteOrganization("org_acme")
		}},
	} {
		t.Run(name, func(t *testing.T) {
			env := acctest.NewLocal(t, corpOkta, acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
				t.AddOrganization(tenantsim.Organization{ID: "org_acme", Members: []string{"auth0|alice", "auth0|bob"}})
			}))
			config := func(value string) string {
				return fmt.Sprintf(`resource "auth0tokens_refresh_token_revocation" "this" {
  %s = %q
  revoke_on_create  = false
  revoke_on_destroy = true
}`, c.attr, value)
			}
			env.Test(resource.TestCase{
				Steps: []resource.TestStep{
					{Config: config(c.typo), ExpectError: regexp.MustCompile(`(?s)` + c.notFound + `.*"` + c.typo + `"`)},
					{Config: config(c.value)},
					{PreConfig: func() { c.gone(env.Tenant) }, Config: config(c.value), Destroy: true},
				},
				CheckDestroy: func(*terraform.State) error {
					for _, r := range env.Tenant.Requests() {
						if r.Method == "DELETE" && !strings.Contains(r.Path, "ghost") {
							return fmt.Errorf("nothing should be left to revoke, yet %s %s was sent", r.Method, r.Path)
						}
					}
					return nil
				},
			})
		})
	}
}

// A teardown resource's report_file in a missing folder used to be found
// only at destroy, whose advice ("fix report_file and run again") could not
// work: destroy reads the value in state. It is checked at plan when known,
// at create when known only then, and destroy says to apply the fix first.
func TestAccRevocationResource_teardownReportPathCheckedEarly(t *testing.T) {
	env := acctest.NewLocal(t)
	dir := filepath.Join(t.TempDir(), "reports")
	config := func(file string) string {
		return fmt.Sprintf(`resource "terraform_data" "folder" {
  input = %q
}
resource "auth0tokens_refresh_token_revocation" "this" {
  user_id           = "auth0|bob"
  revoke_on_create  = false
  revoke_on_destroy = true
  report_file       = %s
}`, dir, file)
	}
	known := config(fmt.Sprintf("%q", filepath.Join(dir, "r.json")))
	atApply := config(`"${terraform_data.folder.output}/r.json"`) // unknown until terraform_data is created
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{
			{Config: known, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)Report File Cannot Be Written.*does\s+not\s+exist`)},
			{Config: atApply, ExpectError: regexp.MustCompile(`(?s)Report File Cannot Be Written.*does\s+not\s+exist`)},
			{PreConfig: func() { mustMkdir(t, dir) }, Config: known},
			{
				PreConfig:   func() { _ = os.RemoveAll(dir) },
				Config:      known,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Report File Cannot Be Written.*value\s+in\s+state.*apply\s+it.*before\s+destroying`),
			},
			{PreConfig: func() { mustMkdir(t, dir) }, Config: known},
		},
		CheckDestroy: func(*terraform.State) error {
			if rep := acctest.ReadReport(t, filepath.Join(dir, "r.json")); rep.Status != "succeeded" || rep.Totals.RefreshTokens != 4 {
				return fmt.Errorf("teardown report: %+v", rep)
			}
			return nil
		},
	})
	if left := env.Tenant.Listed("auth0|bob"); len(left) != 0 {
		t.Fatalf("bob's tokens after the teardown: %v", left)
	}
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
}
