package session_test

import (
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
)

// The values a sign-out runs with, whatever way they reach it (the checks
// both kinds share are in internal/revocation).

var tf111 = tfversion.SkipBelow(version.Must(version.NewVersion("1.11.0")))

// Session IDs from the ephemeral listing feed a revocation (they once could feed none).
// session_ids_wo takes them, and nothing of the listing reaches plan or state.
func TestAccSessionRevocationResource_writeOnlyFromEphemeral(t *testing.T) {
	workDir := acctest.KeepWorkDir(t)
	env := acctest.New(t)
	env.TestSerial(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tf111},
		Steps: []resource.TestStep{{
			ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"), // see TestAccSessionsEphemeral_notInStateOrPlan
			Config: `
ephemeral "auth0tokens_sessions" "alice" {
  user_id        = "auth0|alice"
  include_device = true
}

resource "auth0tokens_session_revocation" "persistent" {
  session_ids_wo         = [for s in ephemeral.auth0tokens_sessions.alice.sessions : s.id if s.cookie_mode == "persistent"]
  session_ids_wo_version = 1
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{sessionTraces}},
			ConfigStateChecks: []statecheck.StateCheck{
				sessionTraces,
				statecheck.ExpectKnownValue("auth0tokens_session_revocation.persistent", tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("auth0tokens_session_revocation.persistent", tfjsonpath.New("revoked_token_count"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("auth0tokens_session_revocation.persistent", tfjsonpath.New("session_ids_wo"), knownvalue.Null()),
			},
			// sess_alice_1 ended with rt_alice_1, the token bound to it.
			PostApplyFunc: expectLeft(t, env, "auth0|alice", []string{"sess_alice_3"}, []string{"rt_alice_2", "rt_alice_3"}),
		}},
	})
	sessionTraces.ScanWorkDir(t, workDir)
}

// A user_ids list of which no user exists is mistyped: an error at create,
// with nothing created and nothing signed out.
func TestAccSessionRevocationResource_userIDsNoneExist(t *testing.T) {
	env := acctest.NewLocal(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `resource "auth0tokens_session_revocation" "this" {
  user_ids = ["auth0|alicee", "auth0|bobb"]
}`,
			ExpectError: acctest.Words(`None Of The Users Exist .*2 users given: auth0\|alicee, auth0\|bobb`),
		}},
	})
	for _, r := range env.Tenant.Requests() {
		if r.Method != "GET" && r.Path != "/oauth/token" {
			t.Errorf("%s %s: sent for users that do not exist", r.Method, r.Path)
		}
	}
}
