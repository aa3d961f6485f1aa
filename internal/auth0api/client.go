// Package auth0api is the only code that talks HTTP to Auth0. It wraps
// go-auth0 v3 with a context-aware, rate-limit-aware transport, classifies
// errors, and hands the rest of the provider plain Go types.
package auth0api

import (
	"cmp"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/option"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Config is a resolved provider configuration: exactly one credential kind set.
type Config struct {
	Domain string // host[:port], already normalised

	APIToken string

	ClientID                  string
	ClientSecret              string
	ClientAuthMethod          string // how ClientSecret is sent: AuthMethodSecretPost ("" too) or AuthMethodSecretBasic
	ClientAssertionPrivateKey string
	ClientAssertionSigningAlg string
	Audience                  string

	UserAgent         string
	ProviderVersion   string            // for run reports
	LogAtInfo         bool              // log each request at INFO rather than DEBUG
	MaxRequestsPerSec float64           // 0: no cap of our own
	Retry             RetryPolicy       // zero: DefaultRetryPolicy
	BaseTransport     http.RoundTripper // nil: http.DefaultTransport; tests put a recorder here
}

// How a client secret is sent to the token endpoint: Auth0 applications are
// set to one (token_endpoint_auth_method) and refuse the other.
const (
	AuthMethodSecretPost  = "client_secret_post"  // in the form body; Auth0's default for machine-to-machine applications
	AuthMethodSecretBasic = "client_secret_basic" // in an HTTP Basic header
)

// AuthMethods are the values Config.ClientAuthMethod takes.
var AuthMethods = []string{AuthMethodSecretPost, AuthMethodSecretBasic}

// Client calls the refresh-token endpoints of one tenant.
type Client struct {
	mgmt *client.Management
	// eaUnavailable remembers that the tenant refused an Early Access
	// endpoint, so later calls go straight to the GA fallback.
	eaListUnavailable   atomic.Bool
	eaRevokeUnavailable atomic.Bool
	// download fetches pre-signed export links: another host, so never
	// through the Management API's transport and its credentials.
	download *http.Client
	// Domain and ProviderVersion identify the tenant and the provider in reports.
	Domain, ProviderVersion string
}

// CredentialKind names the credentials in use, for logs.
func (c Config) CredentialKind() string {
	switch {
	case c.APIToken != "":
		return "api_token"
	case c.ClientAssertionPrivateKey != "":
		return "private_key_jwt"
	}
	return "client_secret"
}

// New builds a client. It makes no request: credentials are fetched on first
// use. ctx gives those later fetches its values (the provider's logger), not
// its deadline: it is usually the Configure request, which ends long before.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Domain == "" {
		return nil, errors.New("domain is empty")
	}
	retry := cfg.Retry
	if retry.MaxAttempts == 0 {
		retry = DefaultRetryPolicy
	}
	tr := newTransport(cfg.BaseTransport, cfg.UserAgent, retry, NewRateBudget(cfg.MaxRequestsPerSec), cfg.LogAtInfo)
	tr.credentialKind = cfg.CredentialKind()
	tr.domain = cfg.Domain
	httpClient := &http.Client{Transport: tr}

	// Credential options fetch the access token lazily with the context they
	// are given, so it must outlive any one Terraform request (WithoutCancel)
	// while keeping its logger, so the token request is logged like any other.
	// It carries our HTTP client so the token request is retried and paced too.
	credCtx := context.WithValue(context.WithoutCancel(ctx), oauth2.HTTPClient, httpClient)

	opts := []option.RequestOption{
		option.WithHTTPClient(httpClient),
		// One attempt per call: our transport retries. (go-auth0 v3's retrier
		// keeps only the attempt count of client options; a client-level
		// WithoutRetries is ignored.)
		option.WithMaxAttempts(1),
		option.WithNoAuth0ClientInfo(),
	}
	switch {
	case cfg.APIToken != "":
		opts = append(opts, option.WithToken(cfg.APIToken))
	case cfg.ClientAssertionPrivateKey != "":
		if cfg.Audience != "" {
			opts = append(opts, option.WithClientCredentialsPrivateKeyJwtAndAudience(credCtx, cfg.ClientID, cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg, cfg.Audience))
		} else {
			opts = append(opts, option.WithClientCredentialsPrivateKeyJwt(credCtx, cfg.ClientID, cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg))
		}
	case cfg.ClientSecret != "":
		// Not go-auth0's client-credentials options: they leave x/oauth2 to
		// auto-detect the method, which sends HTTP Basic first and the form
		// body after a 401, a failed exchange in the tenant's logs every run.
		style, err := authStyle(cfg.ClientAuthMethod)
		if err != nil {
			return nil, err
		}
		tr.authMethod = cmp.Or(cfg.ClientAuthMethod, AuthMethodSecretPost)
		audience := cmp.Or(cfg.Audience, "https://"+cfg.Domain+"/api/v2/")
		cc := &clientcredentials.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: "https://" + cfg.Domain + "/oauth/token",
			EndpointParams: url.Values{"audience": {audience}}, AuthStyle: style,
		}
		opts = append(opts, option.WithTokenSource(cc.TokenSource(credCtx)))
	default:
		return nil, errors.New("no credentials: set an API token, a client secret or a client assertion private key")
	}
	mgmt, err := client.New(cfg.Domain, opts...)
	if err != nil {
		return nil, err
	}
	base := cfg.BaseTransport
	if base == nil {
		base = http.DefaultTransport
	}
	return &Client{mgmt: mgmt, download: &http.Client{Transport: base}, Domain: cfg.Domain, ProviderVersion: cfg.ProviderVersion}, nil
}

