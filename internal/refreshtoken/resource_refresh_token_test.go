package refreshtoken_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
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
				statecheck.ExpectKnownValue(adopted, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-01-10T09:00:00.000Z")),
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
	env := acctest.New(t)
	env.Test(resource.TestCase{
		// Terraform and OpenTofu both import by identity since 1.12 (OpenTofu
		// reports its own version here).
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
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-01-10T09:00:00.000Z")),
				// nor does what a metadata PATCH leaves alone (the next refresh reads it anew)
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("idle_expires_at"), knownvalue.StringExact("2026-12-10T09:00:00.000Z")),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("last_exchanged_at"), knownvalue.StringExact("2026-11-20T08:30:00.000Z")),
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

// A token revoked elsewhere stays in state as gone: removing its block then
// forgets it without a request (no error, no second revocation).
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
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionDestroy),
			}},
			Check: func(s *terraform.State) error {
				if _, ok := s.RootModule().Resources[adopted]; ok {
					return fmt.Errorf("%s is still in state", adopted)
				}
				if n := revocations(env, "rt_bob_2"); n != 1 {
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

// adoptAs imports a token by ID as auth0tokens_refresh_token.NAME, with extra lines in its block.
func adoptAs(name, id string, body ...string) string {
	return fmt.Sprintf(`
import {
  to = auth0tokens_refresh_token.%s
  id = %q
}

resource "auth0tokens_refresh_token" %q {
  id = %q
%s
}
`, name, id, name, id, strings.Join(body, "\n"))
}

// revocations counts the requests that revoked token id: a DELETE, or a
// bulk revocation that names it.
func revocations(env *acctest.Env, id string) int {
	n := len(env.Sent("DELETE", "/api/v2/refresh-tokens/"+id))
	for _, r := range env.Sent("POST", "/api/v2/refresh-tokens/revoke") {
		if strings.Contains(r.Body, `"`+id+`"`) {
			n++
		}
	}
	return n
}

// sentSince counts the requests with this method and path sent since mark was called.
type sentSince struct {
	env          *acctest.Env
	method, path string
	before       int
}

func (s *sentSince) mark()      { s.before = len(s.env.Sent(s.method, s.path)) }
func (s *sentSince) count() int { return len(s.env.Sent(s.method, s.path)) - s.before }

// #21.1, as found: two adopted tokens, one revoked outside Terraform, the
// other's blocks deleted. The plan must not fail: the other is revoked, and
// the gone one stays in state as `exists = false` with no change planned, no
// request sent for it, and its blocks (import block included) left in place.
// Removing its blocks then forgets it without a request.
func TestAccTokenResource_goneDoesNotBlock(t *testing.T) {
	env := acctest.New(t)
	gone := "auth0tokens_refresh_token.a"
	reads := &sentSince{env: env, method: "GET", path: "/api/v2/refresh-tokens/rt_bob_1"}
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptAs("a", "rt_bob_1") + adoptAs("b", "rt_bob_2"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("exists"), knownvalue.Bool(true)),
			},
		}, {
			PreConfig: func() {
				if err := env.Client().RevokeToken(context.Background(), "rt_bob_1"); err != nil {
					t.Fatalf("revoking out of band: %v", err)
				}
				reads.mark()
			},
			Config: adoptAs("a", "rt_bob_1"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(gone, plancheck.ResourceActionNoop),
				plancheck.ExpectResourceAction("auth0tokens_refresh_token.b", plancheck.ResourceActionDestroy),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("exists"), knownvalue.Bool(false)),
				// what it was stays readable
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("user_id"), knownvalue.StringExact("auth0|bob")),
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("client_id"), knownvalue.StringExact("app_web")),
			},
			Check: func(*terraform.State) error {
				if n := len(env.Sent("DELETE", "/api/v2/refresh-tokens/rt_bob_2")); n != 1 {
					return fmt.Errorf("want one DELETE of rt_bob_2 (its blocks were deleted), sent %d", n)
				}
				return tokenGone(env, "rt_bob_2")(nil)
			},
		}, {
			// a metadata edit to the gone token plans no change (a warning
			// names it), sends nothing, and state keeps what Auth0 last had
			Config: adoptAs("a", "rt_bob_1", `  metadata = { owner = "security" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(gone, tfjsonpath.New("metadata"), knownvalue.MapSizeExact(0)),
			},
			Check: env.ExpectSent("PATCH", "/api/v2/refresh-tokens/rt_bob_1"),
		}, {
			// nothing to change, and the gone token is not read again
			Config: adoptAs("a", "rt_bob_1"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		}, {
			Config: `provider "auth0tokens" {}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(gone, plancheck.ResourceActionDestroy),
			}},
			Check: func(s *terraform.State) error {
				if _, ok := s.RootModule().Resources[gone]; ok {
					return fmt.Errorf("%s is still in state", gone)
				}
				if n := len(env.Sent("DELETE", "/api/v2/refresh-tokens/rt_bob_1")); n != 1 {
					return fmt.Errorf("want only the out-of-band DELETE of rt_bob_1, sent %d", n)
				}
				if n := reads.count(); n != 1 {
					return fmt.Errorf("want one read of rt_bob_1 after it was revoked (the refresh that found it gone), sent %d", n)
				}
				return nil
			},
		}},
	})
}

