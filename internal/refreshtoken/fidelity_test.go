package refreshtoken_test

import (
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// fidelitySeed loads testdata/fidelity-seed.json into the local tenant a test
// records from: tokens with Auth0's millisecond timestamps, and the shapes of
// Auth0's own API examples (`resource_servers: [{}]`, `device: {}`).
func fidelitySeed(t *testing.T) acctest.Option {
	return acctest.WithTenantSetup(func(tn *tenantsim.Tenant) {
		seed, err := tenantsim.ReadSeed(filepath.Join("testdata", "fidelity-seed.json"))
		if err == nil {
			err = tn.Load(seed)
		}
		if err != nil {
			t.Fatalf("loading the fidelity fixture: %v", err)
		}
	})
}

// rtMS1 is rt_ms_1 as every type shows it: timestamps as precise as Auth0
// sent them, absent values null ("scopes": "" is an empty list, not absent).
var rtMS1 = map[string]knownvalue.Check{
	"created_at":        knownvalue.StringExact("2025-01-10T07:59:58.123Z"),
	"idle_expires_at":   knownvalue.StringExact("2025-02-09T07:59:58.120Z"),
	"expires_at":        knownvalue.StringExact("2026-01-10T07:59:58.000Z"),
	"last_exchanged_at": knownvalue.StringExact("2025-01-11T10:20:30.456Z"),
	"rotating":          knownvalue.Bool(true),
	"resource_servers": knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.StringExact("https://api.example.com/"), "scopes": ids("openid", "read:orders")}),
		knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.StringExact("https://billing.example.com/"), "scopes": knownvalue.ListSizeExact(0)}),
		knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.Null(), "scopes": knownvalue.Null()}),
	}),
}

// rtBare1 is rt_bare_1: nothing but an ID, a user, a creation time and `resource_servers: [{}]`.
var rtBare1 = map[string]knownvalue.Check{
	"user_id":           knownvalue.StringExact("auth0|fidelity"),
	"client_id":         knownvalue.Null(),
	"session_id":        knownvalue.Null(),
	"created_at":        knownvalue.StringExact("2025-01-10T08:00:00.001Z"),
	"expires_at":        knownvalue.Null(),
	"idle_expires_at":   knownvalue.Null(),
	"last_exchanged_at": knownvalue.Null(),
	"rotating":          knownvalue.Null(),
	"resource_servers": knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.Null(), "scopes": knownvalue.Null()}),
	}),
}

func withDevice(checks map[string]knownvalue.Check, device knownvalue.Check) map[string]knownvalue.Check {
	out := map[string]knownvalue.Check{"device": device}
	for k, v := range checks {
		out[k] = v
	}
	return out
}

// The data sources keep Auth0's milliseconds and give null for what Auth0
// left out, in the device too.
func TestAccTokenFidelity_dataSources(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
data "auth0tokens_refresh_token" "ms" {
  id             = "rt_ms_1"
  include_device = true
}
data "auth0tokens_refresh_token" "bare" {
  id             = "rt_bare_1"
  include_device = true
}
data "auth0tokens_refresh_tokens" "all" {
  user_id = "auth0|fidelity"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.ms", tfjsonpath.New("device"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"initial_ip": knownvalue.StringExact("192.0.2.20"), "initial_asn": knownvalue.Null(), "initial_user_agent": knownvalue.Null(),
					"last_ip": knownvalue.Null(), "last_asn": knownvalue.Null(), "last_user_agent": knownvalue.StringExact("Mozilla/5.0 (fidelity)"),
				})),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.ms", tfjsonpath.New("created_at"), rtMS1["created_at"]),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.ms", tfjsonpath.New("idle_expires_at"), rtMS1["idle_expires_at"]),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.ms", tfjsonpath.New("expires_at"), rtMS1["expires_at"]),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.ms", tfjsonpath.New("last_exchanged_at"), rtMS1["last_exchanged_at"]),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.ms", tfjsonpath.New("resource_servers"), rtMS1["resource_servers"]),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.bare", tfjsonpath.New("device"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.bare", tfjsonpath.New("client_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.bare", tfjsonpath.New("rotating"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.bare", tfjsonpath.New("created_at"), rtBare1["created_at"]),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_token.bare", tfjsonpath.New("resource_servers"), rtBare1["resource_servers"]),
				statecheck.ExpectKnownValue("data.auth0tokens_refresh_tokens.all", tfjsonpath.New("tokens"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(withDevice(rtMS1, knownvalue.Null())),
					knownvalue.ObjectPartial(withDevice(rtBare1, knownvalue.Null())),
				})),
			},
		}},
	}, fidelitySeed(t))
}

