package tenantsim

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	scopeRead   = "read:refresh_tokens"
	scopeDelete = "delete:refresh_tokens"
	scopeUpdate = "update:refresh_tokens"

	scopeReadSessions   = "read:sessions"
	scopeDeleteSessions = "delete:sessions"
	scopeUpdateSessions = "update:sessions"
)

// Handler serves the tenant.
func (t *Tenant) Handler() http.Handler {
	return http.HandlerFunc(t.serve)
}

func (t *Tenant) serve(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		req := Request{Time: time.Now().UTC(), Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Status: rec.status}
		t.mu.Lock()
		t.requests = append(t.requests, req)
		hook := t.onRequest
		t.mu.Unlock()
		if hook != nil {
			hook(req)
		}
	}()

	t.mu.Lock()
	latency := t.opts.Latency
	fault := t.matchFault(r)
	t.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if fault != nil {
		fault.apply(rec)
		return
	}

	if strings.HasPrefix(r.URL.Path, exportPath) && r.Method == http.MethodGet {
		t.serveExport(rec, r) // another host in Auth0: no Management API credentials
		return
	}
	if r.URL.Path == "/oauth/token" && r.Method == http.MethodPost {
		t.issueToken(rec, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/v2/")
	if !ok {
		apiError(rec, http.StatusNotFound, "Not Found", "Not Found", "")
		return
	}
	scopes, ok := t.authenticate(rec, r)
	if !ok {
		return
	}
	if !t.takeRateToken(rec) {
		return
	}
	t.route(rec, r, rest, scopes)
}

// route dispatches /api/v2/... by escaped path segments, as Auth0 does: an
// escaped "/" in an ID stays inside its segment.
func (t *Tenant) route(w http.ResponseWriter, r *http.Request, rest string, scopes []string) {
	seg := strings.Split(rest, "/")
	// segment unescapes an ID from the path, answering 400 when it cannot.
	segment := func(s string) (string, bool) {
		v, err := url.PathUnescape(s)
		if err != nil {
			apiError(w, http.StatusBadRequest, "Bad Request", "Invalid path", "invalid_uri")
		}
		return v, err == nil
	}
	need := func(scope string) bool {
		if slices.Contains(scopes, scope) {
			return true
		}
		apiError(w, http.StatusForbidden, "Forbidden", "Insufficient scope, expected any of: "+scope, "insufficient_scope")
		return false
	}
	if t.routeDirectory(w, r, seg, need) || t.routeOrganizations(w, r, seg, need) {
		return
	}
	switch {
	case len(seg) == 1 && seg[0] == "refresh-tokens" && r.Method == http.MethodGet:
		if t.earlyAccess(w) && need(scopeRead) {
			t.listTokens(w, r, r.URL.Query().Get("user_id"), r.URL.Query().Get("client_id"), "refresh_tokens")
		}
	case len(seg) == 2 && seg[0] == "refresh-tokens" && seg[1] == "revoke" && r.Method == http.MethodPost:
		if t.earlyAccess(w) && need(scopeDelete) {
			t.bulkRevoke(w, r)
		}
	case len(seg) == 2 && seg[0] == "refresh-tokens":
		id, ok := segment(seg[1])
		if !ok {
			return
		}
		switch r.Method {
		case http.MethodGet:
			if need(scopeRead) {
				t.getToken(w, id)
			}
		case http.MethodDelete:
			if need(scopeDelete) {
				t.deleteToken(w, id)
			}
		case http.MethodPatch:
			if need(scopeUpdate) {
				t.patchToken(w, r, id)
			}
		default:
			apiError(w, http.StatusMethodNotAllowed, "Method Not Allowed", "Method not allowed", "")
		}
	case len(seg) == 3 && seg[0] == "users" && seg[2] == "refresh-tokens":
		user, ok := segment(seg[1])
		if !ok {
			return
		}
		switch r.Method {
		case http.MethodGet:
			if need(scopeRead) && t.knownUser(w, user) {
				t.listTokens(w, r, user, "", "tokens")
			}
		case http.MethodDelete:
			if need(scopeDelete) && t.knownUser(w, user) {
				t.deleteUserTokens(w, user)
			}
		default:
			apiError(w, http.StatusMethodNotAllowed, "Method Not Allowed", "Method not allowed", "")
		}
	case len(seg) == 2 && seg[0] == "sessions" && r.Method == http.MethodGet:
		id, ok := segment(seg[1])
		if ok && need(scopeReadSessions) {
			t.getSession(w, id)
		}
	case len(seg) == 2 && seg[0] == "sessions" && r.Method == http.MethodPatch:
		id, ok := segment(seg[1])
		if ok && need(scopeUpdateSessions) {
			t.patchSession(w, r, id)
		}
	case len(seg) == 2 && seg[0] == "sessions" && r.Method == http.MethodDelete:
		id, ok := segment(seg[1])
		if ok && need(scopeDeleteSessions) {
			t.deleteSession(w, id, false)
		}
	case len(seg) == 3 && seg[0] == "sessions" && seg[2] == "revoke" && r.Method == http.MethodPost:
		id, ok := segment(seg[1])
		if ok && need(scopeDeleteSessions) {
			t.deleteSession(w, id, true)
		}
	case len(seg) == 3 && seg[0] == "users" && seg[2] == "sessions" && r.Method == http.MethodDelete:
		user, ok := segment(seg[1])
		if ok && need(scopeDeleteSessions) && t.knownUser(w, user) {
			t.mu.Lock()
			for _, s := range t.userSessions(user) {
				t.endSession(s.ID, false)
			}
			style := t.opts.DeleteStyle
			t.mu.Unlock()
			writeDeleted(w, style)
		}
	case len(seg) == 3 && seg[0] == "users" && seg[2] == "sessions" && r.Method == http.MethodGet:
		user, ok := segment(seg[1])
		if ok && need(scopeReadSessions) && t.knownUser(w, user) {
			t.servePage(w, r, "", "sessions", func() []entry {
				var all []entry
				for _, s := range t.userSessions(user) {
					all = append(all, entry{id: s.ID, raw: s.Raw})
				}
				return all
			})
		}
	default:
		apiError(w, http.StatusNotFound, "Not Found", "Not Found", "")
	}
}

// deleteSession ends a session: DELETE (the session only) or POST .../revoke
// (the session and its bound refresh tokens, 202).
func (t *Tenant) deleteSession(w http.ResponseWriter, id string, withTokens bool) {
	t.mu.Lock()
	_, ok := t.sessions[id]
	ok = ok && t.sessionListed(id, t.now())
	if ok {
		t.endSession(id, withTokens)
	}
	style := t.opts.DeleteStyle
	t.mu.Unlock()
	switch {
	case !ok:
		apiError(w, http.StatusNotFound, "Not Found", "The session does not exist.", "inexistent_session")
	case withTokens:
		w.WriteHeader(http.StatusAccepted)
	default:
		writeDeleted(w, style)
	}
}

func (t *Tenant) getSession(w http.ResponseWriter, id string) {
	t.mu.Lock()
	s, ok := t.sessions[id]
	ok = ok && t.sessionListed(id, t.now())
	t.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "The session does not exist.", "inexistent_session")
		return
	}
	writeJSON(w, http.StatusOK, s.Raw)
}

