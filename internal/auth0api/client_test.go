package auth0api_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

const testAPIToken = "tenantsim-test-token"

// localTenant starts a tenant and a client for it that uses an API token.
func localTenant(t *testing.T, opts tenantsim.Options) (*tenantsim.Tenant, *auth0api.Client) {
	t.Helper()
	tenant := tenantsim.New(opts)
	tenant.AddAPIToken(tenantsim.APIToken{Token: testAPIToken, Scopes: []string{auth0api.ScopeRead, auth0api.ScopeDelete}})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	client, err := auth0api.New(context.Background(), auth0api.Config{
		Domain: srv.Domain, APIToken: testAPIToken, UserAgent: "test", BaseTransport: srv.Transport(),
		Retry: auth0api.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tenant, client
}

func TestHostileIDsStayInTheirPathSegment(t *testing.T) {
	tenant, client := localTenant(t, tenantsim.Options{})
	hostile := []string{"a/b", "../users", "x?take=1", "x#frag", "100%", "auth0|1", "ünïcødé", "a/../../oauth/token", "tab\there"}
	for _, id := range hostile {
		if _, err := client.GetToken(context.Background(), id); !auth0api.IsNotFound(err) {
			t.Errorf("GetToken(%q): %v; want not found", id, err)
		}
		if _, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: id}); !auth0api.IsUserNotFound(err) {
			t.Errorf("ListTokens(%q): %v; want the user not found", id, err)
		}
	}
	for _, id := range []string{"", " ", ".", ".."} {
		if _, err := client.GetToken(context.Background(), id); !errors.Is(err, auth0api.ErrInvalidID) {
			t.Errorf("GetToken(%q): %v; want ErrInvalidID before any request", id, err)
		}
	}
	for _, r := range tenant.Requests() {
		segs := strings.Split(strings.TrimPrefix(r.Path, "/api/v2/"), "/")
		ok := (len(segs) == 2 && segs[0] == "refresh-tokens") || (len(segs) == 3 && segs[0] == "users" && segs[2] == "refresh-tokens")
		if !ok || r.Query != "" && !strings.HasPrefix(r.Query, "take=") {
			t.Errorf("request escaped its endpoint: %s %s?%s", r.Method, r.Path, r.Query)
		}
	}
	if got, want := len(tenant.Requests()), 2*len(hostile); got != want {
		t.Errorf("%d requests; want %d (none for the invalid IDs)", got, want)
	}
}

// The request count for N tokens is the floor: ceil(N/100) pages, plus the
// empty page that follows `next` on the last one.
func TestListRequestCountIsTheFloor(t *testing.T) {
	for _, n := range []int{0, 1, 100, 101, 250} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			tenant, client := localTenant(t, tenantsim.Options{})
			tenant.AddUser("auth0|u")
			if err := tenant.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "c", Audience: "a", Prefix: "rt_", Count: n}); err != nil {
				t.Fatal(err)
			}
			tokens, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
			if err != nil || len(tokens) != n {
				t.Fatalf("got %d tokens, %v; want %d", len(tokens), err, n)
			}
			pages := (n + 99) / 100
			if n > 0 {
				pages++ // the empty page after `next` on the last page
			} else {
				pages = 1
			}
			if got := len(tenant.Requests()); got != pages {
				t.Fatalf("%d requests for %d tokens; want %d", got, n, pages)
			}
		})
	}
}

