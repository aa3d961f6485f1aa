package refreshtoken_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

const adopted = "auth0tokens_refresh_token.t"

// adoptConfig imports one token by ID, with extra lines in its block.
func adoptConfig(id, body string) string {
	return fmt.Sprintf(`
import {
  to = auth0tokens_refresh_token.t
  id = %q
}

resource "auth0tokens_refresh_token" "t" {
  id = %q
%s
}`, id, id, body)
}

// tokenGone checks, at the end of a test, that destroy revoked the token.
func tokenGone(env *acctest.Env, id string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := env.Client().GetToken(context.Background(), id)
		if !auth0api.IsNotFound(err) {
			return fmt.Errorf("refresh token %s should be revoked after destroy; reading it gave %w", id, err)
		}
		return nil
	}
}

func TestAccTokenResource_importByID(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		CheckDestroy: tokenGone(env, "rt_alice_1"),
		Steps: []resource.TestStep{{
			Config: adoptConfig("rt_alice_1", `  metadata = { purpose = "acceptance" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: append(acctest.IdentityChecks(adopted, "rt_alice_1"),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("user_id"), knownvalue.StringExact("auth0|alice")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("client_id"), knownvalue.StringExact("app_web")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("session_id"), knownvalue.StringExact("sess_alice_1")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-01-10T09:00:00Z")),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("rotating"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"purpose": knownvalue.StringExact("acceptance"),
				})),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("timeouts"), knownvalue.Null()),
				// personal data stays out of managed state
				acctest.NoTraces{"203.0.113.10", "203.0.113.11", "Firefox"},
			),
		}, {
			// adopted as it is: nothing to change
			Config:   adoptConfig("rt_alice_1", `  metadata = { purpose = "acceptance" }`),
			PlanOnly: true,
		}, {
			// another ID would replace the token: a create, refused at plan
			Config:      adoptConfig("rt_alice_3", ""),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Cannot Create A Refresh Token.*Changing .id. would replace the refresh token`),
		}},
	})
}

func TestAccTokenResource_importByIdentity(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "OpenTofu 1.11 has no resource identities: its import blocks take an id")
	env := acctest.New(t)
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           tokenGone(env, "rt_bob_1"),
		Steps: []resource.TestStep{{
			Config: `
import {
  to       = auth0tokens_refresh_token.t
  identity = { id = "rt_bob_1" }
}

resource "auth0tokens_refresh_token" "t" {
  id = "rt_bob_1"
}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(adopted, map[string]knownvalue.Check{"id": knownvalue.StringExact("rt_bob_1")}),
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("user_id"), knownvalue.StringExact("auth0|bob")),
				// left out of the configuration: read, not managed
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("metadata"), knownvalue.MapSizeExact(0)),
			},
		}},
	})
}

func TestAccTokenResource_metadata(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		CheckDestroy: tokenGone(env, "rt_alice_1"),
		Steps: []resource.TestStep{{
			Config: adoptConfig("rt_alice_1", `  metadata = { purpose = "acceptance" }`),
			Check:  env.ExpectSent("PATCH", "/api/v2/refresh-tokens/rt_alice_1"),
		}, {
			Config: adoptConfig("rt_alice_1", `  metadata = { purpose = "reviewed", owner = "secops" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionUpdate),
				// what cannot change stays known in the plan
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("client_id"), knownvalue.StringExact("app_web")),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-01-10T09:00:00Z")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"purpose": knownvalue.StringExact("reviewed"), "owner": knownvalue.StringExact("secops"),
				})),
			},
			Check: env.ExpectSent("PATCH", "/api/v2/refresh-tokens/rt_alice_1", `{"refresh_token_metadata":{"purpose":"reviewed","owner":"secops"}}`),
		}, {
			// {} removes it all
			Config: adoptConfig("rt_alice_1", `  metadata = {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("metadata"), knownvalue.MapSizeExact(0)),
			},
			Check: env.ExpectSent("PATCH", "/api/v2/refresh-tokens/rt_alice_1",
				`{"refresh_token_metadata":{"purpose":"reviewed","owner":"secops"}}`, `{"refresh_token_metadata":{}}`),
		}, {
			// left out: no longer managed, nothing sent
			Config: adoptConfig("rt_alice_1", ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			Check: env.ExpectSent("PATCH", "/api/v2/refresh-tokens/rt_alice_1",
				`{"refresh_token_metadata":{"purpose":"reviewed","owner":"secops"}}`, `{"refresh_token_metadata":{}}`),
		}},
	})
}

func TestAccTokenResource_metadataLimitsAtPlan(t *testing.T) {
	keys := make([]string, 26)
	for i := range keys {
		keys[i] = fmt.Sprintf("  k%02d = \"v\"", i)
	}
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      adoptConfig("rt_alice_1", "  metadata = {\n"+strings.Join(keys, "\n")+"\n  }"),
			PlanOnly:    true,
			ExpectError: acctest.Words(`metadata map must contain at most 25 elements, got: 26`),
		}, {
			Config:      adoptConfig("rt_alice_1", fmt.Sprintf("  metadata = { note = %q }", strings.Repeat("é", 256))),
			PlanOnly:    true,
			ExpectError: acctest.Words(`metadata\["note"\] UTF-8 character count must be at most 255, got: 256`),
		}, {
			Config:      adoptConfig("rt_alice_1", `  metadata = { "" = "x" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`metadata.*UTF-8 character count must be between 1 and 255, got: 0`),
		}},
	})
}

