package shared

import (
	"context"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// TokenItems are refresh tokens as a wait sees them: an owner's listing
// (narrowed to a client and audience when given), or one token read by ID.
func TokenItems(c *auth0api.Client, clientID, audience string) Items {
	return Items{
		Kind:      KindTokens,
		CheckWith: "the auth0tokens_refresh_tokens data source",
		List: func(ctx context.Context, owner string) ([]string, error) {
			tokens, err := c.ListTokens(ctx, auth0api.ListQuery{UserID: owner, ClientID: clientID, Audience: audience})
			if auth0api.IsUserNotFound(err) {
				return nil, nil // a deleted user has no tokens left
			}
			ids := make([]string, len(tokens))
			for i, t := range tokens {
				ids[i] = t.ID
			}
			return ids, err
		},
		Exists: func(ctx context.Context, id string) (bool, error) {
			_, err := c.GetToken(ctx, id)
			if auth0api.IsNotFound(err) {
				return false, nil
			}
			return err == nil, err
		},
	}
}

// SessionItems are sessions as a wait sees them.
func SessionItems(c *auth0api.Client) Items {
	return Items{
		Kind:      KindSessions,
		CheckWith: "the auth0tokens_sessions data source",
		List: func(ctx context.Context, owner string) ([]string, error) {
			sessions, err := c.ListSessions(ctx, owner)
			if auth0api.IsUserNotFound(err) {
				return nil, nil
			}
			ids := make([]string, len(sessions))
			for i, s := range sessions {
				ids[i] = s.ID
			}
			return ids, err
		},
		Exists: func(ctx context.Context, id string) (bool, error) {
			_, err := c.GetSession(ctx, id)
			if auth0api.IsNotFound(err) {
				return false, nil
			}
			return err == nil, err
		},
	}
}