func TestListStopsOnRepeatingCursor(t *testing.T) {
	tenant, client := localTenant(t, tenantsim.Options{RepeatCursor: true})
	_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", Prefix: "rt_", Count: 5})
	done := make(chan error, 1)
	go func() {
		tokens, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
		if err == nil && len(tokens) != 5 {
			err = fmt.Errorf("got %d tokens; want the 5 without duplicates", len(tokens))
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the listing did not stop on a repeating cursor")
	}
}

func TestListRestartsOnceOnExpiredCursor(t *testing.T) {
	tenant, client := localTenant(t, tenantsim.Options{})
	_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", Prefix: "rt_", Count: 150})
	// The second page's cursor is refused once, as an expired cursor is.
	tenant.AddFault(tenantsim.Fault{PathPrefix: "/api/v2/users/", Status: 0, Skip: 1, Times: 1, ExpiredCursor: true})
	tokens, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
	if err != nil || len(tokens) != 150 {
		t.Fatalf("got %d tokens, %v; want all 150 after one restart", len(tokens), err)
	}
}

// EachToken fetches pages only while its caller wants more (a `terraform
// query` limit), and a restarted listing never hands a token over twice.
func TestEachTokenFetchesOnlyThePagesAsked(t *testing.T) {
	for _, c := range []struct{ want, pages int }{{1, 1}, {100, 1}, {101, 2}, {250, 3}} {
		t.Run(fmt.Sprint(c.want), func(t *testing.T) {
			tenant, client := localTenant(t, tenantsim.Options{})
			_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", Prefix: "rt_", Count: 250})
			var got []string
			err := client.EachToken(context.Background(), auth0api.ListQuery{UserID: "auth0|u"}, func(tok auth0api.RefreshToken) bool {
				got = append(got, tok.ID)
				return len(got) < c.want
			})
			if err != nil || len(got) != c.want {
				t.Fatalf("got %d tokens, %v; want %d", len(got), err, c.want)
			}
			if n := len(tenant.Requests()); n != c.pages {
				t.Fatalf("%d requests for the first %d tokens; want %d", n, c.want, c.pages)
			}
		})
	}
	t.Run("restarted", func(t *testing.T) {
		tenant, client := localTenant(t, tenantsim.Options{})
		_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", Prefix: "rt_", Count: 150})
		tenant.AddFault(tenantsim.Fault{PathPrefix: "/api/v2/users/", Status: 0, Skip: 1, Times: 1, ExpiredCursor: true})
		seen := map[string]int{}
		err := client.EachToken(context.Background(), auth0api.ListQuery{UserID: "auth0|u"}, func(tok auth0api.RefreshToken) bool {
			seen[tok.ID]++
			return true
		})
		if err != nil || len(seen) != 150 {
			t.Fatalf("got %d tokens, %v; want 150", len(seen), err)
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("%s visited %d times across the restart", id, n)
			}
		}
	})
}

func TestClientFilterSameWithAndWithoutEarlyAccess(t *testing.T) {
	for _, ea := range []bool{true, false} {
		tenant, client := localTenant(t, tenantsim.Options{EarlyAccess: ea})
		_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "web", Audience: "api", Prefix: "rt_web_", Count: 3})
		_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "mobile", Audience: "api", Prefix: "rt_mob_", Count: 2})
		tokens, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u", ClientID: "mobile"})
		if err != nil || len(tokens) != 2 || tokens[0].ClientID != "mobile" {
			t.Fatalf("early access %v: %v, %v", ea, tokens, err)
		}
	}
}

// A deployment without the Early Access routes answers them with a plain 404:
// the client falls back to the GA endpoints, as for "feature not enabled", and
// remembers it; an Auth0 JSON 404 (a user that does not exist) keeps its meaning.
func TestEarlyAccessRouteMissingFallsBack(t *testing.T) {
	tenant, client := localTenant(t, tenantsim.Options{NoEarlyAccessRoutes: true})
	_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "web", Audience: "api", Prefix: "rt_web_", Count: 3})
	_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", ClientID: "mobile", Audience: "api", Prefix: "rt_mob_", Count: 2})
	ctx := context.Background()
	for range 2 {
		tokens, err := client.ListTokens(ctx, auth0api.ListQuery{UserID: "auth0|u", ClientID: "mobile"})
		if err != nil || len(tokens) != 2 {
			t.Fatalf("list: %d tokens, %v", len(tokens), err)
		}
	}
	err := client.RevokeBulk(ctx, auth0api.RevokeRequest{UserID: "auth0|u", ClientID: "mobile"})
	if !errors.Is(err, auth0api.ErrEarlyAccessUnavailable) {
		t.Fatalf("bulk: %v; want ErrEarlyAccessUnavailable", err)
	}
	eaCalls := 0
	for _, r := range tenant.Requests() {
		if r.Path == "/api/v2/refresh-tokens" || r.Path == "/api/v2/refresh-tokens/revoke" {
			eaCalls++
		}
	}
	if eaCalls != 2 {
		t.Fatalf("%d Early Access calls; want 2 (each route tried once, then remembered)", eaCalls)
	}
	if _, err := client.ListTokens(ctx, auth0api.ListQuery{UserID: "auth0|ghost", ClientID: "mobile"}); !auth0api.IsUserNotFound(err) {
		t.Fatalf("unknown user: %v; want user not found", err)
	}
}

