package tenantsim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// adminCall sends one request to the admin endpoint and returns the status
// and the body (an error's message, when it is one).
func adminCall(t *testing.T, admin *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, admin.URL+path, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(data, &e) == nil && e.Error != "" {
		return resp.StatusCode, e.Error
	}
	return resp.StatusCode, string(data)
}

// POST /seed refuses a token or session ID the tenant already holds (it used
// to replace a token, un-revoking it, while a replaced session stayed
// ended), adds nothing from that request, and answers a successful seed
// with a summary of what it added (it used to answer an empty 204).
func TestAdminSeedRefusesExistingIDsAndSummarises(t *testing.T) {
	tn, srv := newTestTenant(t, Options{}, scopeRead, scopeDelete, scopeReadSessions, scopeDeleteSessions)
	if err := tn.AddSession(map[string]any{"id": "s_1", "user_id": "auth0|u"}); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := call(t, srv, "DELETE", "/api/v2/refresh-tokens/rt_00001", ""); status != 204 {
		t.Fatalf("revoke: %d", status)
	}
	if status, _, _ := call(t, srv, "DELETE", "/api/v2/sessions/s_1", ""); status != 204 {
		t.Fatalf("delete session: %d", status)
	}
	admin := httptest.NewServer(tn.AdminHandler())
	t.Cleanup(admin.Close)

	for _, c := range []struct{ name, body, want string }{
		{"an existing token", `{"users": ["auth0|fresh"], "tokens": [{"id": "rt_new", "user_id": "auth0|new"}, {"id": "rt_00001", "user_id": "auth0|u"}]}`, `token "rt_00001"`},
		{"an existing session", `{"tokens": [{"id": "rt_new", "user_id": "auth0|new"}], "sessions": [{"id": "s_new", "user_id": "auth0|new"}, {"id": "s_1", "user_id": "auth0|u"}]}`, `session "s_1"`},
		{"a generated token that exists", `{"tokens": [{"id": "rt_new", "user_id": "auth0|new"}], "generate": [{"user_id": "auth0|u", "prefix": "rt_", "count": 6}]}`, `token "rt_00005"`},
		{"an existing client", `{"tokens": [{"id": "rt_new", "user_id": "auth0|new"}], "clients": [{"client_id": "m2m", "client_secret": "other"}]}`, `client "m2m"`},
	} {
		status, body := adminCall(t, admin, "POST", "/seed", c.body)
		if status != http.StatusConflict || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s; want 409 naming %s", c.name, status, body, c.want)
		}
	}
	for _, c := range []struct{ name, body, want string }{
		{"a token twice", `{"tokens": [{"id": "rt_new", "user_id": "auth0|new"}, {"id": "rt_new", "user_id": "auth0|new"}]}`, `token "rt_new"`},
		{"a bad client after new tokens", `{"tokens": [{"id": "rt_new", "user_id": "auth0|new"}], "clients": [{"client_id": "x", "token_endpoint_auth_method": "client_secret_jwt"}]}`, "client_secret_jwt"},
		{"a session without a user after new tokens", `{"tokens": [{"id": "rt_new", "user_id": "auth0|new"}], "sessions": [{"id": "s_new"}]}`, "user_id"},
	} {
		status, body := adminCall(t, admin, "POST", "/seed", c.body)
		if status != http.StatusBadRequest || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s; want 400 naming %s", c.name, status, body, c.want)
		}
	}
	// Nothing from the refused requests was added, and what existed is as it was.
	if got := tn.Tokens("auth0|new"); len(got) != 0 {
		t.Errorf("a refused seed added tokens: %v", got)
	}
	if got := tn.Sessions("auth0|new"); len(got) != 0 {
		t.Errorf("a refused seed added sessions: %v", got)
	}
	if got := tn.Users("auth0|fresh"); len(got) != 0 {
		t.Errorf("a refused seed added users: %v", got)
	}
	if got := tn.Tokens("auth0|u"); len(got) != 5 || got[0]["revoked_at"] == nil {
		t.Errorf("rt_00001 is no longer revoked, or tokens changed: %v", got)
	}
	if got := tn.Sessions("auth0|u"); len(got) != 1 || got[0]["ended_at"] == nil {
		t.Errorf("s_1 is no longer ended: %v", got)
	}

	status, body := adminCall(t, admin, "POST", "/seed", `{"users": ["auth0|nobody", "auth0|u"],
		"clients": [{"client_id": "m2m_2", "client_secret": "local"}],
		"tokens": [{"id": "rt_new", "user_id": "auth0|new"}],
		"sessions": [{"id": "s_new", "user_id": "auth0|new"}, {"id": "s_2", "user_id": "auth0|u"}],
		"generate": [{"user_id": "auth0|many", "prefix": "rt_many_", "count": 3}],
		"generate_users": [{"prefix": "auth0|c", "count": 2}]}`)
	var summary map[string]int
	if err := json.Unmarshal([]byte(body), &summary); status != http.StatusCreated || err != nil {
		t.Fatalf("a good seed: %d %s (%v); want 201 and a JSON summary", status, body, err)
	}
	// New users: auth0|nobody, auth0|new, auth0|many, auth0|c00001, auth0|c00002 (auth0|u existed).
	want := map[string]int{"users": 5, "clients": 1, "tokens": 1, "sessions": 2, "generated": 3}
	for k, v := range want {
		if summary[k] != v {
			t.Errorf("summary %s=%d; want %d (%s)", k, summary[k], v, body)
		}
	}
	if len(summary) != len(want) {
		t.Errorf("summary %s; want exactly %v", body, want)
	}
}

