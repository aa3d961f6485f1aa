package session_test

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
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

const (
	oneAddr  = "data.auth0tokens_session.s"
	listAddr = "data.auth0tokens_sessions.s"
)

var strs = acctest.Strings

// Every attribute of a session with every field set, device opted in.
func TestAccSessionDataSource(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `data "auth0tokens_session" "s" {
  id             = "sess_alice_1"
  include_device = true
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("user_id"), knownvalue.StringExact("auth0|alice")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-01-10T08:59:00.000Z")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("updated_at"), knownvalue.StringExact("2026-11-20T08:30:00.000Z")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("authenticated_at"), knownvalue.StringExact("2026-11-20T08:29:00.000Z")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("idle_expires_at"), knownvalue.StringExact("2026-12-20T08:30:00.000Z")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2027-01-10T08:59:00.000Z")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("last_interacted_at"), knownvalue.StringExact("2026-11-20T08:30:00.000Z")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("device"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"initial_ip":         knownvalue.StringExact("203.0.113.10"),
					"initial_asn":        knownvalue.StringExact("64500"),
					"initial_user_agent": knownvalue.StringExact("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"),
					"last_ip":            knownvalue.StringExact("203.0.113.11"),
					"last_asn":           knownvalue.StringExact("64500"),
					"last_user_agent":    knownvalue.StringExact("Mozilla/5.0 (X11; Linux x86_64) Firefox/145.0"),
				})),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("client_ids"), strs("app_web")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("authentication_methods"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("pwd"), "type": knownvalue.StringExact("pwd"),
						"timestamp": knownvalue.StringExact("2026-11-20T08:28:00.000Z")}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("mfa"), "type": knownvalue.StringExact("otp"),
						"timestamp": knownvalue.StringExact("2026-11-20T08:29:00.000Z")}),
				})),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("cookie_mode"), knownvalue.StringExact("persistent")),
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("session_metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"purpose": knownvalue.StringExact("acceptance")})),
			},
		}},
	})
}

// Device data is opt-in; absent objects are null and absent lists empty.
func TestAccSessionDataSource_nullsAndDefaults(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
data "auth0tokens_session" "s" { id = "sess_alice_1" }
data "auth0tokens_session" "nulls" { id = "sess_nulls_1" }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(oneAddr, tfjsonpath.New("device"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_session.nulls", tfjsonpath.New("created_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_session.nulls", tfjsonpath.New("expires_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_session.nulls", tfjsonpath.New("cookie_mode"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_session.nulls", tfjsonpath.New("device"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.auth0tokens_session.nulls", tfjsonpath.New("client_ids"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.auth0tokens_session.nulls", tfjsonpath.New("authentication_methods"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.auth0tokens_session.nulls", tfjsonpath.New("session_metadata"), knownvalue.MapSizeExact(0)),
			},
		}},
	})
}

func TestAccSessionsDataSource(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
data "auth0tokens_sessions" "s" { user_id = "auth0|alice" }
data "auth0tokens_sessions" "mobile" {
  user_id   = "auth0|alice"
  client_id = "app_mobile"
}
data "auth0tokens_sessions" "none" { user_id = "auth0|bob" }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), strs("sess_alice_1", "sess_alice_3")),
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("sessions").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("sess_alice_3"), "expires_at": knownvalue.Null(), "cookie_mode": knownvalue.StringExact("non-persistent"),
					"client_ids": strs("app_web", "app_mobile"), "device": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue("data.auth0tokens_sessions.mobile", tfjsonpath.New("ids"), strs("sess_alice_3")),
				statecheck.ExpectKnownValue("data.auth0tokens_sessions.none", tfjsonpath.New("ids"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

func TestAccSessionsDataSource_errors(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: `data "auth0tokens_sessions" "s" { user_id = "auth0|ghost" }`, ExpectError: regexp.MustCompile(`(?s)User Not Found.*Check\s+the\s+user\s+ID`)},
			{Config: `data "auth0tokens_session" "s" { id = "sess_gone" }`, ExpectError: regexp.MustCompile(`(?s)Session Not Found.*auth0tokens_sessions`)},
			{Config: `data "auth0tokens_session" "s" { id = "sess alice" }`, ExpectError: regexp.MustCompile(`(?s)Invalid Session ID.*white space`)},
			{Config: `data "auth0tokens_sessions" "s" { user_id = " auth0|alice" }`, ExpectError: regexp.MustCompile(`(?s)Invalid User ID.*white space`)},
		},
	})
}

// Hostile IDs stay in their path segment: the request log proves where requests went.
func TestAccSessionsHostileIDs(t *testing.T) {
	for _, c := range []struct{ config, want, allowed string }{
		{`data "auth0tokens_session" "s" { id = "../users/auth0|alice/sessions" }`, `Session Not Found`, "GET /api/v2/sessions/..%2Fusers%2Fauth0%7Calice%2Fsessions"},
		{`data "auth0tokens_session" "s" { id = "x?take=1" }`, `Session Not Found`, "GET /api/v2/sessions/x%3Ftake=1"},
		{`data "auth0tokens_sessions" "s" { user_id = "../../oauth/token" }`, `User Not Found`, "GET /api/v2/users/..%2F..%2Foauth%2Ftoken/sessions"},
		{`data "auth0tokens_session" "s" { id = ".." }`, `path segment`, ""},
	} {
		t.Run(c.allowed, func(t *testing.T) {
			env := acctest.NewLocal(t)
			env.Test(resource.TestCase{Steps: []resource.TestStep{{Config: c.config, ExpectError: regexp.MustCompile(c.want)}}})
			for _, r := range env.Tenant.Requests() {
				if call := r.Method + " " + r.Path; r.Path != "/oauth/token" && !slices.Contains([]string{c.allowed}, call) {
					t.Errorf("request outside the expected endpoint: %s", call)
				}
			}
		})
	}
}

var tf110 = tfversion.SkipBelow(version.Must(version.NewVersion("1.10.0")))

// sessionTraces are values of alice's sessions that must never reach plan or state.
var sessionTraces = acctest.NoTraces{"sess_alice_1", "sess_alice_3", "203.0.113.10", "Firefox", "acceptance"}

// A review over the ephemeral listing sees every session, device data
// included, and neither the state nor the saved plan on disk holds any of it.
func TestAccSessionsEphemeral_notInStateOrPlan(t *testing.T) {
	workDir := acctest.KeepWorkDir(t)
	acctest.New(t).TestSerial(resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tf110},
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()},
		Steps: []resource.TestStep{{
			// OpenTofu 1.11 lists ephemeral resources in the JSON plan with an "open" action (values nulled).
			ExpectNonEmptyPlan: acctest.OpenTofuBelow("1.12.0"),
			Config: `
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
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{sessionTraces}},
			ConfigStateChecks: []statecheck.StateCheck{
				sessionTraces,
				statecheck.ExpectKnownValue("echo.t", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"count": knownvalue.Int64Exact(2), "with_ip": knownvalue.Int64Exact(1), "persistent": knownvalue.Int64Exact(1),
				})),
			},
		}},
	})
	sessionTraces.ScanWorkDir(t, workDir)
}

