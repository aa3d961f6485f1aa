package refreshtoken_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Bugs found in use, each tested through real Terraform.

var tf111 = tfversion.SkipBelow(version.Must(version.NewVersion("1.11.0")))

// bobReview selects auth0|bob's tokens of a client he has none of: a review
// that found nothing, so the list is computed and empty.
const bobReview = `
data "auth0tokens_refresh_tokens" "bob" {
  user_id = "auth0|bob"
}
locals {
  selected = [for t in data.auth0tokens_refresh_tokens.bob.tokens : t.id if t.client_id == "app_retired"]
}
`

// An empty computed token_ids used to fail with "the user ID is empty".
func TestAccRevokeAction_emptyComputedIDs(t *testing.T) {
	runActionWith(t, bobReview, `token_ids = local.selected`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2", "rt_bob_3", "rt_bob_4")
	})
}

func TestAccRevocationResource_emptyComputedIDs(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: bobReview + `
resource "auth0tokens_refresh_token_revocation" "this" {
  token_ids = local.selected
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(0)),
			},
			PostApplyFunc: mustPass(t, expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2", "rt_bob_3", "rt_bob_4")),
		}},
	})
}

// IDs that do not exist used to be counted as revoked.
func TestAccRevocationResource_unknownIDsNotCounted(t *testing.T) {
	env := acctest.New(t, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `resource "auth0tokens_refresh_token_revocation" "this" {
  token_ids = ["rt_does_not_exist", "rt_bob_1", "rt_typo"]
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(1)),
			},
			PostApplyFunc: mustPass(t, expectListed(env, "auth0|bob", "rt_bob_2", "rt_bob_3", "rt_bob_4")),
		}},
	})
}

// Plan noise: changing a setting that does not revoke keeps revoked_at
// and revoked_count known in the plan instead of "known after apply".
func TestAccRevocationResource_settingChangeKeepsOutcome(t *testing.T) {
	config := func(timeout string) string {
		return fmt.Sprintf(`resource "auth0tokens_refresh_token_revocation" "this" {
  user_id = "auth0|bob"
  timeout = %q
}`, timeout)
	}
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config("2m")},
			{
				Config: config("5m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(4)),
					plancheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_at"), knownvalue.NotNull()),
				}},
			},
		},
	})
}

// Review then revoke with nothing of the listing in plan or state:
// the ephemeral listing feeds the resource's write-only token_ids_wo.
func TestAccRevocationResource_writeOnlyFromEphemeral(t *testing.T) {
	workDir := acctest.KeepWorkDir(t)
	env := acctest.New(t)
	env.TestSerial(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tf111},
		Steps: []resource.TestStep{{
			ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"), // see TestAccRefreshTokensEphemeral
			Config: `
ephemeral "auth0tokens_refresh_tokens" "alice" {
  user_id        = "auth0|alice"
  include_device = true
}

resource "auth0tokens_refresh_token_revocation" "non_rotating" {
  token_ids_wo         = [for t in ephemeral.auth0tokens_refresh_tokens.alice.tokens : t.id if !t.rotating]
  token_ids_wo_version = 1
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{tokenTraces}},
			ConfigStateChecks: []statecheck.StateCheck{
				tokenTraces,
				statecheck.ExpectKnownValue("auth0tokens_refresh_token_revocation.non_rotating", tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("auth0tokens_refresh_token_revocation.non_rotating", tfjsonpath.New("token_ids_wo"), knownvalue.Null()),
			},
			PostApplyFunc: mustPass(t, expectListed(env, "auth0|alice", "rt_alice_1", "rt_alice_3")),
		}},
	})
	tokenTraces.ScanWorkDir(t, workDir)
}

// (Terraform core decides) A failed before_destroy action does not stop
// `terraform destroy`; Terraform turns the failure into a warning. This test
// pins that, so the docs that say so are revisited if Terraform changes.
func TestAccRevokeAction_failedBeforeDestroyDoesNotBlock(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.New(t, acctest.WithClient("m2m_readonly"))
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.16.0")))},
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "qa_user" {
  input = "auth0|bob"
  lifecycle {
    action_trigger {
      events     = [before_destroy]
      actions    = [action.auth0tokens_revoke_refresh_tokens.teardown]
      on_failure = halt
    }
  }
}

action "auth0tokens_revoke_refresh_tokens" "teardown" {
  config {
    user_id = caller.input
  }
}
`,
		}},
		// The destroy succeeded although the revocation failed (missing scope): the tokens are all still there.
		CheckDestroy: func(*terraform.State) error {
			return expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2", "rt_bob_3", "rt_bob_4")()
		},
	})
}

