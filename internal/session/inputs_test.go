package session_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// The values a sign-out runs with, whatever way they reach it (the checks
// both kinds share are in internal/revocation).

var tf111 = tfversion.SkipBelow(version.Must(version.NewVersion("1.11.0")))

// Of many users, one that does not exist failed every create, and what
// was revoked for the others was not recorded. Now it is a warning. A single
// user_id that does not exist is an error, and nothing is created.
func TestAccSessionRevocationResource_missingUserAtCreate(t *testing.T) {
	const ghostConfig = `resource "auth0tokens_session_revocation" "this" {
  user_id = "auth0|ghost"
}`
	env := acctest.New(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: `resource "auth0tokens_session_revocation" "this" {
  user_ids = ["auth0|alice", "auth0|ghost"]
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_token_count"), knownvalue.Int64Exact(3)),
				},
				PostApplyFunc: expectLeft(t, env, "auth0|alice", nil, nil),
			},
			// One user, one answer: a single user_id that does not exist is
			// an error at create, as in the action, and nothing is created.
			{
				Config:      ghostConfig,
				ExpectError: acctest.Words(`User Not Found .*auth0\|ghost`),
			},
			{
				Config: ghostConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionCreate),
				}},
				ExpectError: acctest.Words(`User Not Found`),
			},
		},
	})
}

// recorded checks what a failed create recorded: the plan's prior state
// holds the resource, tainted, with these counts.
type recorded struct {
	addr   string
	counts map[string]string
}

func (c recorded) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil {
		resp.Error = fmt.Errorf("%s: no prior state: the failed create recorded nothing", c.addr)
		return
	}
	for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
		if r.Address != c.addr {
			continue
		}
		for attr, want := range c.counts {
			if got := fmt.Sprint(r.AttributeValues[attr]); got != want || !r.Tainted {
				resp.Error = fmt.Errorf("%s: recorded %s = %s (tainted %v); want %s, tainted", c.addr, attr, got, r.Tainted, want)
			}
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the prior state: the failed create recorded nothing", c.addr)
}

// The resource records what it did: a sign-out that fails for some users still
// records what it revoked, and the resource is tainted.
func TestAccSessionRevocationResource_failureRecordsWhatWasDone(t *testing.T) {
	config := `resource "auth0tokens_session_revocation" "this" {
  user_ids = ["auth0|alice", "auth0|bob"]
}`
	acctest.NewLocal(t, withFault(tenantsim.Fault{PathPrefix: "/api/v2/users/auth0%7Cbob/", Status: 503})).Test(resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config, ExpectError: acctest.Words(`Revocation Failed For Some Users .*auth0\|bob \(server error\)`)},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					recorded{revocationAddr, map[string]string{"revoked_count": "2", "revoked_token_count": "3"}},
					plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ExpectError: acctest.Words(`Revoked 0 sessions and 0 refresh tokens of 0 users, 2 checked`),
			},
		},
	})
}

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
