package session_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

const adopted = "auth0tokens_session.s"

// adoptConfig imports one session by ID, with extra lines in its block.
func adoptConfig(id, body string) string {
	return fmt.Sprintf(`
import {
  to = auth0tokens_session.s
  id = %q
}

resource "auth0tokens_session" "s" {
  id = %q
%s
}`, id, id, body)
}

func TestAccSessionResource_importAndMetadata(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("sess_alice_1", `  metadata = { purpose = "acceptance" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: append(acctest.IdentityChecks(adopted, "sess_alice_1"),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("user_id"), knownvalue.StringExact("auth0|alice")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("client_ids"), strs("app_web")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("cookie_mode"), knownvalue.StringExact("persistent")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"purpose": knownvalue.StringExact("acceptance"),
				})),
				// personal data stays out of managed state
				acctest.NoTraces{"203.0.113.10", "203.0.113.11", "Firefox"},
			),
		}, {
			Config: adoptConfig("sess_alice_1", `  metadata = { purpose = "incident-4711" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-01-10T08:59:00.000Z")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"purpose": knownvalue.StringExact("incident-4711"),
				})),
			},
			Check: env.ExpectSent("PATCH", "/api/v2/sessions/sess_alice_1", `{"session_metadata":{"purpose":"incident-4711"}}`),
		}},
	})
}

func TestAccSessionResource_importByIdentity(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		// Terraform and OpenTofu both import by identity since 1.12 (OpenTofu
		// reports its own version here).
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{{
			Config: `
import {
  to       = auth0tokens_session.s
  identity = { id = "sess_alice_3" }
}

resource "auth0tokens_session" "s" {
  id = "sess_alice_3"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(adopted, map[string]knownvalue.Check{"id": knownvalue.StringExact("sess_alice_3")}),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("client_ids"), strs("app_web", "app_mobile")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("metadata"), knownvalue.MapSizeExact(0)),
			},
		}},
	})
}

func TestAccSessionResource_refusedAtPlan(t *testing.T) {
	keys := ""
	for i := range 26 {
		keys += fmt.Sprintf("    k%02d = \"v\"\n", i)
	}
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      `resource "auth0tokens_session" "s" { id = "sess_alice_1" }`,
			PlanOnly:    true, // refused at plan, not at apply
			ExpectError: acctest.Words(`Cannot Create A Session.*to = auth0tokens_session.NAME id = "sess_alice_1"`),
		}, {
			Config:      adoptConfig("sess_alice_1", "  metadata = {\n"+keys+"  }"),
			PlanOnly:    true,
			ExpectError: acctest.Words(`metadata map must contain at most 25 elements, got: 26`),
		}},
	})
}

// A session ended elsewhere stays in state as gone: removing its block then
// forgets it without a request.
func TestAccSessionResource_endedOutOfBand(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("sess_alice_3", ""),
		}, {
			PreConfig: func() {
				if err := env.Client().EndSession(context.Background(), "sess_alice_3", false); err != nil {
					t.Fatalf("ending the session out of band: %v", err)
				}
			},
			Config: `provider "auth0tokens" {}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionDestroy),
			}},
			Check: func(*terraform.State) error {
				if n := endedBy(env, "sess_alice_3"); n != 1 {
					return fmt.Errorf("want only the out-of-band end of sess_alice_3, sent %d", n)
				}
				return nil
			},
		}},
	})
}

