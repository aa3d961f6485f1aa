package refreshtoken_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/config"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/refreshtoken"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Issue #21: the values a revocation runs with, whatever way they reach it.

// badUserIDs are IDs a literal is refused for, with the error each gives.
var badUserIDs = []struct{ id, want string }{
	{" auth0|bob", `Invalid User ID .*starts or ends with white space`},
	{"auth0|bob\n", `Invalid User ID .*starts or ends with white space`},
	{"..", `Invalid User ID .*is a path segment`},
	{"", `Invalid User ID .*The user ID is empty`},
	// Auth0 refuses white space anywhere in a user ID, so an inner space is
	// refused as a surrounding one is, with the same rule stated.
	{"auth0|alice smith", `Invalid User ID .*contains white space\. A user ID is 1 to 255 characters, with no white space or control characters`},
	{"auth0|" + strings.Repeat("a", 250), `Invalid User ID .*is 256 characters long\. A user ID is 1 to 255 characters`},
}

// idVariable is a list(string) variable holding ids.
func idVariable(ids ...string) config.Variables {
	vals := make([]config.Variable, len(ids))
	for i, id := range ids {
		vals[i] = config.StringVariable(id)
	}
	return config.Variables{"ids": config.ListVariable(vals...)}
}

const idsVariable = `variable "ids" { type = list(string) }
`

// sentNothing fails the test if the provider sent any Management API request.
func sentNothing(t *testing.T, env *acctest.Env) {
	t.Helper()
	for _, r := range env.Tenant.Requests() {
		if strings.HasPrefix(r.Path, "/api/v2/") {
			t.Errorf("a refused value reached the tenant: %s %s", r.Method, r.Path)
		}
	}
}

// #21.3: the action validated only literals. Through a variable, file() or a
// value known only at apply, bad IDs reached the tenant (or, empty, vanished)
// and 10,001 users were accepted.
func TestAccRevokeAction_idsFromVariables(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	var steps []tfresource.TestStep
	for _, bad := range badUserIDs {
		steps = append(steps, tfresource.TestStep{Config: idsVariable + actionConfig(`user_ids = var.ids`),
			ConfigVariables: idVariable("auth0|alice", bad.id), ExpectError: acctest.Words(bad.want)})
	}
	many := make([]string, 10_001)
	for i := range many {
		many[i] = fmt.Sprintf("auth0|u%05d", i)
	}
	steps = append(steps,
		tfresource.TestStep{Config: idsVariable + actionConfig(`user_ids = var.ids`), ConfigVariables: idVariable(many...),
			ExpectError: acctest.Words(`Too Many User IDs .*user_ids holds 10001 different user IDs; at most 10000 .*connection_name or all_users, which have no such limit .*user_query selects at most 999 users`)},
		tfresource.TestStep{Config: idsVariable + actionConfig(`token_ids = var.ids`), ConfigVariables: idVariable("rt_bob_1", "rt_bob_2 "),
			ExpectError: acctest.Words(`Invalid Refresh Token ID .*starts or ends with white space`)},
		tfresource.TestStep{Config: idsVariable + actionConfig(`user_id = var.ids[0]`), ConfigVariables: idVariable("auth0|bob\n"),
			ExpectError: acctest.Words(`Invalid User ID .*white space`)},
	)
	env.Test(tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  steps,
	})
	sentNothing(t, env)
}

// usersFile writes a list of users as a file read with file(), and returns
// its path: a trailing newline and a comma-separated line are the classic traps.
func usersFile(t *testing.T, content string) string {
	p := filepath.Join(t.TempDir(), "users.txt")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAccRevokeAction_idsFromFile(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	lines := usersFile(t, "auth0|alice\nauth0|bob\n")
	commas := usersFile(t, "auth0|alice,auth0|bob\n")
	env.Test(tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []tfresource.TestStep{
			{Config: actionConfig(fmt.Sprintf(`user_ids = split("\n", file(%q))`, lines)), ExpectError: acctest.Words(`Invalid User ID .*The user ID is empty`)},
			{Config: actionConfig(fmt.Sprintf(`user_ids = split(",", file(%q))`, commas)), ExpectError: acctest.Words(`Invalid User ID .*"auth0\|bob\\n" starts or ends with white space`)},
		},
	})
	sentNothing(t, env)
}

// knownAtApply makes ids known only at apply, as a data source that depends
// on a resource being created is: terraform_data's output is unknown at plan.
func knownAtApply(ids ...string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf("resource \"terraform_data\" \"source\" {\n  input = [%s]\n}\n", strings.Join(quoted, ", "))
}

// knownAtApplyAction invokes the action with user_ids known only at apply,
// each time they change.
func knownAtApplyAction(ids ...string) string {
	return knownAtApply(ids...) + `
resource "terraform_data" "trigger" {
  input = terraform_data.source.output
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.auth0tokens_revoke_refresh_tokens.this]
    }
  }
}

action "auth0tokens_revoke_refresh_tokens" "this" {
  config {
    user_ids = terraform_data.source.output
  }
}
`
}

