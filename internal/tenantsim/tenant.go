// Package tenantsim is a local Auth0 tenant for refresh tokens: the
// Management API endpoints the provider uses and POST /oauth/token, with the
// quirks real tenants show (cursor pagination with `next` on the last page,
// null fields, asynchronous revocation, Early Access endpoints that may be
// off, scopes, rate limits) and switches for latency and injected faults.
// It serves TLS on loopback only. It is what `make demo` runs against, what
// cassettes are recorded from, and what fault and benchmark tests use.
package tenantsim

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options are the switches that vary between tenants. New takes them; while
// the tenant runs, SetOptions changes them (the command's admin endpoint
// does so on PATCH /options).
type Options struct {
	// EarlyAccess turns on GET /api/v2/refresh-tokens and POST /api/v2/refresh-tokens/revoke.
	EarlyAccess bool `json:"early_access"`
	// NoEarlyAccessRoutes removes the Early Access routes altogether: they
	// answer a plain 404 with no Auth0 error body, as on Auth0-compatible
	// servers and some private deployments.
	NoEarlyAccessRoutes bool `json:"no_early_access_routes"`
	// NoNextOnLastPage stops sending `next` on the last page (real tenants send it).
	NoNextOnLastPage bool `json:"no_next_on_last_page"`
	// RepeatCursor makes every page answer with the same `next` (a broken tenant).
	RepeatCursor bool `json:"repeat_cursor"`
	// RevocationDelay is how long a revoked token stays listed.
	RevocationDelay time.Duration `json:"-"`
	// CursorTTL is how long a cursor stays valid (24 h when zero).
	CursorTTL time.Duration `json:"-"`
	// RateLimit is the token bucket's size and refill per second (0: unlimited).
	RateLimit int `json:"rate_limit"`
	// Latency is added to every response.
	Latency time.Duration `json:"-"`
	// DeleteStyle picks how DELETE answers: "204" (default), "200-empty-object", "202-empty-string".
	DeleteStyle string `json:"delete_style"`
	// Export shapes users-export jobs (directory.go).
	Export ExportOptions `json:"-"`
}

// DeleteStyles are the values DeleteStyle takes ("" is "204").
var DeleteStyles = []string{"204", "200-empty-object", "202-empty-string"}

// DefaultCursorTTL is how long a cursor stays valid when Options.CursorTTL is zero.
const DefaultCursorTTL = 24 * time.Hour

// effectiveCursorTTL is how long a cursor stays valid.
func (o Options) effectiveCursorTTL() time.Duration {
	if o.CursorTTL == 0 {
		return DefaultCursorTTL
	}
	return o.CursorTTL
}

// effectiveDeleteStyle is how DELETE answers.
func (o Options) effectiveDeleteStyle() string {
	if o.DeleteStyle == "" {
		return DeleteStyles[0]
	}
	return o.DeleteStyle
}

// Token is a stored refresh token: the fields the tenant filters on, and the
// JSON object it serves, kept as seeded so that null and absent fields stay so.
type Token struct {
	ID        string
	UserID    string
	ClientID  string
	Audiences []string
	Raw       map[string]any
}

// Session is a stored Auth0 session: the fields the tenant filters on, and
// the JSON object it serves, kept as seeded.
type Session struct {
	ID     string
	UserID string
	Raw    map[string]any
}

// Client is a machine-to-machine application allowed to get Management API tokens.
type Client struct {
	ID        string   `json:"client_id"`
	Secret    string   `json:"client_secret,omitempty"`
	PublicKey string   `json:"public_key,omitempty"` // PEM, for Private Key JWT
	Scopes    []string `json:"scopes"`
	// TokenEndpointAuthMethod is how a client with a secret must send it:
	// client_secret_post (the default, as for Auth0's machine-to-machine
	// applications) or client_secret_basic. The other method is refused.
	TokenEndpointAuthMethod string `json:"token_endpoint_auth_method,omitempty"`
}

// How a client authenticates at the token endpoint (Auth0's token_endpoint_auth_method).
const (
	AuthMethodSecretPost    = "client_secret_post"
	AuthMethodSecretBasic   = "client_secret_basic"
	AuthMethodPrivateKeyJWT = "private_key_jwt"
)

