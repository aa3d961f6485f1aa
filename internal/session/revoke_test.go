package session_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// actionConfig triggers the action once, after a terraform_data is created.
func actionConfig(body string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = "sign out"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.auth0tokens_revoke_sessions.this]
    }
  }
}

action "auth0tokens_revoke_sessions" "this" {
  config {
%s
  }
}
`, body)
}

// expectLeft checks, through the test's recorder, which of a user's sessions
// and refresh tokens are still listed.
func expectLeft(t *testing.T, env *acctest.Env, user string, sessions, tokens []string) func() {
	return func() {
		ctx := context.Background()
		ss, err := env.Client().ListSessions(ctx, user)
		if err != nil {
			t.Errorf("listing sessions: %v", err)
			return
		}
		ts, err := env.Client().ListTokens(ctx, auth0api.ListQuery{UserID: user})
		if err != nil {
			t.Errorf("listing tokens: %v", err)
			return
		}
		var gotS, gotT []string
		for _, s := range ss {
			gotS = append(gotS, s.ID)
		}
		for _, t := range ts {
			gotT = append(gotT, t.ID)
		}
		if strings.Join(gotS, ",") != strings.Join(sessions, ",") || strings.Join(gotT, ",") != strings.Join(tokens, ",") {
			t.Errorf("left for %s: sessions %v, tokens %v; want %v and %v", user, gotS, gotT, sessions, tokens)
		}
	}
}

func runAction(t *testing.T, body string, check func(*acctest.Env) func(), opts ...acctest.Option) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.New(t, opts...)
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  []resource.TestStep{{Config: actionConfig(body), PostApplyFunc: check(env)}},
	})
}

// Signed out everywhere: no session and no refresh token is left, including
// rt_alice_2, which no session is bound to.
func TestAccRevokeSessions_user(t *testing.T) {
	runAction(t, `user_id = "auth0|alice"`, func(env *acctest.Env) func() {
		return expectLeft(t, env, "auth0|alice", nil, nil)
	}, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Second}))
}

func TestAccRevokeSessions_userSessionsOnly(t *testing.T) {
	runAction(t, `user_id = "auth0|alice"
    include_refresh_tokens = false`, func(env *acctest.Env) func() {
		return expectLeft(t, env, "auth0|alice", nil, []string{"rt_alice_2", "rt_alice_1", "rt_alice_3"})
	})
}

// By ID: the session and the token bound to it go; an unknown ID is named, not counted.
func TestAccRevokeSessions_byID(t *testing.T) {
	runAction(t, `session_ids = ["sess_alice_1", "sess_does_not_exist"]`, func(env *acctest.Env) func() {
		return expectLeft(t, env, "auth0|alice", []string{"sess_alice_3"}, []string{"rt_alice_2", "rt_alice_3"})
	}, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Second}))
}

func TestAccRevokeSessions_byIDSessionOnly(t *testing.T) {
	runAction(t, `session_ids = ["sess_alice_1"]
    include_refresh_tokens = false`, func(env *acctest.Env) func() {
		return expectLeft(t, env, "auth0|alice", []string{"sess_alice_3"}, []string{"rt_alice_2", "rt_alice_1", "rt_alice_3"})
	})
}

// A user with nothing to revoke was reached: the report says "nothing" for
// them, not "not_started" (which means the run stopped before them).
func TestAccRevokeSessions_nothingToRevoke(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report.json")
	runAction(t, fmt.Sprintf(`user_id = "auth0|nobody"
    report_file = %q`, report), func(env *acctest.Env) func() {
		left := expectLeft(t, env, "auth0|nobody", nil, nil)
		return func() {
			rep := acctest.ReadReport(t, report)
			if len(rep.Users) != 1 || rep.Users[0].Outcome != "nothing" || rep.Totals.NotStartedUsers != 0 || rep.Status != "succeeded" {
				t.Errorf("report: %+v; want auth0|nobody with outcome nothing, none not started", rep)
			}
			left()
		}
	})
}

func TestAccRevokeSessions_validation(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	cases := []struct{ body, want string }{
		{`user_id = "auth0|alice"
    session_ids = ["sess_alice_1"]`, `(?s)Invalid Attribute Combination.*user_id.*session_ids`},
		{`wait = true`, `(?s)Missing Attribute Configuration.*Exactly one of.*user_id,user_ids,session_ids`},
		{`session_ids = ["sess alice"]`, `(?s)Invalid Session ID.*white space`},
		{`session_ids = [""]`, `(?s)Invalid Session ID.*empty`},
		{`session_ids = [".."]`, `(?s)Invalid Session ID.*path segment`},
		{`user_id = "auth0|alice"
    timeout = "soon"`, `(?s)Invalid Timeout.*"soon"`},
	}
	steps := make([]resource.TestStep, len(cases))
	for i, c := range cases {
		steps[i] = resource.TestStep{Config: actionConfig(c.body), ExpectError: regexp.MustCompile(c.want)}
	}
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                  steps,
	})
}

func TestAccRevokeSessions_userNotFound(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{Config: actionConfig(`user_id = "auth0|ghost"`),
			ExpectError: regexp.MustCompile(`(?s)User Not Found.*sessions\s+of\s+user`)}},
	})
}

func TestAccFaultSessionRevocationNeverPropagates(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour})).Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: actionConfig(`user_id = "auth0|alice"
    timeout = "2s"`),
			ExpectError: regexp.MustCompile(`(?s)Revocation Not Yet Effective.*after\s+2s:\s+2\s+sessions\s+are\s+still\s+listed:\s+sess_alice_1,\s+sess_alice_3`),
		}},
	})
}

const revocationAddr = "auth0tokens_session_revocation.this"

// The resource form, for OpenTofu and Terraform < 1.14: signs out on create
// and records what it did.
func TestAccSessionRevocationResource(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: `resource "auth0tokens_session_revocation" "this" {
  user_id  = "auth0|alice"
  triggers = { incident = "INC-1" }
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_token_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_at"), knownvalue.NotNull()),
				},
				PostApplyFunc: expectLeft(t, env, "auth0|alice", nil, nil),
			},
		},
	})
}

