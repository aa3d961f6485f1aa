package shared

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

func rsaKeyPEMs(t *testing.T) (private, public string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
}

// "Auth0 Authentication Failed" says what to check for the credential in use,
// once: an API token is not told about client secrets, a secret is told which
// method it was sent by, a private key about its key and algorithm.
func TestAuthenticationFailedSaysWhatToCheckPerCredential(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	scopes := []string{auth0api.ScopeRead}
	_, registeredPublic := rsaKeyPEMs(t)
	otherPrivate, _ := rsaKeyPEMs(t)
	tenant.AddClient(tenantsim.Client{ID: "m2m_post", Secret: "post-secret", Scopes: scopes})
	tenant.AddClient(tenantsim.Client{ID: "m2m_basic", Secret: "basic-secret", Scopes: scopes, TokenEndpointAuthMethod: tenantsim.AuthMethodSecretBasic})
	tenant.AddClient(tenantsim.Client{ID: "m2m_jwt", PublicKey: registeredPublic, Scopes: scopes})
	tenant.AddAPIToken(tenantsim.APIToken{Token: "good-token", Scopes: scopes})
	tenant.AddUser("auth0|u")
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })

	cases := []struct {
		name    string
		cfg     auth0api.Config
		want    []string // each in the detail
		notWant []string // none in the detail (case-insensitive)
	}{
		{name: "API token", cfg: auth0api.Config{APIToken: "bad"},
			want:    []string{"Invalid token", "API token", "expired", "api_token", "AUTH0_API_TOKEN"},
			notWant: []string{"secret", "private key", "client ID", "client_authentication_method"}},
		{name: "client secret, post", cfg: auth0api.Config{ClientID: "m2m_post", ClientSecret: "not-the-secret"},
			want:    []string{"client_secret_post", "client ID", "client secret", "client_authentication_method", "AUTH0_CLIENT_AUTHENTICATION_METHOD"},
			notWant: []string{"API token", "private key", "not-the-secret"}},
		{name: "client secret, basic", cfg: auth0api.Config{ClientID: "m2m_post", ClientSecret: "post-secret", ClientAuthMethod: auth0api.AuthMethodSecretBasic},
			want:    []string{"client_secret_basic", "client_secret_post", "client ID", "client_authentication_method"},
			notWant: []string{"API token", "private key", "post-secret"}},
		{name: "client secret, wrong audience", cfg: auth0api.Config{ClientID: "m2m_post", ClientSecret: "post-secret", Audience: "https://elsewhere.example/api/v2/"},
			want:    []string{"403", "Machine To Machine", "audience", "AUTH0_AUDIENCE"},
			notWant: []string{"API token", "private key", "client_secret_basic"}},
		{name: "private key JWT", cfg: auth0api.Config{ClientID: "m2m_jwt", ClientAssertionPrivateKey: otherPrivate, ClientAssertionSigningAlg: "RS256"},
			want:    []string{"private key", "client_assertion_signing_alg", "public key", "client ID"},
			notWant: []string{"secret", "API token", "client_authentication_method"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := c.cfg
			cfg.Domain, cfg.UserAgent, cfg.BaseTransport = srv.Domain, "test", srv.Transport()
			cfg.Retry = auth0api.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
			client, err := auth0api.New(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
			var diags diag.Diagnostics
			AddAPIError(&diags, `listing the refresh tokens of "auth0|u"`, err)
			if len(diags) != 1 || diags[0].Summary() != "Auth0 Authentication Failed" {
				t.Fatalf("diagnostics %v; want one Auth0 Authentication Failed", diags)
			}
			detail := diags[0].Detail()
			for _, w := range c.want {
				if !strings.Contains(detail, w) {
					t.Errorf("the detail does not say %q:\n%s", w, detail)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(strings.ToLower(detail), strings.ToLower(w)) {
					t.Errorf("the detail says %q, which does not fit this credential:\n%s", w, detail)
				}
			}
			seen := map[string]bool{}
			for _, s := range strings.Split(detail, ". ") {
				s = strings.ToLower(strings.TrimSpace(s))
				if seen[s] {
					t.Errorf("the detail repeats %q:\n%s", s, detail)
				}
				seen[s] = true
			}
			if n := strings.Count(strings.ToLower(detail), "check "); n != 1 {
				t.Errorf("the detail says \"check\" %d times; want one list of what to check:\n%s", n, detail)
			}
		})
	}
}