// AuthMethod is the method the client is set to: its
// token_endpoint_auth_method, else private_key_jwt for a client with only a
// public key, else client_secret_post.
func (c Client) AuthMethod() string { return c.authMethod() }

// authMethod is the method the client is set to.
func (c Client) authMethod() string {
	switch {
	case c.TokenEndpointAuthMethod != "":
		return c.TokenEndpointAuthMethod
	case c.Secret == "" && c.PublicKey != "":
		return AuthMethodPrivateKeyJWT
	}
	return AuthMethodSecretPost
}

// APIToken is a Management API token issued out of band (the provider's api_token).
type APIToken struct {
	Token    string   `json:"token"`
	Scopes   []string `json:"scopes"`
	Audience string   `json:"audience,omitempty"` // another tenant's audience makes it invalid here
}

// Request is one request the tenant received, for tests that prove where
// requests went (and, from the command, for people reproducing a problem).
type Request struct {
	Time   time.Time `json:"time"`
	Method string    `json:"method"`
	Path   string    `json:"path"` // escaped, as sent
	Query  string    `json:"query,omitempty"`
	Status int       `json:"status"` // 0: the connection was dropped (a fault)
}

// Tenant is the simulated tenant's state.
type Tenant struct {
	mu           sync.Mutex
	opts         Options
	users        map[string]bool
	tokens       map[string]*Token
	sessions     map[string]*Session
	revokedAt    map[string]time.Time // token ID -> when revoked
	sessionsGone map[string]time.Time // session ID -> when deleted or revoked
	clients      map[string]Client
	accessTokens map[string][]string // issued access token -> scopes
	apiTokens    map[string]APIToken
	cursors      map[string]cursor
	faults       []*Fault
	requests     []Request
	onRequest    func(Request)
	bucket       bucket
	now          func() time.Time
	dir          directory
}

type cursor struct {
	after   string
	issued  time.Time
	forPath string
}

// New returns an empty tenant.
func New(opts Options) *Tenant {
	return &Tenant{
		opts:         opts,
		users:        map[string]bool{},
		tokens:       map[string]*Token{},
		dir:          directory{profiles: map[string]UserProfile{}, jobs: map[string]*exportJob{}, links: map[string]exportLink{}, orgs: map[string]map[string]bool{}},
		sessions:     map[string]*Session{},
		revokedAt:    map[string]time.Time{},
		sessionsGone: map[string]time.Time{},
		clients:      map[string]Client{},
		accessTokens: map[string][]string{},
		apiTokens:    map[string]APIToken{},
		cursors:      map[string]cursor{},
		now:          time.Now,
	}
}

// Options returns the switches in force.
func (t *Tenant) Options() Options {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.opts
}

// SetOptions changes the switches while the tenant runs; requests already
// being served finish with the old ones.
func (t *Tenant) SetOptions(o Options) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.opts = o
}

// OnRequest calls f (outside the tenant's lock) after each request is served
// and logged; the command writes its -request-log with it.
func (t *Tenant) OnRequest(f func(Request)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.onRequest = f
}

// AddUser registers a user (tokens register their users too).
func (t *Tenant) AddUser(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.users[id] = true
}

// DeleteUser deletes a user as Auth0 does: with the user go their refresh
// tokens and sessions, and listing them then answers 404 "The user does not
// exist.". It reports whether the user existed.
func (t *Tenant) DeleteUser(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.users[id] {
		return false
	}
	delete(t.users, id)
	delete(t.dir.profiles, id) // user search and exports no longer find them either
	for tid, tok := range t.tokens {
		if tok.UserID == id {
			delete(t.tokens, tid)
			delete(t.revokedAt, tid)
		}
	}
	for sid, s := range t.sessions {
		if s.UserID == id {
			delete(t.sessions, sid)
			delete(t.sessionsGone, sid)
		}
	}
	return true
}

// AddClient registers a machine-to-machine application.
func (t *Tenant) AddClient(c Client) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clients[c.ID] = c
}

// AddAPIToken registers a static Management API token.
func (t *Tenant) AddAPIToken(a APIToken) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.apiTokens[a.Token] = a
}

// AddToken stores a token given in Auth0's JSON shape.
func (t *Tenant) AddToken(raw map[string]any) error {
	tok, err := tokenFromJSON(raw)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tokens[tok.ID] = tok
	t.users[tok.UserID] = true
	delete(t.revokedAt, tok.ID)
	return nil
}

