package refreshtoken_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

const listAddr = "data.auth0tokens_refresh_tokens.t"

var ids = acctest.Strings

func TestAccRefreshTokensDataSource(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_refresh_tokens" "t" {
  user_id        = "auth0|alice"
  include_device = true
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				// Ordered by created_at: rt_alice_2 (2025) first.
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), ids("rt_alice_2", "rt_alice_1", "rt_alice_3")),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("tokens").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":                knownvalue.StringExact("rt_alice_2"),
					"user_id":           knownvalue.StringExact("auth0|alice"),
					"client_id":         knownvalue.StringExact("app_mobile"),
					"session_id":        knownvalue.Null(),
					"created_at":        knownvalue.StringExact("2025-06-01T12:00:00.000Z"),
					"expires_at":        knownvalue.Null(),
					"idle_expires_at":   knownvalue.StringExact("2026-12-01T12:00:00.000Z"),
					"last_exchanged_at": knownvalue.StringExact("2026-11-01T12:00:00.000Z"),
					"rotating":          knownvalue.Bool(false),
					"device": knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"initial_ip": knownvalue.StringExact("198.51.100.7"), "last_user_agent": knownvalue.StringExact("okhttp/4.12.0"),
					}),
					"resource_servers": knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.StringExact("https://api.example.com/"), "scopes": ids("read:orders")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.StringExact("https://billing.example.com/"), "scopes": ids("read:invoices")}),
					}),
					"refresh_token_metadata": knownvalue.MapSizeExact(0),
				})),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("tokens").AtSliceIndex(2).AtMapKey("device"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccRefreshTokensDataSource_noTokens(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_refresh_tokens" "t" { user_id = "auth0|nobody" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("tokens"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// 250 tokens: three pages of 100, then the empty page that follows `next` on the last one.
func TestAccRefreshTokensDataSource_manyPages(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_refresh_tokens" "t" { user_id = "auth0|many" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListSizeExact(250)),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.StringExact("rt_many_00001")),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids").AtSliceIndex(249), knownvalue.StringExact("rt_many_00250")),
			},
		}},
	})
}

// A tenant that does not send `next` on the last page ends the listing there.
func TestAccRefreshTokensDataSource_noNextOnLastPage(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_refresh_tokens" "t" { user_id = "auth0|many" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), knownvalue.ListSizeExact(250)),
			},
		}},
	}, acctest.WithTenantOptions(tenantsim.Options{NoNextOnLastPage: true}))
}

func clientFilterSteps() []resource.TestStep {
	return []resource.TestStep{{
		Config: `data "auth0tokens_refresh_tokens" "t" {
  user_id   = "auth0|alice"
  client_id = "app_web"
}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), ids("rt_alice_1", "rt_alice_3")),
		},
	}}
}

func TestAccRefreshTokensDataSource_clientEarlyAccess(t *testing.T) {
	acctest.Test(t, resource.TestCase{Steps: clientFilterSteps()}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
}

func TestAccRefreshTokensDataSource_clientFallback(t *testing.T) {
	acctest.Test(t, resource.TestCase{Steps: clientFilterSteps()}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: false}))
}

func TestAccRefreshTokensDataSource_audience(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_refresh_tokens" "t" {
  user_id        = "auth0|alice"
  audience       = "https://billing.example.com/"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), ids("rt_alice_2", "rt_alice_3")),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("tokens").AtSliceIndex(0).AtMapKey("device"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccRefreshTokensDataSource_invalidIDs(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: `data "auth0tokens_refresh_tokens" "t" { user_id = "" }`, ExpectError: regexp.MustCompile(`Invalid User ID(?s).*is empty`)},
			{Config: `data "auth0tokens_refresh_tokens" "t" { user_id = "   " }`, ExpectError: regexp.MustCompile(`Invalid User ID(?s).*is empty`)},
			{Config: `data "auth0tokens_refresh_token" "t" { id = "" }`, ExpectError: regexp.MustCompile(`Invalid Refresh Token ID`)},
			{Config: `data "auth0tokens_refresh_token" "t" { id = ".." }`, ExpectError: regexp.MustCompile(`path segment`)},
		},
	})
}
