package auth0api

import (
	"sort"
	"strings"
	"time"

	"github.com/auth0/go-auth0/v3/management"
)

// RefreshToken is a refresh token as the rest of the provider sees it: plain
// Go values, with nil (or "" for IDs, which Auth0 never sends empty) where the
// API gave nothing. Timestamps keep the precision Auth0 sent (milliseconds).
type RefreshToken struct {
	ID              string
	UserID          string
	ClientID        string
	SessionID       *string
	CreatedAt       *time.Time
	ExpiresAt       *time.Time
	IdleExpiresAt   *time.Time
	LastExchangedAt *time.Time
	Rotating        *bool
	Device          *Device
	ResourceServers []ResourceServer
	Metadata        map[string]string
}

// Device holds where a token was issued and last used. It is personal data.
type Device struct {
	InitialIP        string
	InitialASN       string
	InitialUserAgent string
	LastIP           string
	LastASN          string
	LastUserAgent    string
}

// ResourceServer is an API the token grants access to, with its scopes split
// from the API's space-separated string. Auth0's own examples show
// `"resource_servers": [{}]`: Audience is then "" and Scopes nil (absent),
// while `"scopes": ""` gives an empty, non-nil Scopes.
type ResourceServer struct {
	Audience string
	Scopes   []string
}

// HasAudience reports whether the token grants access to the given API.
func (t RefreshToken) HasAudience(audience string) bool {
	for _, rs := range t.ResourceServers {
		if rs.Audience == audience {
			return true
		}
	}
	return false
}

// sortTokens orders tokens by creation time, then ID, so that plans do not
// churn when the API returns the same tokens in another order. Tokens with no
// creation time sort first.
func sortTokens(tokens []RefreshToken) {
	sort.SliceStable(tokens, func(i, j int) bool {
		return before(tokens[i].CreatedAt, tokens[j].CreatedAt, tokens[i].ID, tokens[j].ID)
	})
}

// tokenResponse is what go-auth0's Get and List token types share: getters
// that give the zero value for an absent field.
type tokenResponse interface {
	GetID() string
	GetUserID() string
	GetClientID() string
	GetCreatedAt() management.RefreshTokenDate
	GetExpiresAt() management.RefreshTokenDate
	GetIdleExpiresAt() management.RefreshTokenDate
	GetLastExchangedAt() management.RefreshTokenDate
	GetSessionID() management.RefreshTokenSessionID
	GetRotating() bool
	GetDevice() management.RefreshTokenDevice
	GetResourceServers() []*management.RefreshTokenResourceServer
	GetRefreshTokenMetadata() management.RefreshTokenMetadata
}

var (
	_ tokenResponse = (*management.GetRefreshTokenResponseContent)(nil)
	_ tokenResponse = (*management.RefreshTokenResponseContent)(nil)
	_ tokenResponse = (*management.UpdateRefreshTokenResponseContent)(nil)
)

func toToken(r tokenResponse) RefreshToken {
	t := RefreshToken{
		ID:              r.GetID(),
		UserID:          r.GetUserID(),
		ClientID:        r.GetClientID(),
		CreatedAt:       date(r.GetCreatedAt()),
		ExpiresAt:       date(r.GetExpiresAt()),
		IdleExpiresAt:   date(r.GetIdleExpiresAt()),
		LastExchangedAt: date(r.GetLastExchangedAt()),
		// session_id is a nullable string: absent and null both mean none.
		SessionID: r.GetSessionID(),
	}
	if rotating, ok := rotatingOf(r); ok {
		t.Rotating = &rotating
	}
	d := r.GetDevice()
	device := Device{
		InitialIP: d.GetInitialIP(), InitialASN: d.GetInitialAsn(), InitialUserAgent: d.GetInitialUserAgent(),
		LastIP: d.GetLastIP(), LastASN: d.GetLastAsn(), LastUserAgent: d.GetLastUserAgent(),
	}
	if device != (Device{}) {
		t.Device = &device
	}
	for _, rs := range r.GetResourceServers() {
		if rs == nil {
			continue
		}
		server := ResourceServer{Audience: rs.GetAudience()}
		if rs.Scopes != nil {
			server.Scopes = append([]string{}, strings.Fields(*rs.Scopes)...)
		}
		t.ResourceServers = append(t.ResourceServers, server)
	}
	t.Metadata = stringValues(r.GetRefreshTokenMetadata())
	return t
}

// rotatingOf reads `rotating`, telling absent from false (the getter cannot).
func rotatingOf(r tokenResponse) (bool, bool) {
	var p *bool
	switch v := r.(type) {
	case *management.GetRefreshTokenResponseContent:
		p = v.Rotating
	case *management.RefreshTokenResponseContent:
		p = v.Rotating
	case *management.UpdateRefreshTokenResponseContent:
		p = v.Rotating
	}
	if p == nil {
		return false, false
	}
	return *p, true
}

// date turns go-auth0's date union into a time. The object form carries no
// documented fields, so it counts as no date.
func date(d management.RefreshTokenDate) *time.Time {
	if d.DateTime.IsZero() {
		return nil
	}
	t := d.DateTime.UTC()
	return &t
}
