// Package acctest runs acceptance tests with real Terraform against a
// recorded Auth0 tenant. One entry point, Test, switches by
// AUTH0_HTTP_RECORDINGS:
//
//   - replay (default): answers come from the test's cassette in testdata/;
//     a request with no recorded answer fails the test, naming the cassette
//     and the request, and never reaches the network.
//   - record: talks to the tenant in AUTH0_DOMAIN, or, when it is unset, to a
//     local tenant (tenantsim) started in-process with the test's seed and
//     options, and rewrites the cassette.
//   - off: live, no cassette (AUTH0_DOMAIN and credentials from the environment).
package acctest

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/provider"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// EnvRecordings chooses the mode.
const EnvRecordings = "AUTH0_HTTP_RECORDINGS"

// Modes of AUTH0_HTTP_RECORDINGS.
const (
	ModeReplay = "replay"
	ModeRecord = "record"
	ModeOff    = "off"
)

// RecordingsDomain replaces the tenant's domain in every cassette.
const RecordingsDomain = "auth0tokens-recordings.eu.auth0.com"

// replayToken is the credential used in replay: cassettes hold no
// Authorization header and no token exchange, so any value works.
const replayToken = "replay-only-not-a-secret"

//go:embed seed.json
var defaultSeed []byte

// Mode returns the recording mode in force.
func Mode() string {
	switch m := strings.ToLower(os.Getenv(EnvRecordings)); m {
	case "", ModeReplay:
		return ModeReplay
	default:
		return m
	}
}

// Option changes the local tenant a test records from.
type Option func(*config)

type config struct {
	tenant tenantsim.Options
	setup  []func(*tenantsim.Tenant)
	client string
}

// WithClient records as the seed's machine-to-machine application with this
// ID (default: the first), for example one that lacks a scope.
func WithClient(id string) Option { return func(c *config) { c.client = id } }

// WithTenantOptions sets the local tenant's switches (Early Access, quirks...).
func WithTenantOptions(o tenantsim.Options) Option { return func(c *config) { c.tenant = o } }

// WithTenantSetup runs f on the local tenant after seeding (more tokens,
// faults); several run in order.
func WithTenantSetup(f func(*tenantsim.Tenant)) Option {
	return func(c *config) { c.setup = append(c.setup, f) }
}

// Env is one acceptance test's connection to its tenant.
type Env struct {
	t         *testing.T
	transport http.RoundTripper
	// vars are the provider's AUTH0_* settings for this test; nil reads the
	// process environment (live tests, and recording against a real tenant).
	vars map[string]string
	// Tenant is the in-process local tenant (NewLocal, or recording from it), else nil.
	Tenant *tenantsim.Tenant
	// Domain is the local tenant's domain, with Tenant.
	Domain string

	mu   sync.Mutex
	sent []SentRequest
}

// SentRequest is a request the provider sent to the Management API.
type SentRequest struct {
	Method, Path string // Path as sent (escaped), without the query
	Body         string
}

// Test runs tc with the provider served in-process, talking through the
// test's recorder.
func Test(t *testing.T, tc resource.TestCase, opts ...Option) {
	t.Helper()
	New(t, opts...).Test(tc)
}

// New prepares the test's tenant connection and registers its cleanup.
func New(t *testing.T, opts ...Option) *Env {
	t.Helper()
	e, cfg := newEnv(t, opts)
	switch mode := Mode(); mode {
	case ModeOff:
		e.transport = http.DefaultTransport
	case ModeReplay:
		e.transport = e.replayer()
		e.vars = map[string]string{provider.EnvDomain: RecordingsDomain, provider.EnvAPIToken: replayToken}
	case ModeRecord:
		e.transport = e.recorder(cfg)
	default:
		t.Fatalf("AUTH0_HTTP_RECORDINGS=%q: use replay, record or off", mode)
	}
	e.transport = e.logSent(e.transport)
	return e
}

// newEnv applies the options and sets what every acceptance test needs.
func newEnv(t *testing.T, opts []Option) (*Env, config) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	processEnv()
	return &Env{t: t}, cfg
}

// processEnv sets, once, what terraform-plugin-testing reads from the process
// environment: acceptance tests run whatever TF_ACC says, and never with the
// machine's CLI configuration. (Per-test settings live in Env.vars, so tests
// can run in parallel.)
var processEnv = sync.OnceFunc(func() {
	_ = os.Setenv("TF_ACC", "1")
	_ = os.Setenv("TF_CLI_CONFIG_FILE", "")
})

