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
	ScopeUpdate = "update:refresh_tokens"
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
	tokens := []RefreshToken{}
	err := c.EachToken(ctx, q, func(t RefreshToken) bool {
		tokens = append(tokens, t)
		return true
	})
	if err != nil {
		return nil, err
	}
	sortTokens(tokens)
	return tokens, nil
}

// EachToken calls visit for each token of a user that matches the query, in
// the tenant's order, fetching pages only as visit asks for more: it stops
// as soon as visit returns false (a `terraform query` limit, say).
func (c *Client) EachToken(ctx context.Context, q ListQuery, visit func(RefreshToken) bool) error {
	if err := checkID("user ID", q.UserID); err != nil {
		return err
	}
	visited := false
	keep := func(item *management.RefreshTokenResponseContent) bool {
		t := toToken(item)
		if !q.matches(t) {
			return true
		}
		visited = true
		return visit(t)
	}
	if q.ClientID != "" && !c.eaListUnavailable.Load() {
		err := paginate(ctx, ScopeRead, func(from *string) ([]*management.RefreshTokenResponseContent, *string, error) {
			page, err := c.mgmt.RefreshTokens.List(ctx, &management.GetRefreshTokensRequestParameters{
				UserID: q.UserID, ClientID: &q.ClientID, From: from, Take: ptr(PageSize),
			})
			if err != nil {
				return nil, nil, err
			}
			return page.Results, page.Response.Next, nil
		}, keep)
		if err == nil && !visited {
			return c.CheckUserExists(ctx, q.UserID)
		}
		if !earlyAccessRefused(err) || visited {
			return err
		}
		c.eaListUnavailable.Store(true)
	}
	return paginate(ctx, ScopeRead, func(from *string) ([]*management.RefreshTokenResponseContent, *string, error) {
		page, err := c.mgmt.Users.RefreshToken.List(ctx, q.UserID, &management.ListRefreshTokensRequestParameters{
			From: from, Take: ptr(PageSize),
		})
		if err != nil {
			return nil, nil, err
		}
		return page.Results, page.Response.Next, nil
	}, keep)
}

// CheckUserExists answers nil for a user that exists, else the error of a
// listing (KindUserNotFound for a user Auth0 does not know). The Early Access
// listing answers an empty list for a user that does not exist, where the GA
// listing answers 404: one page of one token asks the GA endpoint, so both
// paths give the same answer, for one cheap request.
func (c *Client) CheckUserExists(ctx context.Context, userID string) error {
	_, err := c.mgmt.Users.RefreshToken.List(ctx, userID, &management.ListRefreshTokensRequestParameters{Take: ptr(1)})
	return classify(err, ScopeRead)
}

// fetchPage gets the page that starts at the cursor (nil for the first page).
type fetchPage[T any] func(from *string) ([]T, *string, error)

// listed is what paginate lists: anything with an ID.
type listed interface{ GetID() string }

// paginate follows cursors, calling visit for each item in the tenant's
// order until visit returns false or the listing ends. It restarts the
// listing once if the tenant refuses a cursor (they expire after 24 hours),
// skipping what was already visited. scope is the one the listing needs,
// named if the tenant refuses it.
func paginate[T listed](ctx context.Context, scope string, fetch fetchPage[T], visit func(T) bool) error {
	visited := map[string]bool{} // item IDs, across both attempts
	cursorRefused, err := paginateOnce(ctx, scope, fetch, visited, visit)
	if !cursorRefused {
		return err
	}
	cursorRefused, err = paginateOnce(ctx, scope, fetch, visited, visit)
	var refused *Error
	if cursorRefused && errors.As(err, &refused) {
		again := *refused
		again.Message = "the listing was restarted once because its page cursor was refused, and the tenant refused it again (" + refused.Message + ")"
		return &again
	}
	return err
}

// paginateOnce lists from the first page. It stops on an empty page or a
// cursor seen before (tenants send `next` on the last page); cursorRefused
// says the error was a 400 for a cursor, after the first page. Items without
// an ID, and IDs visited before (a broken cursor, a restart), are skipped.
func paginateOnce[T listed](ctx context.Context, scope string, fetch fetchPage[T], visited map[string]bool, visit func(T) bool) (cursorRefused bool, err error) {
	seen := map[string]bool{} // cursors
	var from *string
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return false, classify(err, "")
		}
		got, next, err := fetch(from)
		if err != nil {
			err = classify(err, scope)
			return from != nil && KindOf(err) == KindBadRequest, err
		}
		tflog.Debug(ctx, "Listed a page", map[string]any{"page": page, "items": len(got), "has_next": next != nil && *next != ""})
		for _, item := range got {
			if id := item.GetID(); id != "" && !visited[id] {
				visited[id] = true
				if !visit(item) {
					return false, nil
				}
			}
		}
		if len(got) == 0 || next == nil || *next == "" || seen[*next] {
			return false, nil
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

// UpdateTokenMetadata replaces a token's metadata with the given map (an
// empty map removes it all) and returns the token as Auth0 then has it.
func (c *Client) UpdateTokenMetadata(ctx context.Context, id string, metadata map[string]string) (RefreshToken, error) {
	if err := checkID("refresh token ID", id); err != nil {
		return RefreshToken{}, err
	}
	m := management.RefreshTokenMetadata{}
	for k, v := range metadata {
		m[k] = v
	}
	body := &management.UpdateRefreshTokenRequestContent{}
	body.SetRefreshTokenMetadata(&m)
	resp, err := c.mgmt.RefreshTokens.Update(ctx, id, body)
	if err != nil {
		return RefreshToken{}, classify(err, ScopeUpdate)
	}
	return toToken(resp), nil
}

func ptr[T any](v T) *T { return &v }