// Waiting after a revocation by ID used to read every ID on every
// check, so at 10 requests/s the first check of 60 IDs outlasted a 3 s timeout
// and the error claimed all 60 were still listed. Now the owner is listed.
func TestAccRevokeAction_waitByIDAtRateLimit(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true, RateLimit: 10})).Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: actionConfig(`token_ids = [for i in range(1, 61) : format("rt_many_%05d", i)]
    timeout   = "3s"`),
		}},
	})
}

// A deployment without the Early Access routes (plain 404) falls back
// to the GA endpoints, as a tenant with the feature off does.
func TestAccFaultEarlyAccessRouteMissing(t *testing.T) {
	acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{NoEarlyAccessRoutes: true, RevocationDelay: 500 * time.Millisecond})).Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
data "auth0tokens_refresh_tokens" "t" {
  user_id   = "auth0|alice"
  client_id = "app_web"
}
resource "auth0tokens_refresh_token_revocation" "this" {
  user_id   = "auth0|bob"
  client_id = "app_mobile"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), ids("rt_alice_1", "rt_alice_3")),
				statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(2)),
			},
		}},
	})
}

// Many users in one action. bob and alice have tokens, nobody has none,
// ghost does not exist: the others are revoked and ghost is named (a
// warning, so that a re-run comes out clean; the report says it).
func TestAccRevokeAction_userIDs(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	file := filepath.Join(t.TempDir(), "report.json")
	config := actionConfig(fmt.Sprintf(`user_ids = ["auth0|alice", "auth0|bob", "auth0|nobody", "auth0|ghost"]
    client_id   = "app_web"
    report_file = %q`, file))
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  []resource.TestStep{{Config: config}},
	})
	if left := env.Tenant.Listed("auth0|bob"); strings.Join(left, ",") != "rt_bob_3,rt_bob_4" {
		t.Fatalf("bob's app_web tokens not revoked: %v", left)
	}
	if left := env.Tenant.Listed("auth0|alice"); strings.Join(left, ",") != "rt_alice_2" {
		t.Fatalf("alice's app_web tokens not revoked: %v", left)
	}
	rep := acctest.ReadReport(t, file)
	if got := acctest.ReportedUsers(rep); got != "auth0|alice=revoked:rt_alice_1,rt_alice_3/ auth0|bob=revoked:rt_bob_1,rt_bob_2/ auth0|ghost=not_found:/ auth0|nobody=nothing:/" ||
		rep.Totals.NotFoundUsers != 1 || rep.Status != "succeeded" {
		t.Fatalf("report: %s %+v %s", got, rep.Totals, rep.Status)
	}
}

