package tenantsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// adminHelp is what GET / on the admin endpoint answers.
const adminHelp = `tenantsim admin endpoint (loopback only; the provider never calls it)

GET    /requests        the requests served so far, oldest first: time, method, path, query, status (JSON)
DELETE /requests        forget them
GET    /faults          the injected faults, with how many requests each has failed
POST   /faults          inject a fault: {"status": 503, "method": "DELETE", "path_prefix": "/api/v2/users/", "skip": 0, "times": 1}
                        ("drop": true drops the connection; "expired_cursor": true answers an expired cursor)
DELETE /faults          remove every fault
GET    /options         the switches in force
PATCH  /options         change some: {"early_access": true, "rate_limit": 5, "revocation_delay": "2s", "latency": "100ms", ...}
POST   /seed            add users, clients, tokens and sessions, in the seed file's format; an ID the tenant
                        already has is refused (409) and nothing is added; answers what was added:
                        {"users": 1, "clients": 0, "tokens": 2, "sessions": 1, "generated": 250}
GET    /tokens          the refresh tokens the tenant holds, as the Management API serves them, revoked ones with
                        "revoked_at"; ?user_id=auth0%7Calice for one user's
GET    /sessions        the sessions, likewise, ended ones with "ended_at"; ?user_id= for one user's
GET    /users           the users: user_id, email, connection, and how many tokens and sessions are still listed; ?user_id=
DELETE /users/{id}      delete a user with their refresh tokens and sessions (escape the ID: auth0%7Calice)

A GET refuses a query parameter it does not take (400): only /tokens, /sessions and /users take one, user_id.
`

// adminOptions is Options as the admin endpoint reads and writes them:
// durations as Go duration strings. In a PATCH, absent fields keep their value.
type adminOptions struct {
	EarlyAccess         *bool   `json:"early_access,omitempty"`
	NoEarlyAccessRoutes *bool   `json:"no_early_access_routes,omitempty"`
	NoNextOnLastPage    *bool   `json:"no_next_on_last_page,omitempty"`
	RepeatCursor        *bool   `json:"repeat_cursor,omitempty"`
	RevocationDelay     *string `json:"revocation_delay,omitempty"`
	CursorTTL           *string `json:"cursor_ttl,omitempty"`
	RateLimit           *int    `json:"rate_limit,omitempty"`
	Latency             *string `json:"latency,omitempty"`
	DeleteStyle         *string `json:"delete_style,omitempty"`
}

// viewOptions shows the values in force: a zero cursor TTL as the default
// 24h, an empty delete style as 204.
func viewOptions(o Options) adminOptions {
	d := func(v time.Duration) *string { s := v.String(); return &s }
	style := o.effectiveDeleteStyle()
	return adminOptions{
		EarlyAccess: &o.EarlyAccess, NoEarlyAccessRoutes: &o.NoEarlyAccessRoutes, NoNextOnLastPage: &o.NoNextOnLastPage,
		RepeatCursor: &o.RepeatCursor, RevocationDelay: d(o.RevocationDelay), CursorTTL: d(o.effectiveCursorTTL()), RateLimit: &o.RateLimit,
		Latency: d(o.Latency), DeleteStyle: &style,
	}
}

// apply returns o with the patch's fields set.
func (p adminOptions) apply(o Options) (Options, error) {
	set := func(b *bool, to *bool) {
		if b != nil {
			*to = *b
		}
	}
	set(p.EarlyAccess, &o.EarlyAccess)
	set(p.NoEarlyAccessRoutes, &o.NoEarlyAccessRoutes)
	set(p.NoNextOnLastPage, &o.NoNextOnLastPage)
	set(p.RepeatCursor, &o.RepeatCursor)
	for _, d := range []struct {
		name string
		from *string
		to   *time.Duration
	}{{"revocation_delay", p.RevocationDelay, &o.RevocationDelay}, {"cursor_ttl", p.CursorTTL, &o.CursorTTL}, {"latency", p.Latency, &o.Latency}} {
		if d.from == nil {
			continue
		}
		v, err := time.ParseDuration(*d.from)
		if err != nil || v < 0 {
			return o, fmt.Errorf("%s %q: give a Go duration such as 2s or 500ms", d.name, *d.from)
		}
		*d.to = v
	}
	if p.RateLimit != nil {
		if *p.RateLimit < 0 {
			return o, errors.New("rate_limit cannot be negative (0: unlimited)")
		}
		o.RateLimit = *p.RateLimit
	}
	if p.DeleteStyle != nil {
		if *p.DeleteStyle != "" && !slices.Contains(DeleteStyles, *p.DeleteStyle) {
			return o, fmt.Errorf("delete_style %q: use one of %s", *p.DeleteStyle, strings.Join(DeleteStyles, ", "))
		}
		o.DeleteStyle = *p.DeleteStyle
	}
	return o, nil
}

