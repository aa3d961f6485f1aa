package auth0api

import (
	"context"
	"sort"
	"time"

	"github.com/auth0/go-auth0/v3/management"
)

// Scopes the session endpoints need.
const (
	ScopeReadSessions   = "read:sessions"
	ScopeDeleteSessions = "delete:sessions"
	ScopeUpdateSessions = "update:sessions"
)

// Session is an Auth0 session (the SSO cookie that mints refresh tokens) as
// the rest of the provider sees it: plain Go values, nil (or "" for IDs, which
// Auth0 never sends empty) where the API gave nothing. Timestamps keep the
// precision Auth0 sent (milliseconds).
type Session struct {
	ID               string
	UserID           string
	CreatedAt        *time.Time
	UpdatedAt        *time.Time
	AuthenticatedAt  *time.Time
	IdleExpiresAt    *time.Time
	ExpiresAt        *time.Time
	LastInteractedAt *time.Time
	Device           *Device
	ClientIDs        []string
	// AuthenticationMethods are how the user authenticated, in Auth0's order.
	AuthenticationMethods []AuthenticationMethod
	CookieMode            *string // "persistent" or "non-persistent"
	Metadata              map[string]string
}

// AuthenticationMethod is one way the user authenticated in a session. Auth0's
// own examples show `"methods": [{}]`: every field can be absent (nil).
type AuthenticationMethod struct {
	Name      *string
	Type      *string
	Timestamp *time.Time
}

// HasClient reports whether the session was used by the application.
func (s Session) HasClient(clientID string) bool {
	for _, c := range s.ClientIDs {
		if c == clientID {
			return true
		}
	}
	return false
}

// GetSession reads one session.
func (c *Client) GetSession(ctx context.Context, id string) (Session, error) {
	if err := checkID("session ID", id); err != nil {
		return Session{}, err
	}
	resp, err := c.mgmt.Sessions.Get(ctx, id)
	if err != nil {
		return Session{}, classify(err, ScopeReadSessions)
	}
	return toSession(resp), nil
}