func TestRevokeTokenThatDoesNotExistIsNotFound(t *testing.T) {
	_, client := localTenant(t, tenantsim.Options{})
	if err := client.RevokeToken(context.Background(), "rt_does_not_exist"); !auth0api.IsNotFound(err) {
		t.Fatalf("err=%v; want not found", err)
	}
}

// DELETE answers 200, 202 or 204, with an empty body, {} or "": all are success.
func TestRevokeSurvivesEveryDeleteAnswer(t *testing.T) {
	for _, style := range []string{"204", "200-empty-object", "202-empty-string"} {
		t.Run(style, func(t *testing.T) {
			tenant, client := localTenant(t, tenantsim.Options{DeleteStyle: style})
			_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|u", Prefix: "rt_", Count: 2})
			if err := client.RevokeToken(context.Background(), "rt_00001"); err != nil {
				t.Fatalf("revoke one: %v", err)
			}
			if err := client.RevokeUserTokens(context.Background(), "auth0|u"); err != nil {
				t.Fatalf("revoke all: %v", err)
			}
			if left := tenant.Listed("auth0|u"); len(left) != 0 {
				t.Fatalf("still listed: %v", left)
			}
		})
	}
}

// A token exchange that never reaches Auth0 (refused connection, untrusted
// certificate) reports the network cause, not bad credentials, and gives no
// advice about a private key that is not in use.
func TestTokenExchangeNetworkFailureShowsItsCause(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	untrusting := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool(), MinVersion: tls.VersionTLS12}}
	fast := auth0api.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
	cases := map[string]struct {
		cfg  auth0api.Config
		want string
	}{
		"connection refused": {auth0api.Config{Domain: "127.0.0.1:1"}, "connection refused"},
		"untrusted TLS":      {auth0api.Config{Domain: srv.Domain, BaseTransport: untrusting}, "x509"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := c.cfg
			cfg.ClientID, cfg.ClientSecret, cfg.UserAgent, cfg.Retry = "m2m", "not-a-real-secret", "test", fast
			client, err := auth0api.New(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
			var e *auth0api.Error
			if !errors.As(err, &e) || e.Kind == auth0api.KindUnauthorized || e.StatusCode != 0 {
				t.Fatalf("err=%#v; want a network error, not a credential one", err)
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || !strings.Contains(msg, "access token") || strings.Contains(msg, "private key") {
				t.Fatalf("message %q; want the cause %q", msg, c.want)
			}
		})
	}
}

func TestSessionsListEveryPageAndKeepNulls(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	tenant.AddAPIToken(tenantsim.APIToken{Token: testAPIToken, Scopes: []string{auth0api.ScopeReadSessions}})
	for i := 150; i >= 1; i-- {
		_ = tenant.AddSession(map[string]any{"id": fmt.Sprintf("s_%03d", i), "user_id": "auth0|s",
			"created_at": fmt.Sprintf("2026-01-01T00:%02d:%02d.000Z", i/60, i%60), "clients": []any{map[string]any{"client_id": "web"}}})
	}
	_ = tenant.AddSession(map[string]any{"id": "s_full", "user_id": "auth0|one", "created_at": nil, "cookie": map[string]any{"mode": "persistent"},
		"device":           map[string]any{"initial_ip": "192.0.2.1", "last_user_agent": "UA"},
		"authentication":   map[string]any{"methods": []any{map[string]any{"name": "pwd", "type": "pwd", "timestamp": "2026-02-01T00:00:00.000Z"}, map[string]any{"name": "mfa", "type": "otp"}}},
		"session_metadata": map[string]any{"k": "v"}})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	client, _ := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: testAPIToken, UserAgent: "t", BaseTransport: srv.Transport()})
	ctx := context.Background()

	sessions, err := client.ListSessions(ctx, "auth0|s")
	if err != nil || len(sessions) != 150 || sessions[0].ID != "s_001" || sessions[149].ID != "s_150" || !sessions[0].HasClient("web") {
		t.Fatalf("%d sessions, %v", len(sessions), err)
	}
	if n := len(tenant.Requests()); n != 3 { // 2 pages + the empty page after `next` on the last
		t.Fatalf("%d requests; want the floor of 3", n)
	}
	s, err := client.GetSession(ctx, "s_full")
	if err != nil || s.CreatedAt != nil || *s.CookieMode != "persistent" || s.Device.InitialIP != "192.0.2.1" || s.Device.LastIP != "" ||
		len(s.AuthenticationMethods) != 2 || s.AuthenticationMethods[1].Timestamp != nil || s.AuthenticationMethods[0].Timestamp == nil || s.Metadata["k"] != "v" {
		t.Fatalf("%+v, %v", s, err)
	}
	if _, err := client.GetSession(ctx, "s_nope"); !auth0api.IsNotFound(err) {
		t.Fatalf("unknown session: %v", err)
	}
	if _, err := client.ListSessions(ctx, "auth0|ghost"); !auth0api.IsUserNotFound(err) {
		t.Fatalf("unknown user: %v", err)
	}
}

