package revocation_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// The input checks every kind of revocation shares, run over both kinds: the
// values a revocation runs with are checked whatever way they reach it (a
// literal, a variable, file(), a value known only at apply), and a refused
// value sends nothing.

// kind is one kind of revocation as its types are configured.
type kind struct {
	name     string
	action   string // "auth0tokens_revoke_refresh_tokens"
	resource string // "auth0tokens_refresh_token_revocation"
	ids      string // "token_ids"
	// idCases are bad values of the kind's own ID list or of user_id, each
	// with the error it gives.
	idCases []idCase
	// knownAtApply are bad ID lists given to the action only at apply.
	knownAtApply []idCase
	// existing are two of the seed's IDs of the kind, second first.
	existing [2]string
	// woKind names the write-only IDs in their errors; invalidID is a bad ID's error.
	woKind, invalidID string
	// aliceAndBob is what revoking auth0|alice's items records, and
	// noneOfTwo the summary of a run that revoked nothing of two users.
	aliceAndBob map[string]string
	noneOfTwo   string
	// withTokens says the kind's runs revoke refresh tokens beside its own items.
	withTokens bool
}

type idCase struct {
	body string // the attribute and its value, from var.ids
	ids  []string
	want string
}

var kinds = []kind{
	{
		name: "tokens", action: "auth0tokens_revoke_refresh_tokens", resource: "auth0tokens_refresh_token_revocation", ids: "token_ids",
		idCases: []idCase{
			{`token_ids = var.ids`, []string{"rt_bob_1", "rt_bob_2 "}, `Invalid Refresh Token ID .*starts or ends with white space`},
			{`user_id = var.ids[0]`, []string{"auth0|bob\n"}, `Invalid User ID .*white space`},
		},
		existing: [2]string{"rt_bob_2", "rt_bob_1"}, woKind: "Token", invalidID: "Invalid Refresh Token ID",
		aliceAndBob: map[string]string{"revoked_count": "3"}, noneOfTwo: `Revoked 0 refresh tokens of 0 users \(2 checked\)`,
	},
	{
		name: "sessions", action: "auth0tokens_revoke_sessions", resource: "auth0tokens_session_revocation", ids: "session_ids",
		idCases: []idCase{
			{`session_ids = var.ids`, []string{"sess_alice_1", "sess alice"}, `Invalid Session ID .*contains white space`},
			{`session_ids = var.ids`, []string{""}, `Invalid Session ID .*The session ID is empty`},
			{`user_id = var.ids[0]`, []string{".."}, `Invalid User ID .*is a path segment`},
			{`user_id = var.ids[0]`, []string{"auth0|alice smith"}, `Invalid User ID .*contains white space\. A user ID is 1 to 255 characters, with no white space or control characters`},
		},
		knownAtApply: []idCase{
			{`session_ids`, []string{"sess_alice_1", ".."}, `Invalid Session ID .*is a path segment`},
			{`session_ids`, []string{"sess_alice_1", ""}, `Invalid Session ID .*The session ID is empty`},
		},
		existing: [2]string{"sess_alice_3", "sess_alice_1"}, woKind: "Session", invalidID: "Invalid Session ID",
		aliceAndBob: map[string]string{"revoked_count": "2", "revoked_token_count": "3"}, noneOfTwo: `Revoked 0 sessions and 0 refresh tokens of 0 users \(2 checked\)`, withTokens: true,
	},
}

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

// actionConfig triggers the kind's action once, after a terraform_data is created.
func (k kind) actionConfig(body string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = "revoke"
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
`, k.action, body)
}

// knownAtApplyAction invokes the kind's action with attr known only at
// apply, each time it changes.
func (k kind) knownAtApplyAction(attr string, ids ...string) string {
	return acctest.KnownAtApply(ids...) + fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = terraform_data.source.output
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.%[1]s.this]
    }
  }
}

action "%[1]s" "this" {
  config {
    %[2]s = terraform_data.source.output
  }
}
`, k.action, attr)
}

