package shared_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-version"
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

// readKind is one kind of object the provider reads, as the fidelity tests
// see it: its types, and two objects of testdata/fidelity-<name>.json as every
// type must show them: timestamps as precise as Auth0 sent them, absent
// values null.
type readKind struct {
	name     string // "tokens": the subtest, and the fixture's name
	one      string // the by-ID data source and the adopted resource: "auth0tokens_refresh_token"
	list     string // the listings: "auth0tokens_refresh_tokens"
	results  string // the listings' list attribute: "tokens"
	ms, bare string // IDs: an object with every field, one with nothing but the least Auth0 sends
	// msValues and bareValues are the objects' values (but `device`).
	msValues, bareValues map[string]knownvalue.Check
}

func method(name, typ, timestamp knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"name": name, "type": typ, "timestamp": timestamp})
}

var readKinds = []readKind{{
	name: "tokens", one: "auth0tokens_refresh_token", list: "auth0tokens_refresh_tokens", results: "tokens",
	ms: "rt_ms_1", bare: "rt_bare_1",
	// "scopes": "" is an empty list, not absent.
	msValues: map[string]knownvalue.Check{
		"created_at":        knownvalue.StringExact("2025-01-10T07:59:58.123Z"),
		"idle_expires_at":   knownvalue.StringExact("2025-02-09T07:59:58.120Z"),
		"expires_at":        knownvalue.StringExact("2026-01-10T07:59:58.000Z"),
		"last_exchanged_at": knownvalue.StringExact("2025-01-11T10:20:30.456Z"),
		"rotating":          knownvalue.Bool(true),
		"resource_servers": knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.StringExact("https://api.example.com/"), "scopes": acctest.Strings("openid", "read:orders")}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.StringExact("https://billing.example.com/"), "scopes": knownvalue.ListSizeExact(0)}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{"audience": knownvalue.Null(), "scopes": knownvalue.Null()}),
		}),
	},
	// Nothing but an ID, a user, a creation time and `resource_servers: [{}]`.
	bareValues: map[string]knownvalue.Check{
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
	},
}, {
	name: "sessions", one: "auth0tokens_session", list: "auth0tokens_sessions", results: "sessions",
	ms: "sess_ms_1", bare: "sess_bare_1",
	// Timestamps inside authentication methods too.
	msValues: map[string]knownvalue.Check{
		"user_id":            knownvalue.StringExact("auth0|fidelity"),
		"created_at":         knownvalue.StringExact("2025-01-10T07:59:58.123Z"),
		"updated_at":         knownvalue.StringExact("2025-01-11T10:20:30.456Z"),
		"authenticated_at":   knownvalue.StringExact("2025-01-10T07:59:57.989Z"),
		"idle_expires_at":    knownvalue.StringExact("2025-02-10T10:20:30.120Z"),
		"expires_at":         knownvalue.StringExact("2025-04-10T07:59:58.000Z"),
		"last_interacted_at": knownvalue.StringExact("2025-01-11T10:20:30.001Z"),
		"client_ids":         acctest.Strings("app_web"),
		"authentication_methods": knownvalue.ListExact([]knownvalue.Check{
			method(knownvalue.StringExact("pwd"), knownvalue.Null(), knownvalue.StringExact("2025-01-10T07:59:57.987Z")),
			method(knownvalue.StringExact("mfa"), knownvalue.StringExact("otp"), knownvalue.StringExact("2025-01-10T07:59:57.989Z")),
			method(knownvalue.Null(), knownvalue.Null(), knownvalue.Null()),
		}),
		"cookie_mode": knownvalue.StringExact("persistent"),
	},
	// `authentication.methods: [{}]`, `clients: [{}]`, `cookie: {}`.
	bareValues: map[string]knownvalue.Check{
		"user_id":                knownvalue.StringExact("auth0|fidelity"),
		"created_at":             knownvalue.StringExact("2025-01-10T08:00:00.001Z"),
		"updated_at":             knownvalue.Null(),
		"expires_at":             knownvalue.Null(),
		"client_ids":             knownvalue.ListSizeExact(0),
		"authentication_methods": knownvalue.ListExact([]knownvalue.Check{method(knownvalue.Null(), knownvalue.Null(), knownvalue.Null())}),
		"cookie_mode":            knownvalue.Null(),
	},
}}

// msDevice is the ms object's `device` (`{"initial_ip", "last_user_agent"}`), with include_device.
var msDevice = knownvalue.ObjectExact(map[string]knownvalue.Check{
	"initial_ip": knownvalue.StringExact("192.0.2.20"), "initial_asn": knownvalue.Null(), "initial_user_agent": knownvalue.Null(),
	"last_ip": knownvalue.Null(), "last_asn": knownvalue.Null(), "last_user_agent": knownvalue.StringExact("Mozilla/5.0 (fidelity)"),
})

// seed loads the kind's fixture into the local tenant a test records from:
// Auth0's millisecond timestamps, and the shapes of Auth0's own API examples
// (`device: {}`, `resource_servers: [{}]`, `authentication.methods: [{}]`).
func (k readKind) seed(t *testing.T) acctest.Option {
	return acctest.WithTenantSetup(func(tn *tenantsim.Tenant) {
		seed, err := tenantsim.ReadSeed(filepath.Join("testdata", "fidelity-"+k.name+".json"))
		if err == nil {
			err = tn.Load(seed)
		}
		if err != nil {
			t.Fatalf("loading the fidelity fixture: %v", err)
		}
	})
}

