package session_test

import (
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
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
// records from: sessions with Auth0's millisecond timestamps, and the shapes
// of Auth0's own API examples (`authentication.methods: [{}]`, `device: {}`).
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

func method(name, typ, timestamp knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"name": name, "type": typ, "timestamp": timestamp})
}

// sessMS1 is sess_ms_1 as every type shows it: timestamps as precise as
// Auth0 sent them (inside authentication methods too), absent values null.
var sessMS1 = map[string]knownvalue.Check{
	"user_id":            knownvalue.StringExact("auth0|fidelity"),
	"created_at":         knownvalue.StringExact("2025-01-10T07:59:58.123Z"),
	"updated_at":         knownvalue.StringExact("2025-01-11T10:20:30.456Z"),
	"authenticated_at":   knownvalue.StringExact("2025-01-10T07:59:57.989Z"),
	"idle_expires_at":    knownvalue.StringExact("2025-02-10T10:20:30.120Z"),
	"expires_at":         knownvalue.StringExact("2025-04-10T07:59:58.000Z"),
	"last_interacted_at": knownvalue.StringExact("2025-01-11T10:20:30.001Z"),
	"client_ids":         strs("app_web"),
	"authentication_methods": knownvalue.ListExact([]knownvalue.Check{
		method(knownvalue.StringExact("pwd"), knownvalue.Null(), knownvalue.StringExact("2025-01-10T07:59:57.987Z")),
		method(knownvalue.StringExact("mfa"), knownvalue.StringExact("otp"), knownvalue.StringExact("2025-01-10T07:59:57.989Z")),
		method(knownvalue.Null(), knownvalue.Null(), knownvalue.Null()),
	}),
	"cookie_mode": knownvalue.StringExact("persistent"),
}

// sessBare1 is sess_bare_1: `authentication.methods: [{}]`, `clients: [{}]`, `cookie: {}`.
var sessBare1 = map[string]knownvalue.Check{
	"user_id":                knownvalue.StringExact("auth0|fidelity"),
	"created_at":             knownvalue.StringExact("2025-01-10T08:00:00.001Z"),
	"updated_at":             knownvalue.Null(),
	"expires_at":             knownvalue.Null(),
	"client_ids":             knownvalue.ListSizeExact(0),
	"authentication_methods": knownvalue.ListExact([]knownvalue.Check{method(knownvalue.Null(), knownvalue.Null(), knownvalue.Null())}),
	"cookie_mode":            knownvalue.Null(),
}

func sessionStateChecks(addr string, want map[string]knownvalue.Check) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for name, check := range want {
		out = append(out, statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), check))
	}
	return out
}

// The data sources keep Auth0's milliseconds and give null for what Auth0 left out.
func TestAccSessionFidelity_dataSources(t *testing.T) {
	checks := append(sessionStateChecks("data.auth0tokens_session.ms", sessMS1), sessionStateChecks("data.auth0tokens_session.bare", sessBare1)...)
	checks = append(checks,
		statecheck.ExpectKnownValue("data.auth0tokens_session.ms", tfjsonpath.New("device"), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"initial_ip": knownvalue.StringExact("192.0.2.20"), "initial_asn": knownvalue.Null(), "initial_user_agent": knownvalue.Null(),
			"last_ip": knownvalue.Null(), "last_asn": knownvalue.Null(), "last_user_agent": knownvalue.StringExact("Mozilla/5.0 (fidelity)"),
		})),
		statecheck.ExpectKnownValue("data.auth0tokens_session.bare", tfjsonpath.New("device"), knownvalue.Null()),
		statecheck.ExpectKnownValue("data.auth0tokens_sessions.all", tfjsonpath.New("sessions"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(sessMS1), knownvalue.ObjectPartial(sessBare1),
		})),
	)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
data "auth0tokens_session" "ms" {
  id             = "sess_ms_1"
  include_device = true
}
data "auth0tokens_session" "bare" {
  id             = "sess_bare_1"
  include_device = true
}
data "auth0tokens_sessions" "all" {
  user_id = "auth0|fidelity"
}`,
			ConfigStateChecks: checks,
		}},
	}, fidelitySeed(t))
}

// The ephemeral listing shows the same values (handed back by the echo provider).
func TestAccSessionFidelity_ephemeral(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tf110},
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()},
		Steps: []resource.TestStep{{
			// OpenTofu 1.11 lists ephemeral resources in the JSON plan with an "open" action (values nulled).
			ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"),
			Config: `
ephemeral "auth0tokens_sessions" "s" {
  user_id = "auth0|fidelity"
}
provider "echo" {
  data = ephemeral.auth0tokens_sessions.s.sessions
}
resource "echo" "t" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.t", tfjsonpath.New("data"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(sessMS1), knownvalue.ObjectPartial(sessBare1),
				})),
			},
		}},
	}, fidelitySeed(t))
}

// Adopted sessions keep the same values in state.
func TestAccSessionFidelity_adopted(t *testing.T) {
	// A local tenant, not a cassette: Terraform and OpenTofu refresh adopted
	// objects a different number of times.
	acctest.NewLocal(t, fidelitySeed(t)).Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
import {
  to = auth0tokens_session.ms
  id = "sess_ms_1"
}
resource "auth0tokens_session" "ms" {
  id = "sess_ms_1"
}
import {
  to = auth0tokens_session.bare
  id = "sess_bare_1"
}
resource "auth0tokens_session" "bare" {
  id = "sess_bare_1"
}`,
			ConfigStateChecks: append(sessionStateChecks("auth0tokens_session.ms", sessMS1), sessionStateChecks("auth0tokens_session.bare", sessBare1)...),
		}, {
			// Forgotten, not revoked: what destroy sends is the adopted resource's tests' concern.
			Config: `
removed {
  from = auth0tokens_session.ms
  lifecycle {
    destroy = false
  }
}
removed {
  from = auth0tokens_session.bare
  lifecycle {
    destroy = false
  }
}`,
		}},
	})
}

// `terraform query` results (with include_resource) carry the same values.
func TestAccSessionFidelity_listResults(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "OpenTofu (1.12 included) has neither list resources nor `terraform query`")
	values := func(want map[string]knownvalue.Check) []querycheck.KnownValueCheck {
		var out []querycheck.KnownValueCheck
		for name, check := range want {
			out = append(out, querycheck.KnownValueCheck{Path: tfjsonpath.New(name), KnownValue: check})
		}
		return out
	}
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
list "auth0tokens_session" "fidelity" {
  provider         = auth0tokens
  include_resource = true
  config {
    user_id = "auth0|fidelity"
  }
}`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_session.fidelity", 2),
				querycheck.ExpectResourceKnownValues("auth0tokens_session.fidelity", queryfilter.ByResourceIdentity(id("sess_ms_1")), values(sessMS1)),
				querycheck.ExpectResourceKnownValues("auth0tokens_session.fidelity", queryfilter.ByResourceIdentity(id("sess_bare_1")), values(sessBare1)),
			},
		}},
	}, fidelitySeed(t))
}