// authStyle maps a client authentication method to how x/oauth2 sends the secret.
func authStyle(method string) (oauth2.AuthStyle, error) {
	switch method {
	case "", AuthMethodSecretPost:
		return oauth2.AuthStyleInParams, nil
	case AuthMethodSecretBasic:
		return oauth2.AuthStyleInHeader, nil
	}
	return 0, fmt.Errorf("the client authentication method %q is not supported; use %s", method, strings.Join(AuthMethods, " or "))
}

// NormalizeDomain accepts a tenant domain as people write it ("tenant.eu.auth0.com",
// "https://tenant.eu.auth0.com/", "127.0.0.1:8443") and returns host[:port].
func NormalizeDomain(raw string) (string, error) {
	d := strings.TrimSpace(raw)
	if d == "" {
		return "", errors.New("the domain is empty")
	}
	if strings.ContainsAny(d, " \t\r\n") {
		return "", fmt.Errorf("the domain %q contains white space", raw)
	}
	if rest, ok := strings.CutPrefix(strings.ToLower(d), "http://"); ok {
		return "", fmt.Errorf("the domain %q uses http://; Auth0 is served over HTTPS only, give the domain as %q", raw, strings.TrimSuffix(rest, "/"))
	}
	if len(d) >= len("https://") && strings.EqualFold(d[:len("https://")], "https://") {
		d = d[len("https://"):]
	}
	d = strings.TrimSuffix(d, "/")
	if strings.ContainsAny(d, "/?#@") {
		return "", fmt.Errorf("the domain %q has a path, query or user part; give only the host name, for example \"tenant.eu.auth0.com\"", raw)
	}
	u, err := url.Parse("https://" + d)
	if err != nil || u.Host != d || u.Hostname() == "" {
		return "", fmt.Errorf("the domain %q is not a valid host name", raw)
	}
	return strings.ToLower(d), nil
}

// ValidatePrivateKey checks that a client assertion key is a PEM private key
// go-auth0 can sign with, so a bad key fails at configuration, not as a 401 later.
func ValidatePrivateKey(pemText string) error {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return errors.New("the value is not PEM: it should start with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY)")
	}
	if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return nil
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return nil
	}
	if _, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		return nil
	}
	return fmt.Errorf("the PEM block %q is not an RSA or EC private key", block.Type)
}
