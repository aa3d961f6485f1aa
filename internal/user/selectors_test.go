package user_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Every user selector on every revocation type (#22), through Terraform:
// what each selects is revoked, and each way finding the users can fail
// stops the run before anything is revoked.

// revocationTypes configure each type with a selector.
var revocationTypes = map[string]struct {
	action bool
	config func(selector string) string
}{
	"action auth0tokens_revoke_refresh_tokens": {true, func(sel string) string {
		return actionConfig("auth0tokens_revoke_refresh_tokens", sel)
	}},
	"action auth0tokens_revoke_sessions": {true, func(sel string) string {
		return actionConfig("auth0tokens_revoke_sessions", sel)
	}},
	"resource auth0tokens_refresh_token_revocation": {false, func(sel string) string {
		return fmt.Sprintf("resource \"auth0tokens_refresh_token_revocation\" \"this\" {\n%s\n}\n", sel)
	}},
	"resource auth0tokens_session_revocation": {false, func(sel string) string {
		return fmt.Sprintf("resource \"auth0tokens_session_revocation\" \"this\" {\n%s\n}\n", sel)
	}},
}

func actionConfig(typ, body string) string {
	return fmt.Sprintf(`resource "terraform_data" "trigger" {
  input = "go"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.%[1]s.this]
    }
  }
}
action "%[1]s" "this" {
  config {
%[2]s
  }
}
`, typ, body)
}

// selectorTenant: alice is in corp-okta with an acme email, and a member of
// org_acme; bob is none of these.
func selectorTenant(export tenantsim.ExportOptions) []acctest.Option {
	return []acctest.Option{
		acctest.WithTenantOptions(tenantsim.Options{Export: export}),
		acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
			t.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|alice", Email: "alice@acme.example", Connection: "corp-okta"})
			t.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|bob", Email: "bob@other.example"})
			t.AddOrganization(tenantsim.Organization{ID: "org_acme", Members: []string{"auth0|alice"}})
		}),
	}
}

func TestAccSelectors_everyTypeEverySelector(t *testing.T) {
	for name, typ := range revocationTypes {
		for _, sel := range []string{`user_query = "email:*@acme.example"`, `connection_name = "corp-okta"`, `organization_id = "org_acme"`, `all_users = true`} {
			t.Run(name+" "+strings.Fields(sel)[0], func(t *testing.T) {
				if typ.action {
					acctest.SkipOnOpenTofu(t, "actions")
				}
				env := acctest.NewLocal(t, selectorTenant(tenantsim.ExportOptions{Duration: 300 * time.Millisecond})...)
				env.Test(resource.TestCase{
					TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
					Steps:                  []resource.TestStep{{Config: typ.config(sel)}},
				})
				if left := env.Tenant.Listed("auth0|alice"); len(left) != 0 {
					t.Fatalf("alice, selected, still has %v", left)
				}
				bobLeft := len(env.Tenant.Listed("auth0|bob"))
				if sel == `all_users = true` && bobLeft != 0 || sel != `all_users = true` && bobLeft != 4 {
					t.Fatalf("bob has %d tokens left after %s", bobLeft, sel)
				}
			})
		}
	}
}

func TestAccSelectors_failuresStopBeforeRevoking(t *testing.T) {
	for name, typ := range revocationTypes {
		for _, c := range []struct {
			name, sel, want string
			export          tenantsim.ExportOptions
		}{
			{"unknown connection", `connection_name = "no-such"`, `Connection Not Found`, tenantsim.ExportOptions{}},
			{"export fails", `all_users = true`, `Users Export Failed`, tenantsim.ExportOptions{Duration: 200 * time.Millisecond, Fail: "disk full"}},
			{"export times out", "all_users = true\nexport_timeout = \"1s\"", `Users Export Timed Out`, tenantsim.ExportOptions{Duration: time.Hour}},
			{"link expires", `all_users = true`, `Users Export Link Expired`, tenantsim.ExportOptions{Duration: 200 * time.Millisecond, LinkTTL: time.Nanosecond}},
			{"search too broad", `user_query = "user_id:auth0*"`, `User Search Matches Too Many Users`, tenantsim.ExportOptions{}},
			{"unknown organization", `organization_id = "org_nosuch"`, `(?s)Organization Not Found.*"org_nosuch"`, tenantsim.ExportOptions{}},
			{"blank organization", `organization_id = " "`, `Invalid Organization ID`, tenantsim.ExportOptions{}},
		} {
			t.Run(name+" "+c.name, func(t *testing.T) {
				if typ.action {
					acctest.SkipOnOpenTofu(t, "actions")
				}
				env := acctest.NewLocal(t, append(selectorTenant(c.export), acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
					t.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|bulk", Count: 1000})
				}))...)
				env.Test(resource.TestCase{
					TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
					Steps:                  []resource.TestStep{{Config: typ.config(c.sel), ExpectError: regexp.MustCompile(c.want)}},
				})
				for _, r := range env.Tenant.Requests() {
					if r.Method == "DELETE" || (r.Method == "POST" && strings.Contains(r.Path, "/revoke")) {
						t.Fatalf("%s %s sent after the selection failed", r.Method, r.Path)
					}
				}
			})
		}
	}
}