// Setenv sets one of the provider's settings (an AUTH0_* variable) for this
// test only.
func (e *Env) Setenv(name, value string) {
	if e.vars == nil {
		e.t.Setenv(name, value) // the process environment is the test's
		return
	}
	e.vars[name] = value
}

// Getenv reads one of the provider's settings as this test's provider sees it.
func (e *Env) Getenv(name string) string {
	if e.vars == nil {
		return os.Getenv(name)
	}
	return e.vars[name]
}

// Test runs tc against this Env, in parallel with other such tests.
// Factories tc already names (the echo provider, say) are kept beside auth0tokens.
func (e *Env) Test(tc resource.TestCase) {
	e.t.Helper()
	if e.vars == nil {
		resource.Test(e.t, e.withFactories(tc)) // settings in the process environment: not in parallel
		return
	}
	resource.ParallelTest(e.t, e.withFactories(tc))
}

// TestSerial runs tc alone, for tests that set process environment
// (terraform-plugin-testing's TF_ACC_* switches) with t.Setenv.
func (e *Env) TestSerial(tc resource.TestCase) {
	e.t.Helper()
	resource.Test(e.t, e.withFactories(tc))
}

func (e *Env) withFactories(tc resource.TestCase) resource.TestCase {
	factories := e.ProviderFactories()
	for name, f := range tc.ProtoV6ProviderFactories {
		factories[name] = f
	}
	tc.ProtoV6ProviderFactories = factories
	return tc
}

// ProviderFactories serves the provider in-process with the test's transport.
func (e *Env) ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"auth0tokens": func() (tfprotov6.ProviderServer, error) { //nolint:unparam // the factory shape terraform-plugin-testing takes
			return provider.NewServer("test", provider.WithTransport(e.transport), provider.WithEnv(e.Getenv))(), nil
		},
	}
}

// Client is an Auth0 client that goes through the same recorder, for checks
// that read the tenant after apply.
func (e *Env) Client() *auth0api.Client {
	e.t.Helper()
	cfg := auth0api.Config{
		Domain:        e.Getenv(provider.EnvDomain),
		APIToken:      e.Getenv(provider.EnvAPIToken),
		ClientID:      e.Getenv(provider.EnvClientID),
		ClientSecret:  e.Getenv(provider.EnvClientSecret),
		UserAgent:     "terraform-provider-auth0tokens/test",
		BaseTransport: e.transport,
	}
	c, err := auth0api.New(context.Background(), cfg)
	if err != nil {
		e.t.Fatalf("acctest client: %v", err)
	}
	return c
}

// NewLocal connects the test to its own in-process local tenant, whatever
// AUTH0_HTTP_RECORDINGS says and with no cassette: for fault, hostile-input and
// secret tests that need the tenant's switches and its request log (e.Tenant).
func NewLocal(t *testing.T, opts ...Option) *Env {
	t.Helper()
	e, cfg := newEnv(t, opts)
	e.transport, _ = e.startLocalTenant(cfg)
	e.transport = e.logSent(e.transport)
	return e
}

// logSent keeps every Management API request the provider sends, in every
// mode, for checks on what was sent (a PATCH body, say).
func (e *Env) logSent(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if strings.HasPrefix(req.URL.Path, "/api/v2/") {
			var body []byte
			var err error
			if req, body, err = bufferBody(req); err != nil {
				return nil, err
			}
			e.mu.Lock()
			e.sent = append(e.sent, SentRequest{Method: req.Method, Path: req.URL.EscapedPath(), Body: string(body)})
			e.mu.Unlock()
		}
		return next.RoundTrip(req)
	})
}

