package refreshtoken_test

import (
	"testing"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

var echoFactory = map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}

var tf110 = tfversion.SkipBelow(version.Must(version.NewVersion("1.10.0")))

// The echo provider hands the ephemeral values back so the test can see them.
func TestAccRefreshTokensEphemeral(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tf110},
		ProtoV6ProviderFactories: echoFactory,
		Steps: []resource.TestStep{{
			// OpenTofu 1.11 lists ephemeral resources in the JSON plan with an "open" action (values nulled).
			ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"),
			Config: `
ephemeral "auth0tokens_refresh_tokens" "t" {
  user_id        = "auth0|alice"
  client_id      = "app_web"
  include_device = true
}
provider "echo" {
  data = {
    ids        = ephemeral.auth0tokens_refresh_tokens.t.ids
    first_ip   = ephemeral.auth0tokens_refresh_tokens.t.tokens[0].device.initial_ip
    scopes     = ephemeral.auth0tokens_refresh_tokens.t.tokens[0].resource_servers[0].scopes
    no_device  = ephemeral.auth0tokens_refresh_tokens.t.tokens[1].device == null
  }
}
resource "echo" "t" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.t", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"ids":       ids("rt_alice_1", "rt_alice_3"),
					"first_ip":  knownvalue.StringExact("203.0.113.10"),
					"scopes":    ids("openid", "read:orders", "write:orders"),
					"no_device": knownvalue.Bool(true),
				})),
			},
		}},
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
}

// tokenTraces are values of the listed tokens that must never reach plan or state.
var tokenTraces = acctest.NoTraces{"rt_alice_1", "rt_alice_2", "rt_alice_3", "203.0.113.10", "198.51.100.7", "Firefox", "okhttp", "sess_alice"}

// A security check over the ephemeral listing sees every token, and
// afterwards neither the state file nor the saved plan on disk holds any
// token field. (Terraform accepts ephemeral values only in write-only action
// attributes, which terraform-plugin-framework v1.19.0 refuses for actions, so
// the listing cannot feed the action's token_ids; checks and provider blocks
// are its consumers.)
func TestAccRefreshTokensEphemeral_notInStateOrPlan(t *testing.T) {
	workDir := acctest.KeepWorkDir(t)
	acctest.New(t).TestSerial(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tf110},
		Steps: []resource.TestStep{{
			ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"), // see TestAccRefreshTokensEphemeral
			Config: `
ephemeral "auth0tokens_refresh_tokens" "alice" {
  user_id = "auth0|alice"
}

locals {
  non_rotating = [for t in ephemeral.auth0tokens_refresh_tokens.alice.tokens : t.id if !t.rotating]
}

check "refresh_tokens_rotate" {
  assert {
    condition     = length(local.non_rotating) == 0
    error_message = "Some refresh tokens do not rotate."
  }
}

resource "terraform_data" "review" {
  input = "reviewed"
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				tokenTraces,
				acctest.ExpectChecks{"refresh_tokens_rotate": tfjson.CheckStatusFail}, // rt_alice_2 does not rotate
			}},
			ConfigStateChecks: []statecheck.StateCheck{tokenTraces},
		}},
	})

	tokenTraces.ScanWorkDir(t, workDir)
}
