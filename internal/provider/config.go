package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Environment variables, the same names the official Auth0 provider reads.
const (
	EnvDomain                     = "AUTH0_DOMAIN"
	EnvClientID                   = "AUTH0_CLIENT_ID"
	EnvClientSecret               = "AUTH0_CLIENT_SECRET"
	EnvClientAssertionPrivateKey  = "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY"
	EnvClientAssertionSigningAlg  = "AUTH0_CLIENT_ASSERTION_SIGNING_ALG"
	EnvAPIToken                   = "AUTH0_API_TOKEN"
	EnvAudience                   = "AUTH0_AUDIENCE"
	EnvDebug                      = "AUTH0_DEBUG"
	EnvMaxRequestsPerSecond       = "AUTH0_MAX_REQUESTS_PER_SECOND"
	EnvClientAuthenticationMethod = "AUTH0_CLIENT_AUTHENTICATION_METHOD"
)

var signingAlgs = []string{"RS256", "RS384", "PS256"}

// setting is one resolved attribute: the configuration wins over the environment.
type setting struct {
	attr, env string
	value     string
	fromEnv   bool
}

// settings resolves attributes against an environment lookup (os.Getenv in
// production; acceptance tests give each test its own, so they can run in parallel).
type settings func(name string) string

func (getenv settings) resolve(v types.String, attr, env string) setting {
	if !v.IsNull() && !v.IsUnknown() {
		return setting{attr: attr, env: env, value: v.ValueString()}
	}
	return setting{attr: attr, env: env, value: strings.TrimSpace(getenv(env)), fromEnv: true}
}

// where names the place the user can fix a setting.
func (s setting) where() string {
	if s.fromEnv {
		return fmt.Sprintf("the %s environment variable", s.env)
	}
	return fmt.Sprintf("the %q provider attribute", s.attr)
}

func (s setting) set() bool { return s.value != "" }

// configure turns the provider block and environment into the data every
// type receives. Unknown values (a domain from a resource not yet created)
// are not errors: the provider is left unconfigured and the types that need
// a client say so when they are read.
func configure(ctx context.Context, m Model, version string, rt http.RoundTripper, getenv settings, diags *diag.Diagnostics) *shared.ProviderData {
	for _, v := range []attr.Value{m.Domain, m.ClientID, m.ClientSecret, m.ClientAuthMethod, m.ClientAssertionPrivateKey, m.ClientAssertionSigningAlg,
		m.APIToken, m.Audience, m.Debug, m.MaxRequestsPerSecond} {
		if v.IsUnknown() {
			tflog.Debug(ctx, "Provider configuration has unknown values; Auth0 client deferred")
			return &shared.ProviderData{}
		}
	}
	cfg := auth0api.Config{UserAgent: "terraform-provider-auth0tokens/" + version, ProviderVersion: version, BaseTransport: rt}
	getenv.domain(m, &cfg, diags)
	getenv.credentials(m, &cfg, diags)
	getenv.limits(m, &cfg, diags)
	if diags.HasError() {
		return nil
	}
	client, err := auth0api.New(ctx, cfg)
	if err != nil {
		diags.AddError("Unable To Create Auth0 Client", "The Auth0 client could not be built: "+err.Error())
		return nil
	}
	tflog.Debug(ctx, "Configured Auth0 client", map[string]any{"domain": cfg.Domain, "credentials": cfg.CredentialKind()})
	return &shared.ProviderData{Client: client}
}

func (getenv settings) domain(m Model, cfg *auth0api.Config, diags *diag.Diagnostics) {
	domain := getenv.resolve(m.Domain, "domain", EnvDomain)
	if !domain.set() {
		diags.AddAttributeError(path.Root("domain"), "Missing Auth0 Domain",
			fmt.Sprintf("Set the \"domain\" provider attribute or the %s environment variable to your tenant's domain, for example \"tenant.eu.auth0.com\".", EnvDomain))
		return
	}
	d, err := auth0api.NormalizeDomain(domain.value)
	if err != nil {
		diags.AddAttributeError(path.Root("domain"), "Invalid Auth0 Domain", fmt.Sprintf("The domain from %s is not usable: %s.", domain.where(), err))
		return
	}
	cfg.Domain = d
}