// AdminHandler serves the admin endpoint (adminHelp lists it): what tests
// do with the Tenant's methods, over HTTP, for the command.
func (t *Tenant) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if !knownQuery(w, r) {
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, adminHelp)
	})
	mux.HandleFunc("GET /requests", func(w http.ResponseWriter, r *http.Request) {
		if knownQuery(w, r) {
			writeJSON(w, http.StatusOK, nonNilSlice(t.Requests()))
		}
	})
	mux.HandleFunc("DELETE /requests", func(w http.ResponseWriter, _ *http.Request) {
		t.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /faults", func(w http.ResponseWriter, r *http.Request) {
		if knownQuery(w, r) {
			writeJSON(w, http.StatusOK, t.Faults())
		}
	})
	mux.HandleFunc("POST /faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !decodeAdmin(w, r, &f) {
			return
		}
		if err := f.Validate(); err != nil {
			adminError(w, http.StatusBadRequest, err.Error())
			return
		}
		t.AddFault(f)
		writeJSON(w, http.StatusCreated, t.Faults())
	})
	mux.HandleFunc("DELETE /faults", func(w http.ResponseWriter, _ *http.Request) {
		t.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /options", func(w http.ResponseWriter, r *http.Request) {
		if knownQuery(w, r) {
			writeJSON(w, http.StatusOK, viewOptions(t.Options()))
		}
	})
	mux.HandleFunc("PATCH /options", func(w http.ResponseWriter, r *http.Request) {
		var p adminOptions
		if !decodeAdmin(w, r, &p) {
			return
		}
		o, err := p.apply(t.Options())
		if err != nil {
			adminError(w, http.StatusBadRequest, err.Error())
			return
		}
		t.SetOptions(o)
		writeJSON(w, http.StatusOK, viewOptions(o))
	})
	mux.HandleFunc("POST /seed", func(w http.ResponseWriter, r *http.Request) {
		var s Seed
		if !decodeAdmin(w, r, &s) {
			return
		}
		sum, err := t.LoadSeed(s)
		var exist *IDsExistError
		switch {
		case errors.As(err, &exist):
			adminError(w, http.StatusConflict, err.Error())
		case err != nil:
			adminError(w, http.StatusBadRequest, err.Error()+"; nothing from this seed was added")
		default:
			writeJSON(w, http.StatusCreated, sum)
		}
	})
	// What the tenant holds, to check what a run did; ?user_id= narrows it to one user.
	mux.HandleFunc("GET /tokens", func(w http.ResponseWriter, r *http.Request) {
		if knownQuery(w, r, "user_id") {
			writeJSON(w, http.StatusOK, nonNilSlice(t.Tokens(r.URL.Query().Get("user_id"))))
		}
	})
	mux.HandleFunc("GET /sessions", func(w http.ResponseWriter, r *http.Request) {
		if knownQuery(w, r, "user_id") {
			writeJSON(w, http.StatusOK, nonNilSlice(t.Sessions(r.URL.Query().Get("user_id"))))
		}
	})
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		if knownQuery(w, r, "user_id") {
			writeJSON(w, http.StatusOK, t.Users(r.URL.Query().Get("user_id")))
		}
	})
	mux.HandleFunc("DELETE /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		// The ID is one escaped path segment, as in the Management API.
		raw := strings.TrimPrefix(r.URL.EscapedPath(), "/users/")
		id, err := url.PathUnescape(raw)
		switch {
		case err != nil || id == "" || strings.Contains(raw, "/"):
			adminError(w, http.StatusBadRequest, "give the user ID as one escaped path segment, for example /users/auth0%7Calice")
		case !t.DeleteUser(id):
			adminError(w, http.StatusNotFound, fmt.Sprintf("no user %q", id))
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	return mux
}

// knownQuery refuses, with a 400 naming the ones accepted, a request with a
// query parameter not in accepts: a typo (?userid=) must not widen the answer.
func knownQuery(w http.ResponseWriter, r *http.Request, accepts ...string) bool {
	var unknown []string
	for k := range r.URL.Query() {
		if !slices.Contains(accepts, k) {
			unknown = append(unknown, strconv.Quote(k))
		}
	}
	if len(unknown) == 0 {
		return true
	}
	slices.Sort(unknown)
	what := "none"
	if len(accepts) > 0 {
		what = strings.Join(accepts, ", ")
	}
	plural := ""
	if len(unknown) > 1 {
		plural = "s"
	}
	adminError(w, http.StatusBadRequest, fmt.Sprintf("unknown query parameter%s %s: %s %s accepts %s",
		plural, strings.Join(unknown, ", "), r.Method, r.URL.Path, what))
	return false
}

func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		adminError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

func adminError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"error": message})
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// AdminServer is the admin endpoint, served over plain HTTP on loopback.
type AdminServer struct {
	// URL is where it listens: "http://127.0.0.1:PORT".
	URL string
	srv *http.Server
}