// Sent returns the Management API requests sent so far with this method and path.
func (e *Env) Sent(method, path string) []SentRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []SentRequest
	for _, r := range e.sent {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// startLocalTenant seeds and starts a tenant for this test and points the
// provider's environment at it with the chosen client's credentials.
func (e *Env) startLocalTenant(cfg config) (http.RoundTripper, string) {
	tenant := tenantsim.New(cfg.tenant)
	seed, err := tenantsim.ParseSeed(defaultSeed)
	if err == nil {
		err = tenant.Load(seed)
	}
	if err != nil {
		e.t.Fatalf("seeding the local tenant: %v", err)
	}
	for _, setup := range cfg.setup {
		setup(tenant)
	}
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", e.t.TempDir())
	if err != nil {
		e.t.Fatalf("starting the local tenant: %v", err)
	}
	e.t.Cleanup(func() { _ = srv.Close() })
	e.Tenant, e.Domain = tenant, srv.Domain
	client := seed.Clients[0]
	for _, c := range seed.Clients {
		if c.ID == cfg.client {
			client = c
		}
	}
	e.vars = map[string]string{provider.EnvDomain: srv.Domain, provider.EnvClientID: client.ID, provider.EnvClientSecret: client.Secret}
	return srv.Transport(), srv.Domain
}

// cassettePath is testdata/<TestName>.yaml beside the test.
func (e *Env) cassettePath() string {
	return filepath.Join("testdata", strings.ReplaceAll(e.t.Name(), "/", "_"))
}

func (e *Env) replayer() http.RoundTripper {
	name := e.cassettePath()
	if _, err := os.Stat(name + ".yaml"); err != nil {
		e.t.Fatalf("no cassette %s.yaml for %s: record it with `make testacc-record` (AUTH0_HTTP_RECORDINGS=record)", name, e.t.Name())
	}
	rec, err := recorder.New(name,
		recorder.WithMode(recorder.ModeReplayOnly),
		recorder.WithMatcher(matchRequest),
		recorder.WithSkipRequestLatency(true),
		// Replay never dials out, whatever happens.
		recorder.WithRealTransport(roundTripFunc(func(*http.Request) (*http.Response, error) {
			return nil, errors.New("replay mode never reaches the network")
		})),
	)
	if err != nil {
		e.t.Fatalf("loading cassette %s: %v", name, err)
	}
	e.t.Cleanup(func() { _ = rec.Stop() })
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := rec.RoundTrip(req)
		if errors.Is(err, cassette.ErrInteractionNotFound) {
			// An *auth0api.Error, so the transport reports it at once instead of retrying.
			return nil, &auth0api.Error{Kind: auth0api.KindOther, Err: err, Message: fmt.Sprintf(
				"cassette %s.yaml has no recorded answer for %s %s (re-record it with `make testacc-record`)", name, req.Method, req.URL.RequestURI())}
		}
		return resp, err
	})
}

func (e *Env) recorder(cfg config) http.RoundTripper {
	upstream := http.DefaultTransport
	domain := os.Getenv(provider.EnvDomain)
	if domain == "" {
		upstream, domain = e.startLocalTenant(cfg)
	}
	rec, err := recorder.New(e.cassettePath(),
		recorder.WithMode(recorder.ModeRecordOnly),
		recorder.WithMatcher(matchRequest),
		recorder.WithRealTransport(readBodyFirst(upstream)),
		recorder.WithHook(sanitize(domain), recorder.BeforeSaveHook),
	)
	if err != nil {
		e.t.Fatalf("creating cassette: %v", err)
	}
	e.t.Cleanup(func() {
		if err := rec.Stop(); err != nil {
			e.t.Errorf("saving cassette: %v", err)
		}
	})
	return rec
}

// readBodyFirst reads a request body in full before sending it. go-vcr
// records the body as the transport reads it; a server that answers before
// reading (a 403) would otherwise leave the cassette without the body.
func readBodyFirst(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		buffered, _, err := bufferBody(req)
		if err != nil {
			return nil, err
		}
		return next.RoundTrip(buffered)
	})
}

// bufferBody reads a request's body in full and returns a copy of the
// request that can send it again, with the body.
func bufferBody(req *http.Request) (*http.Request, []byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil, nil
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, nil, err
	}
	_ = req.Body.Close()
	req = req.Clone(req.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	return req, body, nil
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// ExpectSent checks that exactly these requests, with these JSON bodies in
// this order, were sent with this method and path so far.
func (e *Env) ExpectSent(method, path string, bodies ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		sent := e.Sent(method, path)
		if len(sent) != len(bodies) {
			return fmt.Errorf("want %d %s %s requests, sent %d: %+v", len(bodies), method, path, len(sent), sent)
		}
		for i, want := range bodies {
			if !sameBody([]byte(sent[i].Body), []byte(want)) {
				return fmt.Errorf("%s %s request %d: sent %s, want %s", method, path, i+1, sent[i].Body, want)
			}
		}
		return nil
	}
}