// ListSessions returns every session of a user, sorted by creation time, then ID.
func (c *Client) ListSessions(ctx context.Context, userID string) ([]Session, error) {
	sessions := []Session{}
	err := c.EachSession(ctx, userID, func(s Session) bool {
		sessions = append(sessions, s)
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(sessions, func(i, j int) bool {
		return before(sessions[i].CreatedAt, sessions[j].CreatedAt, sessions[i].ID, sessions[j].ID)
	})
	return sessions, nil
}

// EachSession calls visit for each session of a user, in the tenant's order,
// fetching pages only as visit asks for more: it stops as soon as visit returns false.
func (c *Client) EachSession(ctx context.Context, userID string, visit func(Session) bool) error {
	if err := checkID("user ID", userID); err != nil {
		return err
	}
	return paginate(ctx, ScopeReadSessions, func(from *string) ([]*management.SessionResponseContent, *string, error) {
		page, err := c.mgmt.Users.Sessions.List(ctx, userID, &management.ListUserSessionsRequestParameters{From: from, Take: ptr(PageSize)})
		if err != nil {
			return nil, nil, err
		}
		return page.Results, page.Response.Next, nil
	}, func(item *management.SessionResponseContent) bool { return visit(toSession(item)) })
}

// UpdateSessionMetadata replaces a session's metadata with the given map (an
// empty map removes it all) and returns the session as Auth0 then has it.
func (c *Client) UpdateSessionMetadata(ctx context.Context, id string, metadata map[string]string) (Session, error) {
	if err := checkID("session ID", id); err != nil {
		return Session{}, err
	}
	m := management.SessionMetadata{}
	for k, v := range metadata {
		m[k] = v
	}
	body := &management.UpdateSessionRequestContent{}
	body.SetSessionMetadata(&m)
	resp, err := c.mgmt.Sessions.Update(ctx, id, body)
	if err != nil {
		return Session{}, classify(err, ScopeUpdateSessions)
	}
	return toSession(resp), nil
}

// DeleteUserSessions ends every session of a user (not its refresh tokens).
func (c *Client) DeleteUserSessions(ctx context.Context, userID string) error {
	if err := checkID("user ID", userID); err != nil {
		return err
	}
	return classify(c.mgmt.Users.Sessions.Delete(ctx, userID), ScopeDeleteSessions)
}

// EndSession ends one session: withTokens revokes the refresh tokens bound
// to it too (POST /sessions/{id}/revoke); otherwise only the session goes
// (DELETE). A session that does not exist is a KindNotFound error.
func (c *Client) EndSession(ctx context.Context, id string, withTokens bool) error {
	if err := checkID("session ID", id); err != nil {
		return err
	}
	if withTokens {
		return classify(c.mgmt.Sessions.Revoke(ctx, id), ScopeDeleteSessions)
	}
	return classify(c.mgmt.Sessions.Delete(ctx, id), ScopeDeleteSessions)
}

// sessionResponse is what go-auth0's Get and List session types share.
type sessionResponse interface {
	GetID() string
	GetUserID() string
	GetCreatedAt() management.SessionDate
	GetUpdatedAt() management.SessionDate
	GetAuthenticatedAt() management.SessionDate
	GetIdleExpiresAt() management.SessionDate
	GetExpiresAt() management.SessionDate
	GetLastInteractedAt() management.SessionDate
	GetDevice() management.SessionDeviceMetadata
	GetClients() []*management.SessionClientMetadata
	GetAuthentication() management.SessionAuthenticationSignals
	GetCookie() management.SessionCookieMetadata
	GetSessionMetadata() management.SessionMetadata
}

var (
	_ sessionResponse = (*management.GetSessionResponseContent)(nil)
	_ sessionResponse = (*management.SessionResponseContent)(nil)
	_ sessionResponse = (*management.UpdateSessionResponseContent)(nil)
)

func toSession(r sessionResponse) Session {
	s := Session{
		ID:               r.GetID(),
		UserID:           r.GetUserID(),
		CreatedAt:        sessionDate(r.GetCreatedAt()),
		UpdatedAt:        sessionDate(r.GetUpdatedAt()),
		AuthenticatedAt:  sessionDate(r.GetAuthenticatedAt()),
		IdleExpiresAt:    sessionDate(r.GetIdleExpiresAt()),
		ExpiresAt:        sessionDate(r.GetExpiresAt()),
		LastInteractedAt: sessionDate(r.GetLastInteractedAt()),
		Metadata:         stringValues(r.GetSessionMetadata()),
	}
	d := r.GetDevice()
	device := Device{
		InitialIP: value(d.GetInitialIP()), InitialASN: d.GetInitialAsn(), InitialUserAgent: d.GetInitialUserAgent(),
		LastIP: value(d.GetLastIP()), LastASN: d.GetLastAsn(), LastUserAgent: d.GetLastUserAgent(),
	}
	if device != (Device{}) {
		s.Device = &device
	}
	for _, c := range r.GetClients() {
		if id := c.GetClientID(); id != "" {
			s.ClientIDs = append(s.ClientIDs, id)
		}
	}
	auth := r.GetAuthentication()
	for _, m := range auth.GetMethods() {
		if m != nil {
			s.AuthenticationMethods = append(s.AuthenticationMethods, AuthenticationMethod{Name: m.Name, Type: m.Type, Timestamp: sessionDate(m.GetTimestamp())})
		}
	}
	cookie := r.GetCookie()
	if mode := string(cookie.GetMode()); mode != "" {
		s.CookieMode = &mode
	}
	return s
}

func sessionDate(d management.SessionDate) *time.Time {
	if d.DateTime.IsZero() {
		return nil
	}
	t := d.DateTime.UTC()
	return &t
}

func value(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// stringValues keeps a metadata object's string values (Auth0 allows no others).
func stringValues(m map[string]any) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// before orders by time (none first), then ID.
func before(a, b *time.Time, idA, idB string) bool {
	switch {
	case a == nil && b != nil:
		return true
	case a != nil && b == nil:
		return false
	case a != nil && b != nil && !a.Equal(*b):
		return a.Before(*b)
	}
	return idA < idB
}