// Tenant.Load refuses an existing ID with an error naming it, adding nothing.
func TestLoadRefusesExistingIDs(t *testing.T) {
	tn := New(Options{})
	if err := tn.Load(Seed{Tokens: []map[string]any{{"id": "rt_1", "user_id": "auth0|u"}}}); err != nil {
		t.Fatal(err)
	}
	err := tn.Load(Seed{Users: []string{"auth0|other"}, Tokens: []map[string]any{{"id": "rt_1", "user_id": "auth0|u"}}})
	var exists *IDsExistError
	if !errors.As(err, &exists) || !strings.Contains(err.Error(), `token "rt_1"`) {
		t.Fatalf("err=%v; want an IDsExistError naming rt_1", err)
	}
	if len(tn.Users("auth0|other")) != 0 {
		t.Error("a refused Load added a user")
	}
}

// Every admin GET refuses a query parameter it does not know with a 400
// naming those it accepts (GET /tokens?userid=x, a typo of user_id, used to
// return every token).
func TestAdminGetRefusesUnknownQueryParameters(t *testing.T) {
	tn, _ := newTestTenant(t, Options{})
	admin := httptest.NewServer(tn.AdminHandler())
	t.Cleanup(admin.Close)
	for _, c := range []struct{ path, want string }{
		{"/tokens?userid=auth0%7Cu", `"userid": GET /tokens accepts user_id`},
		{"/sessions?user=auth0%7Cu", `"user": GET /sessions accepts user_id`},
		{"/users?user_id=auth0%7Cu&email=x", `"email": GET /users accepts user_id`},
		{"/requests?since=1", `"since": GET /requests accepts none`},
		{"/faults?x=1", `"x": GET /faults accepts none`},
		{"/options?early_access=true", `"early_access": GET /options accepts none`},
		{"/?help", `"help": GET / accepts none`},
	} {
		status, body := adminCall(t, admin, "GET", c.path, "")
		if status != http.StatusBadRequest || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d %s; want 400 with %s", c.path, status, body, c.want)
		}
	}
	for _, path := range []string{"/tokens?user_id=auth0%7Cu", "/sessions", "/users?user_id=", "/requests", "/faults", "/options", "/"} {
		if status, body := adminCall(t, admin, "GET", path, ""); status != http.StatusOK {
			t.Errorf("GET %s: %d %s; want 200", path, status, body)
		}
	}
}

// GET /options shows the values in force: the documented defaults 24h and
// 204 when unset (it showed "0s" and ""), and after a PATCH back to them.
func TestAdminOptionsShowEffectiveValues(t *testing.T) {
	tn, _ := newTestTenant(t, Options{})
	admin := httptest.NewServer(tn.AdminHandler())
	t.Cleanup(admin.Close)
	check := func(what, body, ttl, style string) {
		t.Helper()
		var o map[string]any
		if err := json.Unmarshal([]byte(body), &o); err != nil {
			t.Fatalf("%s: %s: %v", what, body, err)
		}
		got, err := time.ParseDuration(o["cursor_ttl"].(string))
		want, _ := time.ParseDuration(ttl)
		if err != nil || got != want || o["delete_style"] != style {
			t.Errorf("%s: cursor_ttl=%v delete_style=%v; want %s and %s", what, o["cursor_ttl"], o["delete_style"], ttl, style)
		}
	}
	_, body := adminCall(t, admin, "GET", "/options", "")
	check("the defaults", body, "24h", "204")
	_, body = adminCall(t, admin, "PATCH", "/options", `{"cursor_ttl": "1m", "delete_style": "202-empty-string"}`)
	check("after a PATCH", body, "1m", "202-empty-string")
	_, body = adminCall(t, admin, "PATCH", "/options", `{"cursor_ttl": "0s", "delete_style": ""}`)
	check("after a PATCH back to the defaults", body, "24h", "204")
	_, body = adminCall(t, admin, "GET", "/options", "")
	check("GET after it", body, "24h", "204")
}