// The client secret goes out once, by the method the application is set to:
// no failed exchange first (golang.org/x/oauth2's auto-detection tries HTTP
// Basic, then the form body), and a clear error naming the method on a mismatch.
func TestClientSecretSentByTheConfiguredMethod(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	tenant.AddClient(tenantsim.Client{ID: "m2m_post", Secret: "post-secret", Scopes: []string{auth0api.ScopeRead}})
	tenant.AddClient(tenantsim.Client{ID: "m2m_basic", Secret: "basic-secret", Scopes: []string{auth0api.ScopeRead},
		TokenEndpointAuthMethod: tenantsim.AuthMethodSecretBasic})
	tenant.AddUser("auth0|u")
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	cases := []struct {
		name, client, secret, method string
		wantErr                      []string // empty: the calls succeed
	}{
		{"default is post", "m2m_post", "post-secret", "", nil},
		{"post", "m2m_post", "post-secret", auth0api.AuthMethodSecretPost, nil},
		{"basic", "m2m_basic", "basic-secret", auth0api.AuthMethodSecretBasic, nil},
		{"post to a basic application", "m2m_basic", "basic-secret", "",
			[]string{"client_secret_post", "client_secret_basic", "client_authentication_method", "AUTH0_CLIENT_AUTHENTICATION_METHOD"}},
		{"basic to a post application", "m2m_post", "post-secret", auth0api.AuthMethodSecretBasic,
			[]string{"client_secret_basic", "may be set to client_secret_post"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tenant.ResetRequests()
			client, err := auth0api.New(context.Background(), auth0api.Config{
				Domain: srv.Domain, ClientID: c.client, ClientSecret: c.secret, ClientAuthMethod: c.method,
				UserAgent: "test", BaseTransport: srv.Transport(),
				Retry: auth0api.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond},
			})
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				_, err = client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
			}
			var exchanges []int
			for _, r := range tenant.Requests() {
				if r.Path == "/oauth/token" {
					exchanges = append(exchanges, r.Status)
				}
			}
			if c.wantErr == nil {
				if err != nil {
					t.Fatalf("list: %v", err)
				}
				if len(exchanges) != 1 || exchanges[0] != http.StatusOK {
					t.Fatalf("token requests answered %v; want exactly one, answered 200", exchanges)
				}
				return
			}
			if auth0api.KindOf(err) != auth0api.KindUnauthorized {
				t.Fatalf("err=%v; want unauthorized", err)
			}
			for _, want := range c.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if strings.Contains(err.Error(), c.secret) {
				t.Error("the error repeats the client secret")
			}
			for _, s := range exchanges {
				if s != http.StatusUnauthorized {
					t.Fatalf("token requests answered %v; want only the refused method, never the other", exchanges)
				}
			}
		})
	}
}