func TestAccSessionRevocationResource_validationAndImport(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      `resource "auth0tokens_session_revocation" "this" {}`,
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*user_id,user_ids,session_ids`),
			},
			{
				Config:        `resource "auth0tokens_session_revocation" "this" { user_id = "auth0|alice" }`,
				ResourceName:  revocationAddr,
				ImportState:   true,
				ImportStateId: "anything",
				ExpectError:   regexp.MustCompile(`Import Not Supported`),
			},
		},
	})
}

// Hostile session IDs stay in their path segment; unknown ones are named,
// the real one is revoked. The request log proves where requests went.
func TestAccRevokeSessions_hostileIDs(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: actionConfig(`session_ids = ["../users/auth0|alice/sessions", "x?take=1", "100%", "sess_alice_1"]`),
				PostApplyFunc: expectLeft(t, env, "auth0|alice", []string{"sess_alice_3"}, []string{"rt_alice_2", "rt_alice_3"})},
		},
	})
	allowed := []string{
		"GET /api/v2/sessions/..%2Fusers%2Fauth0%7Calice%2Fsessions", "GET /api/v2/sessions/x%3Ftake=1", "GET /api/v2/sessions/100%25",
		"GET /api/v2/sessions/sess_alice_1", "POST /api/v2/sessions/sess_alice_1/revoke",
		"GET /api/v2/users/auth0%7Calice/refresh-tokens", "GET /api/v2/users/auth0%7Calice/sessions", "GET /api/v2/refresh-tokens/rt_alice_1",
	}
	for _, r := range env.Tenant.Requests() {
		if call := r.Method + " " + r.Path; r.Path != "/oauth/token" && !slices.Contains(allowed, call) {
			t.Errorf("request outside the expected endpoints: %s", call)
		}
	}
}

func withFault(f tenantsim.Fault) acctest.Option {
	return acctest.WithTenantSetup(func(t *tenantsim.Tenant) { t.AddFault(f) })
}

// Faults on the session endpoints end in the right result or a diagnostic
// that says what happened and what to do.
func TestAccFaultSessions(t *testing.T) {
	list := `data "auth0tokens_sessions" "s" { user_id = "auth0|alice" }`
	for name, c := range map[string]struct {
		fault tenantsim.Fault
		want  string
	}{
		"persistent 503":         {tenantsim.Fault{PathPrefix: "/api/v2/users/", Status: 503}, `(?s)Auth0 Request Failed.*retried and still failed`},
		"persistent 429":         {tenantsim.Fault{PathPrefix: "/api/v2/users/", Status: 429}, `(?s)Auth0 Rate Limit Exceeded.*max_requests_per_second`},
		"dropped twice, recover": {tenantsim.Fault{PathPrefix: "/api/v2/users/", Drop: true, Times: 2}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			step := resource.TestStep{Config: list}
			if c.want != "" {
				step.ExpectError = regexp.MustCompile(c.want)
			} else {
				step.ConfigStateChecks = []statecheck.StateCheck{statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), strs("sess_alice_1", "sess_alice_3"))}
			}
			acctest.NewLocal(t, withFault(c.fault)).Test(resource.TestCase{Steps: []resource.TestStep{step}})
		})
	}
}

// Many users signed out in one action: ghost is named, the others are signed out.
func TestAccRevokeSessions_userIDs(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	env := acctest.NewLocal(t)
	// ghost does not exist: named in a warning (so that a re-run
	// comes out clean) and in the report, not a failure.
	file := filepath.Join(t.TempDir(), "report.json")
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: actionConfig(fmt.Sprintf(`user_ids = ["auth0|alice", "auth0|bob", "auth0|nobody", "auth0|ghost"]
    report_file = %q`, file)),
		}},
	})
	rep := acctest.ReadReport(t, file)
	if !strings.Contains(acctest.ReportedUsers(rep), "auth0|ghost=not_found") || rep.Totals.Sessions != 2 || rep.Totals.RefreshTokens != 7 {
		t.Fatalf("report: %s %+v", acctest.ReportedUsers(rep), rep.Totals)
	}
	for _, user := range []string{"auth0|alice", "auth0|bob"} {
		if s, tk := env.Tenant.ListedSessions(user), env.Tenant.Listed(user); len(s)+len(tk) != 0 {
			t.Errorf("%s still has sessions %v and tokens %v", user, s, tk)
		}
	}
}