// credentials picks one credential kind: api_token, then the private key,
// then the client secret, as the official Auth0 provider does.
func (getenv settings) credentials(m Model, cfg *auth0api.Config, diags *diag.Diagnostics) {
	clientID := getenv.resolve(m.ClientID, "client_id", EnvClientID)
	secret := getenv.resolve(m.ClientSecret, "client_secret", EnvClientSecret)
	key := getenv.resolve(m.ClientAssertionPrivateKey, "client_assertion_private_key", EnvClientAssertionPrivateKey)
	alg := getenv.resolve(m.ClientAssertionSigningAlg, "client_assertion_signing_alg", EnvClientAssertionSigningAlg)
	token := getenv.resolve(m.APIToken, "api_token", EnvAPIToken)
	method := getenv.resolve(m.ClientAuthMethod, "client_authentication_method", EnvClientAuthenticationMethod)
	cfg.Audience = getenv.resolve(m.Audience, "audience", EnvAudience).value

	// Two credential kinds written in the same provider block are a mistake;
	// from the environment, the documented precedence decides.
	conflict := func(a, b setting) {
		if a.set() && !a.fromEnv && b.set() && !b.fromEnv {
			diags.AddAttributeError(path.Root(b.attr), "Conflicting Auth0 Credentials",
				fmt.Sprintf("Both %q and %q are set in the provider block. Keep only one credential kind.", a.attr, b.attr))
		}
	}
	conflict(token, secret)
	conflict(token, key)
	conflict(key, secret)
	checkAuthMethod(method, key, diags)
	missingClientID := func(what string, from setting) {
		if !clientID.set() {
			diags.AddAttributeError(path.Root("client_id"), "Missing Auth0 Client ID",
				fmt.Sprintf("A %s was given (%s) but no client ID. Set the \"client_id\" provider attribute or the %s environment variable.", what, from.where(), EnvClientID))
		}
	}

	switch {
	case token.set():
		cfg.APIToken = token.value
	case key.set():
		missingClientID("client assertion private key", key)
		if err := auth0api.ValidatePrivateKey(key.value); err != nil {
			diags.AddAttributeError(path.Root("client_assertion_private_key"), "Invalid Client Assertion Private Key",
				fmt.Sprintf("The private key from %s cannot be used: %s.", key.where(), err))
		}
		cfg.ClientID, cfg.ClientAssertionPrivateKey, cfg.ClientAssertionSigningAlg = clientID.value, key.value, "RS256"
		if alg.set() {
			if !slices.Contains(signingAlgs, alg.value) {
				diags.AddAttributeError(path.Root("client_assertion_signing_alg"), "Invalid Client Assertion Signing Algorithm",
					fmt.Sprintf("The algorithm %q from %s is not supported. Use one of %s.", alg.value, alg.where(), strings.Join(signingAlgs, ", ")))
			}
			cfg.ClientAssertionSigningAlg = alg.value
		}
	case secret.set():
		missingClientID("client secret", secret)
		cfg.ClientID, cfg.ClientSecret = clientID.value, secret.value
		cfg.ClientAuthMethod = method.value
	case clientID.set():
		diags.AddAttributeError(path.Root("client_secret"), "Missing Auth0 Client Credentials",
			fmt.Sprintf("A client ID was given (%s) but nothing to authenticate it with. Set \"client_secret\" (%s) or \"client_assertion_private_key\" (%s), or use \"api_token\" (%s) instead.",
				clientID.where(), EnvClientSecret, EnvClientAssertionPrivateKey, EnvAPIToken))
	default:
		diags.AddAttributeError(path.Root("api_token"), "Missing Auth0 Credentials",
			fmt.Sprintf("No credentials were given. Set \"client_id\" and \"client_secret\" (%s, %s) of a machine-to-machine application with the read:refresh_tokens and delete:refresh_tokens scopes, "+
				"or \"client_assertion_private_key\" (%s), or \"api_token\" (%s).", EnvClientID, EnvClientSecret, EnvClientAssertionPrivateKey, EnvAPIToken))
	}
}

