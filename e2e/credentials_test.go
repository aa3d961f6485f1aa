package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// One `terraform plan`, as a user runs it, sends the client secret to the
// token endpoint exactly once, by the method the application is set to: no
// refused exchange first in the tenant's logs, and a mismatch says how to fix it.
func TestTokenRequestOncePerRun(t *testing.T) {
	dev := newDevSetup(t)
	const secret = "once-per-run-client-secret"
	cases := []struct {
		name, client, method string
		want                 int    // the token request's status
		says                 string // in the plan's output
	}{
		{"client_secret_post by default", "m2m_post", "", 200, "count = 2"},
		{"client_secret_basic when configured", "m2m_basic", "client_secret_basic", 200, "count = 2"},
		{"mismatch", "m2m_basic", "", 401, "The client secret was sent as client_secret_post"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var tenant *tenantsim.Tenant
			srv := localTenant(t, tenantsim.Options{}, func(tn *tenantsim.Tenant) {
				tenant = tn
				tn.AddClient(tenantsim.Client{ID: "m2m_post", Secret: secret, Scopes: []string{"read:refresh_tokens"}})
				tn.AddClient(tenantsim.Client{ID: "m2m_basic", Secret: secret, Scopes: []string{"read:refresh_tokens"},
					TokenEndpointAuthMethod: tenantsim.AuthMethodSecretBasic})
				_ = tn.Generate(tenantsim.Generate{UserID: "auth0|once", ClientID: "web", Audience: "api", Prefix: "rt_once_", Count: 2})
			})
			work := configDir(t, `
provider "auth0tokens" {}
data "auth0tokens_refresh_tokens" "u" { user_id = "auth0|once" }
output "count" { value = length(data.auth0tokens_refresh_tokens.u.ids) }
`)
			cmd := exec.Command(dev.terraform, "plan", "-no-color")
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "TF_IN_AUTOMATION=1", "AUTH0_DOMAIN="+srv.Domain,
				"SSL_CERT_FILE="+srv.CAFile, "AUTH0_API_TOKEN=", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY=",
				"AUTH0_CLIENT_ID="+c.client, "AUTH0_CLIENT_SECRET="+secret, "AUTH0_CLIENT_AUTHENTICATION_METHOD="+c.method)
			out, err := cmd.CombinedOutput()
			if (err == nil) != (c.want == 200) || !says(string(out), c.says) {
				t.Fatalf("terraform plan: %v; want it to say %q:\n%s", err, c.says, out)
			}
			var answers []string
			for _, r := range tenant.Requests() {
				if r.Path == "/oauth/token" {
					answers = append(answers, fmt.Sprint(r.Status))
				}
			}
			if got := strings.Join(answers, ","); got != fmt.Sprint(c.want) {
				t.Fatalf("token requests answered [%s]; want exactly one, answered %d", got, c.want)
			}
		})
	}
}

// `terraform validate` refuses an unknown client_authentication_method in the
// provider block (it used to pass, and fail only at plan); the two methods pass.
func TestValidateRefusesUnknownClientAuthenticationMethod(t *testing.T) {
	dev := newDevSetup(t)
	cases := []struct {
		method string
		ok     bool
	}{
		{"client_secret_jwt", false},
		{"Client_Secret_Post", false},
		{"client_secret_post", true},
		{"client_secret_basic", true},
	}
	for _, c := range cases {
		t.Run(c.method, func(t *testing.T) {
			work := configDir(t, fmt.Sprintf(`
provider "auth0tokens" {
  client_authentication_method = %q
}
data "auth0tokens_refresh_tokens" "u" { user_id = "auth0|alice" }
`, c.method))
			cmd := exec.Command(dev.terraform, "validate", "-no-color")
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "TF_IN_AUTOMATION=1")
			out, err := cmd.CombinedOutput()
			if c.ok {
				if err != nil {
					t.Fatalf("terraform validate: %v; want it to pass:\n%s", err, out)
				}
				return
			}
			if err == nil || !says(string(out), "client_authentication_method") || !says(string(out), "client_secret_post") ||
				!says(string(out), "client_secret_basic") || !says(string(out), fmt.Sprintf("%q", c.method)) {
				t.Fatalf("terraform validate: %v; want it refused, naming the setting, the value and both methods:\n%s", err, out)
			}
		})
	}
}
