package auth0api

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// RetryPolicy bounds the transport's retries.
type RetryPolicy struct {
	MaxAttempts int           // attempts per request, the first included
	BaseDelay   time.Duration // first backoff; doubles each attempt
	MaxDelay    time.Duration // cap on one backoff, and on a server-requested wait
	// AttemptTimeout bounds one attempt, response body included; a timed-out
	// attempt is retried like a network failure. 0: no bound of our own.
	AttemptTimeout time.Duration
}

// DefaultRetryPolicy suits Auth0's per-second rate limits.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 5, BaseDelay: 250 * time.Millisecond, MaxDelay: 30 * time.Second, AttemptTimeout: time.Minute}

// errAttemptTimeout marks an attempt that ran out of its own time (not the caller's).
var errAttemptTimeout = errors.New("the Auth0 API did not answer in time")

// transport is the one place where requests to Auth0 are retried, paced,
// logged and given our User-Agent. go-auth0's own retries are off because
// they sleep without watching the context.
type transport struct {
	base      http.RoundTripper
	userAgent string
	retry     RetryPolicy
	budget    *RateBudget
	now       func() time.Time
	sleep     func(ctx context.Context, d time.Duration) error
	logAtInfo bool
	// credentialKind (Config.CredentialKind) picks the advice when a token
	// request failed without telling us why.
	credentialKind string
	// authMethod is how the client secret is sent (AuthMethodSecretPost or
	// AuthMethodSecretBasic), "" with other credentials: a refused exchange
	// names it, since the application may be set to the other one.
	authMethod string
	// domain is the tenant's, for the Management API audience in advice.
	domain string

	mu       sync.Mutex
	tokenErr *Error // why the last access-token request failed, nil once one succeeds
	// refused is set once Auth0 refuses the credentials (401 or 403 from the
	// token endpoint): asking again cannot succeed in this provider run and
	// would add a failed login to the tenant's logs for every data source.
	refused bool
}

func newTransport(base http.RoundTripper, userAgent string, retry RetryPolicy, budget *RateBudget, logAtInfo bool) *transport {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{base: base, userAgent: userAgent, retry: retry, budget: budget, now: time.Now, sleep: Sleep, logAtInfo: logAtInfo}
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	isTokenRequest := strings.HasSuffix(req.URL.Path, "/oauth/token")

	// go-auth0 drops a failed access-token request silently and sends the API
	// call with no credentials; answer it here with the real cause instead.
	if !isTokenRequest && req.Header.Get("Authorization") == "" {
		return nil, t.tokenFailure()
	}
	if isTokenRequest {
		if err := t.refusedBefore(); err != nil {
			return nil, err
		}
	}

	for attempt := 1; ; attempt++ {
		if t.budget != nil {
			if err := t.budget.Wait(ctx); err != nil {
				return nil, err
			}
		}
		attemptReq, cancel, err := t.prepare(req, attempt)
		if err != nil {
			if t.budget != nil {
				t.budget.Observe(0, nil) // give back the slot Wait reserved
			}
			return nil, err
		}
		start := t.now()
		resp, err := t.base.RoundTrip(attemptReq)
		if err != nil {
			cancel()
			if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				err = fmt.Errorf("%w (attempt %d, after %s)", errAttemptTimeout, attempt, t.retry.AttemptTimeout)
			}
		} else {
			resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
		}
		t.log(ctx, req, attempt, resp, err, t.now().Sub(start))
		if t.budget != nil {
			if resp != nil {
				t.budget.Observe(resp.StatusCode, resp.Header)
			} else {
				t.budget.Observe(0, nil)
			}
		}
		if isTokenRequest {
			if err != nil {
				t.noteTokenError(err)
			} else {
				resp = t.noteTokenResponse(resp)
			}
		}

		wait, retry := t.shouldRetry(req, resp, err, attempt)
		if !retry {
			if !isTokenRequest && err == nil && resp.StatusCode == http.StatusUnauthorized {
				return nil, t.unauthorized(resp)
			}
			return resp, err
		}
		if resp != nil {
			// Drain so the connection can be reused, then wait.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}
		tflog.Debug(ctx, "Retrying Auth0 API request", map[string]any{"attempt": attempt, "wait_ms": wait.Milliseconds()})
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// prepare clones the request for one attempt, with its own deadline and a
// rewound body. cancel releases the deadline; the response body's Close calls it.
func (t *transport) prepare(req *http.Request, attempt int) (*http.Request, context.CancelFunc, error) {
	ctx, cancel := req.Context(), context.CancelFunc(func() {})
	if t.retry.AttemptTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, t.retry.AttemptTimeout)
	}
	r := req.Clone(ctx)
	r.Header.Set("User-Agent", t.userAgent)
	if attempt > 1 && req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			cancel()
			return nil, nil, errors.New("request body cannot be replayed for a retry")
		}
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, nil, err
		}
		r.Body = body
	}
	return r, cancel, nil
}