func TestAccRevocationResource_userIDs(t *testing.T) {
	env := acctest.NewLocal(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `resource "auth0tokens_refresh_token_revocation" "this" {
  user_ids          = ["auth0|alice", "auth0|bob", "auth0|nobody"]
  revoke_on_destroy = true
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(7)),
			},
			PostApplyFunc: mustPass(t, expectListed(env, "auth0|bob")),
		}},
	})
}

func TestAccRevokeAction_userIDsValidation(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: actionConfig(`user_ids = ["auth0|bob", ""]`), ExpectError: regexp.MustCompile(`(?s)Invalid User ID.*empty`)},
			{Config: actionConfig(`user_ids = [" auth0|bob"]`), ExpectError: regexp.MustCompile(`(?s)Invalid User ID.*white space`)},
			{Config: actionConfig(`user_ids = ["auth0|bob"]
    user_id = "auth0|bob"`), ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`)},
			{Config: actionConfig(`user_ids = ["auth0|bob"]
    token_ids = ["rt_bob_1"]`), ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`)},
		},
	})
}

// Faults: a persistent 429 for one user and a 5xx for another fail those
// users only, each named with its reason; running again repeats only their work.
func TestAccRevokeAction_userIDsFaults(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t,
		withFault(tenantsim.Fault{PathPrefix: "/api/v2/users/auth0%7Cbob/", Status: 429}),
		withFault(tenantsim.Fault{PathPrefix: "/api/v2/users/auth0%7Cnobody/", Status: 503}))
	// Fired on create, and again on update when the trigger's input changes.
	config := func(input string) string {
		c := strings.Replace(actionConfig(`user_ids = ["auth0|alice", "auth0|bob", "auth0|nobody"]`), "events  = [after_create]", "events  = [after_create, after_update]", 1)
		return strings.Replace(c, `input = "revoke"`, fmt.Sprintf("input = %q", input), 1)
	}
	want := regexp.MustCompile(`(?s)Revoked\s+3\s+refresh\s+tokens\s+of\s+1\s+user\s+\(3\s+checked\);\s+2\s+of\s+3\s+users\s+failed:\s+auth0\|bob\s+\(rate\s+limited\),\s+auth0\|nobody\s+\(server\s+error\)`)
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: config("first"), ExpectError: want},
			// Again: alice has nothing left, bob and nobody fail again.
			{Config: config("again"), ExpectError: regexp.MustCompile(`(?s)Revoked\s+0\s+refresh\s+tokens\s+of\s+0\s+users\s+\(3\s+checked\);\s+2\s+of\s+3\s+users\s+failed`)},
		},
	})
	if left := env.Tenant.Listed("auth0|alice"); len(left) != 0 {
		t.Fatalf("alice's tokens not revoked: %v", left)
	}
	deletes := 0
	for _, r := range env.Tenant.Requests() {
		if r.Method == "DELETE" && r.Path == "/api/v2/users/auth0%7Calice/refresh-tokens" {
			deletes++
		}
	}
	if deletes != 1 {
		t.Fatalf("alice's tokens were revoked %d times; the re-run must not repeat finished work", deletes)
	}
}

// A user_ids list of which no user exists is mistyped, not churn: an error
// in the action and at the resource's create, with nothing revoked. At
// destroy, users deleted since the create are expected: a warning.
func TestAccRevokeAction_userIDsNoneExist(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	ghosts := `user_ids = ["auth0|alicee", "auth0|bobb"]`
	resourceConfig := func(ids string) string {
		return fmt.Sprintf(`resource "auth0tokens_refresh_token_revocation" "this" {
  user_ids          = %s
  revoke_on_destroy = true
}`, ids)
	}
	env := acctest.NewLocal(t)
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: actionConfig(ghosts), ExpectError: acctest.Words(`None Of The Users Exist .*2 users given: auth0\|alicee, auth0\|bobb`)},
			{Config: resourceConfig(`["auth0|alicee", "auth0|bobb"]`), ExpectError: acctest.Words(`None Of The Users Exist`)},
			{
				Config: resourceConfig(`["auth0|alice", "auth0|bob"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(7)),
				},
			},
			{
				PreConfig: func() { env.Tenant.DeleteUser("auth0|alice"); env.Tenant.DeleteUser("auth0|bob") },
				Config:    resourceConfig(`["auth0|alice", "auth0|bob"]`),
				Destroy:   true,
			},
		},
	})
	for _, r := range env.Tenant.Requests() {
		if r.Method != "GET" && strings.Contains(r.Path, "alicee") {
			t.Errorf("%s %s: sent for a user that does not exist", r.Method, r.Path)
		}
	}
}
