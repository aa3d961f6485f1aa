package auth0api

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/auth0/go-auth0/v3/management"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Scopes the Management API asks for.
const (
	ScopeRead   = "read:refresh_tokens"
	ScopeDelete = "delete:refresh_tokens"
)

// PageSize is the largest page Auth0 serves.
const PageSize = 100

// MaxRevokeIDs is the most token IDs one bulk revoke request takes.
const MaxRevokeIDs = 100

// ErrInvalidID is returned, before any request, for an ID that cannot name one object.
var ErrInvalidID = errors.New("invalid ID")

// checkID refuses IDs that escaping cannot make safe: empty ones, and the
// dot segments a server may resolve to another endpoint. Everything else is
// path-escaped by go-auth0.
func checkID(what, id string) error {
	switch strings.TrimSpace(id) {
	case "":
		return fmt.Errorf("%w: the %s is empty", ErrInvalidID, what)
	case ".", "..":
		return fmt.Errorf("%w: the %s %q is a path segment, not an ID", ErrInvalidID, what, id)
	}
	return nil
}

// GetToken reads one refresh token.
func (c *Client) GetToken(ctx context.Context, id string) (RefreshToken, error) {
	if err := checkID("refresh token ID", id); err != nil {
		return RefreshToken{}, err
	}
	resp, err := c.mgmt.RefreshTokens.Get(ctx, id)
	if err != nil {
		return RefreshToken{}, classify(err, ScopeRead)
	}
	return toToken(resp), nil
}

// ListQuery selects a user's tokens. ClientID and Audience are optional filters.
type ListQuery struct {
	UserID   string
	ClientID string
	Audience string
}

// matches reports whether a token passes the query's filters.
func (q ListQuery) matches(t RefreshToken) bool {
	return (q.ClientID == "" || t.ClientID == q.ClientID) && (q.Audience == "" || t.HasAudience(q.Audience))
}

// ListTokens returns every token of a user that matches the query, sorted by
// creation time then ID. A client filter is applied by the tenant where it has
// the Early Access endpoint, and here otherwise: the result is the same.
func (c *Client) ListTokens(ctx context.Context, q ListQuery) ([]RefreshToken, error) {
	if err := checkID("user ID", q.UserID); err != nil {
		return nil, err
	}
	var items []*management.RefreshTokenResponseContent
	var err error
	if q.ClientID != "" && !c.eaListUnavailable.Load() {
		items, err = paginate(ctx, ScopeRead, func(from *string) ([]*management.RefreshTokenResponseContent, *string, error) {
			page, err := c.mgmt.RefreshTokens.List(ctx, &management.GetRefreshTokensRequestParameters{
				UserID: q.UserID, ClientID: &q.ClientID, From: from, Take: ptr(PageSize),
			})
			if err != nil {
				return nil, nil, err
			}
			return page.Results, page.Response.Next, nil
		})
		if earlyAccessRefused(err) {
			c.eaListUnavailable.Store(true)
		}
	}
	if q.ClientID == "" || c.eaListUnavailable.Load() {
		items, err = paginate(ctx, ScopeRead, func(from *string) ([]*management.RefreshTokenResponseContent, *string, error) {
			page, err := c.mgmt.Users.RefreshToken.List(ctx, q.UserID, &management.ListRefreshTokensRequestParameters{
				From: from, Take: ptr(PageSize),
			})
			if err != nil {
				return nil, nil, err
			}
			return page.Results, page.Response.Next, nil
		})
	}
	if err != nil {
		return nil, err
	}
	tokens := make([]RefreshToken, len(items))
	for i, item := range items {
		tokens[i] = toToken(item)
	}
	kept := tokens[:0]
	for _, t := range tokens {
		if q.matches(t) {
			kept = append(kept, t)
		}
	}
	sortTokens(kept)
	return kept, nil
}

// fetchPage gets the page that starts at the cursor (nil for the first page).
type fetchPage[T any] func(from *string) ([]T, *string, error)