// The ephemeral listing shows the same values (handed back by the echo provider).
func TestAccTokenFidelity_ephemeral(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tf110},
		ProtoV6ProviderFactories: echoFactory,
		Steps: []resource.TestStep{{
			ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"), // see TestAccRefreshTokensEphemeral
			Config: `
ephemeral "auth0tokens_refresh_tokens" "t" {
  user_id        = "auth0|fidelity"
  include_device = true
}
provider "echo" {
  data = ephemeral.auth0tokens_refresh_tokens.t.tokens
}
resource "echo" "t" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.t", tfjsonpath.New("data"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(rtMS1),
					knownvalue.ObjectPartial(withDevice(rtBare1, knownvalue.Null())),
				})),
			},
		}},
	}, fidelitySeed(t))
}

// Adopted tokens keep the same values in state.
func TestAccTokenFidelity_adopted(t *testing.T) {
	checks := func(addr string, want map[string]knownvalue.Check) []statecheck.StateCheck {
		var out []statecheck.StateCheck
		for name, check := range want {
			out = append(out, statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), check))
		}
		return out
	}
	// A local tenant, not a cassette: Terraform and OpenTofu refresh adopted
	// objects a different number of times.
	acctest.NewLocal(t, fidelitySeed(t)).Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
import {
  to = auth0tokens_refresh_token.ms
  id = "rt_ms_1"
}
resource "auth0tokens_refresh_token" "ms" {
  id = "rt_ms_1"
}
import {
  to = auth0tokens_refresh_token.bare
  id = "rt_bare_1"
}
resource "auth0tokens_refresh_token" "bare" {
  id = "rt_bare_1"
}`,
			ConfigStateChecks: append(checks("auth0tokens_refresh_token.ms", rtMS1), checks("auth0tokens_refresh_token.bare", rtBare1)...),
		}, {
			// Forgotten, not revoked: what destroy sends is the adopted resource's tests' concern.
			Config: `
removed {
  from = auth0tokens_refresh_token.ms
  lifecycle {
    destroy = false
  }
}
removed {
  from = auth0tokens_refresh_token.bare
  lifecycle {
    destroy = false
  }
}`,
		}},
	})
}

// `terraform query` results (with include_resource) carry the same values.
func TestAccTokenFidelity_listResults(t *testing.T) {
	acctest.SkipOnOpenTofu(t, skipQuery)
	values := func(want map[string]knownvalue.Check) []querycheck.KnownValueCheck {
		var out []querycheck.KnownValueCheck
		for name, check := range want {
			out = append(out, querycheck.KnownValueCheck{Path: tfjsonpath.New(name), KnownValue: check})
		}
		return out
	}
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: `provider "auth0tokens" {}`,
		}, {
			Query: true,
			Config: `
list "auth0tokens_refresh_token" "fidelity" {
  provider         = auth0tokens
  include_resource = true
  config {
    user_id = "auth0|fidelity"
  }
}`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_refresh_token.fidelity", 2),
				querycheck.ExpectResourceKnownValues("auth0tokens_refresh_token.fidelity", queryfilter.ByResourceIdentity(identity("rt_ms_1")), values(rtMS1)),
				querycheck.ExpectResourceKnownValues("auth0tokens_refresh_token.fidelity", queryfilter.ByResourceIdentity(identity("rt_bare_1")), values(rtBare1)),
			},
		}},
	}, fidelitySeed(t))
}
