package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// readSession is how the read-side types read sessions.
var readSession = shared.Readable[auth0api.Session, shared.ListArgs]{
	TypeName:          "auth0tokens_session",
	ListTypeName:      "auth0tokens_sessions",
	Noun:              "session",
	Plural:            "sessions",
	Fields:            fields,
	IncludeDeviceDesc: includeDeviceDesc,
	MetadataField:     metadataField,
	NotFound: "Auth0 has no session %q. It may have ended, expired or been revoked; revocation can take a few seconds to show. " +
		"List the user's current sessions with the auth0tokens_sessions data source.",
	Filters: []shared.Filter{{Name: "client_id", Validator: shared.ValidID("client ID"),
		Desc: "Keep only sessions used with this application (Auth0 has no such filter: the provider applies it)."}},
	Results:     "sessions",
	ResultsDesc: "The user's sessions that match the filter, ordered by `created_at`, then `id`.",
	IDsDesc:     "The IDs of `sessions`, in the same order.",
	Get: func(ctx context.Context, c *auth0api.Client, id string) (auth0api.Session, error) {
		return c.GetSession(ctx, id)
	},
	// Auth0 has no client filter for sessions: the provider applies it, to
	// the listing that also tells what a filter that matched nothing missed.
	List: func(ctx context.Context, c *auth0api.Client, cfg shared.ListArgs) ([]auth0api.Session, string, error) {
		all, err := c.ListSessions(ctx, cfg.User())
		clientID := cfg.ClientID.ValueString()
		if err != nil || clientID == "" {
			return all, "", err
		}
		var sessions []auth0api.Session
		for _, s := range all {
			if s.HasClient(clientID) {
				sessions = append(sessions, s)
			}
		}
		if len(sessions) == 0 && len(all) > 0 {
			return nil, clientHint(cfg.User(), clientID, all), nil
		}
		return sessions, "", nil
	},
	Each: func(ctx context.Context, c *auth0api.Client, cfg shared.ListArgs, visit func(auth0api.Session) bool) error {
		clientID := cfg.ClientID.ValueString()
		return c.EachSession(ctx, cfg.User(), func(s auth0api.Session) bool {
			return (clientID != "" && !s.HasClient(clientID)) || visit(s)
		})
	},
	Hint: func(ctx context.Context, c *auth0api.Client, cfg shared.ListArgs) string {
		if cfg.ClientID.ValueString() == "" {
			return ""
		}
		all, err := c.ListSessions(ctx, cfg.User())
		if err != nil || len(all) == 0 {
			return ""
		}
		return clientHint(cfg.User(), cfg.ClientID.ValueString(), all)
	},
	Flatten: flatten,
}

// clientHint says which applications a user's sessions were used with, so a
// mistyped client_id never reads as "no sessions".
func clientHint(user, clientID string, all []auth0api.Session) string {
	seen := map[string]bool{}
	var clients []string
	for _, s := range all {
		for _, c := range s.ClientIDs {
			if !seen[c] {
				seen[c] = true
				clients = append(clients, fmt.Sprintf("%q", c))
			}
		}
	}
	if len(clients) == 0 {
		clients = []string{"none recorded"}
	}
	hint := fmt.Sprintf("None of the %d sessions of user %s was used with client_id %q. Their clients: %s.", len(all), user, clientID, strings.Join(clients, ", "))
	for c := range seen {
		if c != clientID && strings.EqualFold(c, clientID) {
			hint += fmt.Sprintf(" Did you mean %q? Client IDs are case-sensitive.", c)
		}
	}
	return hint
}
