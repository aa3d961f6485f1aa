package refreshtoken_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
)

func TestAccRefreshTokenDataSource(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_refresh_token" "t" {
  id             = "rt_alice_1"
  include_device = true
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("id"), knownvalue.StringExact("rt_alice_1")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("user_id"), knownvalue.StringExact("auth0|alice")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("client_id"), knownvalue.StringExact("app_web")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("session_id"), knownvalue.StringExact("sess_alice_1")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("created_at"), knownvalue.StringExact("2026-01-10T09:00:00.000Z")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("expires_at"), knownvalue.StringExact("2027-01-10T09:00:00.000Z")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("idle_expires_at"), knownvalue.StringExact("2026-12-10T09:00:00.000Z")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("last_exchanged_at"), knownvalue.StringExact("2026-11-20T08:30:00.000Z")),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("rotating"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("device"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"initial_ip":         knownvalue.StringExact("203.0.113.10"),
					"initial_asn":        knownvalue.StringExact("64500"),
					"initial_user_agent": knownvalue.StringExact("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"),
					"last_ip":            knownvalue.StringExact("203.0.113.11"),
					"last_asn":           knownvalue.StringExact("64500"),
					"last_user_agent":    knownvalue.StringExact("Mozilla/5.0 (X11; Linux x86_64) Firefox/145.0"),
				})),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("resource_servers"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"audience": knownvalue.StringExact("https://api.example.com/"),
						"scopes": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("openid"), knownvalue.StringExact("read:orders"), knownvalue.StringExact("write:orders"),
						}),
					}),
				})),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("refresh_token_metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"purpose": knownvalue.StringExact("acceptance"),
				})),
			},
		}},
	})
}

func TestAccRefreshTokenDataSource_nullFields(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_refresh_token" "t" { id = "rt_nulls_1" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("session_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("created_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("expires_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("idle_expires_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("last_exchanged_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("device"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("rotating"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("resource_servers"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.t", tfjsonpath.New("refresh_token_metadata"), knownvalue.MapSizeExact(0)),
			},
		}},
	})
}

func TestAccRefreshTokenDataSource_notFound(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      `data "auth0tokens_refresh_token" "t" { id = "rt_does_not_exist" }`,
			ExpectError: regexp.MustCompile(`(?s)Refresh Token Not Found.*may have been revoked`),
		}},
	})
}

func TestAccRefreshTokenDataSource_missingScope(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      `data "auth0tokens_refresh_token" "t" { id = "rt_alice_1" }`,
			ExpectError: regexp.MustCompile(`(?s)Insufficient Auth0 Scope.*read:refresh_tokens`),
		}},
	}, acctest.WithClient("m2m_noscopes"))
}
