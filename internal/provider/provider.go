// Package provider holds the auth0tokens provider: its schema, how its
// configuration is resolved into an Auth0 client, and what it registers.
package provider

import (
	"context"
	"net/http"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/refreshtoken"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/session"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/user"
)

var (
	_ provider.Provider                       = (*Auth0TokensProvider)(nil)
	_ provider.ProviderWithActions            = (*Auth0TokensProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*Auth0TokensProvider)(nil)
	_ provider.ProviderWithListResources      = (*Auth0TokensProvider)(nil)
)

// Auth0TokensProvider is the provider type.
type Auth0TokensProvider struct {
	version   string
	transport http.RoundTripper // nil in production; the test recorder in acceptance tests
	getenv    settings          // os.Getenv in production
}

// Option changes how the provider is built.
type Option func(*Auth0TokensProvider)

// WithTransport makes every Auth0 request go through rt (our retrying
// transport still wraps it). Acceptance tests pass their recorder here.
func WithTransport(rt http.RoundTripper) Option {
	return func(p *Auth0TokensProvider) { p.transport = rt }
}

// WithEnv makes the provider read its AUTH0_* settings through getenv instead
// of the process environment, so acceptance tests can run side by side.
func WithEnv(getenv func(name string) string) Option {
	return func(p *Auth0TokensProvider) { p.getenv = getenv }
}

// New returns a constructor for the provider, as providerserver wants it.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &Auth0TokensProvider{version: version, getenv: os.Getenv}
		for _, opt := range opts {
			opt(p)
		}
		return p
	}
}

// Model is the provider configuration block.
type Model struct {
	Domain                    types.String  `tfsdk:"domain"`
	ClientID                  types.String  `tfsdk:"client_id"`
	ClientSecret              types.String  `tfsdk:"client_secret"`
	ClientAuthMethod          types.String  `tfsdk:"client_authentication_method"`
	ClientAssertionPrivateKey types.String  `tfsdk:"client_assertion_private_key"`
	ClientAssertionSigningAlg types.String  `tfsdk:"client_assertion_signing_alg"`
	APIToken                  types.String  `tfsdk:"api_token"`
	Audience                  types.String  `tfsdk:"audience"`
	Debug                     types.Bool    `tfsdk:"debug"`
	MaxRequestsPerSecond      types.Float64 `tfsdk:"max_requests_per_second"`
}

func (p *Auth0TokensProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "auth0tokens"
	resp.Version = p.version
}

func (p *Auth0TokensProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Makes Auth0 refresh tokens visible and revocable as code. Credentials are those of an " +
			"Auth0 machine-to-machine application authorised for the Management API with the scopes " +
			"`read:refresh_tokens` (data sources, ephemeral resource) and `delete:refresh_tokens` (revocation). " +
			"Credential precedence: `api_token`, then `client_assertion_private_key` (Private Key JWT), then `client_secret` " +
			"(sent as `client_authentication_method` says).",
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{
				MarkdownDescription: "Your Auth0 tenant's domain, for example `tenant.eu.auth0.com` (`https://` and a trailing `/` are accepted and removed). " +
					"Can also be set with the `" + EnvDomain + "` environment variable.",
				Optional: true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client ID of the machine-to-machine application. Needed with `client_secret` or `client_assertion_private_key`. " +
					"Can also be set with the `" + EnvClientID + "` environment variable.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of the machine-to-machine application. " +
					"Can also be set with the `" + EnvClientSecret + "` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"client_authentication_method": schema.StringAttribute{
				MarkdownDescription: "How `client_secret` is sent to the token endpoint, as the application's Authentication Method " +
					"(Auth0 Dashboard: Applications > the application > Credentials) says: `client_secret_post` (default, Auth0's default for " +
					"machine-to-machine applications: in the form body) or `client_secret_basic` (in an HTTP Basic header). The secret is sent once per " +
					"Terraform command (plan and apply each ask once), by this method; Auth0 refuses the other one, and a refused secret is not sent again in that command. For Private Key JWT set `client_assertion_private_key` instead. " +
					"Can also be set with the `" + EnvClientAuthenticationMethod + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{authMethodValidator{}},
			},
			"client_assertion_private_key": schema.StringAttribute{
				MarkdownDescription: "PEM private key for Private Key JWT client authentication, used instead of a client secret. " +
					"Can also be set with the `" + EnvClientAssertionPrivateKey + "` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"client_assertion_signing_alg": schema.StringAttribute{
				MarkdownDescription: "Algorithm that signs the client assertion: `RS256` (default), `RS384` or `PS256`. " +
					"Can also be set with the `" + EnvClientAssertionSigningAlg + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(signingAlgs...)},
			},
			"api_token": schema.StringAttribute{
				MarkdownDescription: "A Management API access token, used as is instead of client credentials. It expires; prefer client credentials for automation. " +
					"Can also be set with the `" + EnvAPIToken + "` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"audience": schema.StringAttribute{
				MarkdownDescription: "Audience of the Management API access token, for tenants reached through a custom domain " +
					"(`https://TENANT.REGION.auth0.com/api/v2/`). Defaults to `https://<domain>/api/v2/`. " +
					"Can also be set with the `" + EnvAudience + "` environment variable.",
				Optional: true,
			},
			"debug": schema.BoolAttribute{
				MarkdownDescription: "Log every Management API request at INFO level instead of DEBUG (credentials are always masked). " +
					"Can also be set with the `" + EnvDebug + "` environment variable.",
				Optional: true,
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Cap on Management API requests per second made by this provider, for tenants whose rate limit is shared " +
					"with other workloads. Without it the provider paces itself by the tenant's `X-RateLimit-*` headers alone. " +
					"Can also be set with the `" + EnvMaxRequestsPerSecond + "` environment variable.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0.1)},
			},
		},
	}
}

func (p *Auth0TokensProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m Model
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := configure(ctx, m, p.version, p.transport, p.getenv, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *Auth0TokensProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		refreshtoken.NewRefreshTokenDataSource, refreshtoken.NewRefreshTokensDataSource,
		session.NewSessionDataSource, session.NewSessionsDataSource, user.NewUsersDataSource,
	}
}

func (p *Auth0TokensProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		refreshtoken.Revocation.NewResource, refreshtoken.NewTokenResource,
		session.Revocation.NewResource, session.NewSessionResource,
	}
}

func (p *Auth0TokensProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{refreshtoken.NewRefreshTokensEphemeralResource, session.NewSessionsEphemeralResource}
}

func (p *Auth0TokensProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{refreshtoken.NewTokenListResource, session.NewSessionListResource}
}

func (p *Auth0TokensProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{refreshtoken.Revocation.NewAction, session.Revocation.NewAction}
}