// AddSession stores a session given in Auth0's JSON shape.
func (t *Tenant) AddSession(raw map[string]any) error {
	s, err := sessionFromJSON(raw)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sessions[s.ID] = s
	t.users[s.UserID] = true
	return nil
}

func sessionFromJSON(raw map[string]any) (*Session, error) {
	id, _ := raw["id"].(string)
	user, _ := raw["user_id"].(string)
	if id == "" || user == "" {
		return nil, fmt.Errorf("a session needs a string id and user_id: %v", raw)
	}
	return &Session{ID: id, UserID: user, Raw: raw}, nil
}

// userSessions returns a user's listed sessions, sorted by ID. Caller holds mu.
func (t *Tenant) userSessions(userID string) []*Session {
	now := t.now()
	var out []*Session
	for _, s := range t.sessions {
		if s.UserID == userID && t.sessionListed(s.ID, now) {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func tokenFromJSON(raw map[string]any) (*Token, error) {
	id, _ := raw["id"].(string)
	user, _ := raw["user_id"].(string)
	if id == "" || user == "" {
		return nil, fmt.Errorf("a token needs a string id and user_id: %v", raw)
	}
	tok := &Token{ID: id, UserID: user, Raw: raw}
	tok.ClientID, _ = raw["client_id"].(string)
	if rss, ok := raw["resource_servers"].([]any); ok {
		for _, rs := range rss {
			if m, ok := rs.(map[string]any); ok {
				if aud, ok := m["audience"].(string); ok {
					tok.Audiences = append(tok.Audiences, aud)
				}
			}
		}
	}
	return tok, nil
}

// Generate adds n deterministic tokens for a user: IDs prefix0001.., one per
// minute from start, all for one client and audience.
func (t *Tenant) Generate(g Generate) error {
	for _, raw := range g.tokens() {
		if err := t.AddToken(raw); err != nil {
			return err
		}
	}
	return nil
}

// tokens are the tokens g asks for, in Auth0's JSON shape.
func (g Generate) tokens() []map[string]any {
	start := g.Start
	if start.IsZero() {
		start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var out []map[string]any
	for i := 1; i <= g.Count; i++ {
		created := start.Add(time.Duration(i) * time.Minute)
		out = append(out, map[string]any{
			"id":                fmt.Sprintf("%s%05d", g.Prefix, i),
			"user_id":           g.UserID,
			"client_id":         g.ClientID,
			"created_at":        created.Format(time.RFC3339Nano),
			"idle_expires_at":   created.Add(30 * 24 * time.Hour).Format(time.RFC3339Nano),
			"expires_at":        created.Add(365 * 24 * time.Hour).Format(time.RFC3339Nano),
			"last_exchanged_at": created.Add(time.Hour).Format(time.RFC3339Nano),
			"session_id":        fmt.Sprintf("%ssession%05d", g.Prefix, i),
			"rotating":          i%2 == 0,
			"device": map[string]any{
				"initial_ip": "192.0.2.10", "initial_asn": "64496", "initial_user_agent": "Mozilla/5.0 (generated)",
				"last_ip": "192.0.2.11", "last_asn": "64496", "last_user_agent": "Mozilla/5.0 (generated)",
			},
			"resource_servers": []any{map[string]any{"audience": g.Audience, "scopes": "openid profile offline_access"}},
		})
	}
	return out
}

// Requests returns the requests received so far.
func (t *Tenant) Requests() []Request {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Request(nil), t.requests...)
}

// ResetRequests forgets the request log.
func (t *Tenant) ResetRequests() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.requests = nil
}

// sessionListed reports whether a session is still served: deletion takes
// effect after the revocation delay, as for tokens. Caller holds mu.
func (t *Tenant) sessionListed(id string, now time.Time) bool {
	at, gone := t.sessionsGone[id]
	return !gone || now.Before(at.Add(t.opts.RevocationDelay))
}

// endSession deletes a session and, with tokens, revokes the refresh tokens
// bound to it. Caller holds mu.
func (t *Tenant) endSession(id string, tokens bool) {
	if _, done := t.sessionsGone[id]; !done {
		t.sessionsGone[id] = t.now()
	}
	if !tokens {
		return
	}
	for _, tok := range t.tokens {
		if sid, _ := tok.Raw["session_id"].(string); sid == id {
			t.revoke(tok.ID)
		}
	}
}

// ListedSessions returns the IDs of a user's sessions that are still listed.
func (t *Tenant) ListedSessions(userID string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ids []string
	for _, s := range t.userSessions(userID) {
		ids = append(ids, s.ID)
	}
	return ids
}

// TokenMetadata returns a token's refresh_token_metadata as the tenant serves it.
func (t *Tenant) TokenMetadata(id string) map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	tok, ok := t.tokens[id]
	if !ok {
		return nil
	}
	m, _ := tok.Raw["refresh_token_metadata"].(map[string]any)
	return m
}

// Listed returns the IDs of a user's tokens that are still listed.
func (t *Tenant) Listed(userID string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ids []string
	for _, tok := range t.visible(userID, "") {
		ids = append(ids, tok.ID)
	}
	return ids
}

// visible returns the user's listed tokens, sorted by ID. Caller holds mu.
func (t *Tenant) visible(userID, clientID string) []*Token {
	now := t.now()
	var out []*Token
	for _, tok := range t.tokens {
		if tok.UserID != userID || (clientID != "" && tok.ClientID != clientID) || !t.listed(tok.ID, now) {
			continue
		}
		out = append(out, tok)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// listed reports whether a token is still served: revocation takes effect
// after the configured delay. Caller holds mu.
func (t *Tenant) listed(id string, now time.Time) bool {
	at, revoked := t.revokedAt[id]
	return !revoked || now.Before(at.Add(t.opts.RevocationDelay))
}

// revoke schedules revocation. Caller holds mu.
func (t *Tenant) revoke(id string) {
	if _, done := t.revokedAt[id]; !done {
		t.revokedAt[id] = t.now()
	}
}

// Seed is the JSON seed file people write (testdata and examples use it).
type Seed struct {
	Users     []string         `json:"users"`
	Clients   []Client         `json:"clients"`
	APITokens []APIToken       `json:"api_tokens"`
	Tokens    []map[string]any `json:"tokens"`
	Sessions  []map[string]any `json:"sessions"`
	Generate  []Generate       `json:"generate"`
	// UserProfiles and GenerateUsers fill the directory that user search
	// and users-export jobs read.
	UserProfiles  []UserProfile   `json:"user_profiles"`
	GenerateUsers []GenerateUsers `json:"generate_users"`
	// Organizations are organizations with their members, whom
	// GET /api/v2/organizations/{id}/members lists.
	Organizations []Organization `json:"organizations"`
}

// Generate asks for Count generated tokens for one user.
type Generate struct {
	UserID   string    `json:"user_id"`
	ClientID string    `json:"client_id"`
	Audience string    `json:"audience"`
	Prefix   string    `json:"prefix"`
	Count    int       `json:"count"`
	Start    time.Time `json:"start"`
}

// ReadSeed reads a seed file.
func ReadSeed(file string) (Seed, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return Seed{}, err
	}
	s, err := ParseSeed(data)
	if err != nil {
		return s, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

// ParseSeed reads a seed file's contents.
func ParseSeed(data []byte) (Seed, error) {
	var s Seed
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("seed: %w", err)
	}
	return s, nil
}

// Load adds everything in the seed to the tenant, or nothing: a seed that
// names a token, session or client the tenant already holds is refused with
// an *IDsExistError (a revoked token or ended session stays so), and one that
// is invalid (an ID given twice, a token or session without id or user_id, an
// unknown token_endpoint_auth_method) with another error.
func (t *Tenant) Load(s Seed) error {
	_, err := t.LoadSeed(s)
	return err
}

// SeedSummary counts what a seed added: users the tenant did not have (from
// any part of the seed), clients, tokens from "tokens", sessions, and tokens
// from "generate".
type SeedSummary struct {
	Users     int `json:"users"`
	Clients   int `json:"clients"`
	Tokens    int `json:"tokens"`
	Sessions  int `json:"sessions"`
	Generated int `json:"generated"`
}

// IDsExistError refuses a seed that names IDs the tenant already holds.
type IDsExistError struct {
	// IDs name each, as `token "rt_1"`, `session "s_1"` or `client "m2m"`.
	IDs []string
}

func (e *IDsExistError) Error() string {
	ids := e.IDs
	more := ""
	if len(ids) > 5 {
		ids, more = ids[:5], fmt.Sprintf(" and %d more", len(ids)-5)
	}
	return fmt.Sprintf("the tenant already has %s%s; nothing from this seed was added: give new IDs", strings.Join(ids, ", "), more)
}

// LoadSeed is Load, returning what it added.
func (t *Tenant) LoadSeed(s Seed) (SeedSummary, error) {
	var sum SeedSummary
	// Everything is checked before anything is added.
	named := map[string]bool{}
	var order []string
	name := func(kind, id string) error {
		key := fmt.Sprintf("%s %q", kind, id)
		if named[key] {
			return fmt.Errorf("the seed gives %s more than once", key)
		}
		named[key] = true
		order = append(order, key)
		return nil
	}
	for _, c := range s.Clients {
		switch c.TokenEndpointAuthMethod {
		case "", AuthMethodSecretPost, AuthMethodSecretBasic, AuthMethodPrivateKeyJWT:
		default:
			return sum, fmt.Errorf("client %q: token_endpoint_auth_method %q: use %s (default), %s or %s",
				c.ID, c.TokenEndpointAuthMethod, AuthMethodSecretPost, AuthMethodSecretBasic, AuthMethodPrivateKeyJWT)
		}
		if err := name("client", c.ID); err != nil {
			return sum, err
		}
	}
	var tokens []*Token
	for _, raw := range s.Tokens {
		tok, err := tokenFromJSON(raw)
		if err != nil {
			return sum, err
		}
		tokens = append(tokens, tok)
	}
	sum.Tokens = len(tokens)
	for _, g := range s.Generate {
		for _, raw := range g.tokens() {
			tok, err := tokenFromJSON(raw)
			if err != nil {
				return sum, fmt.Errorf("generate: %w", err)
			}
			tokens = append(tokens, tok)
		}
	}
	sum.Generated = len(tokens) - sum.Tokens
	for _, tok := range tokens {
		if err := name("token", tok.ID); err != nil {
			return sum, err
		}
	}
	var sessions []*Session
	for _, raw := range s.Sessions {
		sess, err := sessionFromJSON(raw)
		if err != nil {
			return sum, err
		}
		if err := name("session", sess.ID); err != nil {
			return sum, err
		}
		sessions = append(sessions, sess)
	}
	for _, o := range s.Organizations {
		if strings.TrimSpace(o.ID) == "" {
			return sum, fmt.Errorf("an organization without id (members %v)", o.Members)
		}
	}
	profiles := append([]UserProfile(nil), s.UserProfiles...)
	for _, g := range s.GenerateUsers {
		profiles = append(profiles, g.profiles()...)
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	var exist []string
	for _, key := range order {
		kind, quoted, _ := strings.Cut(key, " ")
		id, _ := strconv.Unquote(quoted)
		var held bool
		switch kind {
		case "client":
			_, held = t.clients[id]
		case "token":
			_, held = t.tokens[id]
		case "session":
			_, held = t.sessions[id]
		}
		if held {
			exist = append(exist, key)
		}
	}
	if len(exist) > 0 {
		return sum, &IDsExistError{IDs: exist}
	}
	addUser := func(id string) {
		if !t.users[id] {
			t.users[id] = true
			sum.Users++
		}
	}
	for _, u := range s.Users {
		addUser(u)
	}
	for _, c := range s.Clients {
		t.clients[c.ID] = c
	}
	sum.Clients = len(s.Clients)
	for _, a := range s.APITokens {
		t.apiTokens[a.Token] = a
	}
	for _, tok := range tokens {
		t.tokens[tok.ID] = tok
		addUser(tok.UserID)
	}
	for _, sess := range sessions {
		t.sessions[sess.ID] = sess
		addUser(sess.UserID)
	}
	sum.Sessions = len(sessions)
	for _, p := range profiles {
		addUser(p.UserID)
		t.addProfile(p)
	}
	for _, o := range s.Organizations {
		t.addOrganization(o, addUser)
	}
	return sum, nil
}

// IssuedAccessTokens returns the access tokens /oauth/token has issued, so
// tests can prove none of them leaks.
func (t *Tenant) IssuedAccessTokens() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]string, 0, len(t.accessTokens))
	for tok := range t.accessTokens {
		out = append(out, tok)
	}
	return out
}