func TestAccRevokeAction_idsKnownOnlyAtApply(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	var steps []tfresource.TestStep
	for _, bad := range badUserIDs {
		steps = append(steps, tfresource.TestStep{Config: knownAtApplyAction("auth0|alice", bad.id), ExpectError: acctest.Words(bad.want)})
	}
	env.Test(tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  steps,
	})
	sentNothing(t, env)
}

// The resource's validators run at plan once variables are known; values
// known only at apply were never checked.
func TestAccRevocationResource_idsFromVariablesAndApply(t *testing.T) {
	env := acctest.NewLocal(t)
	var steps []tfresource.TestStep
	for _, bad := range badUserIDs {
		steps = append(steps,
			tfresource.TestStep{Config: idsVariable + `resource "auth0tokens_refresh_token_revocation" "this" { user_ids = var.ids }`,
				ConfigVariables: idVariable("auth0|alice", bad.id), ExpectError: acctest.Words(bad.want)},
			tfresource.TestStep{Config: knownAtApply("auth0|alice", bad.id) + `resource "auth0tokens_refresh_token_revocation" "this" {
  user_ids = terraform_data.source.output
}`, ExpectError: acctest.Words(bad.want)})
	}
	steps = append(steps,
		tfresource.TestStep{Config: knownAtApply("rt_bob_1", "..") + `resource "auth0tokens_refresh_token_revocation" "this" {
  token_ids = terraform_data.source.output
}`, ExpectError: acctest.Words(`Invalid Refresh Token ID .*is a path segment`)},
		tfresource.TestStep{Config: knownAtApply("auth0|bob ") + `resource "auth0tokens_refresh_token_revocation" "this" {
  user_id = terraform_data.source.output[0]
}`, ExpectError: acctest.Words(`Invalid User ID .*white space`)})
	env.Test(tfresource.TestCase{Steps: steps})
	sentNothing(t, env)
}

func TestAccRevocationResource_writeOnlyIDsKnownOnlyAtApply(t *testing.T) {
	env := acctest.NewLocal(t)
	env.Test(tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tf111},
		Steps: []tfresource.TestStep{
			{Config: knownAtApply("rt_bob_1", "") + `resource "auth0tokens_refresh_token_revocation" "this" {
  token_ids_wo = terraform_data.source.output
}`, ExpectError: acctest.Words(`Invalid Refresh Token ID .*The refresh token ID is empty`)},
			{Config: idsVariable + `resource "auth0tokens_refresh_token_revocation" "this" { token_ids_wo = var.ids }`,
				ConfigVariables: idVariable("rt_bob_1", "rt bob"), ExpectError: acctest.Words(`Invalid Refresh Token ID .*contains white space`)},
		},
	})
	sentNothing(t, env)
}

