package shared_test

import (
	"fmt"
	"regexp"
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
)

// A listing without its read scope says which scope to grant.
func TestAccListDataSource_missingScope(t *testing.T) {
	for _, c := range []struct{ kind, list, client, scope string }{
		{"tokens", "auth0tokens_refresh_tokens", "m2m_noscopes", "read:refresh_tokens"},
		{"sessions", "auth0tokens_sessions", "m2m_readonly", "read:sessions"}, // m2m_readonly can read tokens only
	} {
		t.Run(c.kind, func(t *testing.T) {
			acctest.Test(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf(`data %q "t" { user_id = "auth0|alice" }`, c.list),
					ExpectError: regexp.MustCompile(`(?s)Insufficient Auth0 Scope.*` + c.scope),
				}},
			}, acctest.WithClient(c.client))
		})
	}
}

// A review over the ephemeral listing sees every object, device data
// included, and afterwards neither the state file nor the saved plan on disk
// holds any of their fields. (Terraform accepts ephemeral values only in
// write-only action attributes, which terraform-plugin-framework v1.19.0
// refuses for actions, so the listing cannot feed an action; checks and
// provider blocks are its consumers.)
func TestAccListEphemeral_notInStateOrPlan(t *testing.T) {
	for _, c := range []struct {
		kind   string
		config string
		// traces are values of alice's objects that must never reach plan or state.
		traces acctest.NoTraces
		plan   plancheck.PlanCheck
		state  statecheck.StateCheck
	}{{
		kind: "tokens",
		config: `
ephemeral "auth0tokens_refresh_tokens" "alice" {
  user_id        = "auth0|alice"
  include_device = true
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
		traces: acctest.NoTraces{"rt_alice_1", "rt_alice_2", "rt_alice_3", "203.0.113.10", "198.51.100.7", "Firefox", "okhttp", "sess_alice"},
		plan:   acctest.ExpectChecks{"refresh_tokens_rotate": tfjson.CheckStatusFail}, // rt_alice_2 does not rotate
	}, {
		kind: "sessions",
		config: `
ephemeral "auth0tokens_sessions" "alice" {
  user_id        = "auth0|alice"
  include_device = true
}

provider "echo" {
  data = {
    count      = length(ephemeral.auth0tokens_sessions.alice.ids)
    with_ip    = length([for s in ephemeral.auth0tokens_sessions.alice.sessions : s.id if s.device != null])
    persistent = length([for s in ephemeral.auth0tokens_sessions.alice.sessions : s.id if s.cookie_mode == "persistent"])
  }
}

resource "echo" "t" {}
`,
		traces: acctest.NoTraces{"sess_alice_1", "sess_alice_3", "203.0.113.10", "Firefox", "acceptance"},
		state: statecheck.ExpectKnownValue("echo.t", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"count": knownvalue.Int64Exact(2), "with_ip": knownvalue.Int64Exact(1), "persistent": knownvalue.Int64Exact(1),
		})),
	}} {
		t.Run(c.kind, func(t *testing.T) {
			workDir := acctest.KeepWorkDir(t)
			planChecks, stateChecks := []plancheck.PlanCheck{c.traces}, []statecheck.StateCheck{c.traces}
			if c.plan != nil {
				planChecks = append(planChecks, c.plan)
			}
			if c.state != nil {
				stateChecks = append(stateChecks, c.state)
			}
			acctest.New(t).TestSerial(resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.10.0")))},
				ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()},
				Steps: []resource.TestStep{{
					// OpenTofu 1.11 lists ephemeral resources in the JSON plan with an "open" action (values nulled).
					ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"),
					Config:             c.config,
					ConfigPlanChecks:   resource.ConfigPlanChecks{PreApply: planChecks},
					ConfigStateChecks:  stateChecks,
				}},
			})
			c.traces.ScanWorkDir(t, workDir)
		})
	}
}