// withDevice is checks with one for the device attribute.
func withDevice(checks map[string]knownvalue.Check, check knownvalue.Check) map[string]knownvalue.Check {
	out := map[string]knownvalue.Check{"device": check}
	for k, v := range checks {
		out[k] = v
	}
	return out
}

func stateChecks(addr string, want map[string]knownvalue.Check) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for name, check := range want {
		out = append(out, statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), check))
	}
	return out
}

// The data sources keep Auth0's milliseconds and give null for what Auth0
// left out, in the device too.
func TestAccFidelity_dataSources(t *testing.T) {
	for _, k := range readKinds {
		t.Run(k.name, func(t *testing.T) {
			ms, bare, all := "data."+k.one+".ms", "data."+k.one+".bare", "data."+k.list+".all"
			checks := append(stateChecks(ms, withDevice(k.msValues, msDevice)), stateChecks(bare, withDevice(k.bareValues, knownvalue.Null()))...)
			checks = append(checks, statecheck.ExpectKnownValue(all, tfjsonpath.New(k.results), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(withDevice(k.msValues, knownvalue.Null())),
				knownvalue.ObjectPartial(withDevice(k.bareValues, knownvalue.Null())),
			})))
			acctest.Test(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
data %[1]q "ms" {
  id             = %[3]q
  include_device = true
}
data %[1]q "bare" {
  id             = %[4]q
  include_device = true
}
data %[2]q "all" {
  user_id = "auth0|fidelity"
}`, k.one, k.list, k.ms, k.bare),
					ConfigStateChecks: checks,
				}},
			}, k.seed(t))
		})
	}
}

// The ephemeral listing shows the same values (handed back by the echo provider).
func TestAccFidelity_ephemeral(t *testing.T) {
	for _, k := range readKinds {
		t.Run(k.name, func(t *testing.T) {
			acctest.Test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.10.0")))},
				ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()},
				Steps: []resource.TestStep{{
					// OpenTofu 1.11 lists ephemeral resources in the JSON plan with an "open" action (values nulled).
					ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"),
					Config: fmt.Sprintf(`
ephemeral %[1]q "all" {
  user_id        = "auth0|fidelity"
  include_device = true
}
provider "echo" {
  data = ephemeral.%[1]s.all.%[2]s
}
resource "echo" "t" {}
`, k.list, k.results),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("echo.t", tfjsonpath.New("data"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectPartial(withDevice(k.msValues, msDevice)),
							knownvalue.ObjectPartial(withDevice(k.bareValues, knownvalue.Null())),
						})),
					},
				}},
			}, k.seed(t))
		})
	}
}

// Adopted objects keep the same values in state.
func TestAccFidelity_adopted(t *testing.T) {
	for _, k := range readKinds {
		t.Run(k.name, func(t *testing.T) {
			// A local tenant, not a cassette: Terraform and OpenTofu refresh
			// adopted objects a different number of times.
			acctest.NewLocal(t, k.seed(t)).Test(resource.TestCase{
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
import {
  to = %[1]s.ms
  id = %[2]q
}
resource %[1]q "ms" {
  id = %[2]q
}
import {
  to = %[1]s.bare
  id = %[3]q
}
resource %[1]q "bare" {
  id = %[3]q
}`, k.one, k.ms, k.bare),
					ConfigStateChecks: append(stateChecks(k.one+".ms", k.msValues), stateChecks(k.one+".bare", k.bareValues)...),
				}, {
					// Forgotten, not revoked: what destroy sends is the adopted resource's tests' concern.
					Config: fmt.Sprintf(`
removed {
  from = %[1]s.ms
  lifecycle {
    destroy = false
  }
}
removed {
  from = %[1]s.bare
  lifecycle {
    destroy = false
  }
}`, k.one),
				}},
			})
		})
	}
}

// `terraform query` results (with include_resource) carry the same values.
func TestAccFidelity_listResults(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "OpenTofu (1.12 included) has neither list resources nor `terraform query`")
	values := func(want map[string]knownvalue.Check) []querycheck.KnownValueCheck {
		var out []querycheck.KnownValueCheck
		for name, check := range want {
			out = append(out, querycheck.KnownValueCheck{Path: tfjsonpath.New(name), KnownValue: check})
		}
		return out
	}
	identity := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}
	}
	for _, k := range readKinds {
		t.Run(k.name, func(t *testing.T) {
			addr := k.one + ".fidelity"
			acctest.Test(t, resource.TestCase{
				TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
				Steps: []resource.TestStep{{
					Config: `provider "auth0tokens" {}`,
				}, {
					Query: true,
					Config: fmt.Sprintf(`
list %q "fidelity" {
  provider         = auth0tokens
  include_resource = true
  config {
    user_id = "auth0|fidelity"
  }
}`, k.one),
					QueryResultChecks: []querycheck.QueryResultCheck{
						querycheck.ExpectLength(addr, 2),
						querycheck.ExpectResourceKnownValues(addr, queryfilter.ByResourceIdentity(identity(k.ms)), values(k.msValues)),
						querycheck.ExpectResourceKnownValues(addr, queryfilter.ByResourceIdentity(identity(k.bare)), values(k.bareValues)),
					},
				}},
			}, k.seed(t))
		})
	}
}
