package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/provider"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// The client secret goes to the token endpoint once per provider run, by the
// method the application is set to: no failed exchange in the tenant's logs
// first, and a mismatch says which method was sent and how to change it.
func TestAccProviderClientAuthenticationMethod(t *testing.T) {
	const basicSecret = "acctest-local-only-basic"
	cases := []struct {
		name   string
		client string            // "" the seed's first client (client_secret_post)
		env    map[string]string // extra provider settings
		block  string            // extra provider block lines
		want   *regexp.Regexp    // nil: the read succeeds
	}{
		{name: "default is client_secret_post"},
		{name: "client_secret_basic from the environment", client: "m2m_basic",
			env: map[string]string{provider.EnvClientAuthenticationMethod: "client_secret_basic"}},
		{name: "client_secret_basic in the provider block", client: "m2m_basic", block: `client_authentication_method = "client_secret_basic"`},
		{name: "post to a basic application", client: "m2m_basic",
			want: regexp.MustCompile(`(?s)Auth0 Authentication Failed.*sent as\s+client_secret_post.*may be set to\s+client_secret_basic.*client_authentication_method.*AUTH0_CLIENT_AUTHENTICATION_METHOD`)},
		{name: "basic to a post application", env: map[string]string{provider.EnvClientAuthenticationMethod: "client_secret_basic"},
			want: regexp.MustCompile(`(?s)Auth0 Authentication Failed.*sent as\s+client_secret_basic.*may be set to\s+client_secret_post`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := acctest.NewLocal(t, acctest.WithTenantSetup(func(tn *tenantsim.Tenant) {
				tn.AddClient(tenantsim.Client{ID: "m2m_basic", Secret: basicSecret, Scopes: []string{"read:refresh_tokens"},
					TokenEndpointAuthMethod: tenantsim.AuthMethodSecretBasic})
			}))
			if c.client != "" {
				env.Setenv(provider.EnvClientID, c.client)
				env.Setenv(provider.EnvClientSecret, basicSecret)
			}
			for k, v := range c.env {
				env.Setenv(k, v)
			}
			// Count the provider runs (one per Terraform command) to bound the token requests.
			var runs atomic.Int32
			serve := env.ProviderFactories()["auth0tokens"]
			env.Test(resource.TestCase{
				ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
					"auth0tokens": func() (tfprotov6.ProviderServer, error) { runs.Add(1); return serve() },
				},
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`provider "auth0tokens" {
  %s
}
data "auth0tokens_refresh_token" "t" { id = "rt_alice_1" }
`, c.block),
					ExpectError: c.want,
					Check:       resource.TestCheckResourceAttr("data.auth0tokens_refresh_token.t", "user_id", "auth0|alice"),
				}},
			})
			var answers []int
			for _, r := range env.Tenant.Requests() {
				if r.Path == "/oauth/token" {
					answers = append(answers, r.Status)
				}
			}
			want := http.StatusOK
			if c.want != nil {
				want = http.StatusUnauthorized
			}
			if len(answers) == 0 || len(answers) > int(runs.Load()) {
				t.Fatalf("%d token requests in %d provider runs (answered %v); want at most one a run", len(answers), runs.Load(), answers)
			}
			for _, s := range answers {
				if s != want {
					t.Fatalf("token requests answered %v; want every one %d (the configured method only)", answers, want)
				}
			}
		})
	}
}

// A refused token exchange is remembered for the rest of the provider run:
// a configuration with many data sources and a wrong secret (or the wrong
// method) makes one failed login in the tenant's logs, not one per block.
func TestAccProviderRefusedCredentialsAskOnce(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
	}{
		{name: "wrong secret", env: map[string]string{provider.EnvClientSecret: "not-the-secret"}},
		{name: "wrong method", env: map[string]string{provider.EnvClientAuthenticationMethod: "client_secret_basic"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := acctest.NewLocal(t)
			for k, v := range c.env {
				env.Setenv(k, v)
			}
			config := ""
			for i := range 6 {
				config += fmt.Sprintf("data \"auth0tokens_refresh_tokens\" \"t%d\" { user_id = \"auth0|alice\" }\n", i)
			}
			env.Test(resource.TestCase{Steps: []resource.TestStep{{
				Config:      config,
				ExpectError: regexp.MustCompile(`Auth0 Authentication Failed`),
			}}})
			var answers []int
			for _, r := range env.Tenant.Requests() {
				if r.Path == "/oauth/token" {
					answers = append(answers, r.Status)
				}
			}
			if len(answers) != 1 || answers[0] != http.StatusUnauthorized {
				t.Fatalf("token requests answered %v; want exactly one, refused with 401, for six data sources", answers)
			}
		})
	}
}