// paginate follows cursors to the end, restarting the listing once if the
// tenant refuses a cursor (they expire after 24 hours). scope is the one the
// listing needs, named if the tenant refuses it.
func paginate[T interface{ GetID() string }](ctx context.Context, scope string, fetch fetchPage[T]) ([]T, error) {
	items, cursorRefused, err := paginateOnce(ctx, scope, fetch)
	if !cursorRefused {
		return items, err
	}
	items, cursorRefused, err = paginateOnce(ctx, scope, fetch)
	var refused *Error
	if cursorRefused && errors.As(err, &refused) {
		again := *refused
		again.Message = "the listing was restarted once because its page cursor was refused, and the tenant refused it again (" + refused.Message + ")"
		return nil, &again
	}
	return items, err
}

// paginateOnce lists from the first page. It stops on an empty page or a
// cursor seen before (tenants send `next` on the last page); cursorRefused
// says the error was a 400 for a cursor, after the first page. Items without
// an ID, and IDs seen before (a broken cursor), are dropped.
func paginateOnce[T interface{ GetID() string }](ctx context.Context, scope string, fetch fetchPage[T]) (items []T, cursorRefused bool, err error) {
	seen := map[string]bool{}   // cursors
	listed := map[string]bool{} // item IDs
	var from *string
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return nil, false, classify(err, "")
		}
		got, next, err := fetch(from)
		if err != nil {
			err = classify(err, scope)
			return nil, from != nil && KindOf(err) == KindBadRequest, err
		}
		tflog.Debug(ctx, "Listed a page", map[string]any{"page": page, "items": len(got), "has_next": next != nil && *next != ""})
		for _, item := range got {
			if id := item.GetID(); id != "" && !listed[id] {
				listed[id] = true
				items = append(items, item)
			}
		}
		if len(got) == 0 || next == nil || *next == "" || seen[*next] {
			return items, false, nil
		}
		seen[*next] = true
		from = next
	}
}

// RevokeUserTokens revokes every refresh token of a user (GA, one call).
func (c *Client) RevokeUserTokens(ctx context.Context, userID string) error {
	if err := checkID("user ID", userID); err != nil {
		return err
	}
	return classify(c.mgmt.Users.RefreshToken.Delete(ctx, userID), ScopeDelete)
}

// RevokeRequest is a bulk revocation: IDs, or a user with optional client and audience.
type RevokeRequest struct {
	IDs      []string
	UserID   string
	ClientID string
	Audience string
}

// ErrEarlyAccessUnavailable says the tenant refused an Early Access endpoint,
// as not enabled or as a route it does not have (now or earlier in this run);
// the caller falls back to GA calls.
var ErrEarlyAccessUnavailable = errors.New("the Early Access endpoint is not enabled for this tenant")

// RevokeBulk calls the Early Access bulk revoke endpoint (at most MaxRevokeIDs IDs).
func (c *Client) RevokeBulk(ctx context.Context, r RevokeRequest) error {
	if c.eaRevokeUnavailable.Load() {
		return ErrEarlyAccessUnavailable
	}
	if len(r.IDs) > MaxRevokeIDs {
		return fmt.Errorf("at most %d IDs per bulk revoke, got %d", MaxRevokeIDs, len(r.IDs))
	}
	body := &management.RevokeRefreshTokensRequestContent{IDs: r.IDs}
	if r.UserID != "" {
		body.UserID = &r.UserID
	}
	if r.ClientID != "" {
		body.ClientID = &r.ClientID
	}
	if r.Audience != "" {
		body.Audience = &r.Audience
	}
	err := classify(c.mgmt.RefreshTokens.Revoke(ctx, body), ScopeDelete)
	if earlyAccessRefused(err) {
		c.eaRevokeUnavailable.Store(true)
		return fmt.Errorf("%w: %w", ErrEarlyAccessUnavailable, err)
	}
	return err
}

// RevokeToken revokes one token. A token that does not exist is a
// KindNotFound error: callers decide whether that counts as done.
func (c *Client) RevokeToken(ctx context.Context, id string) error {
	if err := checkID("refresh token ID", id); err != nil {
		return err
	}
	return classify(c.mgmt.RefreshTokens.Delete(ctx, id), ScopeDelete)
}

func ptr[T any](v T) *T { return &v }
