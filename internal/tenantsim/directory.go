package tenantsim

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The user directory: profiles for search, connections, users-export jobs
// and the pre-signed downloads they leave, as Auth0 serves them.

const (
	scopeReadUsers       = "read:users"
	scopeReadConnections = "read:connections"

	// searchLimit is how far Auth0's user search pages (page*per_page).
	searchLimit = 1000
	// defaultConnection is where a user without a profile signs in.
	defaultConnection = "Username-Password-Authentication"
	// exportPath is where export files are served, without the Management
	// API's credentials: Auth0 serves them from another host.
	exportPath = "/exports/"
)

// UserProfile is what search and exports see of a user.
type UserProfile struct {
	UserID     string `json:"user_id"`
	Email      string `json:"email,omitempty"`
	Connection string `json:"connection,omitempty"` // default Username-Password-Authentication
}

// GenerateUsers adds Count users named Prefix00001.. in one connection, with
// emails at EmailDomain: a tenant of many users for benchmarks.
type GenerateUsers struct {
	Prefix      string `json:"prefix"`
	Count       int    `json:"count"`
	Connection  string `json:"connection"`
	EmailDomain string `json:"email_domain"`
}

// ExportOptions shape users-export jobs: how long one takes, and a failure.
type ExportOptions struct {
	Duration time.Duration // pending, then processing, then completed after it (default 2s)
	LinkTTL  time.Duration // how long a download link works (default 60s)
	Fail     string        // non-empty: jobs fail with this status_details
}

type directory struct {
	profiles map[string]UserProfile
	jobs     map[string]*exportJob
	links    map[string]exportLink      // signature -> link
	orgs     map[string]map[string]bool // organization ID -> member user IDs
	seq      int
}

type exportJob struct {
	id, connectionID string
	created          time.Time
}

type exportLink struct {
	jobID   string
	expires time.Time
}

// AddUserProfile adds a user with a profile (or gives an existing user one).
func (t *Tenant) AddUserProfile(p UserProfile) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.users[p.UserID] = true
	t.addProfile(p)
}

// addProfile stores a user's profile. Caller holds mu.
func (t *Tenant) addProfile(p UserProfile) {
	if p.Connection == "" {
		p.Connection = defaultConnection
	}
	t.dir.profiles[p.UserID] = p
}

// GenerateUserProfiles adds g.Count users.
func (t *Tenant) GenerateUserProfiles(g GenerateUsers) {
	for _, p := range g.profiles() {
		t.AddUserProfile(p)
	}
}

// profiles are the users g asks for.
func (g GenerateUsers) profiles() []UserProfile {
	var out []UserProfile
	for i := 1; i <= g.Count; i++ {
		p := UserProfile{UserID: fmt.Sprintf("%s%05d", g.Prefix, i), Connection: g.Connection}
		if g.EmailDomain != "" {
			p.Email = fmt.Sprintf("user%05d@%s", i, g.EmailDomain)
		}
		out = append(out, p)
	}
	return out
}

// profile is a user's profile. Caller holds mu.
func (t *Tenant) profile(id string) UserProfile {
	if p, ok := t.dir.profiles[id]; ok {
		return p
	}
	return UserProfile{UserID: id, Connection: defaultConnection}
}

// connectionID names a connection's ID as the tenant gives it.
func connectionID(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "con_" + hex.EncodeToString(sum[:8])
}

