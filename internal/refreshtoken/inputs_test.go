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
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/refreshtoken"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// The values a revocation runs with, whatever way they reach it (the checks
// both kinds share are in internal/revocation).

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
	env.SentNothing(t)
}

// The resource's validators run at plan once variables are known; values
// known only at apply were never checked.
func TestAccRevocationResource_idsFromVariablesAndApply(t *testing.T) {
	env := acctest.NewLocal(t)
	var steps []tfresource.TestStep
	for _, bad := range badUserIDs {
		steps = append(steps,
			tfresource.TestStep{Config: acctest.IDsVariable + `resource "auth0tokens_refresh_token_revocation" "this" { user_ids = var.ids }`,
				ConfigVariables: acctest.IDsValue("auth0|alice", bad.id), ExpectError: acctest.Words(bad.want)},
			tfresource.TestStep{Config: acctest.KnownAtApply("auth0|alice", bad.id) + `resource "auth0tokens_refresh_token_revocation" "this" {
  user_ids = terraform_data.source.output
}`, ExpectError: acctest.Words(bad.want)})
	}
	steps = append(steps,
		tfresource.TestStep{Config: acctest.KnownAtApply("rt_bob_1", "..") + `resource "auth0tokens_refresh_token_revocation" "this" {
  token_ids = terraform_data.source.output
}`, ExpectError: acctest.Words(`Invalid Refresh Token ID .*is a path segment`)},
		tfresource.TestStep{Config: acctest.KnownAtApply("auth0|bob ") + `resource "auth0tokens_refresh_token_revocation" "this" {
  user_id = terraform_data.source.output[0]
}`, ExpectError: acctest.Words(`Invalid User ID .*white space`)})
	env.Test(tfresource.TestCase{Steps: steps})
	env.SentNothing(t)
}

func TestAccRevocationResource_writeOnlyIDsKnownOnlyAtApply(t *testing.T) {
	env := acctest.NewLocal(t)
	env.Test(tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tf111},
		Steps: []tfresource.TestStep{
			{Config: acctest.KnownAtApply("rt_bob_1", "") + `resource "auth0tokens_refresh_token_revocation" "this" {
  token_ids_wo = terraform_data.source.output
}`, ExpectError: acctest.Words(`Invalid Refresh Token ID .*The refresh token ID is empty`)},
			{Config: acctest.IDsVariable + `resource "auth0tokens_refresh_token_revocation" "this" { token_ids_wo = var.ids }`,
				ConfigVariables: acctest.IDsValue("rt_bob_1", "rt bob"), ExpectError: acctest.Words(`Invalid Refresh Token ID .*contains white space`)},
		},
	})
	env.SentNothing(t)
}

// A revocation not confirmed in time still records what it revoked; Terraform
// keeps the resource tainted, so the next apply replaces it and revokes what
// is left. (A revocation that fails for some users: see internal/revocation.)
func TestAccRevocationResource_unconfirmedRecordsWhatWasDone(t *testing.T) {
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
				acctest.Recorded{Addr: revocationAddr, Values: map[string]string{"revoked_count": "4"}},
				plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
		},
	}})
}

// A failed revoke_on_destroy once named neither the user nor what
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

// The rerun hint once named the action `action....NAME`. Terraform
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

// The resource's user_ids once promised progress only the action shows.
func TestRevocationResourceUserIDsDescribesLogging(t *testing.T) {
	var resp resource.SchemaResponse
	refreshtoken.Revocation.NewResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	d := resp.Schema.Attributes["user_ids"].GetMarkdownDescription()
	if !strings.Contains(d, "TF_LOG=INFO") || strings.Contains(d, "with progress;") {
		t.Errorf("user_ids must say where a resource's progress goes: %s", d)
	}
}
