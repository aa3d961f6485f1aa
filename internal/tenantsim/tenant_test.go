package tenantsim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const token = "test-token"

func newTestTenant(t *testing.T, opts Options, scopes ...string) (*Tenant, *httptest.Server) {
	t.Helper()
	if scopes == nil {
		scopes = []string{scopeRead, scopeDelete}
	}
	tn := New(opts)
	tn.AddAPIToken(APIToken{Token: token, Scopes: scopes})
	tn.AddClient(Client{ID: "m2m", Secret: "right", Scopes: []string{scopeRead}})
	if err := tn.Generate(Generate{UserID: "auth0|u", ClientID: "web", Audience: "api", Prefix: "rt_", Count: 5}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(tn.Handler())
	t.Cleanup(srv.Close)
	return tn, srv
}

func call(t *testing.T, srv *httptest.Server, method, path string, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, resp.Header
}

func TestPaginationWithNextOnLastPage(t *testing.T) {
	_, srv := newTestTenant(t, Options{})
	var ids []string
	path := "/api/v2/users/auth0%7Cu/refresh-tokens?take=2"
	pages := 0
	for {
		status, body, _ := call(t, srv, "GET", path, "")
		if status != 200 {
			t.Fatalf("status %d: %v", status, body)
		}
		pages++
		items := body["tokens"].([]any)
		for _, it := range items {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		next, ok := body["next"].(string)
		if len(items) == 0 {
			if ok {
				t.Fatal("the empty page must not carry next")
			}
			break
		}
		if !ok {
			t.Fatal("real tenants send next on every non-empty page, the last included")
		}
		path = "/api/v2/users/auth0%7Cu/refresh-tokens?take=2&from=" + url.QueryEscape(next)
	}
	if strings.Join(ids, ",") != "rt_00001,rt_00002,rt_00003,rt_00004,rt_00005" || pages != 4 {
		t.Fatalf("ids=%v pages=%d", ids, pages)
	}
}

func TestTakeOutOfRangeAndBadCursor(t *testing.T) {
	_, srv := newTestTenant(t, Options{})
	for _, q := range []string{"take=0", "take=101", "from=nonsense"} {
		if status, _, _ := call(t, srv, "GET", "/api/v2/users/auth0%7Cu/refresh-tokens?"+q, ""); status != 400 {
			t.Errorf("%s: status %d, want 400", q, status)
		}
	}
}

func TestRevocationDelay(t *testing.T) {
	tn, srv := newTestTenant(t, Options{RevocationDelay: 300 * time.Millisecond})
	if status, _, _ := call(t, srv, "DELETE", "/api/v2/users/auth0%7Cu/refresh-tokens", ""); status != 204 {
		t.Fatalf("status %d", status)
	}
	if n := len(tn.Listed("auth0|u")); n != 5 {
		t.Fatalf("%d listed right after revocation; want all 5 still listed", n)
	}
	time.Sleep(400 * time.Millisecond)
	if n := len(tn.Listed("auth0|u")); n != 0 {
		t.Fatalf("%d listed after the delay; want 0", n)
	}
}

func TestEarlyAccessAndScopes(t *testing.T) {
	_, srv := newTestTenant(t, Options{EarlyAccess: false})
	status, body, _ := call(t, srv, "POST", "/api/v2/refresh-tokens/revoke", `{"user_id":"auth0|u"}`)
	if status != 403 || !strings.Contains(body["message"].(string), "not enabled") {
		t.Fatalf("EA off: %d %v", status, body)
	}
	_, readOnly := newTestTenant(t, Options{}, scopeRead)
	status, body, _ = call(t, readOnly, "DELETE", "/api/v2/refresh-tokens/rt_00001", "")
	if status != 403 || body["errorCode"] != "insufficient_scope" || !strings.Contains(body["message"].(string), scopeDelete) {
		t.Fatalf("missing scope: %d %v", status, body)
	}
}

func TestBulkRevokeValidation(t *testing.T) {
	_, srv := newTestTenant(t, Options{EarlyAccess: true})
	for _, b := range []string{`{}`, `{"ids":["a"],"user_id":"u"}`, `{"user_id":"u","audience":"x"}`} {
		if status, _, _ := call(t, srv, "POST", "/api/v2/refresh-tokens/revoke", b); status != 400 {
			t.Errorf("%s: %d, want 400", b, status)
		}
	}
	if status, _, _ := call(t, srv, "POST", "/api/v2/refresh-tokens/revoke", `{"user_id":"auth0|u","client_id":"web","audience":"api"}`); status != 202 {
		t.Errorf("valid bulk revoke: %d", status)
	}
}

func TestRateLimit(t *testing.T) {
	_, srv := newTestTenant(t, Options{RateLimit: 2})
	var last int
	var h http.Header
	for i := 0; i < 3; i++ {
		last, _, h = call(t, srv, "GET", "/api/v2/refresh-tokens/rt_00001", "")
	}
	if last != 429 || h.Get("X-RateLimit-Limit") != "2" || h.Get("X-RateLimit-Remaining") != "0" || h.Get("X-RateLimit-Reset") == "" {
		t.Fatalf("third call: %d %v", last, h)
	}
}

// An application authenticates at the token endpoint with the method it is
// set to (token_endpoint_auth_method, client_secret_post by default); the
// other method is refused with a 401, as Auth0 refuses it.
func TestClientCredentials(t *testing.T) {
	tn, srv := newTestTenant(t, Options{})
	tn.AddClient(Client{ID: "m2m_basic", Secret: "right", Scopes: []string{scopeRead}, TokenEndpointAuthMethod: AuthMethodSecretBasic})
	audience := "https://" + strings.TrimPrefix(srv.URL, "http://") + "/api/v2/"
	// exchange returns the status, whether a token came back (never the token itself), the error code and the scope.
	exchange := func(clientID, secret string, basic bool) (int, bool, string, string) {
		form := url.Values{"grant_type": {"client_credentials"}, "audience": {audience}}
		if !basic {
			form.Set("client_id", clientID)
			form.Set("client_secret", secret)
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if basic {
			req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(secret))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var tok struct {
			AccessToken string `json:"access_token"`
			Scope       string `json:"scope"`
			Error       string `json:"error"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&tok)
		return resp.StatusCode, tok.AccessToken != "", tok.Error, tok.Scope
	}
	cases := []struct {
		name, client, secret string
		basic                bool
		want                 int
	}{
		{"post, bad secret", "m2m", "wrong", false, 401},
		{"post, default method", "m2m", "right", false, 200},
		{"basic, default method refused", "m2m", "right", true, 401},
		{"basic, basic method", "m2m_basic", "right", true, 200},
		{"basic, bad secret", "m2m_basic", "wrong", true, 401},
		{"post, basic method refused", "m2m_basic", "right", false, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, issued, code, scope := exchange(c.client, c.secret, c.basic)
			if status != c.want {
				t.Fatalf("status %d (error %q); want %d", status, code, c.want)
			}
			if c.want == 200 && (!issued || scope != scopeRead) {
				t.Fatalf("token issued %v, scope %q", issued, scope)
			}
			if c.want == 401 && (issued || code != "access_denied") {
				t.Fatalf("error %q; want access_denied and no token", code)
			}
		})
	}
	if err := New(Options{}).Load(Seed{Clients: []Client{{ID: "x", Secret: "y", TokenEndpointAuthMethod: "client_secret_jwt"}}}); err == nil ||
		!strings.Contains(err.Error(), "client_secret_basic") {
		t.Fatalf("an unknown token_endpoint_auth_method: %v; want an error naming the supported ones", err)
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	if _, err := Start(New(Options{}), "0.0.0.0:0", t.TempDir()); err == nil {
		t.Fatal("Start must refuse to listen beyond loopback")
	}
}

func TestCursorExpires(t *testing.T) {
	tn, srv := newTestTenant(t, Options{CursorTTL: time.Hour})
	_, body, _ := call(t, srv, "GET", "/api/v2/users/auth0%7Cu/refresh-tokens?take=2", "")
	next := body["next"].(string)
	tn.mu.Lock()
	tn.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	tn.mu.Unlock()
	if status, body, _ := call(t, srv, "GET", "/api/v2/users/auth0%7Cu/refresh-tokens?take=2&from="+url.QueryEscape(next), ""); status != 400 {
		t.Fatalf("an expired cursor: %d %v; want 400", status, body)
	}
}

func TestSessions(t *testing.T) {
	tn, srv := newTestTenant(t, Options{}, scopeRead, scopeReadSessions)
	for i, raw := range []map[string]any{
		{"id": "s_1", "user_id": "auth0|s", "created_at": "2026-01-01T00:00:00.000Z", "cookie": map[string]any{"mode": "persistent"}},
		{"id": "s_2", "user_id": "auth0|s", "created_at": nil},
		{"id": "s_3", "user_id": "auth0|s"},
	} {
		if err := tn.AddSession(raw); err != nil {
			t.Fatalf("session %d: %v", i, err)
		}
	}
	var ids []string
	path, pages := "/api/v2/users/auth0%7Cs/sessions?take=2", 0
	for ; pages < 5; pages++ {
		status, body, _ := call(t, srv, "GET", path, "")
		if status != 200 {
			t.Fatalf("status %d: %v", status, body)
		}
		items := body["sessions"].([]any)
		for _, it := range items {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		next, _ := body["next"].(string)
		if len(items) == 0 || next == "" {
			break
		}
		path = "/api/v2/users/auth0%7Cs/sessions?take=2&from=" + url.QueryEscape(next)
	}
	// Two pages, `next` on the second, then the empty page that really ends it.
	if strings.Join(ids, ",") != "s_1,s_2,s_3" || pages != 2 {
		t.Fatalf("ids %v over %d pages", ids, pages)
	}
	status, body, _ := call(t, srv, "GET", "/api/v2/sessions/s_2", "")
	if v, present := body["created_at"]; status != 200 || !present || v != nil {
		t.Fatalf("null created_at not kept: %d %v", status, body)
	}
	if _, present := body["cookie"]; present {
		t.Fatalf("absent cookie served: %v", body)
	}
	if status, body, _ := call(t, srv, "GET", "/api/v2/sessions/s_nope", ""); status != 404 || body["message"] != "The session does not exist." {
		t.Fatalf("unknown session: %d %v", status, body)
	}
	if status, _, _ := call(t, srv, "GET", "/api/v2/users/auth0%7Cghost/sessions", ""); status != 404 {
		t.Fatalf("unknown user: %d", status)
	}
	_, noScope := newTestTenant(t, Options{})
	if status, body, _ := call(t, noScope, "GET", "/api/v2/sessions/s_1", ""); status != 403 || !strings.Contains(body["message"].(string), "read:sessions") {
		t.Fatalf("missing scope: %d %v", status, body)
	}
}

func TestSessionRevocation(t *testing.T) {
	tn, srv := newTestTenant(t, Options{}, scopeRead, scopeReadSessions, scopeDeleteSessions)
	_ = tn.AddSession(map[string]any{"id": "s_1", "user_id": "auth0|u"})
	_ = tn.AddSession(map[string]any{"id": "s_2", "user_id": "auth0|u"})
	_ = tn.AddSession(map[string]any{"id": "s_3", "user_id": "auth0|u"})
	_ = tn.AddToken(map[string]any{"id": "rt_s1", "user_id": "auth0|u", "session_id": "s_1"})
	_ = tn.AddToken(map[string]any{"id": "rt_s2", "user_id": "auth0|u", "session_id": "s_2"})

	if status, _, _ := call(t, srv, "POST", "/api/v2/sessions/s_1/revoke", ""); status != 202 {
		t.Fatalf("revoke: %d", status)
	}
	if status, _, _ := call(t, srv, "DELETE", "/api/v2/sessions/s_2", ""); status != 204 {
		t.Fatalf("delete: %d", status)
	}
	// Revoke takes the bound token with it; delete leaves it.
	if got := strings.Join(tn.ListedSessions("auth0|u"), ","); got != "s_3" {
		t.Fatalf("sessions left: %s", got)
	}
	listed := strings.Join(tn.Listed("auth0|u"), ",")
	if strings.Contains(listed, "rt_s1") || !strings.Contains(listed, "rt_s2") {
		t.Fatalf("tokens left: %s", listed)
	}
	if status, body, _ := call(t, srv, "POST", "/api/v2/sessions/s_1/revoke", ""); status != 404 || body["message"] != "The session does not exist." {
		t.Fatalf("revoking twice: %d %v", status, body)
	}
	if status, _, _ := call(t, srv, "DELETE", "/api/v2/users/auth0%7Cu/sessions", ""); status != 204 || len(tn.ListedSessions("auth0|u")) != 0 {
		t.Fatalf("user-level delete: %d, left %v", status, tn.ListedSessions("auth0|u"))
	}
	_, readOnly := newTestTenant(t, Options{}, scopeReadSessions)
	if status, _, _ := call(t, readOnly, "DELETE", "/api/v2/users/auth0%7Cu/sessions", ""); status != 403 {
		t.Fatalf("missing delete:sessions: %d", status)
	}
}

// Deleting a user takes their tokens and sessions with them; listing them
// then answers 404 "The user does not exist.", as Auth0 does.
func TestDeleteUser(t *testing.T) {
	tn, srv := newTestTenant(t, Options{}, scopeRead, scopeReadSessions)
	if err := tn.AddSession(map[string]any{"id": "s_1", "user_id": "auth0|u"}); err != nil {
		t.Fatal(err)
	}
	if !tn.DeleteUser("auth0|u") {
		t.Fatal("DeleteUser of a user with tokens reported no such user")
	}
	if tn.DeleteUser("auth0|u") || tn.DeleteUser("auth0|ghost") {
		t.Fatal("DeleteUser of a user that does not exist reported one")
	}
	for _, path := range []string{"/api/v2/users/auth0%7Cu/refresh-tokens", "/api/v2/users/auth0%7Cu/sessions", "/api/v2/refresh-tokens/rt_00001", "/api/v2/sessions/s_1"} {
		if status, body, _ := call(t, srv, "GET", path, ""); status != http.StatusNotFound {
			t.Errorf("GET %s after deleting the user: %d %v", path, status, body)
		}
	}
	if status, body, _ := call(t, srv, "GET", "/api/v2/users/auth0%7Cu/refresh-tokens", ""); body["message"] != "The user does not exist." {
		t.Errorf("listing a deleted user's tokens: %d %v", status, body)
	}
}

func TestParseFault(t *testing.T) {
	f, err := ParseFault("status=503, method=delete,path=/api/v2/users/,skip=2,times=1")
	if err != nil || f.Status != 503 || f.Method != "DELETE" || f.PathPrefix != "/api/v2/users/" || f.Skip != 2 || f.Times != 1 {
		t.Fatalf("%+v %v", f, err)
	}
	if f, err := ParseFault("drop,times=2"); err != nil || !f.Drop || f.Times != 2 {
		t.Fatalf("%+v %v", f, err)
	}
	if f, err := ParseFault("expired-cursor"); err != nil || !f.ExpiredCursor {
		t.Fatalf("%+v %v", f, err)
	}
	for _, bad := range []string{"", "status=200", "status=503,colour=red", "skip=1", "status=503,times=-1", "drop=yes"} {
		if _, err := ParseFault(bad); err == nil {
			t.Errorf("ParseFault(%q) accepted", bad)
		}
	}
}

// Switches change while the tenant runs.
func TestSetOptions(t *testing.T) {
	tn, srv := newTestTenant(t, Options{})
	if status, _, _ := call(t, srv, "GET", "/api/v2/refresh-tokens?user_id=auth0%7Cu", ""); status != http.StatusForbidden {
		t.Fatalf("Early Access off: %d", status)
	}
	o := tn.Options()
	o.EarlyAccess = true
	tn.SetOptions(o)
	if status, _, _ := call(t, srv, "GET", "/api/v2/refresh-tokens?user_id=auth0%7Cu", ""); status != http.StatusOK {
		t.Fatalf("Early Access turned on: %d", status)
	}
}

// The admin endpoint shows what the tenant holds, so a person trying the
// provider can check what a run did: tokens and sessions as the Management
// API serves them, with when each was revoked or ended, and the users.
func TestAdminListsTokensSessionsAndUsers(t *testing.T) {
	tn, srv := newTestTenant(t, Options{}, scopeRead, scopeDelete, scopeReadSessions, scopeDeleteSessions)
	for _, raw := range []map[string]any{
		{"id": "s_u", "user_id": "auth0|u", "clients": []any{map[string]any{"client_id": "web"}}},
		{"id": "s_p", "user_id": "auth0|p", "created_at": nil},
	} {
		if err := tn.AddSession(raw); err != nil {
			t.Fatal(err)
		}
	}
	tn.AddUserProfile(UserProfile{UserID: "auth0|p", Email: "p@example.com", Connection: "corp"})
	tn.AddUser("auth0|nobody")
	if status, _, _ := call(t, srv, "DELETE", "/api/v2/refresh-tokens/rt_00001", ""); status != 204 {
		t.Fatalf("revoke: %d", status)
	}
	if status, _, _ := call(t, srv, "DELETE", "/api/v2/sessions/s_p", ""); status != 204 {
		t.Fatalf("delete session: %d", status)
	}
	admin := httptest.NewServer(tn.AdminHandler())
	t.Cleanup(admin.Close)
	get := func(path string) []map[string]any {
		t.Helper()
		resp, err := http.Get(admin.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var out []map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out == nil {
			t.Fatalf("GET %s: %d, %v; want a JSON array", path, resp.StatusCode, err)
		}
		return out
	}
	ids := func(items []map[string]any, key string) string {
		var s []string
		for _, it := range items {
			v, _ := it[key].(string)
			if when, ok := it["revoked_at"].(string); ok && when != "" {
				v += "(revoked)"
			}
			if when, ok := it["ended_at"].(string); ok && when != "" {
				v += "(ended)"
			}
			s = append(s, v)
		}
		return strings.Join(s, ",")
	}

	tokens := get("/tokens")
	if got := ids(tokens, "id"); got != "rt_00001(revoked),rt_00002,rt_00003,rt_00004,rt_00005" {
		t.Errorf("GET /tokens: %s", got)
	}
	if tokens[1]["client_id"] != "web" || tokens[1]["user_id"] != "auth0|u" || tokens[1]["device"] == nil {
		t.Errorf("a token is not shown as the Management API serves it: %v", tokens[1])
	}
	if got := ids(get("/tokens?user_id=auth0%7Cu"), "id"); got != "rt_00001(revoked),rt_00002,rt_00003,rt_00004,rt_00005" {
		t.Errorf("GET /tokens?user_id=auth0|u: %s", got)
	}
	if got := get("/tokens?user_id=auth0%7Cp"); len(got) != 0 {
		t.Errorf("GET /tokens?user_id=auth0|p: %v; want none", got)
	}

	sessions := get("/sessions")
	if got := ids(sessions, "id"); got != "s_p(ended),s_u" {
		t.Errorf("GET /sessions: %s", got)
	}
	if v, present := sessions[0]["created_at"]; !present || v != nil {
		t.Errorf("a session's null field is not kept as seeded: %v", sessions[0])
	}
	if got := ids(get("/sessions?user_id=auth0%7Cu"), "id"); got != "s_u" {
		t.Errorf("GET /sessions?user_id=auth0|u: %s", got)
	}

	users := get("/users")
	if got := ids(users, "user_id"); got != "auth0|nobody,auth0|p,auth0|u" {
		t.Errorf("GET /users: %s", got)
	}
	// Counts are of what the Management API still lists.
	if u := users[2]; u["tokens"] != float64(4) || u["sessions"] != float64(1) || u["connection"] != defaultConnection {
		t.Errorf("auth0|u: %v", u)
	}
	if p := get("/users?user_id=auth0%7Cp"); len(p) != 1 || p[0]["email"] != "p@example.com" || p[0]["connection"] != "corp" ||
		p[0]["tokens"] != float64(0) || p[0]["sessions"] != float64(0) {
		t.Errorf("GET /users?user_id=auth0|p: %v", p)
	}
	if got := get("/users?user_id=auth0%7Cghost"); len(got) != 0 {
		t.Errorf("an unknown user: %v; want none", got)
	}

	tn.DeleteUser("auth0|u")
	if got := ids(get("/users"), "user_id"); got != "auth0|nobody,auth0|p" {
		t.Errorf("after deleting auth0|u, GET /users: %s", got)
	}
	if got := get("/tokens"); len(got) != 0 {
		t.Errorf("after deleting auth0|u, GET /tokens: %v; want none", ids(got, "id"))
	}
}

// An organization's members, seeded through the admin endpoint, page by page
// with checkpoint cursors; only the fields asked for; Auth0's 404 for an
// unknown organization; the scope it needs.
func TestOrganizationMembers(t *testing.T) {
	tn, srv := newTestTenant(t, Options{}, scopeReadOrganizationMembers)
	admin := httptest.NewServer(tn.AdminHandler())
	t.Cleanup(admin.Close)
	if status, body := adminCall(t, admin, "POST", "/seed", `{"user_profiles": [{"user_id": "auth0|b", "email": "b@acme.example"}],
		"organizations": [{"id": "org_acme", "members": ["auth0|c", "auth0|a", "auth0|b"]}, {"id": "org_other", "members": ["auth0|z"]}]}`); status != http.StatusCreated {
		t.Fatalf("seed: %d %s", status, body)
	}
	tn.DeleteUser("auth0|c") // a deleted user leaves the organization
	var ids []string
	path := "/api/v2/organizations/org_acme/members?take=1&fields=user_id&include_fields=true"
	for pages := 0; ; pages++ {
		status, body, _ := call(t, srv, "GET", path, "")
		if status != 200 || pages > 3 {
			t.Fatalf("page %d: status %d: %v", pages, status, body)
		}
		items := body["members"].([]any)
		if len(items) == 0 {
			break
		}
		for _, it := range items {
			m := it.(map[string]any)
			if len(m) != 1 {
				t.Fatalf("fields=user_id answered %v", m)
			}
			ids = append(ids, m["user_id"].(string))
		}
		path = "/api/v2/organizations/org_acme/members?take=1&fields=user_id&include_fields=true&from=" + url.QueryEscape(body["next"].(string))
	}
	if strings.Join(ids, ",") != "auth0|a,auth0|b" {
		t.Fatalf("members %v", ids)
	}
	if _, body, _ := call(t, srv, "GET", "/api/v2/organizations/org_acme/members", ""); len(body["members"].([]any)) != 2 ||
		body["members"].([]any)[1].(map[string]any)["email"] != "b@acme.example" {
		t.Fatalf("without fields: %v", body)
	}
	status, body, _ := call(t, srv, "GET", "/api/v2/organizations/org_nosuch/members", "")
	if status != 404 || body["message"] != "No organization found by that id or name" || body["error"] != "Not Found" {
		t.Fatalf("unknown organization: %d %v", status, body)
	}
	_, noScope := newTestTenant(t, Options{})
	if status, body, _ := call(t, noScope, "GET", "/api/v2/organizations/org_acme/members", ""); status != 403 ||
		!strings.Contains(body["message"].(string), scopeReadOrganizationMembers) {
		t.Fatalf("missing scope: %d %v", status, body)
	}
}
