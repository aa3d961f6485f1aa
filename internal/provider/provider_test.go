package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/provider"
)

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"auth0tokens": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// A configuration whose provider block is validated by reading one data source.
func config(block string) string {
	return `provider "auth0tokens" {
` + block + `
}
data "auth0tokens_refresh_token" "t" { id = "rt_1" }
`
}

const secret = "s3cr3t-value-that-must-not-leak"

func clearEnv(t *testing.T) {
	for _, v := range []string{"AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY",
		"AUTH0_CLIENT_ASSERTION_SIGNING_ALG", "AUTH0_API_TOKEN", "AUTH0_AUDIENCE", "AUTH0_DEBUG", "AUTH0_MAX_REQUESTS_PER_SECOND", "AUTH0_CLIENT_AUTHENTICATION_METHOD"} {
		t.Setenv(v, "")
	}
	t.Setenv("TF_CLI_CONFIG_FILE", "")
}

func TestProviderConfigurationErrors(t *testing.T) {
	cases := []struct {
		name, block string
		env         map[string]string
		want        string
	}{
		{"nothing", ``, nil, `(?s)Missing Auth0 Domain.*AUTH0_DOMAIN`},
		{"no credentials", `domain = "tenant.eu.auth0.com"`, nil, `(?s)Missing Auth0 Credentials.*AUTH0_CLIENT_ID`},
		{"secret without id", `domain = "tenant.eu.auth0.com"
  client_secret = "` + secret + `"`, nil, `(?s)Missing Auth0 Client ID.*"client_secret" provider attribute`},
		{"secret from env without id", `domain = "tenant.eu.auth0.com"`, map[string]string{"AUTH0_CLIENT_SECRET": secret}, `(?s)Missing Auth0 Client ID.*AUTH0_CLIENT_SECRET environment variable`},
		{"id without secret", `domain = "tenant.eu.auth0.com"
  client_id = "abc"`, nil, `(?s)Missing Auth0 Client Credentials.*client_secret`},
		{"token and secret", `domain = "tenant.eu.auth0.com"
  api_token = "` + secret + `"
  client_id = "abc"
  client_secret = "` + secret + `"`, nil, `(?s)Conflicting Auth0 Credentials.*"api_token".*"client_secret"`},
		{"key and secret", `domain = "tenant.eu.auth0.com"
  client_id = "abc"
  client_assertion_private_key = "` + secret + `"
  client_secret = "` + secret + `"`, nil, `(?s)Conflicting Auth0 Credentials`},
		{"bad key", `domain = "tenant.eu.auth0.com"
  client_id = "abc"
  client_assertion_private_key = "` + secret + `"`, nil, `(?s)Invalid Client Assertion Private Key.*not PEM`},
		{"bad alg", `domain = "tenant.eu.auth0.com"
  client_id = "abc"
  client_secret = "x"
  client_assertion_signing_alg = "HS256"`, nil, `(?s)client_assertion_signing_alg.*RS256`},
		{"unknown client authentication method", `domain = "tenant.eu.auth0.com"
  client_id = "abc"
  client_secret = "x"
  client_authentication_method = "client_secret_jwt"`, nil, `(?s)Invalid Client Authentication Method.*"client_secret_jwt".*client_secret_post.*client_secret_basic`},
		{"unknown client authentication method from env", `domain = "tenant.eu.auth0.com"
  client_id = "abc"
  client_secret = "x"`, map[string]string{"AUTH0_CLIENT_AUTHENTICATION_METHOD": "basic"}, `(?s)Invalid Client Authentication Method.*"basic".*AUTH0_CLIENT_AUTHENTICATION_METHOD`},
		{"private_key_jwt as the method", `domain = "tenant.eu.auth0.com"
  client_id = "abc"
  client_secret = "x"
  client_authentication_method = "private_key_jwt"`, nil, `(?s)Invalid Client Authentication Method.*client_assertion_private_key`},
		{"method beside a private key", `domain = "tenant.eu.auth0.com"
  client_id = "abc"
  client_assertion_private_key = "not-a-key"
  client_authentication_method = "client_secret_basic"`, nil, `(?s)Conflicting Auth0 Credentials.*Private Key JWT`},
		{"domain with path", `domain = "https://tenant.eu.auth0.com/api/v2"
  api_token = "x"`, nil, `(?s)Invalid Auth0 Domain.*path`},
		{"domain with spaces", `domain = "tenant .auth0.com"
  api_token = "x"`, nil, `(?s)Invalid Auth0 Domain.*white space`},
		{"http domain", `domain = "http://tenant.eu.auth0.com"
  api_token = "x"`, nil, `(?s)Invalid Auth0 Domain.*HTTPS`},
		{"bad rate from env", `domain = "tenant.eu.auth0.com"
  api_token = "x"`, map[string]string{"AUTH0_MAX_REQUESTS_PER_SECOND": "fast"}, `(?s)Invalid Request Rate Cap.*AUTH0_MAX_REQUESTS_PER_SECOND`},
		// It used to be dropped silently (debug stayed off).
		{"debug yes from env", `domain = "tenant.eu.auth0.com"
  api_token = "x"`, map[string]string{"AUTH0_DEBUG": "yes"}, `(?s)Invalid Debug Setting.*AUTH0_DEBUG.*"yes"`},
		{"debug garbage from env", `domain = "tenant.eu.auth0.com"
  api_token = "x"`, map[string]string{"AUTH0_DEBUG": "garbage"}, `(?s)Invalid Debug Setting.*"garbage"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps: []resource.TestStep{{
					Config:      config(c.block),
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
		})
	}
}

// No configuration error may repeat a sensitive value. (Secrets come from the
// environment here: Terraform itself quotes the offending configuration line.)
func TestProviderErrorsNeverShowSecrets(t *testing.T) {
	clearEnv(t)
	t.Setenv("AUTH0_CLIENT_SECRET", secret)
	t.Setenv("AUTH0_CLIENT_ASSERTION_PRIVATE_KEY", secret)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: config(`domain = "tenant.eu.auth0.com"`),
			// Matches any error text that does not contain the secret anywhere.
			ExpectError: regexp.MustCompile(`^(?s:(?:[^s]|s[^3]|s3[^c])*)$`),
		}},
	})
}

// Settings unknown at plan time (a domain from a resource not created yet)
// do not fail a plan that only needs the revocation resource.
func TestProviderUnknownDomainDoesNotFailPlan(t *testing.T) {
	clearEnv(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "domain" { input = "tenant.eu.auth0.com" }
provider "auth0tokens" {
  domain    = terraform_data.domain.output
  api_token = "x"
}
resource "auth0tokens_refresh_token_revocation" "r" {
  user_id          = "auth0|u"
  revoke_on_create = false
}
`,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