func (t *Tenant) earlyAccess(w http.ResponseWriter) bool {
	t.mu.Lock()
	on, absent := t.opts.EarlyAccess, t.opts.NoEarlyAccessRoutes
	t.mu.Unlock()
	if absent {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("404 page not found\n"))
		return false
	}
	if !on {
		apiError(w, http.StatusForbidden, "Forbidden", "This feature is not enabled for this tenant.", "feature_not_enabled")
	}
	return on
}

func (t *Tenant) knownUser(w http.ResponseWriter, user string) bool {
	t.mu.Lock()
	known := t.users[user]
	t.mu.Unlock()
	if !known {
		apiError(w, http.StatusNotFound, "Not Found", "The user does not exist.", "inexistent_user")
	}
	return known
}

func (t *Tenant) getToken(w http.ResponseWriter, id string) {
	t.mu.Lock()
	tok, ok := t.tokens[id]
	ok = ok && t.listed(id, t.now())
	t.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "The refresh token does not exist.", "inexistent_refresh_token")
		return
	}
	writeJSON(w, http.StatusOK, tok.Raw)
}

// listTokens serves one page of a user's tokens, sorted by token ID, under the given key.
func (t *Tenant) listTokens(w http.ResponseWriter, r *http.Request, user, client, key string) {
	if user == "" {
		apiError(w, http.StatusBadRequest, "Bad Request", "Query validation error: 'Missing required property: user_id' on property user_id.", "invalid_query_string")
		return
	}
	t.servePage(w, r, client, key, func() []entry {
		var all []entry
		for _, tok := range t.visible(user, client) {
			all = append(all, entry{id: tok.ID, raw: tok.Raw})
		}
		return all
	})
}