// cancelOnClose ends an attempt's deadline once its body is read and closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// shouldRetry decides whether to try again, and after how long.
// 429 is always safe to retry: Auth0 refused the request before acting on it.
// Other failures are retried only where repeating the call cannot do harm:
// idempotent methods, and the access-token request.
func (t *transport) shouldRetry(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	if attempt >= t.retry.MaxAttempts || req.Context().Err() != nil {
		return 0, false
	}
	safe := isIdempotent(req.Method) || strings.HasSuffix(req.URL.Path, "/oauth/token")
	switch {
	case err != nil:
		var apiErr *Error
		if errors.As(err, &apiErr) {
			return 0, false
		}
		// Anything the connection did (refused, reset, dropped, an HTTP/2
		// stream reset, our own attempt timeout) is transient; errors we or
		// tests raise on purpose are *Error and stop above. A connection that
		// was never made cannot have reached Auth0, so even a POST may try again.
		if !safe && !isDialError(err) {
			return 0, false
		}
		return t.backoff(attempt), true
	case resp.StatusCode == http.StatusTooManyRequests:
		if wait, ok := t.serverWait(resp.Header); ok {
			return wait, true
		}
		return t.backoff(attempt), true
	case resp.StatusCode >= 500 && safe:
		return t.backoff(attempt), true
	}
	return 0, false
}

// backoff is capped exponential backoff with full jitter over its upper half.
func (t *transport) backoff(attempt int) time.Duration {
	d := t.retry.BaseDelay << (attempt - 1)
	if d <= 0 || d > t.retry.MaxDelay {
		d = t.retry.MaxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// serverWait reads how long Auth0 asked us to wait: Retry-After (seconds or a
// date), else X-RateLimit-Reset (a Unix time in seconds).
func (t *transport) serverWait(h http.Header) (time.Duration, bool) {
	var wait time.Duration
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(v); err == nil {
			wait = time.Duration(secs) * time.Second
		} else if at, err := http.ParseTime(v); err == nil {
			wait = at.Sub(t.now())
		} else {
			return 0, false
		}
	} else if v := h.Get("X-RateLimit-Reset"); v != "" {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, false
		}
		wait = time.Unix(secs, 0).Sub(t.now())
	} else {
		return 0, false
	}
	// A reset in the past (clock skew) still deserves a short pause.
	wait = max(wait, 100*time.Millisecond)
	return min(wait, t.retry.MaxDelay), true
}

// noteTokenResponse remembers why an access-token request was refused
// (Auth0's error code and description, never the request), and hands the body back intact.
func (t *transport) noteTokenResponse(resp *http.Response) *http.Response {
	t.mu.Lock()
	defer t.mu.Unlock()
	if resp.StatusCode < 400 {
		t.tokenErr = nil
		return resp
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return resp // transient: retried, not a credential problem
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(raw)))
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(raw, &body)
	reason := fmt.Sprintf("HTTP %d", resp.StatusCode)
	if body.Error != "" {
		reason = fmt.Sprintf("%s (%s, HTTP %d)", strings.TrimRight(body.Description, "."), body.Error, resp.StatusCode)
	}
	t.tokenErr = &Error{Kind: KindUnauthorized, StatusCode: resp.StatusCode, Message: "could not get an access token from Auth0: " + reason,
		Advice: t.credentialAdvice(resp.StatusCode)}
	t.refused = resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden
	return resp
}

// refusedBefore is the remembered refusal, for a token request that must not
// be sent again; nil when the credentials have not been refused.
func (t *transport) refusedBefore() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.refused || t.tokenErr == nil {
		return nil
	}
	e := *t.tokenErr
	return &e
}