// connections are the names users sign in with. Caller holds mu.
func (t *Tenant) connections() []string {
	names := []string{defaultConnection}
	for _, p := range t.dir.profiles {
		names = append(names, p.Connection)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// routeDirectory serves the directory's Management API endpoints; it
// reports whether the path was one of them.
func (t *Tenant) routeDirectory(w http.ResponseWriter, r *http.Request, seg []string, need func(string) bool) bool {
	switch {
	case len(seg) == 1 && seg[0] == "users" && r.Method == http.MethodGet:
		if need(scopeReadUsers) {
			t.searchUsers(w, r)
		}
	case len(seg) == 1 && seg[0] == "connections" && r.Method == http.MethodGet:
		if need(scopeReadConnections) {
			t.listConnections(w, r)
		}
	case len(seg) == 2 && seg[0] == "jobs" && seg[1] == "users-exports" && r.Method == http.MethodPost:
		if need(scopeReadUsers) {
			t.startExport(w, r)
		}
	case len(seg) == 2 && seg[0] == "jobs" && r.Method == http.MethodGet:
		if need(scopeReadUsers) {
			t.getJob(w, r, seg[1])
		}
	default:
		return false
	}
	return true
}

// searchUsers answers GET /api/v2/users with a Lucene subset: terms
// field:value joined by AND (or spaces), quoted values, * wildcards.
func (t *Tenant) searchUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	perPage := 50
	if v := q.Get("per_page"); v != "" {
		perPage, _ = strconv.Atoi(v)
	}
	if page < 0 || perPage < 1 || perPage > 100 {
		apiError(w, http.StatusBadRequest, "Bad Request", "Invalid paging parameters", "invalid_query_string")
		return
	}
	if (page+1)*perPage > searchLimit {
		apiError(w, http.StatusBadRequest, "Bad Request", "You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation",
			"invalid_paging")
		return
	}
	terms, err := parseQuery(q.Get("q"))
	if err != nil {
		apiError(w, http.StatusBadRequest, "Bad Request", err.Error(), "invalid_query_string")
		return
	}
	t.mu.Lock()
	var matched []string
	for _, id := range slices.Sorted(mapsKeys(t.users)) {
		if p := t.profile(id); terms.match(p) {
			matched = append(matched, id)
		}
	}
	t.mu.Unlock()
	var users []map[string]any
	for _, id := range matched[min(page*perPage, len(matched)):min((page+1)*perPage, len(matched))] {
		users = append(users, map[string]any{"user_id": id})
	}
	if users == nil {
		users = []map[string]any{}
	}
	if q.Get("include_totals") != "true" {
		writeJSON(w, http.StatusOK, users)
		return
	}
	// Auth0 caps the total it reports at the search limit.
	writeJSON(w, http.StatusOK, map[string]any{"start": page * perPage, "limit": perPage, "length": len(users),
		"total": min(len(matched), searchLimit), "users": users})
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// query is a conjunction of field:pattern terms.
type query []struct{ field, pattern string }

func parseQuery(q string) (query, error) {
	var out query
	q = strings.TrimSpace(q)
	for q != "" {
		field, rest, ok := strings.Cut(q, ":")
		if !ok {
			if q == "*" {
				return out, nil
			}
			return nil, fmt.Errorf("unsupported query syntax near %q (this local tenant supports field:value terms joined by AND)", q)
		}
		var value string
		if strings.HasPrefix(rest, `"`) {
			end := strings.Index(rest[1:], `"`)
			if end < 0 {
				return nil, fmt.Errorf("unterminated quote in %q", q)
			}
			value, rest = rest[1:end+1], rest[end+2:]
		} else {
			value, rest, _ = strings.Cut(rest, " ")
		}
		out = append(out, struct{ field, pattern string }{strings.TrimSpace(field), value})
		q = strings.TrimSpace(rest)
		q = strings.TrimSpace(strings.TrimPrefix(q, "AND "))
	}
	return out, nil
}

func (q query) match(p UserProfile) bool {
	for _, term := range q {
		var v string
		switch term.field {
		case "user_id":
			v = p.UserID
		case "email":
			v = p.Email
		case "identities.connection", "connection":
			v = p.Connection
		default:
			return false
		}
		if ok, _ := path.Match(strings.ToLower(term.pattern), strings.ToLower(v)); !ok {
			return false
		}
	}
	return true
}

// listConnections answers GET /api/v2/connections?name=: an array, or
// {"connections": [...]} when checkpoint paging (take or from) is asked for.
func (t *Tenant) listConnections(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	t.mu.Lock()
	names := t.connections()
	t.mu.Unlock()
	list := []map[string]any{}
	for _, n := range names {
		if name == "" || n == name {
			list = append(list, map[string]any{"id": connectionID(n), "name": n, "strategy": "auth0"})
		}
	}
	if r.URL.Query().Has("take") || r.URL.Query().Has("from") {
		writeJSON(w, http.StatusOK, map[string]any{"connections": list})
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (t *Tenant) startExport(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ConnectionID string `json:"connection_id"`
		Format       string `json:"format"`
		Fields       []struct {
			Name string `json:"name"`
		} `json:"fields"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || (body.Format != "json" && body.Format != "csv") {
		apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: format must be json or csv", "invalid_body")
		return
	}
	t.mu.Lock()
	if body.ConnectionID != "" && !slices.ContainsFunc(t.connections(), func(n string) bool { return connectionID(n) == body.ConnectionID }) {
		t.mu.Unlock()
		apiError(w, http.StatusBadRequest, "Bad Request", "The connection does not exist", "inexistent_connection")
		return
	}
	t.dir.seq++
	job := &exportJob{id: fmt.Sprintf("job_%06d", t.dir.seq), connectionID: body.ConnectionID, created: t.now()}
	t.dir.jobs[job.id] = job
	t.mu.Unlock()
	writeJSON(w, http.StatusCreated, t.jobJSON(r, job))
}

func (t *Tenant) getJob(w http.ResponseWriter, r *http.Request, id string) {
	t.mu.Lock()
	job, ok := t.dir.jobs[id]
	t.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "The job does not exist.", "inexistent_job")
		return
	}
	writeJSON(w, http.StatusOK, t.jobJSON(r, job))
}

// jobJSON is a job as Auth0 shows it now; a completed job's location is a
// fresh link each time, as Auth0's pre-signed links are.
func (t *Tenant) jobJSON(r *http.Request, job *exportJob) map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	opts := t.opts.Export
	duration := opts.Duration
	if duration <= 0 {
		duration = 2 * time.Second
	}
	elapsed := t.now().Sub(job.created)
	j := map[string]any{"id": job.id, "type": "users_export", "format": "json", "created_at": job.created.Format(time.RFC3339Nano)}
	if job.connectionID != "" {
		j["connection_id"] = job.connectionID
	}
	switch {
	case elapsed < duration/4:
		j["status"] = "pending"
	case elapsed < duration:
		j["status"] = "processing"
		j["percentage_done"] = int(100 * elapsed / duration)
		j["time_left_seconds"] = int((duration - elapsed).Seconds()) + 1
	case opts.Fail != "":
		j["status"] = "failed"
		j["status_details"] = opts.Fail
	default:
		ttl := opts.LinkTTL
		if ttl <= 0 {
			ttl = time.Minute
		}
		sig := rand.Text()
		t.dir.links[sig] = exportLink{jobID: job.id, expires: t.now().Add(ttl)}
		j["status"] = "completed"
		j["location"] = fmt.Sprintf("https://%s%s%s.json.gz?X-Signature=%s", r.Host, exportPath, job.id, sig)
	}
	return j
}

// serveExport answers a download link as storage does: no Authorization
// header (400 with one), and 403 once the link has expired.
func (t *Tenant) serveExport(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "" {
		http.Error(w, "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>", http.StatusBadRequest)
		return
	}
	t.mu.Lock()
	link, ok := t.dir.links[r.URL.Query().Get("X-Signature")]
	job := t.dir.jobs[link.jobID]
	if !ok || job == nil || strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, exportPath), ".json.gz") != link.jobID {
		t.mu.Unlock()
		http.Error(w, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", http.StatusForbidden)
		return
	}
	if t.now().After(link.expires) {
		t.mu.Unlock()
		http.Error(w, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", http.StatusForbidden)
		return
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	enc := json.NewEncoder(gz)
	for _, id := range slices.Sorted(mapsKeys(t.users)) {
		if job.connectionID == "" || connectionID(t.profile(id).Connection) == job.connectionID {
			_ = enc.Encode(map[string]string{"user_id": id})
		}
	}
	t.mu.Unlock()
	_ = gz.Close()
	w.Header().Set("Content-Type", "application/gzip")
	_, _ = w.Write(buf.Bytes())
}