var actions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// The action once validated only literals. Through a variable, a bad ID
// reached the tenant (or, empty, vanished) and 10,001 users were accepted.
func TestAccRevokeAction_idsFromVariables(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	many := make([]string, 10_001)
	for i := range many {
		many[i] = fmt.Sprintf("auth0|u%05d", i)
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			env := acctest.NewLocal(t)
			var steps []resource.TestStep
			for _, bad := range badUserIDs {
				steps = append(steps, resource.TestStep{Config: acctest.IDsVariable + k.actionConfig(`user_ids = var.ids`),
					ConfigVariables: acctest.IDsValue("auth0|alice", bad.id), ExpectError: acctest.Words(bad.want)})
			}
			steps = append(steps, resource.TestStep{Config: acctest.IDsVariable + k.actionConfig(`user_ids = var.ids`), ConfigVariables: acctest.IDsValue(many...),
				ExpectError: acctest.Words(`Too Many User IDs .*user_ids holds 10001 different user IDs; at most 10000 .*connection_name or all_users, which have no such limit .*user_query selects at most 999 users`)})
			for _, c := range k.idCases {
				steps = append(steps, resource.TestStep{Config: acctest.IDsVariable + k.actionConfig(c.body), ConfigVariables: acctest.IDsValue(c.ids...),
					ExpectError: acctest.Words(c.want)})
			}
			env.Test(resource.TestCase{TerraformVersionChecks: actions, Steps: steps})
			env.SentNothing(t)
		})
	}
}

// Values known only at apply are checked when the action runs, before
// anything is sent.
func TestAccRevokeAction_idsKnownOnlyAtApply(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			env := acctest.NewLocal(t)
			var steps []resource.TestStep
			for _, bad := range badUserIDs {
				steps = append(steps, resource.TestStep{Config: k.knownAtApplyAction("user_ids", "auth0|alice", bad.id), ExpectError: acctest.Words(bad.want)})
			}
			for _, c := range k.knownAtApply {
				steps = append(steps, resource.TestStep{Config: k.knownAtApplyAction(c.body, c.ids...), ExpectError: acctest.Words(c.want)})
			}
			env.Test(resource.TestCase{TerraformVersionChecks: actions, Steps: steps})
			env.SentNothing(t)
		})
	}
}

// user_ids and the ID lists are lists, not sets (a set was checked for
// duplicates pair by pair: 10,000 IDs took most of a minute to plan). As with
// a set, the same IDs in another order, or repeated, are no change: a change
// would replace the resource, which revokes again.
func TestAccRevocationResource_reorderedIDsAreNoChange(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			config := func(attr, ids string) string {
				return fmt.Sprintf(`resource "%s" "this" {
  %s         = %s
  revoke_on_create = false
}`, k.resource, attr, ids)
			}
			replaced := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(k.resource+".this", plancheck.ResourceActionDestroyBeforeCreate),
			}}
			a, b := k.existing[0], k.existing[1]
			env := acctest.NewLocal(t)
			env.Test(resource.TestCase{Steps: []resource.TestStep{
				{Config: config("user_ids", `["auth0|nobody", "auth0|bob"]`)},
				{Config: config("user_ids", `["auth0|bob", "auth0|nobody", "auth0|bob"]`), PlanOnly: true},
				{Config: config("user_ids", `["auth0|bob"]`), ConfigPlanChecks: replaced},
				{Config: config(k.ids, fmt.Sprintf("[%q, %q]", a, b))},
				{Config: config(k.ids, fmt.Sprintf("[%q, %q, %q]", b, a, b)), PlanOnly: true},
				{Config: config(k.ids, fmt.Sprintf("[%q]", b)), ConfigPlanChecks: replaced},
			}})
			env.SentNothing(t)
		})
	}
}

var writeOnly = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.11.0")))}

// Write-only IDs are refused where they could never be used (at destroy, or
// with revoke_on_create = false), beside the IDs kept in state, and checked as
// the IDs kept in state are.
func TestAccRevocationResource_writeOnlyValidation(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			config := func(body string) string { return fmt.Sprintf("resource %q \"this\" {\n%s\n}", k.resource, body) }
			wo := k.ids + "_wo"
			a, b := k.existing[1], k.existing[0]
			acctest.Test(t, resource.TestCase{
				TerraformVersionChecks: writeOnly,
				Steps: []resource.TestStep{
					{Config: config(fmt.Sprintf("%s = [%q]\nrevoke_on_destroy = true", wo, a)),
						ExpectError: regexp.MustCompile(`Write-Only ` + k.woKind + ` IDs Cannot Be Revoked On Destroy`)},
					{Config: config(fmt.Sprintf("%s = [%q]\nrevoke_on_create = false", wo, a)),
						ExpectError: regexp.MustCompile(`Write-Only ` + k.woKind + ` IDs Need Revoke On Create`)},
					{Config: config(fmt.Sprintf("%s = [%q]\n%s = [%q]", wo, a, k.ids, b)),
						ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`)},
					{Config: config(fmt.Sprintf("user_id = \"auth0|bob\"\n%s_version = 2", wo)),
						ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*` + wo)},
					{Config: config(fmt.Sprintf("%s = [\"bad id\"]", wo)),
						ExpectError: acctest.Words(k.invalidID + ` .*contains white space`)},
				},
			})
		})
	}
}

