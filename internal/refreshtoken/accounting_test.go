package refreshtoken_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Issue #21: incident runs account for every revocation, through Terraform.

const usersWithGhost = `user_ids = ["auth0|alice", "auth0|bob", "auth0|nobody", "auth0|ghost"]
    client_id = "app_web"`

// #21.4: with the Early Access endpoints on, users that do not exist used to
// count as success, unnamed; they are named as with them off (in a warning,
// and in the report).
func TestAccRevokeAction_userIDsMissingUserWithEarlyAccess(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
	file := filepath.Join(t.TempDir(), "report.json")
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  []resource.TestStep{{Config: actionConfig(usersWithGhost + fmt.Sprintf("\n    report_file = %q", file))}},
	})
	if left := env.Tenant.Listed("auth0|bob"); strings.Join(left, ",") != "rt_bob_3,rt_bob_4" {
		t.Fatalf("bob's app_web tokens not revoked: %v", left)
	}
	if rep := acctest.ReadReport(t, file); !strings.Contains(acctest.ReportedUsers(rep), "auth0|ghost=not_found") {
		t.Fatalf("ghost is not named: %s", acctest.ReportedUsers(rep))
	}
}

// #21.5: each user whose filtered list is empty used to be listed a second
// time for a hint the many-user path never shows.
func TestAccRevokeAction_userIDsListsEachUserOnce(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	users := []string{"auth0|alice", "auth0|bob", "auth0|nobody"}
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: actionConfig(`user_ids = ["auth0|alice", "auth0|bob", "auth0|nobody"]
    client_id = "app_retired"`),
			PostApplyFunc: func() {
				for _, u := range users {
					path := "/api/v2/users/" + strings.ReplaceAll(u, "|", "%7C") + "/refresh-tokens"
					starts := 0
					for _, r := range env.Tenant.Requests() {
						if r.Method == "GET" && r.Path == path && !strings.Contains(r.Query, "from=") {
							starts++
						}
					}
					if starts != 1 {
						t.Errorf("%s listed %d times; want once", u, starts)
					}
				}
			},
		}},
	})
}

// #21.7: after a timeout the error used to say "to check, invoke the action
// again", which revokes again and counts again. It says how to check without
// revoking, what was revoked, and counts of one are singular.
func TestAccRevokeAction_timeoutSaysHowToCheck(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour}))
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: actionConfig(`token_ids = ["rt_bob_1"]
    timeout   = "1s"`),
			ExpectError: regexp.MustCompile(`(?s)Revocation Not Yet Effective.*` + words("Sent the revocation of 1 refresh token by ID.") + ".*" +
				words("1 refresh token is still listed: rt_bob_1.") + ".*" + words("To check without revoking anything, read the auth0tokens_refresh_tokens data source")),
		}},
	})
}

// words matches text as Terraform wraps it: any white space between words.
func words(text string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(text)), `\s+`)
}
