package refreshtoken_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// hostileCase is one bad input, run through real Terraform against a local
// tenant. allowed lists every request ("METHOD /path?query") the tenant may
// see; anything else fails the case.
type hostileCase struct {
	name    string
	config  string // may use %[1]s for the tenant's domain
	env     map[string]string
	want    string // regexp the error must match; "" means success
	allowed []string
	counts  map[string]int // exact number of some of the allowed requests
	opts    []acctest.Option
}

func dataToken(id string) string {
	return fmt.Sprintf(`data "auth0tokens_refresh_token" "t" { id = %q }`, id)
}

func dataList(user string) string {
	return fmt.Sprintf(`data "auth0tokens_refresh_tokens" "t" { user_id = %q }`, user)
}

func TestAccHostileInput(t *testing.T) {
	long := strings.Repeat("x", 10*1024)
	getToken := func(escaped string) []string { return []string{"GET /api/v2/refresh-tokens/" + escaped} }
	listUser := func(escaped string) []string { return []string{"GET /api/v2/users/" + escaped + "/refresh-tokens"} }
	cases := []hostileCase{
		{name: "empty token ID", config: dataToken(""), want: `Invalid Refresh Token ID(?s).*is empty`},
		{name: "whitespace token ID", config: dataToken("   "), want: `Invalid Refresh Token ID(?s).*is empty`},
		{name: "10 KB token ID", config: dataToken(long), want: `Invalid Refresh Token ID(?s).*10240 characters`},
		{name: "dot-dot token ID", config: dataToken(".."), want: `path segment`},
		{name: "slash in token ID", config: dataToken("a/b"), want: `Refresh Token Not Found`, allowed: getToken("a%2Fb")},
		{name: "traversal in token ID", config: dataToken("../../users/auth0|alice/refresh-tokens"), want: `Refresh Token Not Found`,
			allowed: getToken("..%2F..%2Fusers%2Fauth0%7Calice%2Frefresh-tokens")},
		{name: "query in token ID", config: dataToken("x?take=1"), want: `Refresh Token Not Found`, allowed: getToken("x%3Ftake=1")},
		{name: "fragment in token ID", config: dataToken("x#frag"), want: `Refresh Token Not Found`, allowed: getToken("x%23frag")},
		{name: "percent in token ID", config: dataToken("100%"), want: `Refresh Token Not Found`, allowed: getToken("100%25")},
		{name: "control character in user ID", config: `data "auth0tokens_refresh_tokens" "t" { user_id = "auth0|a\u0001b" }`, want: `Invalid User ID(?s).*control characters`},
		{name: "pipe in user ID", config: dataList("auth0|alice"), allowed: listUser("auth0%7Calice")},
		{name: "unicode user ID", config: dataList("auth0|ünïcødé"), want: `(?s)User Not Found.*user\s+does\s+not\s+exist\.\s+Check\s+the\s+user\s+ID`,
			allowed: listUser("auth0%7C%C3%BCn%C3%AFc%C3%B8d%C3%A9")},
		{name: "traversal in user ID", config: dataList("../../oauth/token"), want: `(?s)User Not Found`, allowed: listUser("..%2F..%2Foauth%2Ftoken")},
		{name: "padded user ID", config: dataList(" auth0|bob"), want: `Invalid User ID(?s).*white space`},
		{name: "10 KB user ID", config: dataList(long), want: `Invalid User ID(?s).*10240 characters`},
		{name: "empty client filter", config: `data "auth0tokens_refresh_tokens" "t" {
  user_id   = "auth0|alice"
  client_id = ""
}`, want: `Invalid Client ID`},
		{name: "duplicate token IDs", config: actionConfig(`token_ids = ["rt_bob_1", "rt_bob_1"]`),
			allowed: []string{"POST /api/v2/refresh-tokens/revoke", "DELETE /api/v2/refresh-tokens/rt_bob_1", "GET /api/v2/refresh-tokens/rt_bob_1", "GET /api/v2/users/auth0%7Cbob/refresh-tokens"},
			counts:  map[string]int{"GET /api/v2/refresh-tokens/rt_bob_1": 1, "DELETE /api/v2/refresh-tokens/rt_bob_1": 1}},
		{name: "white space inside a token ID", config: actionConfig(`token_ids = ["rt_bob_1 rt_bob_2"]`), want: `(?s)Invalid Refresh Token ID.*white space`},
		{name: "empty string in token IDs", config: actionConfig(`token_ids = ["rt_bob_1", ""]`), want: `Invalid Refresh Token ID`},
		{name: "150 token IDs are chunked", config: actionConfig(`token_ids = [for i in range(1, 151) : format("rt_many_%05d", i)]`),
			allowed: append([]string{"POST /api/v2/refresh-tokens/revoke", "GET /api/v2/users/auth0%7Cmany/refresh-tokens"}, manyByID(150)...),
			// Each ID read once; then the owner is listed to confirm, not each ID read again.
			counts: map[string]int{"POST /api/v2/refresh-tokens/revoke": 2, "DELETE /api/v2/refresh-tokens/rt_many_00001": 0, "GET /api/v2/refresh-tokens/rt_many_00001": 1},
			opts:   []acctest.Option{acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true})}},
		{name: "audience without client", config: actionConfig(`user_id = "auth0|bob"
    audience = "https://api.example.com/"`), want: `(?s)Invalid Attribute Combination.*client_id`},
		{name: "user with token IDs", config: actionConfig(`user_id = "auth0|bob"
    token_ids = ["rt_bob_1"]`), want: `(?s)Invalid Attribute Combination`},
		{name: "negative timeout", config: actionConfig(`user_id = "auth0|bob"
    timeout = "-1s"`), want: `Invalid Timeout`},
		{name: "dot-dot ID to adopt", config: adoptConfig("..", ""), want: `path segment`},
		{name: "traversal ID to adopt", config: adoptConfig("../../users/auth0|alice/refresh-tokens", ""),
			want: `Refresh Token Not Found`, allowed: getToken("..%2F..%2Fusers%2Fauth0%7Calice%2Frefresh-tokens")},
		{name: "padded ID to adopt", config: adoptConfig(" rt_alice_1", ""), want: `(?s)Invalid Refresh Token ID.*white space`},
		{name: "metadata key of control characters", config: adoptConfig("rt_alice_1", `  metadata = { "a\u0001" = "x" }`),
			allowed: []string{"GET /api/v2/refresh-tokens/rt_alice_1", "PATCH /api/v2/refresh-tokens/rt_alice_1", "DELETE /api/v2/refresh-tokens/rt_alice_1",
				"GET /api/v2/users/auth0%7Calice/refresh-tokens", "POST /api/v2/refresh-tokens/revoke"},
			counts: map[string]int{"PATCH /api/v2/refresh-tokens/rt_alice_1": 1}},
		{name: "domain with scheme and slash", config: `provider "auth0tokens" { domain = "https://%[1]s/" }
` + dataList("auth0|alice"), allowed: listUser("auth0%7Calice")},
		{name: "domain with path", config: `provider "auth0tokens" { domain = "%[1]s/api/v2" }
` + dataList("auth0|alice"), want: `(?s)Invalid Auth0 Domain.*path`},
		{name: "domain with spaces", config: `provider "auth0tokens" { domain = " %[1]s x" }
` + dataList("auth0|alice"), want: `(?s)Invalid Auth0 Domain.*white space`},
		{name: "domain with wrong port", config: `provider "auth0tokens" { domain = "127.0.0.1:1" }
` + dataList("auth0|alice"), want: `(?s)Auth0 Request Failed.*did\s+not\s+complete.*access\s+token.*connection\s+refused`},
		{name: "wrong client secret", config: dataList("auth0|alice"), env: map[string]string{"AUTH0_CLIENT_SECRET": "wrong-secret"},
			want: `(?s)Auth0 Authentication Failed.*access_denied`},
		{name: "missing scope", config: actionConfig(`user_id = "auth0|bob"`), env: map[string]string{"AUTH0_CLIENT_ID": "m2m_readonly", "AUTH0_CLIENT_SECRET": "acctest-local-only-readonly"},
			want: `(?s)Insufficient Auth0 Scope.*delete:refresh_tokens`, allowed: append(listUser("auth0%7Cbob"), "DELETE /api/v2/users/auth0%7Cbob/refresh-tokens")},
		{name: "API token of another tenant", config: dataList("auth0|alice"),
			env:  map[string]string{"AUTH0_API_TOKEN": "acctest-local-only-other-tenant-token"},
			want: `(?s)Auth0 Authentication Failed.*Bad audience`, allowed: listUser("auth0%7Calice")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.Contains(c.config, "action \"auth0tokens_") {
				acctest.SkipOnOpenTofu(t, "actions")
			}
			env := acctest.NewLocal(t, c.opts...)
			for k, v := range c.env {
				env.Setenv(k, v)
			}
			step := resource.TestStep{Config: c.config}
			if strings.Contains(c.config, "%[1]s") {
				step.Config = fmt.Sprintf(c.config, env.Domain)
			}
			if c.want != "" {
				step.ExpectError = regexp.MustCompile(c.want)
			}
			env.Test(resource.TestCase{Steps: []resource.TestStep{step}})

			seen := map[string]int{}
			for _, r := range env.Tenant.Requests() {
				call := r.Method + " " + r.Path
				if r.Path == "/oauth/token" {
					continue // the token exchange, with the configured credentials
				}
				seen[call]++
				if !slices.Contains(c.allowed, call) {
					t.Errorf("request outside the expected endpoints: %s", call)
				}
			}
			for call, n := range c.counts {
				if seen[call] != n {
					t.Errorf("%d × %s; want %d", seen[call], call, n)
				}
			}
		})
	}
}

// manyByID are the one-by-one revocations (the local tenant has no bulk
// endpoint by default) and checks of rt_many_00001...
func manyByID(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("DELETE /api/v2/refresh-tokens/rt_many_%05d", i), fmt.Sprintf("GET /api/v2/refresh-tokens/rt_many_%05d", i))
	}
	return out
}