// A resource that revokes only at destroy checks its user at create: a
// mistyped user_id is an error then, not a teardown that revokes nothing.
// A user deleted after the create is forgiven at destroy (it used to make the
// resource impossible to destroy): the final step must succeed.
func TestAccRevocationResource_destroyAfterUserDeleted(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			config := func(user string) string {
				return fmt.Sprintf(`resource %q "this" {
  user_id           = %q
  revoke_on_create  = false
  revoke_on_destroy = true
}`, k.resource, user)
			}
			env := acctest.NewLocal(t)
			env.Test(resource.TestCase{
				Steps: []resource.TestStep{
					{Config: config("auth0|ghost"), ExpectError: acctest.Words(`User Not Found .*auth0\|ghost.*nothing was created`)},
					{
						Config: config("auth0|bob"),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(k.resource+".this", tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(0)),
						},
					},
					{
						PreConfig: func() { env.Tenant.DeleteUser("auth0|bob") },
						Config:    config("auth0|bob"),
						Destroy:   true,
					},
				},
			})
		})
	}
}

// The resource records what it did: a run that fails for some users still
// records what it revoked for the others; Terraform keeps the resource
// tainted, so the next apply replaces it and revokes what is left.
func TestAccRevocationResource_failureRecordsWhatWasDone(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			users := fmt.Sprintf(`resource %q "this" {
  user_ids = ["auth0|alice", "auth0|bob"]
}`, k.resource)
			bobFails := acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
				t.AddFault(tenantsim.Fault{PathPrefix: "/api/v2/users/auth0%7Cbob/", Status: 503})
			})
			addr := k.resource + ".this"
			acctest.NewLocal(t, bobFails).Test(resource.TestCase{Steps: []resource.TestStep{
				{Config: users, ExpectError: acctest.Words(`Revocation Failed For Some Users .*auth0\|bob \(server error\)`)},
				{
					Config: users,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						acctest.Recorded{Addr: addr, Values: k.aliceAndBob},
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
					}},
					ExpectError: acctest.Words(k.noneOfTwo),
				},
			}})
		})
	}
}

// nothingLeft checks that Auth0 lists nothing of the kind's for user any
// more: its own items (sessions), then refresh tokens.
func (k kind) nothingLeft(t *testing.T, env *acctest.Env, user string) func() {
	return func() {
		ctx := context.Background()
		var left []string
		if k.withTokens {
			sessions, err := env.Client().ListSessions(ctx, user)
			if err != nil {
				t.Errorf("listing sessions: %v", err)
				return
			}
			for _, s := range sessions {
				left = append(left, s.ID)
			}
		}
		tokens, err := env.Client().ListTokens(ctx, auth0api.ListQuery{UserID: user})
		if err != nil {
			t.Errorf("listing tokens: %v", err)
			return
		}
		for _, t := range tokens {
			left = append(left, t.ID)
		}
		if len(left) > 0 {
			t.Errorf("still listed for %s: %v", user, left)
		}
	}
}

// Of many users, one that does not exist used to fail every create, and
// what was revoked for the others was not recorded: now it is a warning; the
// rest is revoked and recorded. A single user_id that does not exist is an
// error, and nothing is created.
func TestAccRevocationResource_missingUserAtCreate(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			addr := k.resource + ".this"
			ghostConfig := fmt.Sprintf(`resource %q "this" {
  user_id = "auth0|ghost"
}`, k.resource)
			checks := []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("revoked_at"), knownvalue.NotNull())}
			for attr, want := range k.aliceAndBob {
				n, _ := strconv.ParseInt(want, 10, 64)
				checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.Int64Exact(n)))
			}
			env := acctest.New(t)
			env.Test(resource.TestCase{
				Steps: []resource.TestStep{
					{
						Config: fmt.Sprintf(`resource %q "this" {
  user_ids = ["auth0|alice", "auth0|ghost"]
}`, k.resource),
						ConfigStateChecks: checks,
						PostApplyFunc:     k.nothingLeft(t, env, "auth0|alice"),
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
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						}},
						ExpectError: acctest.Words(`User Not Found`),
					},
				},
			})
		})
	}
}