// The session-review example, applied as published, against the recording:
// each check fails on thresholds alice's sessions break, and passes on
// thresholds none can (fixed dates, so the outcome never drifts with time).
func TestAccSessionReviewExample(t *testing.T) {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "auth0tokens") // the example names the provider by its registry address
	vars := func(days int, clients ...string) config.Variables {
		allowed := make([]config.Variable, len(clients))
		for i, c := range clients {
			allowed[i] = config.StringVariable(c)
		}
		return config.Variables{
			"user_id":                 config.StringVariable("auth0|alice"),
			"max_persistent_age_days": config.IntegerVariable(days),
			"max_idle_days":           config.IntegerVariable(days),
			"allowed_clients":         config.SetVariable(allowed...),
		}
	}
	acctest.New(t).TestSerial(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		Steps: []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory("../../examples/session-review"),
				ConfigVariables: vars(1, "app_web"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectChecks{
					"sessions_have_second_factor":      tfjson.CheckStatusFail, // sess_alice_3: federated only
					"persistent_sessions_are_recent":   tfjson.CheckStatusFail, // sess_alice_1: persistent since January
					"sessions_are_in_use":              tfjson.CheckStatusFail,
					"sessions_used_by_allowed_clients": tfjson.CheckStatusFail, // sess_alice_3: app_mobile
				}}},
			},
			{
				ConfigDirectory: config.StaticDirectory("../../examples/session-review"),
				ConfigVariables: vars(100000, "app_web", "app_mobile"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectChecks{
					"sessions_have_second_factor":      tfjson.CheckStatusFail,
					"persistent_sessions_are_recent":   tfjson.CheckStatusPass,
					"sessions_are_in_use":              tfjson.CheckStatusPass,
					"sessions_used_by_allowed_clients": tfjson.CheckStatusPass,
				}}},
			},
		},
	})
}

// The incident-response example as published: the review fails while the
// user has sessions and tokens; the resource form signs them out, and the
// data that apply reads (after the sign-out) shows nothing left; then the
// review passes.
func TestAccIncidentResponseExample(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "the example's action.tf has an action block, which OpenTofu does not parse (the resource runs on OpenTofu in TestAccSessionRevocationResource)")
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "auth0tokens") // the example names the provider by its registry address
	vars := func(signOut bool) config.Variables {
		return config.Variables{"user_id": config.StringVariable("auth0|alice"), "sign_out": config.BoolVariable(signOut)}
	}
	env := acctest.New(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Second}))
	env.TestSerial(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		Steps: []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory("../../examples/incident-response"),
				ConfigVariables: vars(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectChecks{"user_is_signed_out": tfjson.CheckStatusFail},
				}},
			},
			{
				ConfigDirectory: config.StaticDirectory("../../examples/incident-response"),
				ConfigVariables: vars(true),
				PostApplyFunc:   expectLeft(t, env, "auth0|alice", nil, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("sessions", knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownOutputValue("refresh_tokens", knownvalue.ListSizeExact(0)),
				},
			},
			{
				ConfigDirectory: config.StaticDirectory("../../examples/incident-response"),
				ConfigVariables: vars(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectChecks{"user_is_signed_out": tfjson.CheckStatusPass},
				}},
			},
		},
	})
}