// #21.8: of many users, one that does not exist failed every create, and the
// tokens revoked for the others were not recorded. Now it is a warning; the
// rest is revoked and recorded. A single user_id that does not exist is an
// error, and nothing is created.
func TestAccRevocationResource_missingUserAtCreate(t *testing.T) {
	const ghostConfig = `resource "auth0tokens_refresh_token_revocation" "this" {
  user_id = "auth0|ghost"
}`
	env := acctest.New(t)
	env.Test(tfresource.TestCase{
		Steps: []tfresource.TestStep{
			{
				Config: `resource "auth0tokens_refresh_token_revocation" "this" {
  user_ids = ["auth0|alice", "auth0|ghost"]
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_at"), knownvalue.NotNull()),
				},
				PostApplyFunc: mustPass(t, expectListed(env, "auth0|alice")),
			},
			// One user, one answer: a single user_id that does not exist is
			// an error at create, as in the action, and nothing is created.
			{
				Config:      ghostConfig,
				ExpectError: acctest.Words(`User Not Found .*auth0\|ghost`),
			},
			{
				Config: ghostConfig,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionCreate),
				}},
				ExpectError: acctest.Words(`User Not Found`),
			},
		},
	})
}

// priorState checks a value the plan's prior state holds for a resource,
// and that the resource is tainted: what a failed create recorded.
type priorState struct {
	addr, attr, want string
}

func (c priorState) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil {
		resp.Error = fmt.Errorf("%s: no prior state: the failed create recorded nothing", c.addr)
		return
	}
	for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
		if r.Address != c.addr {
			continue
		}
		if got := fmt.Sprint(r.AttributeValues[c.attr]); got != c.want || !r.Tainted {
			resp.Error = fmt.Errorf("%s: recorded %s = %s (tainted %v); want %s, tainted", c.addr, c.attr, got, r.Tainted, c.want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the prior state: the failed create recorded nothing", c.addr)
}

// #21.2, the resource half: a revocation that fails part way still records
// what it revoked; Terraform keeps the resource tainted, so the next apply
// replaces it and revokes what is left.
func TestAccRevocationResource_failureRecordsWhatWasDone(t *testing.T) {
	bobFails := withFault(tenantsim.Fault{PathPrefix: "/api/v2/users/auth0%7Cbob/", Status: 503})
	users := `resource "auth0tokens_refresh_token_revocation" "this" {
  user_ids = ["auth0|alice", "auth0|bob"]
}`
	t.Run("some users failed", func(t *testing.T) {
		acctest.NewLocal(t, bobFails).Test(tfresource.TestCase{Steps: []tfresource.TestStep{
			{Config: users, ExpectError: acctest.Words(`Revocation Failed For Some Users .*auth0\|bob \(server error\)`)},
			{
				Config: users,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					priorState{revocationAddr, "revoked_count", "3"},
					plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ExpectError: acctest.Words(`Revoked 0 refresh tokens of 0 users, 2 checked`),
			},
		}})
	})
	t.Run("not confirmed in time", func(t *testing.T) {
		config := func(wait bool) string {
			return fmt.Sprintf(`resource "auth0tokens_refresh_token_revocation" "this" {
  user_id = "auth0|bob"
  timeout = "2s"
  wait    = %v
}`, wait)
		}
		acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour})).Test(tfresource.TestCase{Steps: []tfresource.TestStep{
			{Config: config(true), ExpectError: acctest.Words(`Revocation Not Yet Effective`)},
			{
				Config: config(false),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					priorState{revocationAddr, "revoked_count", "4"},
					plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		}})
	})
}

// #21 messages: a failed revoke_on_destroy named neither the user nor what
// it was revoking when the revocation was not confirmed in time.
func TestAccRevocationResource_failedDestroyNamesUser(t *testing.T) {
	config := func(onDestroy bool) string {
		return fmt.Sprintf(`resource "auth0tokens_refresh_token_revocation" "this" {
  user_id           = "auth0|bob"
  revoke_on_create  = false
  revoke_on_destroy = %v
  timeout           = "2s"
}`, onDestroy)
	}
	acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour})).Test(tfresource.TestCase{Steps: []tfresource.TestStep{
		{Config: config(true)},
		{Config: config(true), Destroy: true, ExpectError: acctest.Words(`Revocation Not Yet Effective .*refresh tokens of user auth0\|bob`)},
		// Let the test's closing destroy through.
		{Config: config(false)},
	}})
}

// #21 messages: the rerun hint named the action `action....NAME`. Terraform
// never tells a provider the action's name, but prints its address above
// the error: the hint points there.
func TestAccRevokeAction_timeoutHintPointsAtTheAddress(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour})).Test(tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []tfresource.TestStep{{
			Config: actionConfig(`user_id = "auth0|bob"
    timeout = "2s"`),
			ExpectError: acctest.Words(`Revocation Not Yet Effective .*with action.auth0tokens_revoke_refresh_tokens.this, .*` +
				`terraform apply -invoke=ADDRESS, where ADDRESS is the action's address Terraform shows above`),
		}},
	})
}

// #21 messages: the resource's user_ids promised progress only the action shows.
func TestRevocationResourceUserIDsDescribesLogging(t *testing.T) {
	var resp resource.SchemaResponse
	refreshtoken.Revocation.NewResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	d := resp.Schema.Attributes["user_ids"].GetMarkdownDescription()
	if !strings.Contains(d, "TF_LOG=INFO") || strings.Contains(d, "with progress;") {
		t.Errorf("user_ids must say where a resource's progress goes: %s", d)
	}
}

// #21.9: user_ids and token_ids became lists (a set was checked for
// duplicates pair by pair: 10,000 IDs took most of a minute to plan). As with
// a set, the same IDs in another order, or repeated, are no change: a change
// would replace the resource, which revokes again.
func TestAccRevocationResource_reorderedIDsAreNoChange(t *testing.T) {
	config := func(attr, ids string) string {
		return fmt.Sprintf(`resource "auth0tokens_refresh_token_revocation" "this" {
  %s         = %s
  revoke_on_create = false
}`, attr, ids)
	}
	env := acctest.NewLocal(t)
	env.Test(tfresource.TestCase{Steps: []tfresource.TestStep{
		{Config: config("user_ids", `["auth0|nobody", "auth0|bob"]`)},
		{Config: config("user_ids", `["auth0|bob", "auth0|nobody", "auth0|bob"]`), PlanOnly: true},
		{Config: config("user_ids", `["auth0|bob"]`), ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionDestroyBeforeCreate),
		}}},
		{Config: config("token_ids", `["rt_bob_2", "rt_bob_1"]`)},
		{Config: config("token_ids", `["rt_bob_1", "rt_bob_2", "rt_bob_1"]`), PlanOnly: true},
	}})
	sentNothing(t, env)
}