// Refused credentials (401 or 403 from the token endpoint) are not sent again
// in this client's life; a token endpoint that failed for another reason (5xx,
// 429) is asked again on the next call.
func TestRefusedTokenExchangeIsRemembered(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	tenant.AddClient(tenantsim.Client{ID: "m2m", Secret: "right-secret", Scopes: []string{auth0api.ScopeRead}})
	tenant.AddUser("auth0|u")
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	exchanges := func() (statuses []int) {
		for _, r := range tenant.Requests() {
			if r.Path == "/oauth/token" {
				statuses = append(statuses, r.Status)
			}
		}
		return statuses
	}
	newClient := func(secret string) *auth0api.Client {
		client, err := auth0api.New(context.Background(), auth0api.Config{
			Domain: srv.Domain, ClientID: "m2m", ClientSecret: secret, UserAgent: "test", BaseTransport: srv.Transport(),
			Retry: auth0api.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond},
		})
		if err != nil {
			t.Fatal(err)
		}
		return client
	}

	t.Run("refused", func(t *testing.T) {
		tenant.ResetRequests()
		client := newClient("wrong-secret")
		var errs []string
		for range 3 {
			_, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"})
			if auth0api.KindOf(err) != auth0api.KindUnauthorized {
				t.Fatalf("err=%v; want unauthorized", err)
			}
			errs = append(errs, err.Error())
		}
		if got := exchanges(); len(got) != 1 || got[0] != http.StatusUnauthorized {
			t.Fatalf("token requests answered %v; want exactly one, 401", got)
		}
		if errs[0] != errs[2] {
			t.Fatalf("the later error %q differs from the first %q", errs[2], errs[0])
		}
	})
	t.Run("server error is asked again", func(t *testing.T) {
		tenant.ResetRequests()
		tenant.AddFault(tenantsim.Fault{PathPrefix: "/oauth/token", Status: http.StatusServiceUnavailable, Times: 2})
		t.Cleanup(tenant.ClearFaults)
		client := newClient("right-secret")
		if _, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"}); err == nil {
			t.Fatal("the first call succeeded through two 503s; want it to fail")
		}
		if _, err := client.ListTokens(context.Background(), auth0api.ListQuery{UserID: "auth0|u"}); err != nil {
			t.Fatalf("the second call: %v; want a new token request to succeed", err)
		}
		if got := exchanges(); len(got) != 3 || got[2] != http.StatusOK {
			t.Fatalf("token requests answered %v; want 503, 503, then 200", got)
		}
	})
}

// An organization's members are read page by page (checkpoint cursors), user
// IDs only; an unknown organization is an *OrganizationNotFoundError; the
// check reads one member.
func TestOrganizationMembersEveryPage(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	tenant.AddAPIToken(tenantsim.APIToken{Token: testAPIToken, Scopes: []string{auth0api.ScopeReadOrganizationMembers}})
	var members []string
	for i := 1; i <= 150; i++ {
		members = append(members, fmt.Sprintf("auth0|m%03d", i))
	}
	tenant.AddOrganization(tenantsim.Organization{ID: "org_acme", Members: members})
	tenant.AddOrganization(tenantsim.Organization{ID: "org_other", Members: []string{"auth0|x"}})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	client, _ := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: testAPIToken, UserAgent: "t", BaseTransport: srv.Transport()})
	ctx := context.Background()

	var got []string
	if err := client.OrganizationMembers(ctx, "org_acme", func(id string) { got = append(got, id) }); err != nil || strings.Join(got, ",") != strings.Join(members, ",") {
		t.Fatalf("%d members, %v", len(got), err)
	}
	reqs := tenant.Requests()
	if len(reqs) != 3 { // 2 pages + the empty page after `next` on the last
		t.Fatalf("%d requests; want the floor of 3", len(reqs))
	}
	for _, r := range reqs {
		if r.Path != "/api/v2/organizations/org_acme/members" || !strings.Contains(r.Query, "take=100") ||
			!strings.Contains(r.Query, "fields=user_id") || !strings.Contains(r.Query, "include_fields=true") {
			t.Fatalf("sent %s?%s", r.Path, r.Query)
		}
	}
	var nf *auth0api.OrganizationNotFoundError
	if err := client.OrganizationMembers(ctx, "org_nosuch", func(string) { t.Fatal("visited") }); !errors.As(err, &nf) || nf.ID != "org_nosuch" {
		t.Fatalf("unknown organization: %v", err)
	}
	tenant.ResetRequests()
	if err := client.CheckOrganization(ctx, "org_acme"); err != nil || len(tenant.Requests()) != 1 || !strings.Contains(tenant.Requests()[0].Query, "take=1") {
		t.Fatalf("check: %v, %v", err, tenant.Requests())
	}
	if err := client.CheckOrganization(ctx, "org_nosuch"); !errors.As(err, &nf) {
		t.Fatalf("check of an unknown organization: %v", err)
	}
	if err := client.OrganizationMembers(ctx, " ", func(string) {}); !errors.Is(err, auth0api.ErrInvalidID) {
		t.Fatalf("blank ID: %v", err)
	}
}