// entry is one listed object: its ID (the sort and cursor key) and its JSON.
type entry struct {
	id  string
	raw map[string]any
}

// servePage serves the page of list() (sorted by ID) that the request's
// cursor and take select, under key, with Auth0's quirks. filter is part of
// the cursor's identity (a cursor is only valid for the listing that issued it).
func (t *Tenant) servePage(w http.ResponseWriter, r *http.Request, filter, key string, list func() []entry) {
	q := r.URL.Query()
	take := 50
	if v := q.Get("take"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			apiError(w, http.StatusBadRequest, "Bad Request", "Query validation error: 'take' must be between 1 and 100.", "invalid_query_string")
			return
		}
		take = n
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	forPath := r.URL.Path + "|" + filter
	after := ""
	if from := q.Get("from"); from != "" {
		c, ok := t.cursors[from]
		ttl := t.opts.effectiveCursorTTL()
		if !ok || c.forPath != forPath || t.now().Sub(c.issued) > ttl {
			apiError(w, http.StatusBadRequest, "Bad Request", "The 'from' parameter is invalid or has expired.", "invalid_paging")
			return
		}
		after = c.after
	}
	all := list()
	start := firstAfter(all, after)
	end := min(start+take, len(all))
	page := make([]map[string]any, 0, end-start)
	for _, e := range all[start:end] {
		page = append(page, e.raw)
	}
	body := map[string]any{key: page}
	last := end >= len(all)
	switch {
	case t.opts.RepeatCursor && len(page) > 0:
		t.cursors["repeat"] = cursor{issued: t.now(), forPath: forPath}
		body["next"] = "repeat"
	case len(page) == 0:
		// the real end: no next
	case !last || !t.opts.NoNextOnLastPage:
		body["next"] = t.newCursor(forPath, all[end-1].id)
	}
	writeJSON(w, http.StatusOK, body)
}

// firstAfter finds the first entry after the cursor's ID.
func firstAfter(sorted []entry, after string) int {
	if after == "" {
		return 0
	}
	i, _ := slices.BinarySearchFunc(sorted, after, func(e entry, id string) int { return strings.Compare(e.id, id) })
	for i < len(sorted) && sorted[i].id <= after {
		i++
	}
	return i
}

// newCursor issues an opaque cursor. Caller holds mu.
func (t *Tenant) newCursor(forPath, after string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	c := base64.RawURLEncoding.EncodeToString(b)
	t.cursors[c] = cursor{after: after, issued: t.now(), forPath: forPath}
	return c
}

func (t *Tenant) deleteToken(w http.ResponseWriter, id string) {
	t.mu.Lock()
	_, ok := t.tokens[id]
	ok = ok && t.listed(id, t.now())
	if ok {
		t.revoke(id)
	}
	style := t.opts.DeleteStyle
	t.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "The refresh token does not exist.", "inexistent_refresh_token")
		return
	}
	writeDeleted(w, style)
}

func (t *Tenant) deleteUserTokens(w http.ResponseWriter, user string) {
	t.mu.Lock()
	for _, tok := range t.tokens {
		if tok.UserID == user {
			t.revoke(tok.ID)
		}
	}
	style := t.opts.DeleteStyle
	t.mu.Unlock()
	writeDeleted(w, style)
}

