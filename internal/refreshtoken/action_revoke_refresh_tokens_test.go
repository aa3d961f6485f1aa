package refreshtoken_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// actionConfig triggers the action once, after a terraform_data is created.
func actionConfig(body string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = "revoke"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.auth0tokens_revoke_refresh_tokens.this]
    }
  }
}

action "auth0tokens_revoke_refresh_tokens" "this" {
  config {
%s
  }
}
`, body)
}

// expectListed checks, through the test's recorder, which of a user's tokens are still listed.
func expectListed(env *acctest.Env, user string, want ...string) func() error {
	return func() error {
		tokens, err := env.Client().ListTokens(context.Background(), auth0api.ListQuery{UserID: user})
		if err != nil {
			return err
		}
		var got []string
		for _, t := range tokens {
			got = append(got, t.ID)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("tokens of %s still listed: got %v, want %v", user, got, want)
		}
		return nil
	}
}

// mustPass adapts a check to PostApplyFunc, which cannot return an error.
func mustPass(t *testing.T, check func() error) func() {
	return func() {
		t.Helper()
		if err := check(); err != nil {
			t.Error(err)
		}
	}
}

func runAction(t *testing.T, body string, check func(*acctest.Env) func() error, opts ...acctest.Option) {
	runActionWith(t, "", body, check, opts...)
}

// runActionWith runs the action once beside extra configuration (data sources, locals).
func runActionWith(t *testing.T, extra, body string, check func(*acctest.Env) func() error, opts ...acctest.Option) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.New(t, opts...)
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config:        extra + actionConfig(body),
			PostApplyFunc: mustPass(t, check(env)),
		}},
	})
}

func TestAccRevokeAction_user(t *testing.T) {
	runAction(t, `user_id = "auth0|bob"`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob")
	}, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Second}))
}

func TestAccRevokeAction_clientEarlyAccess(t *testing.T) {
	runAction(t, `user_id = "auth0|bob"
    client_id = "app_mobile"`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2")
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
}

func TestAccRevokeAction_clientFallback(t *testing.T) {
	runAction(t, `user_id = "auth0|bob"
    client_id = "app_mobile"`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2")
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: false}))
}

func TestAccRevokeAction_audienceEarlyAccess(t *testing.T) {
	runAction(t, `user_id = "auth0|bob"
    client_id = "app_web"
    audience  = "https://billing.example.com/"`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_3", "rt_bob_4")
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
}

func TestAccRevokeAction_audienceFallback(t *testing.T) {
	runAction(t, `user_id = "auth0|bob"
    client_id = "app_web"
    audience  = "https://billing.example.com/"`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_3", "rt_bob_4")
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: false}))
}

func TestAccRevokeAction_tokenIDsEarlyAccess(t *testing.T) {
	runAction(t, `token_ids = ["rt_bob_1", "rt_bob_4", "rt_alice_3"]`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob", "rt_bob_2", "rt_bob_3")
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true, RevocationDelay: time.Second}))
}

func TestAccRevokeAction_tokenIDsFallback(t *testing.T) {
	runAction(t, `token_ids = ["rt_bob_1", "rt_bob_4", "rt_alice_3"]`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|bob", "rt_bob_2", "rt_bob_3")
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: false}))
}

// More than 100 IDs go out in chunks of 100.
func TestAccRevokeAction_tokenIDsChunked(t *testing.T) {
	runAction(t, `token_ids = [for i in range(1, 251) : format("rt_many_%05d", i)]`, func(env *acctest.Env) func() error {
		return expectListed(env, "auth0|many")
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
}

// A user with nothing to revoke was reached: the report says "nothing" for
// them, not "not_started" (which means the run stopped before them).
func TestAccRevokeAction_nothingToRevoke(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report.json")
	runAction(t, fmt.Sprintf(`user_id = "auth0|nobody"
    report_file = %q`, report), func(env *acctest.Env) func() error {
		return func() error {
			rep := acctest.ReadReport(t, report)
			if len(rep.Users) != 1 || rep.Users[0].Outcome != "nothing" || rep.Totals.NotStartedUsers != 0 || rep.Status != "succeeded" {
				return fmt.Errorf("report: %+v; want auth0|nobody with outcome nothing, none not started", rep)
			}
			return expectListed(env, "auth0|nobody")()
		}
	})
}

// Teardown: the action fires before the resource standing for a test user is destroyed (Terraform 1.16).
func TestAccRevokeAction_beforeDestroy(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.New(t)
	config := `
resource "terraform_data" "qa_user" {
  input = "auth0|bob"
  lifecycle {
    action_trigger {
      events  = [before_destroy]
      actions = [action.auth0tokens_revoke_refresh_tokens.teardown]
    }
  }
}

action "auth0tokens_revoke_refresh_tokens" "teardown" {
  config {
    user_id = caller.input
  }
}
`
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.16.0")))},
		Steps: []resource.TestStep{{
			Config:        config,
			PostApplyFunc: mustPass(t, expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2", "rt_bob_3", "rt_bob_4")),
		}},
		CheckDestroy: func(*terraform.State) error { return expectListed(env, "auth0|bob")() },
	})
}

func TestAccRevokeAction_validation(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	cases := []struct{ body, want string }{
		{`user_id = "auth0|bob"
    token_ids = ["rt_bob_1"]`, `(?s)Invalid Attribute Combination.*user_id.*token_ids`},
		{`wait = true`, `(?s)Missing Attribute Configuration.*Exactly one of.*user_id,user_ids,token_ids`},
		{`user_id = "auth0|bob"
    audience = "https://api.example.com/"`, `(?s)Invalid Attribute Combination.*client_id`},
		{`token_ids = ["rt_bob_1"]
    client_id = "app_web"`, `(?s)Invalid Attribute Combination.*"token_ids" cannot be specified when "client_id"`},
		{`token_ids = ["rt_bob 1"]`, `(?s)Invalid Refresh Token ID.*white space`},
		{`token_ids = ["rt_bob_1", ""]`, `Invalid Refresh Token ID`},
		{`user_id = "auth0|bob"
    timeout = "soon"`, `(?s)Invalid Timeout.*"soon"`},
		{`user_id = " auth0|bob"`, `(?s)Invalid User ID.*white space`},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{Config: actionConfig(c.body), ExpectError: regexp.MustCompile(c.want)}
	}
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  steps,
	})
}