// checkAuthMethod accepts the two ways a client secret is sent. Private Key
// JWT is its own setting (the key), so the method cannot also choose it, and
// a secret method written beside a key in the provider block is a mistake.
func checkAuthMethod(method, key setting, diags *diag.Diagnostics) {
	at := path.Root("client_authentication_method")
	switch {
	case !method.set():
	case authMethodProblem(method.value, method.where()) != "":
		diags.AddAttributeError(at, "Invalid Client Authentication Method", authMethodProblem(method.value, method.where()))
	case key.set() && !key.fromEnv && !method.fromEnv:
		diags.AddAttributeError(at, "Conflicting Auth0 Credentials",
			"Both \"client_assertion_private_key\" and \"client_authentication_method\" are set in the provider block. With a private key the application "+
				"authenticates with Private Key JWT; \"client_authentication_method\" says how a client secret is sent. Remove one of them.")
	}
}

// authMethodProblem says why a client authentication method from where is
// refused, or "" when it is one of the two; the provider block's value is
// checked at validate, the environment variable's at configure.
func authMethodProblem(method, where string) string {
	switch {
	case method == "private_key_jwt":
		return fmt.Sprintf("The method %q from %s is chosen by setting \"client_assertion_private_key\" (%s), not by this setting, which says how a client secret is sent: "+
			"use %s, or leave it unset.", method, where, EnvClientAssertionPrivateKey, strings.Join(auth0api.AuthMethods, " or "))
	case !slices.Contains(auth0api.AuthMethods, method):
		return fmt.Sprintf("The method %q from %s is not supported. Use %s (the default) or %s, as the application's Authentication Method says "+
			"(Auth0 Dashboard: Applications > the application > Credentials).", method, where, auth0api.AuthMethodSecretPost, auth0api.AuthMethodSecretBasic)
	}
	return ""
}

// authMethodValidator refuses an unknown method in the provider block at
// terraform validate, with the message configure gives.
type authMethodValidator struct{}

var _ validator.String = authMethodValidator{}

func (authMethodValidator) Description(context.Context) string {
	return "must be " + strings.Join(auth0api.AuthMethods, " or ")
}

func (v authMethodValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (authMethodValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	// "" is the default at configure too.
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	if problem := authMethodProblem(req.ConfigValue.ValueString(), `the "client_authentication_method" provider attribute`); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Client Authentication Method", problem)
	}
}

// limits reads the logging level and the request-rate cap.
func (getenv settings) limits(m Model, cfg *auth0api.Config, diags *diag.Diagnostics) {
	cfg.LogAtInfo = m.Debug.ValueBool()
	if v := getenv(EnvDebug); m.Debug.IsNull() && v != "" {
		debug, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			diags.AddAttributeError(path.Root("debug"), "Invalid Debug Setting",
				fmt.Sprintf("The %s environment variable must be true or false (or 1 or 0), got %q.", EnvDebug, v))
		}
		cfg.LogAtInfo = debug
	}
	cfg.MaxRequestsPerSec = m.MaxRequestsPerSecond.ValueFloat64()
	if v := getenv(EnvMaxRequestsPerSecond); m.MaxRequestsPerSecond.IsNull() && v != "" {
		rps, err := strconv.ParseFloat(v, 64)
		if err != nil || rps < 0.1 {
			diags.AddAttributeError(path.Root("max_requests_per_second"), "Invalid Request Rate Cap",
				fmt.Sprintf("The %s environment variable must be a number of at least 0.1, got %q.", EnvMaxRequestsPerSecond, v))
		}
		cfg.MaxRequestsPerSec = rps
	}
}