func TestAccTokenResource_createRefused(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:   `resource "auth0tokens_refresh_token" "t" { id = "rt_alice_1" }`,
			PlanOnly: true, // refused at plan, not at apply
			ExpectError: acctest.Words(`Cannot Create A Refresh Token.*Auth0 issues them when a user signs in.*` +
				`to = auth0tokens_refresh_token.NAME id = "rt_alice_1".*terraform query.*remove the block`),
		}},
	})
}

// A token revoked elsewhere leaves state at refresh: removing its block then
// plans nothing (no error, no second revocation).
func TestAccTokenResource_revokedOutOfBand(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("rt_bob_2", ""),
		}, {
			PreConfig: func() {
				if err := env.Client().RevokeToken(context.Background(), "rt_bob_2"); err != nil {
					t.Fatalf("revoking out of band: %v", err)
				}
			},
			Config: `provider "auth0tokens" {}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			Check: func(s *terraform.State) error {
				if _, ok := s.RootModule().Resources[adopted]; ok {
					return fmt.Errorf("%s is still in state", adopted)
				}
				if n := len(env.Sent("DELETE", "/api/v2/refresh-tokens/rt_bob_2")); n != 1 {
					return fmt.Errorf("want only the out-of-band DELETE, sent %d", n)
				}
				return nil
			},
		}},
	})
}

// Removing the block revokes the token and waits until Auth0 stops listing it.
func TestAccTokenResource_destroyRevokesAndWaits(t *testing.T) {
	env := acctest.New(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: 1500 * time.Millisecond}))
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("rt_bob_3", ""),
		}, {
			Config: `provider "auth0tokens" {}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionDestroy),
			}},
			Check: func(*terraform.State) error {
				if n := len(env.Sent("DELETE", "/api/v2/refresh-tokens/rt_bob_3")); n != 1 {
					return fmt.Errorf("want one DELETE of rt_bob_3, sent %d", n)
				}
				// the wait: the token read (or its owner listed) until gone,
				// after the read before the DELETE
				checks := len(env.Sent("GET", "/api/v2/refresh-tokens/rt_bob_3")) + len(env.Sent("GET", "/api/v2/users/auth0%7Cbob/refresh-tokens"))
				if checks < 3 {
					return fmt.Errorf("want the destroy to check until the token is gone, checked %d times", checks)
				}
				return tokenGone(env, "rt_bob_3")(nil)
			},
		}},
	})
}

// A revocation that does not show within timeouts.delete fails the destroy,
// and says so as the action does; a removed block then forgets the token
// without revoking it again. (Local tenant: the outcome depends on time.)
func TestAccTokenResource_destroyTimeout(t *testing.T) {
	env := acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour}))
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("rt_bob_4", `  timeouts = { delete = "1s" }`),
		}, {
			Config:      `provider "auth0tokens" {}`,
			ExpectError: regexp.MustCompile(`(?s)Revocation Not (Yet Effective|Confirmed).*after 1s.*rt_bob_4.*timeouts.delete`),
		}, {
			Config: `
removed {
  from = auth0tokens_refresh_token.t
  lifecycle { destroy = false }
}`,
			Check: func(s *terraform.State) error {
				if _, ok := s.RootModule().Resources[adopted]; ok {
					return fmt.Errorf("%s is still in state", adopted)
				}
				if n := len(env.Sent("DELETE", "/api/v2/refresh-tokens/rt_bob_4")); n != 1 {
					return fmt.Errorf("want one DELETE of rt_bob_4 (the timed-out destroy), sent %d", n)
				}
				return nil
			},
		}},
	})
}