// credentialAdvice says what to check when Auth0 refused the credentials in
// use: status is the token endpoint's answer (401, 403), or 0 when the
// Management API itself refused the access token or API token (401).
func (t *transport) credentialAdvice(status int) string {
	if t.credentialKind == "api_token" {
		return "The provider used an API token (api_token, or the AUTH0_API_TOKEN environment variable). Check that it is a " +
			"Management API token issued by this tenant (audience https://" + t.domain + "/api/v2/), copied whole, and not expired: " +
			"tokens from the Dashboard's API Explorer expire (after 24 hours by default). Make a new one, or use a machine-to-machine " +
			"application's client credentials, which the provider renews on its own."
	}
	switch status {
	case 0:
		return "Auth0 issued an access token but the Management API refused it. Check that audience (or the AUTH0_AUDIENCE " +
			"environment variable), when set, is this tenant's Management API identifier (https://" + t.domain + "/api/v2/ unless the " +
			"domain is a custom domain)."
	case http.StatusForbidden:
		return "Auth0 knows the application but will not issue it a token for the Management API. Check that the application is " +
			"authorised for the Auth0 Management API (Auth0 Dashboard: Applications > APIs > Auth0 Management API > Machine To Machine " +
			"Applications) and that audience (or the AUTH0_AUDIENCE environment variable), when set, is this tenant's Management API identifier."
	}
	if t.credentialKind == "private_key_jwt" {
		return "The provider signed a client assertion with client_assertion_private_key (Private Key JWT). Check the client ID, that " +
			"the application's Credentials (Auth0 Dashboard: Applications > the application > Credentials) hold the public key of that " +
			"private key, that client_assertion_signing_alg (or AUTH0_CLIENT_ASSERTION_SIGNING_ALG) suits the key, and that the " +
			"application belongs to this tenant."
	}
	sent, how, other := t.authMethod, "in the form body", AuthMethodSecretBasic
	if sent == AuthMethodSecretBasic {
		how, other = "in an HTTP Basic Authorization header", AuthMethodSecretPost
	}
	// Auth0 answers a wrong authentication method as it answers a wrong secret.
	return fmt.Sprintf("The client secret was sent as %s (%s); Auth0 answers a secret sent by the wrong method as it "+
		"answers a wrong secret, so the application may be set to %s. Check the client ID, the client secret, "+
		"that the application belongs to this tenant, and its Authentication Method (Auth0 Dashboard: Applications > the application > "+
		"Credentials): if it is %s, set the provider's client_authentication_method to %q (or the AUTH0_CLIENT_AUTHENTICATION_METHOD "+
		"environment variable).", sent, how, other, other, other)
}

// unauthorized turns the Management API's 401 answer into an error that
// says what to check for the credential in use.
func (t *transport) unauthorized(resp *http.Response) *Error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	var body struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	message := fmt.Sprintf("HTTP %d", resp.StatusCode)
	if json.Unmarshal(raw, &body) == nil && cmp.Or(body.Message, body.Error) != "" {
		message = cmp.Or(body.Message, body.Error)
	}
	return &Error{Kind: KindUnauthorized, StatusCode: resp.StatusCode, Message: message, Advice: t.credentialAdvice(0)}
}

// noteTokenError remembers that an access-token request never got an answer
// (DNS, connection, TLS): that is a network problem, not a credential one.
func (t *transport) noteTokenError(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tokenErr = &Error{Kind: KindOther, Message: "could not reach Auth0 to get an access token: " + err.Error(), Err: err}
}

// tokenFailure is the error for an API call that has no credentials because
// the token request failed.
func (t *transport) tokenFailure() *Error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tokenErr != nil {
		e := *t.tokenErr
		return &e
	}
	return &Error{Kind: KindUnauthorized, Message: "could not get an access token from Auth0", Advice: t.credentialAdvice(http.StatusUnauthorized)}
}

// log writes one line per attempt at debug level. Headers that carry
// credentials are masked; bodies are never logged.
func (t *transport) log(ctx context.Context, req *http.Request, attempt int, resp *http.Response, err error, took time.Duration) {
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.EscapedPath(),
		"attempt":     attempt,
		"duration_ms": took.Milliseconds(),
		"headers":     redactHeaders(req.Header),
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
		if v := resp.Header.Get("X-RateLimit-Remaining"); v != "" {
			fields["ratelimit_remaining"] = v
		}
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	if t.logAtInfo {
		tflog.Info(ctx, "Auth0 API request", fields)
		return
	}
	tflog.Debug(ctx, "Auth0 API request", fields)
}

var sensitiveHeaders = map[string]bool{"Authorization": true, "Cookie": true, "Set-Cookie": true, "Proxy-Authorization": true}

func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if sensitiveHeaders[http.CanonicalHeaderKey(k)] {
			out[k] = "***"
			continue
		}
		out[k] = strings.Join(v, ", ")
	}
	return out
}

func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodDelete, http.MethodPut:
		return true
	}
	return false
}

func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// Sleep waits d, or less if ctx ends first (then it returns ctx.Err()).
func Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
