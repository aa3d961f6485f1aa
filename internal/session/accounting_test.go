package session_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// #21.6: alice's sessions were ended, then revoking her refresh tokens failed
// (503): she used to count as nothing, so the summary lost her sessions. What
// was done is counted, and what was not is said.
func TestAccRevokeSessions_partlyDoneUserCounted(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t, withFault(tenantsim.Fault{Method: "DELETE", PathPrefix: "/api/v2/users/auth0%7Calice/refresh-tokens", Status: 503}))
	want := regexp.MustCompile(`(?s)Revoked 2 sessions and 4 refresh tokens of 2 users; 1 of 2 users failed:\s+auth0\|alice\s+\(server\s+error\s+after\s+2\s+sessions\s+revoked\)`)
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  []resource.TestStep{{Config: actionConfig(`user_ids = ["auth0|alice", "auth0|bob"]`), ExpectError: want}},
	})
	if left := env.Tenant.ListedSessions("auth0|alice"); len(left) != 0 {
		t.Fatalf("alice's sessions should be ended: %v", left)
	}
}