// StartAdmin serves t's admin endpoint on addr, which must be a loopback
// address ("127.0.0.1:0" picks a free port).
func StartAdmin(t *Tenant, addr string) (*AdminServer, error) {
	ln, err := listenLoopback(addr)
	if err != nil {
		return nil, err
	}
	a := &AdminServer{URL: "http://" + ln.Addr().String(), srv: &http.Server{
		Handler: t.AdminHandler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0),
	}}
	go func() { _ = a.srv.Serve(ln) }()
	return a, nil
}

// Close stops the admin endpoint.
func (a *AdminServer) Close() error { return a.srv.Close() }

// listenLoopback listens on addr, refusing anything but a loopback address.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("tenantsim listens on loopback only, not %q", addr)
	}
	return net.Listen("tcp", addr)
}

// UserSummary is a user as GET /users shows it: the profile search sees, and
// how many refresh tokens and sessions the Management API still lists.
type UserSummary struct {
	UserID     string `json:"user_id"`
	Email      string `json:"email,omitempty"`
	Connection string `json:"connection"`
	Tokens     int    `json:"tokens"`
	Sessions   int    `json:"sessions"`
}

// Tokens returns every refresh token the tenant holds (one user's when userID
// is not ""), sorted by user then ID, each as the Management API serves it;
// a revoked one also carries "revoked_at" (the tenant's own field, not
// Auth0's), and leaves the API's lists once the revocation delay has passed.
func (t *Tenant) Tokens(userID string) []map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []map[string]any
	for _, tok := range t.tokens {
		if userID == "" || tok.UserID == userID {
			out = append(out, withTime(tok.Raw, "revoked_at", t.revokedAt, tok.ID))
		}
	}
	sortByUserAndID(out)
	return out
}

// Sessions returns every session the tenant holds (one user's when userID is
// not ""), as Tokens does; a deleted or revoked one carries "ended_at".
func (t *Tenant) Sessions(userID string) []map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []map[string]any
	for _, s := range t.sessions {
		if userID == "" || s.UserID == userID {
			out = append(out, withTime(s.Raw, "ended_at", t.sessionsGone, s.ID))
		}
	}
	sortByUserAndID(out)
	return out
}

// Users returns the tenant's users (the one named, when userID is not ""),
// sorted by ID.
func (t *Tenant) Users(userID string) []UserSummary {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := []UserSummary{}
	for id := range t.users {
		if userID != "" && id != userID {
			continue
		}
		p := t.profile(id)
		out = append(out, UserSummary{UserID: id, Email: p.Email, Connection: p.Connection,
			Tokens: len(t.visible(id, "")), Sessions: len(t.userSessions(id))})
	}
	slices.SortFunc(out, func(a, b UserSummary) int { return strings.Compare(a.UserID, b.UserID) })
	return out
}

// withTime copies raw (deeply: the copy leaves the lock) and adds when the
// object was revoked or ended, if it was. Caller holds mu.
func withTime(raw map[string]any, field string, when map[string]time.Time, id string) map[string]any {
	var out map[string]any
	data, _ := json.Marshal(raw)
	_ = json.Unmarshal(data, &out)
	if at, ok := when[id]; ok {
		out[field] = at.UTC().Format(time.RFC3339Nano)
	}
	return out
}

func sortByUserAndID(items []map[string]any) {
	key := func(m map[string]any) string {
		u, _ := m["user_id"].(string)
		id, _ := m["id"].(string)
		return u + "\x00" + id
	}
	slices.SortFunc(items, func(a, b map[string]any) int { return strings.Compare(key(a), key(b)) })
}