// #21.1 at scale: a workspace adopting many tokens, as `terraform query
// -generate-config-out` writes them, several of which expire (Auth0 then
// answers 404, as for a revoked token) while others are revoked by deleting
// their blocks; some blocks keep their import blocks, some do not.
func TestAccTokenResource_manyAdoptedSomeGone(t *testing.T) {
	// Local tenant: Terraform destroys the blocks of one user's tokens at
	// once, so the requests (and what each wait lists) vary in order, which a
	// cassette cannot replay. Early Access on: one bulk request per token.
	env := acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
	id := func(i int) string { return fmt.Sprintf("rt_many_%05d", i) }
	addr := func(i int) string { return fmt.Sprintf("auth0tokens_refresh_token.many_%02d", i) }
	// config adopts tokens 1..12 but those left out; those in bare lost their import blocks.
	config := func(bare []int, leftOut ...int) string {
		var b strings.Builder
		for i := 1; i <= 12; i++ {
			switch {
			case slices.Contains(leftOut, i):
			case slices.Contains(bare, i):
				fmt.Fprintf(&b, "resource \"auth0tokens_refresh_token\" \"many_%02d\" {\n  id = %q\n}\n", i, id(i))
			default:
				b.WriteString(adoptAs(fmt.Sprintf("many_%02d", i), id(i)))
			}
		}
		return b.String()
	}
	expired := []int{2, 5, 9, 11}
	bare := []int{7, 8, 9, 10, 11, 12}
	deletes := func(i int) int { return revocations(env, id(i)) }
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: config(nil),
		}, {
			PreConfig: func() {
				for _, i := range expired {
					if err := env.Client().RevokeToken(context.Background(), id(i)); err != nil {
						t.Fatalf("expiring %s: %v", id(i), err)
					}
				}
			},
			// 3 and 4 are revoked by deleting their blocks
			Config: config(bare, 3, 4),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr(3), plancheck.ResourceActionDestroy),
				plancheck.ExpectResourceAction(addr(4), plancheck.ResourceActionDestroy),
				plancheck.ExpectResourceAction(addr(2), plancheck.ResourceActionNoop),
				plancheck.ExpectResourceAction(addr(9), plancheck.ResourceActionNoop),
				plancheck.ExpectResourceAction(addr(12), plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr(2), tfjsonpath.New("exists"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr(11), tfjsonpath.New("exists"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr(1), tfjsonpath.New("exists"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr(12), tfjsonpath.New("exists"), knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error {
				for _, i := range []int{3, 4} {
					if n := deletes(i); n != 1 {
						return fmt.Errorf("want one revocation of %s, sent %d", id(i), n)
					}
				}
				return nil
			},
		}, {
			// the expired ones' blocks removed: forgotten, nothing sent
			Config: config(bare, 2, 3, 4, 5, 9, 11),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr(2), plancheck.ResourceActionDestroy),
				plancheck.ExpectResourceAction(addr(11), plancheck.ResourceActionDestroy),
			}},
			Check: func(*terraform.State) error {
				for _, i := range expired {
					if n := deletes(i); n != 1 {
						return fmt.Errorf("want only the out-of-band revocation of %s, sent %d", id(i), n)
					}
				}
				return nil
			},
		}},
	})
}

