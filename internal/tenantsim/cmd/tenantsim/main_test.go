package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// startRun runs the command with args (and -dir) until the test ends, and
// returns the env file's variables once it is written.
func startRun(t *testing.T, dir string, args ...string) map[string]string {
	t.Helper()
	stop := make(chan os.Signal)
	done := make(chan error, 1)
	go func() { done <- run(append(args, "-dir", dir), io.Discard, stop) }()
	t.Cleanup(func() {
		close(stop)
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	envFile := filepath.Join(dir, "tenantsim.env")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if data, err := os.ReadFile(envFile); err == nil && strings.Contains(string(data), "AUTH0_DOMAIN=127.0.0.1:") {
			env := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				k, v, _ := strings.Cut(strings.TrimPrefix(line, "export "), "=")
				env[k] = v
			}
			return env
		}
		select {
		case err := <-done:
			t.Fatalf("tenantsim stopped early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no env file at %s", envFile)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// -dir names a folder that does not exist yet: it is created (it used to fail
// with "open .../tenantsim-ca.pem: no such file or directory").
func TestRunCreatesMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x", "t")
	startRun(t, dir, "-seed", "../../../../examples/demo/seed.json")
	envFile := filepath.Join(dir, "tenantsim.env")
	if _, err := os.Stat(filepath.Join(dir, "tenantsim-ca.pem")); err != nil {
		t.Fatalf("CA certificate not written: %v", err)
	}
	if data, _ := os.ReadFile(envFile); !strings.Contains(string(data), "SSL_CERT_FILE="+filepath.Join(dir, "tenantsim-ca.pem")) {
		t.Fatalf("the env file does not name the CA file by its absolute path:\n%s", data)
	}
}

func TestRunRefusesMissingSeed(t *testing.T) {
	err := run(nil, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "-seed is required") {
		t.Fatalf("err=%v", err)
	}
}

// What a user reproducing a problem needs from the command line, as the tests
// have it: a fault from -fault, the request log in -request-log and on the
// admin endpoint, faults and switches changed while it runs, and a user
// deleted with their tokens.
func TestRunReproduceAProblem(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new") // created by -dir, and holding the log
	logFile := filepath.Join(dir, "requests.jsonl")
	env := startRun(t, dir, "-seed", "../../../acctest/seed.json", "-request-log", logFile,
		"-fault", "status=503,method=GET,path=/api/v2/refresh-tokens/rt_alice_1,times=1")
	admin := env["TENANTSIM_ADMIN"]
	if !strings.HasPrefix(admin, "http://127.0.0.1:") {
		t.Fatalf("the env file has no loopback TENANTSIM_ADMIN: %v", env)
	}
	ca, err := os.ReadFile(env["SSL_CERT_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	tenant := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	base := "https://" + env["AUTH0_DOMAIN"]
	resp, err := tenant.PostForm(base+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {env["AUTH0_CLIENT_ID"]},
		"client_secret": {env["AUTH0_CLIENT_SECRET"]}, "audience": {base + "/api/v2/"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	_ = resp.Body.Close()

	do := func(c *http.Client, method, u, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, u, strings.NewReader(body))
		if c == tenant {
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	api := func(method, path string) int { return do(tenant, method, base+path, "") }
	adm := func(method, path, body string) int { return do(http.DefaultClient, method, admin+path, body) }
	expect := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s: status %d, want %d", what, got, want)
		}
	}

	expect("the -fault", api("GET", "/api/v2/refresh-tokens/rt_alice_1"), 503)
	expect("after the fault's one time", api("GET", "/api/v2/refresh-tokens/rt_alice_1"), 200)

	expect("POST /faults", adm("POST", "/faults", `{"status": 429, "path_prefix": "/api/v2/users/auth0%7Cbob/"}`), 201)
	expect("a fault added while running", api("GET", "/api/v2/users/auth0%7Cbob/refresh-tokens"), 429)
	expect("a bad fault", adm("POST", "/faults", `{"status": 200}`), 400)
	expect("DELETE /faults", adm("DELETE", "/faults", ""), 204)
	expect("faults cleared", api("GET", "/api/v2/users/auth0%7Cbob/refresh-tokens"), 200)

	expect("Early Access off", api("GET", "/api/v2/refresh-tokens?user_id=auth0%7Cbob"), 403)
	expect("PATCH /options", adm("PATCH", "/options", `{"early_access": true, "revocation_delay": "1s"}`), 200)
	expect("Early Access turned on", api("GET", "/api/v2/refresh-tokens?user_id=auth0%7Cbob"), 200)
	expect("a bad option", adm("PATCH", "/options", `{"latency": "soon"}`), 400)

	expect("DELETE /users", adm("DELETE", "/users/auth0%7Calice", ""), 204)
	expect("a deleted user's tokens", api("GET", "/api/v2/users/auth0%7Calice/refresh-tokens"), 404)
	expect("a deleted user's token", api("GET", "/api/v2/refresh-tokens/rt_alice_1"), 404)
	expect("a deleted user's session", api("GET", "/api/v2/sessions/sess_alice_1"), 404)
	expect("deleting an unknown user", adm("DELETE", "/users/auth0%7Cghost", ""), 404)

	expect("POST /seed", adm("POST", "/seed", `{"tokens": [{"id": "rt_new_1", "user_id": "auth0|new", "client_id": "app_web"}]}`), 201)
	expect("POST /seed with an ID the tenant has", adm("POST", "/seed", `{"tokens": [{"id": "rt_bob_1", "user_id": "auth0|bob"}]}`), 409)
	expect("a token added while running", api("GET", "/api/v2/refresh-tokens/rt_new_1"), 200)

	// The request log, on the admin endpoint and in the -request-log file.
	resp, err = http.Get(admin + "/requests")
	if err != nil {
		t.Fatal(err)
	}
	var logged []tenantsim.Request
	_ = json.NewDecoder(resp.Body).Decode(&logged)
	_ = resp.Body.Close()
	var statuses []int
	for _, r := range logged {
		if strings.HasPrefix(r.Path, "/api/v2/") {
			statuses = append(statuses, r.Status)
		}
	}
	if want := []int{503, 200, 429, 200, 403, 200, 404, 404, 404, 200}; !slices.Equal(statuses, want) {
		t.Errorf("GET /requests statuses %v; want %v", statuses, want)
	}
	f, err := os.Open(logFile)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	lines := 0
	for sc := bufio.NewScanner(f); sc.Scan(); lines++ {
		var r tenantsim.Request
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.Method == "" || r.Time.IsZero() {
			t.Errorf("request log line %q: %v", sc.Text(), err)
		}
	}
	if lines != len(logged) {
		t.Errorf("the request log file has %d lines; the admin endpoint %d requests", lines, len(logged))
	}
	for _, r := range logged {
		if strings.Contains(r.Path+r.Query, env["AUTH0_CLIENT_SECRET"]) {
			t.Error("the request log holds the client secret")
		}
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	for _, c := range []struct{ args, want string }{
		{"-fault status=abc", "status needs a number"},
		{"-fault method=GET", "needs a status"},
		{"-fault status=503,path=api/v2", "from its first slash"},
		{"-delete-style 418", "use one of 204"},
		{"-admin-addr 0.0.0.0:0", "loopback only"},
	} {
		args := append([]string{"-seed", "../../../acctest/seed.json", "-dir", t.TempDir()}, strings.Fields(c.args)...)
		err := run(args, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err=%v; want %q", c.args, err, c.want)
		}
	}
}

// A seed whose first application is set to client_secret_basic gives an env
// file that makes the provider send the secret that way.
func TestRunEnvFileNamesTheClientAuthenticationMethod(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(seed, []byte(`{"clients": [{"client_id": "m2m_basic", "client_secret": "local-only",
  "token_endpoint_auth_method": "client_secret_basic", "scopes": ["read:refresh_tokens"]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := startRun(t, filepath.Join(dir, "t"), "-seed", seed)
	if env["AUTH0_CLIENT_ID"] != "m2m_basic" || env["AUTH0_CLIENT_AUTHENTICATION_METHOD"] != "client_secret_basic" {
		t.Fatalf("env file: AUTH0_CLIENT_ID=%q AUTH0_CLIENT_AUTHENTICATION_METHOD=%q", env["AUTH0_CLIENT_ID"], env["AUTH0_CLIENT_AUTHENTICATION_METHOD"])
	}
}

// lockedBuffer collects what run prints while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The env file always sets AUTH0_CLIENT_AUTHENTICATION_METHOD (it used to
// only for a client_secret_basic client, so loading another tenant's env
// file after a basic one kept client_secret_basic), and the banner shows it.
func TestRunEnvFileAlwaysSetsTheClientAuthenticationMethod(t *testing.T) {
	for _, c := range []struct{ name, client, want, banner string }{
		{"default", `"client_secret": "local-only"`, "client_secret_post", "AUTH0_CLIENT_AUTHENTICATION_METHOD=client_secret_post"},
		{"post", `"client_secret": "local-only", "token_endpoint_auth_method": "client_secret_post"`, "client_secret_post", "AUTH0_CLIENT_AUTHENTICATION_METHOD=client_secret_post"},
		{"basic", `"client_secret": "local-only", "token_endpoint_auth_method": "client_secret_basic"`, "client_secret_basic", "AUTH0_CLIENT_AUTHENTICATION_METHOD=client_secret_basic"},
		// The provider takes private_key_jwt from a private key, not this
		// setting: the env file empties it, which the provider reads as unset.
		{"private key", `"public_key": "-----BEGIN PUBLIC KEY-----"`, "", "AUTH0_CLIENT_AUTHENTICATION_METHOD= (Private Key JWT"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			seed := filepath.Join(dir, "seed.json")
			if err := os.WriteFile(seed, []byte(`{"clients": [{"client_id": "m2m", `+c.client+`, "scopes": ["read:refresh_tokens"]}]}`), 0o600); err != nil {
				t.Fatal(err)
			}
			out := &lockedBuffer{}
			stop := make(chan os.Signal)
			done := make(chan error, 1)
			go func() { done <- run([]string{"-seed", seed, "-dir", filepath.Join(dir, "t")}, out, stop) }()
			for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "Load all of it with"); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("no banner: %q", out.String())
				}
			}
			close(stop)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(dir, "t", "tenantsim.env"))
			if err != nil {
				t.Fatal(err)
			}
			if line := "export AUTH0_CLIENT_AUTHENTICATION_METHOD=" + c.want + "\n"; !strings.Contains(string(data), line) {
				t.Errorf("env file:\n%s\nwant the line %q", data, line)
			}
			if !strings.Contains(out.String(), c.banner) {
				t.Errorf("banner:\n%s\nwant %q", out.String(), c.banner)
			}
		})
	}
}