func (t *Tenant) bulkRevoke(w http.ResponseWriter, r *http.Request) {
	var body struct {
		IDs      []string `json:"ids"`
		UserID   string   `json:"user_id"`
		ClientID string   `json:"client_id"`
		Audience string   `json:"audience"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: invalid JSON.", "invalid_body")
		return
	}
	switch {
	case len(body.IDs) > 0 && body.UserID != "":
		apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: 'ids' and 'user_id' cannot be used together.", "invalid_body")
		return
	case len(body.IDs) == 0 && body.UserID == "":
		apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: one of 'ids' or 'user_id' is required.", "invalid_body")
		return
	case len(body.IDs) > 100:
		apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: 'ids' must have at most 100 items.", "invalid_body")
		return
	case body.Audience != "" && body.ClientID == "":
		apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: 'audience' requires 'client_id'.", "invalid_body")
		return
	}
	t.mu.Lock()
	for _, id := range body.IDs {
		if _, ok := t.tokens[id]; ok {
			t.revoke(id)
		}
	}
	if body.UserID != "" {
		for _, tok := range t.tokens {
			if tok.UserID == body.UserID && (body.ClientID == "" || tok.ClientID == body.ClientID) &&
				(body.Audience == "" || slices.Contains(tok.Audiences, body.Audience)) {
				t.revoke(tok.ID)
			}
		}
	}
	t.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

func (t *Tenant) patchToken(w http.ResponseWriter, r *http.Request, id string) {
	metadata, ok := decodeMetadata(w, r, "refresh_token_metadata")
	if !ok {
		return
	}
	t.mu.Lock()
	tok, ok := t.tokens[id]
	ok = ok && t.listed(id, t.now())
	if ok {
		tok.Raw["refresh_token_metadata"] = metadata
	}
	t.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "The refresh token does not exist.", "inexistent_refresh_token")
		return
	}
	writeJSON(w, http.StatusOK, tok.Raw)
}

func (t *Tenant) patchSession(w http.ResponseWriter, r *http.Request, id string) {
	metadata, ok := decodeMetadata(w, r, "session_metadata")
	if !ok {
		return
	}
	t.mu.Lock()
	s, ok := t.sessions[id]
	ok = ok && t.sessionListed(id, t.now())
	if ok {
		s.Raw["session_metadata"] = metadata
	}
	t.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "Not Found", "The session does not exist.", "inexistent_session")
		return
	}
	writeJSON(w, http.StatusOK, s.Raw)
}

// decodeMetadata reads the field of a metadata PATCH body and applies
// Auth0's limits: at most 25 keys, string values of at most 255 characters.
func decodeMetadata(w http.ResponseWriter, r *http.Request, field string) (map[string]any, bool) {
	var body map[string]map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body[field]) > 25 {
		apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: "+field+" must be an object of at most 25 keys.", "invalid_body")
		return nil, false
	}
	for k, v := range body[field] {
		s, ok := v.(string)
		if !ok || len([]rune(s)) > 255 || len([]rune(k)) > 255 {
			apiError(w, http.StatusBadRequest, "Bad Request", "Payload validation error: metadata values are strings of at most 255 characters.", "invalid_body")
			return nil, false
		}
	}
	return body[field], true
}

// authenticate checks the bearer token and returns its scopes.
func (t *Tenant) authenticate(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || bearer == "" {
		apiError(w, http.StatusUnauthorized, "Unauthorized", "Missing authentication", "")
		return nil, false
	}
	t.mu.Lock()
	scopes, issued := t.accessTokens[bearer]
	static, isStatic := t.apiTokens[bearer]
	t.mu.Unlock()
	switch {
	case issued:
		return scopes, true
	case isStatic && static.Audience != "" && static.Audience != audienceFor(r):
		apiError(w, http.StatusUnauthorized, "Unauthorized", "Bad audience: "+static.Audience, "")
		return nil, false
	case isStatic:
		return static.Scopes, true
	}
	apiError(w, http.StatusUnauthorized, "Unauthorized", "Invalid token", "")
	return nil, false
}

func audienceFor(r *http.Request) string { return "https://" + r.Host + "/api/v2/" }

// issueToken implements the client-credentials grant, with a client secret
// or a Private Key JWT assertion.
func (t *Tenant) issueToken(w http.ResponseWriter, r *http.Request) {
	if !t.takeRateToken(w) {
		return
	}
	form, err := readForm(r)
	if err != nil || form.Get("grant_type") != "client_credentials" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Only the client_credentials grant is supported here.")
		return
	}
	var c Client
	if assertion := form.Get("client_assertion"); assertion != "" {
		client, err := t.verifyAssertion(assertion)
		if err != nil {
			oauthError(w, http.StatusUnauthorized, "access_denied", "Invalid client assertion")
			return
		}
		c = client
	} else {
		// The secret comes in the form body (client_secret_post) or in an
		// HTTP Basic header (client_secret_basic, with URL-encoded parts).
		method, id, secret := AuthMethodSecretPost, form.Get("client_id"), form.Get("client_secret")
		if user, pass, basic := r.BasicAuth(); basic {
			method = AuthMethodSecretBasic
			id, _ = url.QueryUnescape(user)
			secret, _ = url.QueryUnescape(pass)
		}
		t.mu.Lock()
		client, known := t.clients[id]
		t.mu.Unlock()
		// Auth0 answers a method the application is not set to as it answers a wrong secret.
		if !known || client.Secret == "" || secret != client.Secret || method != client.authMethod() {
			oauthError(w, http.StatusUnauthorized, "access_denied", "Unauthorized")
			return
		}
		c = client
	}
	if aud := form.Get("audience"); aud != audienceFor(r) {
		oauthError(w, http.StatusForbidden, "access_denied", "Service not enabled within domain: "+aud)
		return
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	token := "simat_" + hex.EncodeToString(b)
	t.mu.Lock()
	t.accessTokens[token] = c.Scopes
	t.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": token, "token_type": "Bearer", "expires_in": 86400, "scope": strings.Join(c.Scopes, " "),
	})
}

func readForm(r *http.Request) (url.Values, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]string
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, err
		}
		v := url.Values{}
		for k, s := range m {
			v.Set(k, s)
		}
		return v, nil
	}
	return r.PostForm, r.ParseForm()
}

// takeRateToken applies the token-bucket rate limit and sets Auth0's headers.
func (t *Tenant) takeRateToken(w http.ResponseWriter) bool {
	t.mu.Lock()
	limit := t.opts.RateLimit
	if limit <= 0 {
		t.mu.Unlock()
		return true
	}
	now := t.now()
	ok, remaining, reset := t.bucket.take(now, limit)
	t.mu.Unlock()
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(limit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	if !ok {
		apiError(w, http.StatusTooManyRequests, "Too Many Requests", "Global limit has been reached", "too_many_requests")
	}
	return ok
}

// bucket is a token bucket holding up to limit tokens, refilled at limit per second.
type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) take(now time.Time, limit int) (ok bool, remaining int, reset time.Time) {
	if b.last.IsZero() {
		b.tokens, b.last = float64(limit), now
	}
	b.tokens = math.Min(float64(limit), b.tokens+now.Sub(b.last).Seconds()*float64(limit))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		ok = true
	}
	// Reset: when the next whole token is available, rounded up to a second as Auth0 reports it.
	wait := time.Duration(math.Max(0, 1-b.tokens) / float64(limit) * float64(time.Second))
	return ok, int(b.tokens), now.Add(wait).Add(time.Second - 1).Truncate(time.Second)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeDeleted(w http.ResponseWriter, style string) {
	switch style {
	case "200-empty-object":
		writeJSON(w, http.StatusOK, map[string]any{})
	case "202-empty-string":
		writeJSON(w, http.StatusAccepted, "")
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func apiError(w http.ResponseWriter, status int, title, message, code string) {
	body := map[string]any{"statusCode": status, "error": title, "message": message}
	if code != "" {
		body["errorCode"] = code
	}
	writeJSON(w, status, body)
}

func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": description})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