// Removing the block revokes the session and the refresh tokens bound to
// it, and waits until Auth0 lists neither; other tokens stay.
func TestAccSessionResource_destroyRevokesSessionAndTokens(t *testing.T) {
	env := acctest.New(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Second}))
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("sess_alice_1", ""),
		}, {
			Config: `provider "auth0tokens" {}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionDestroy),
			}},
			PostApplyFunc: expectLeft(t, env, "auth0|alice", []string{"sess_alice_3"}, []string{"rt_alice_2", "rt_alice_3"}),
		}},
	})
}

// Each query step lists one user once: list blocks of one step run at once,
// and a cassette cannot tell apart concurrent listings of the same user.
func TestAccSessionListResource_query(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "OpenTofu (1.12 included) has neither list resources nor `terraform query`")
	id := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}
	}
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: `provider "auth0tokens" {}`,
		}, {
			Query: true,
			Config: `
list "auth0tokens_session" "alice" {
  provider = auth0tokens
  config {
    user_id = "auth0|alice"
  }
}`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_session.alice", 2),
				querycheck.ExpectIdentity("auth0tokens_session.alice", id("sess_alice_1")),
				querycheck.ExpectIdentity("auth0tokens_session.alice", id("sess_alice_3")),
				querycheck.ExpectResourceDisplayName("auth0tokens_session.alice", queryfilter.ByResourceIdentity(id("sess_alice_1")),
					knownvalue.StringExact("app_web, created 2026-01-10, last active 2026-11-20")),
				querycheck.ExpectResourceDisplayName("auth0tokens_session.alice", queryfilter.ByResourceIdentity(id("sess_alice_3")),
					knownvalue.StringExact("app_web + app_mobile, created 2026-02-01, last active 2026-02-01")),
			},
		}, {
			Query: true,
			Config: `
list "auth0tokens_session" "alice_mobile" {
  provider         = auth0tokens
  include_resource = true
  config {
    user_id   = "auth0|alice"
    client_id = "app_mobile"
  }
}`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_session.alice_mobile", 1),
				querycheck.ExpectResourceKnownValues("auth0tokens_session.alice_mobile", queryfilter.ByResourceIdentity(id("sess_alice_3")),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("user_id"), KnownValue: knownvalue.StringExact("auth0|alice")},
						{Path: tfjsonpath.New("cookie_mode"), KnownValue: knownvalue.StringExact("non-persistent")},
					}),
			},
		}, {
			Query: true,
			Config: `
list "auth0tokens_session" "alice_first" {
  provider = auth0tokens
  limit    = 1
  config {
    user_id = "auth0|alice"
  }
}`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_session.alice_first", 1),
			},
		}},
	})
}

// adoptAs imports a session by ID as auth0tokens_session.NAME, with extra lines in its block.
func adoptAs(name, id string, body ...string) string {
	return fmt.Sprintf(`
import {
  to = auth0tokens_session.%s
  id = %q
}

resource "auth0tokens_session" %q {
  id = %q
%s
}
`, name, id, name, id, strings.Join(body, "\n"))
}

// endedBy counts the requests that end or revoke a session.
func endedBy(env *acctest.Env, id string) int {
	return len(env.Sent("DELETE", "/api/v2/sessions/"+id)) + len(env.Sent("POST", "/api/v2/sessions/"+id+"/revoke"))
}

// #21.1 for sessions: one adopted session ended outside Terraform, the
// other's blocks deleted. The plan must not fail: the other is revoked, the
// ended one stays in state as `exists = false` with no change planned and
// nothing sent for it, and removing its blocks forgets it without a request.
func TestAccSessionResource_goneDoesNotBlock(t *testing.T) {
	env := acctest.New(t)
	gone := "auth0tokens_session.b"
	var readsBefore int
	reads := func() int { return len(env.Sent("GET", "/api/v2/sessions/sess_alice_3")) }
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptAs("a", "sess_alice_1") + adoptAs("b", "sess_alice_3"),
		}, {
			PreConfig: func() {
				if err := env.Client().EndSession(context.Background(), "sess_alice_3", false); err != nil {
					t.Fatalf("ending the session out of band: %v", err)
				}
				readsBefore = reads()
			},
			Config: adoptAs("b", "sess_alice_3"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(gone, plancheck.ResourceActionNoop),
				plancheck.ExpectResourceAction("auth0tokens_session.a", plancheck.ResourceActionDestroy),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("exists"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("client_ids"), strs("app_web", "app_mobile")),
			},
			PostApplyFunc: expectLeft(t, env, "auth0|alice", nil, []string{"rt_alice_2", "rt_alice_3"}),
		}, {
			// a metadata edit to the gone session plans no change (a warning
			// names it), sends nothing, and state keeps what Auth0 last had
			Config: adoptAs("b", "sess_alice_3", `  metadata = { owner = "security" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("metadata"), knownvalue.MapSizeExact(0)),
			},
			Check: env.ExpectSent("PATCH", "/api/v2/sessions/sess_alice_3"),
		}, {
			Config: adoptAs("b", "sess_alice_3"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		}, {
			Config: `provider "auth0tokens" {}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(gone, plancheck.ResourceActionDestroy),
			}},
			Check: func(*terraform.State) error {
				if n := endedBy(env, "sess_alice_3"); n != 1 {
					return fmt.Errorf("want only the out-of-band end of sess_alice_3, sent %d", n)
				}
				if n := reads() - readsBefore; n != 1 {
					return fmt.Errorf("want one read of sess_alice_3 after it ended (the refresh that found it gone), sent %d", n)
				}
				return nil
			},
		}},
	})
}

// #21.12 for sessions.
func TestAccSessionResource_importNotFound(t *testing.T) {
	notFound := acctest.Words(`Session Not Found.*"sess_never_started": it does not exist: it was revoked, it expired, or the ID is mistyped`)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      adoptConfig("sess_never_started", ""),
			ExpectError: notFound,
		}, {
			Config:        `resource "auth0tokens_session" "s" { id = "sess_never_started" }`,
			ResourceName:  adopted,
			ImportState:   true,
			ImportStateId: "sess_never_started",
			ExpectError:   notFound,
		}},
	})
}

// Session plans show what changes and keep the rest known: a metadata change
// keeps clients, cookie mode, authentication methods and the timestamps a
// PATCH does not move (all but updated_at); a timeouts change shows nothing
// else and sends nothing.
func TestAccSessionResource_quietPlans(t *testing.T) {
	env := acctest.New(t)
	known := func(names ...string) []plancheck.PlanCheck {
		checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionUpdate)}
		for _, n := range names {
			checks = append(checks, plancheck.ExpectKnownValue(adopted, tfjsonpath.New(n), knownvalue.NotNull()))
		}
		return checks
	}
	stable := []string{"user_id", "created_at", "authenticated_at", "expires_at", "client_ids", "authentication_methods", "cookie_mode", "exists"}
	var patches int
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("sess_alice_1", ""),
		}, {
			Config: adoptConfig("sess_alice_1", `  metadata = { purpose = "incident-4711" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(known(append(stable, "idle_expires_at", "last_interacted_at")...),
				// Auth0 sets updated_at on a PATCH
				plancheck.ExpectUnknownValue(adopted, tfjsonpath.New("updated_at")),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("client_ids"), strs("app_web")),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("cookie_mode"), knownvalue.StringExact("persistent")),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("authentication_methods"), knownvalue.ListSizeExact(2)),
			)},
			Check: func(*terraform.State) error {
				patches = len(env.Sent("PATCH", "/api/v2/sessions/sess_alice_1"))
				return nil
			},
		}, {
			Config: adoptConfig("sess_alice_1", `  metadata = { purpose = "incident-4711" }
  timeouts = { delete = "5m" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: known(append(stable, "updated_at", "idle_expires_at", "last_interacted_at")...)},
			Check: func(*terraform.State) error {
				if n := len(env.Sent("PATCH", "/api/v2/sessions/sess_alice_1")) - patches; n != 0 {
					return fmt.Errorf("a timeouts change should send no PATCH, sent %d", n)
				}
				return nil
			},
		}},
	})
}

// timeouts.delete of zero or a negative duration is refused at plan.
func TestAccSessionResource_timeoutsRefusedAtPlan(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      adoptConfig("sess_alice_1", `  timeouts = { delete = "0s" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Invalid Timeout.*"0s" is not a positive duration`),
		}, {
			Config:      adoptConfig("sess_alice_1", `  timeouts = { delete = "-1m" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Invalid Timeout.*"-1m" is not a positive duration`),
		}},
	})
}

// Importing one session into a block that names another says so, with both
// IDs and how to make them agree, by import block and by identity.
func TestAccSessionResource_importIDMismatch(t *testing.T) {
	mismatch := acctest.Words(`Imported ID Differs From The Configuration's ID.*imports session "sess_alice_3".*` +
		`sets id = "sess_alice_1".*set id = "sess_alice_3" in the resource block.*id = "sess_alice_1"`)
	block := `
resource "auth0tokens_session" "s" {
  id = "sess_alice_1"
}`
	steps := []resource.TestStep{{
		Config: `import {
  to = auth0tokens_session.s
  id = "sess_alice_3"
}
` + block,
		ExpectError: mismatch,
	}}
	if !acctest.OpenTofuBelow("1.12.0") { // import by identity: Terraform and OpenTofu 1.12+
		steps = append(steps, resource.TestStep{
			Config: `import {
  to       = auth0tokens_session.s
  identity = { id = "sess_alice_3" }
}
` + block,
			ExpectError: mismatch,
		})
	}
	acctest.Test(t, resource.TestCase{Steps: steps})
}