// #21.12: importing a token that does not exist says so in the provider's
// words, by import block, by identity and with `terraform import`.
func TestAccTokenResource_importNotFound(t *testing.T) {
	notFound := acctest.Words(`Refresh Token Not Found.*"rt_never_issued": it does not exist: it was revoked, it expired, or the ID is mistyped`)
	steps := []resource.TestStep{{
		Config:      adoptConfig("rt_never_issued", ""),
		ExpectError: notFound,
	}, {
		Config:        `resource "auth0tokens_refresh_token" "t" { id = "rt_never_issued" }`,
		ResourceName:  adopted,
		ImportState:   true,
		ImportStateId: "rt_never_issued",
		ExpectError:   notFound,
	}}
	if !acctest.OpenTofuBelow("1.12.0") { // import by identity: Terraform and OpenTofu 1.12+
		steps = append(steps, resource.TestStep{
			Config: `
import {
  to       = auth0tokens_refresh_token.t
  identity = { id = "rt_never_issued" }
}

resource "auth0tokens_refresh_token" "t" {
  id = "rt_never_issued"
}`,
			ExpectError: notFound,
		})
	}
	acctest.Test(t, resource.TestCase{Steps: steps})
}

// Found in use: importing one token into a block that names another said
// "Cannot Create A Refresh Token". It names both IDs and how to make them
// agree, by import block and by identity.
func TestAccTokenResource_importIDMismatch(t *testing.T) {
	mismatch := acctest.Words(`Imported ID Differs From The Configuration's ID.*imports refresh token "rt_alice_2".*` +
		`sets id = "rt_alice_1".*set id = "rt_alice_2" in the resource block.*id = "rt_alice_1"`)
	block := `
resource "auth0tokens_refresh_token" "t" {
  id = "rt_alice_1"
}`
	steps := []resource.TestStep{{
		Config:      "import {\n  to = auth0tokens_refresh_token.t\n  id = \"rt_alice_2\"\n}\n" + block,
		ExpectError: mismatch,
	}}
	if !acctest.OpenTofuBelow("1.12.0") { // import by identity: Terraform and OpenTofu 1.12+
		steps = append(steps, resource.TestStep{
			Config:      "import {\n  to       = auth0tokens_refresh_token.t\n  identity = { id = \"rt_alice_2\" }\n}\n" + block,
			ExpectError: mismatch,
		})
	}
	acctest.Test(t, resource.TestCase{Steps: steps})
}

// timeouts.delete of zero or a negative duration is refused at plan, as the
// action's and the revocation resources' `timeout` are.
func TestAccTokenResource_timeoutsRefusedAtPlan(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      adoptConfig("rt_alice_1", `  timeouts = { delete = "0s" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Invalid Timeout.*"0s" is not a positive duration`),
		}, {
			Config:      adoptConfig("rt_alice_1", `  timeouts = { delete = "-5m" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Invalid Timeout.*"-5m" is not a positive duration`),
		}, {
			Config:      adoptConfig("rt_alice_1", `  timeouts = { delete = "soon" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Invalid Timeout.*"soon" is not a duration`),
		}, {
			// Say what is wrong, not just "not a positive duration".
			Config:      adoptConfig("rt_alice_1", `  timeouts = { delete = "2d" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Invalid Timeout.*"2d" uses the unit "d" \(days\), which is not accepted: use hours, for example "48h"`),
		}, {
			Config:      adoptConfig("rt_alice_1", `  timeouts = { delete = "9999999999h" }`),
			PlanOnly:    true,
			ExpectError: acctest.Words(`Invalid Timeout.*"9999999999h" is too large: the longest accepted is "2562047h"`),
		}},
	})
}

// A change of timeouts alone updates nothing in Auth0: the plan shows only
// timeouts changing, and apply sends nothing.
func TestAccTokenResource_timeoutsOnlyChange(t *testing.T) {
	env := acctest.New(t)
	patches := &sentSince{env: env, method: "PATCH", path: "/api/v2/refresh-tokens/rt_alice_3"}
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: adoptConfig("rt_alice_3", ""),
		}, {
			PreConfig: patches.mark,
			Config:    adoptConfig("rt_alice_3", `  timeouts = { delete = "5m" }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionUpdate),
				// nothing but timeouts changes: even what changes with use stays known
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("idle_expires_at"), knownvalue.NotNull()),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("last_exchanged_at"), knownvalue.Null()),
				plancheck.ExpectKnownValue(adopted, tfjsonpath.New("exists"), knownvalue.Bool(true)),
			}},
			Check: func(*terraform.State) error {
				if n := patches.count(); n != 0 {
					return fmt.Errorf("a timeouts change should send no PATCH, sent %d", n)
				}
				return nil
			},
		}},
	})
}
