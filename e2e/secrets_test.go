package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// TestSecretsNeverLeak runs plan, apply and an action with TF_LOG=TRACE for
// every credential kind, with the provider built from this tree, and proves
// that no credential, and no access token the tenant issued, appears in the
// log, the state, the plan JSON or anything Terraform printed.
func TestSecretsNeverLeak(t *testing.T) {
	dev := newDevSetup(t)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(key)
	pubDER, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	privatePEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
	publicPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}))

	const secret, apiToken = "leak-check-client-secret-5f1e", "leak-check-api-token-9c2d"
	scopes := []string{"read:refresh_tokens", "delete:refresh_tokens"}
	kinds := map[string][]string{
		"client secret":   {"AUTH0_CLIENT_ID=m2m_secret", "AUTH0_CLIENT_SECRET=" + secret},
		"private key JWT": {"AUTH0_CLIENT_ID=m2m_jwt", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY=" + privatePEM, "AUTH0_CLIENT_ASSERTION_SIGNING_ALG=RS256"},
		"API token":       {"AUTH0_API_TOKEN=" + apiToken},
	}
	for kind, creds := range kinds {
		t.Run(kind, func(t *testing.T) {
			var tenant *tenantsim.Tenant
			srv := localTenant(t, tenantsim.Options{}, func(tn *tenantsim.Tenant) {
				tenant = tn
				tn.AddClient(tenantsim.Client{ID: "m2m_secret", Secret: secret, Scopes: scopes})
				tn.AddClient(tenantsim.Client{ID: "m2m_jwt", PublicKey: publicPEM, Scopes: scopes})
				tn.AddAPIToken(tenantsim.APIToken{Token: apiToken, Scopes: scopes})
				_ = tn.Generate(tenantsim.Generate{UserID: "auth0|leak", ClientID: "web", Audience: "api", Prefix: "rt_leak_", Count: 3})
			})
			work := configDir(t, `
provider "auth0tokens" {}
data "auth0tokens_refresh_tokens" "u" { user_id = "auth0|leak" }
resource "auth0tokens_refresh_token_revocation" "r" {
  user_id          = "auth0|leak"
  revoke_on_create = false
}
action "auth0tokens_revoke_refresh_tokens" "u" {
  config { user_id = "auth0|leak" }
}
output "count" { value = length(data.auth0tokens_refresh_tokens.u.ids) }
`)
			logFile := filepath.Join(work, "trace.log")
			env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig, "AUTH0_DOMAIN="+srv.Domain, "SSL_CERT_FILE="+srv.CAFile,
				"TF_LOG=TRACE", "TF_LOG_PATH="+logFile, "TF_IN_AUTOMATION=1", "AUTH0_DEBUG=true")
			for _, v := range []string{"AUTH0_API_TOKEN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY"} {
				env = append(env, v+"=")
			}
			env = append(env, creds...)
			var printed strings.Builder
			run := func(args ...string) {
				cmd := exec.Command(dev.terraform, args...)
				cmd.Dir, cmd.Env = work, env
				out, err := cmd.CombinedOutput()
				printed.Write(out)
				if err != nil {
					t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
			run("plan", "-no-color", "-out=tfplan")
			run("show", "-no-color", "-json", "tfplan")
			run("apply", "-no-color", "-auto-approve", "tfplan")
			run("apply", "-no-color", "-auto-approve", "-invoke=action.auth0tokens_revoke_refresh_tokens.u")
			if !strings.Contains(printed.String(), "count = 3") || !strings.Contains(printed.String(), "Revoked 3 refresh tokens") {
				t.Fatalf("the run did not read and revoke the tokens:\n%s", printed.String())
			}

			secrets := []string{secret, apiToken, strings.Split(privatePEM, "\n")[1]}
			secrets = append(secrets, tenant.IssuedAccessTokens()...)
			if kind != "API token" && len(tenant.IssuedAccessTokens()) == 0 {
				t.Fatal("the tenant issued no access token: the credentials were not exercised")
			}
			logData, err := os.ReadFile(logFile)
			if err != nil || len(logData) < 10_000 {
				t.Fatalf("trace log missing or short (%d bytes): %v", len(logData), err)
			}
			if !strings.Contains(string(logData), "Auth0 API request") {
				t.Fatal("the trace log has no request lines from the provider: the test would prove nothing")
			}
			// The token exchange is logged like any other request (it used to go
			// out with a context that had no logger), and so is checked here too.
			if kind != "API token" && !strings.Contains(string(logData), "/oauth/token") {
				t.Error("the trace log has no line for the /oauth/token request")
			}
			state, _ := os.ReadFile(filepath.Join(work, "terraform.tfstate"))
			for name, data := range map[string]string{"trace log": string(logData), "state": string(state), "output and plan JSON": printed.String()} {
				for i, s := range secrets {
					if strings.Contains(data, s) {
						t.Errorf("the %s contains credential #%d of %d (not printed)", name, i+1, len(secrets))
					}
				}
			}
		})
	}
}
