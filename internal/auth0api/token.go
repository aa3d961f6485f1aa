package auth0api

import (
	"sort"
	"strings"
	"time"

	"github.com/auth0/go-auth0/v3/management"
)

// RefreshToken is a refresh token as the rest of the provider sees it: plain
// Go values, with nil where the API gave nothing.
type RefreshToken struct {
	ID              string
	UserID          string
	ClientID        string
	SessionID       *string
	CreatedAt       *time.Time
	ExpiresAt       *time.Time
	IdleExpiresAt   *time.Time
	LastExchangedAt *time.Time
	Rotating        bool
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
// from the API's space-separated string.
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

// SortTokens orders tokens by creation time, then ID, so that plans do not
// churn when the API returns the same tokens in another order. Tokens with no
// creation time sort first.
func SortTokens(tokens []RefreshToken) {
	sort.SliceStable(tokens, func(i, j int) bool {
		a, b := tokens[i].CreatedAt, tokens[j].CreatedAt
		switch {
		case a == nil && b != nil:
			return true
		case a != nil && b == nil:
			return false
		case a != nil && b != nil && !a.Equal(*b):
			return a.Before(*b)
		}
		return tokens[i].ID < tokens[j].ID
	})
}

// tokenFields is the field set shared by go-auth0's Get and List response types.
type tokenFields struct {
	ID, UserID, ClientID                                 *string
	CreatedAt, ExpiresAt, IdleExpiresAt, LastExchangedAt *management.RefreshTokenDate
	SessionID                                            *management.RefreshTokenSessionID
	Rotating                                             *bool
	Device                                               *management.RefreshTokenDevice
	ResourceServers                                      []*management.RefreshTokenResourceServer
	Metadata                                             *management.RefreshTokenMetadata
}

func fromGet(r *management.GetRefreshTokenResponseContent) RefreshToken {
	return tokenFields{
		ID: r.ID, UserID: r.UserID, ClientID: r.ClientID,
		CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, IdleExpiresAt: r.IdleExpiresAt, LastExchangedAt: r.LastExchangedAt,
		SessionID: r.SessionID, Rotating: r.Rotating, Device: r.Device,
		ResourceServers: r.ResourceServers, Metadata: r.RefreshTokenMetadata,
	}.toToken()
}

func fromListItem(r *management.RefreshTokenResponseContent) RefreshToken {
	return tokenFields{
		ID: r.ID, UserID: r.UserID, ClientID: r.ClientID,
		CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, IdleExpiresAt: r.IdleExpiresAt, LastExchangedAt: r.LastExchangedAt,
		SessionID: r.SessionID, Rotating: r.Rotating, Device: r.Device,
		ResourceServers: r.ResourceServers, Metadata: r.RefreshTokenMetadata,
	}.toToken()
}

func (f tokenFields) toToken() RefreshToken {
	t := RefreshToken{
		ID:              deref(f.ID),
		UserID:          deref(f.UserID),
		ClientID:        deref(f.ClientID),
		CreatedAt:       date(f.CreatedAt),
		ExpiresAt:       date(f.ExpiresAt),
		IdleExpiresAt:   date(f.IdleExpiresAt),
		LastExchangedAt: date(f.LastExchangedAt),
		Rotating:        f.Rotating != nil && *f.Rotating,
	}
	// session_id is a nullable string behind a pointer: absent and null both mean none.
	if f.SessionID != nil && *f.SessionID != nil {
		s := **f.SessionID
		t.SessionID = &s
	}
	if d := f.Device; d != nil {
		t.Device = &Device{
			InitialIP:        deref(d.InitialIP),
			InitialASN:       deref(d.InitialAsn),
			InitialUserAgent: deref(d.InitialUserAgent),
			LastIP:           deref(d.LastIP),
			LastASN:          deref(d.LastAsn),
			LastUserAgent:    deref(d.LastUserAgent),
		}
	}
	for _, rs := range f.ResourceServers {
		if rs == nil {
			continue
		}
		t.ResourceServers = append(t.ResourceServers, ResourceServer{
			Audience: deref(rs.Audience),
			Scopes:   strings.Fields(deref(rs.Scopes)),
		})
	}
	if f.Metadata != nil {
		t.Metadata = make(map[string]string, len(*f.Metadata))
		for k, v := range *f.Metadata {
			if s, ok := v.(string); ok {
				t.Metadata[k] = s
			}
		}
	}
	return t
}

// date turns go-auth0's date union into a time. The object form carries no
// documented fields, so it counts as no date.
func date(d *management.RefreshTokenDate) *time.Time {
	if d == nil || d.DateTime.IsZero() {
		return nil
	}
	t := d.DateTime.UTC()
	return &t
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
