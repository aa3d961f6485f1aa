package session

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var _ shared.ImportOnlyResource = (*sessionResource)(nil)

// adoptedSession is a session as the import-only resource and the list
// resource see it.
var adoptedSession = shared.Adopted[auth0api.Session]{
	TypeName:  "auth0tokens_session",
	Noun:      "session",
	ExampleID: "SESSION_ID",
	GoneHow:   "revoked or ended outside this configuration (a sign-out, say), or expired",
	// updated_at, idle_expires_at and last_interacted_at move with use;
	// the rest is fixed at sign-in or changes only with use, which the next
	// refresh shows. A metadata change sets updated_at.
	Stable:        []string{"user_id", "created_at", "authenticated_at", "expires_at", "client_ids", "authentication_methods", "cookie_mode"},
	SetByMetadata: []string{"updated_at"},
	ID:            func(s auth0api.Session) string { return s.ID },
	DisplayName:   displayName,
	State:         readSession.AdoptedState,
	Get:           readSession.Get,
	UpdateMetadata: func(ctx context.Context, c *auth0api.Client, id string, metadata map[string]string) (auth0api.Session, error) {
		return c.UpdateSessionMetadata(ctx, id, metadata)
	},
	// Revoke ends the session and revokes the refresh tokens bound to it.
	Revoke: func(ctx context.Context, c *auth0api.Client, id string, timeout time.Duration) error {
		rev := revocation.Runner{Client: c, Progress: shared.ProgressLog(ctx), Wait: true, Timeout: timeout, Sleep: auth0api.Sleep}
		_, err := rev.Run(ctx, revocation.Selection{Kind: sessions{WithTokens: true}, ByID: true, IDs: []string{id}})
		return err
	},
	Bound:     boundTokens,
	BoundNoun: "refresh token",
}

// boundTokens are the IDs of the refresh tokens bound to a session: revoking
// the session revokes them too.
func boundTokens(ctx context.Context, c *auth0api.Client, id, userID string) ([]string, error) {
	tokens, err := c.ListTokens(ctx, auth0api.ListQuery{UserID: userID})
	if auth0api.IsUserNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range tokens {
		if t.SessionID != nil && *t.SessionID == id {
			ids = append(ids, t.ID)
		}
	}
	return ids, nil
}

// NewSessionResource is the auth0tokens_session resource: an existing
// session adopted by import, whose metadata Terraform manages and which is
// revoked, with its refresh tokens, when its block is removed.
func NewSessionResource() resource.Resource {
	return &sessionResource{shared.AdoptedResource[auth0api.Session]{Adopted: adoptedSession}}
}

type sessionResource struct {
	shared.AdoptedResource[auth0api.Session]
}

// displayName tells a user's sessions apart: "app_web + app_mobile, created 2026-02-01, last active 2026-02-01".
func displayName(s auth0api.Session) string {
	clients := "no application recorded"
	if len(s.ClientIDs) > 0 {
		clients = strings.Join(s.ClientIDs, " + ")
	}
	created := "creation date unknown"
	if s.CreatedAt != nil {
		created = "created " + s.CreatedAt.UTC().Format("2006-01-02")
	}
	name := clients + ", " + created
	if s.LastInteractedAt != nil {
		name += ", last active " + s.LastInteractedAt.UTC().Format("2006-01-02")
	}
	return name
}

func (r *sessionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.ResourceSchema(ctx, "An existing Auth0 session (the SSO cookie that mints refresh tokens), adopted by Terraform: import it (by ID "+
		"or by identity), or discover a user's sessions with `terraform query` and the `auth0tokens_session` list resource (Terraform "+
		"1.14+), which can generate the blocks. Terraform then manages the session's `metadata`, refreshes the rest, and, when the "+
		"block is removed or destroyed, revokes the session and the refresh tokens bound to it (the plan names them, as does the "+
		"apply), waiting until Auth0 lists neither. A session ended elsewhere or expired never blocks a plan: it stays in state with "+
		"`exists = false`, plans no change, and its block can be removed at no cost (nothing is sent). Terraform cannot create sessions: users' sign-ins do. To stop managing a session without "+
		"revoking it, use a `removed` block with `lifecycle { destroy = false }`. `device` (IPs, user agents) is not kept: read it with "+
		"the data source or the ephemeral resource. Needs `read:sessions`, `update:sessions` (metadata), `delete:sessions` (destroy) "+
		"and `read:refresh_tokens` (to confirm the bound tokens are gone).",
		fields, metadataField)
}

// NewSessionListResource is the auth0tokens_session list resource:
// `terraform query` discovers a user's sessions, ready to import.
func NewSessionListResource() list.ListResource {
	return readSession.ListResource(adoptedSession, "Discovers a user's sessions for `terraform query` (Terraform 1.14+), each with its "+
		"identity and a display name that tells sessions apart (applications, creation date, last activity); `terraform query "+
		"-generate-config-out=FILE` writes the `auth0tokens_session` and `import` blocks that adopt them. Results come in the "+
		"tenant's order; pages are fetched only until the list block's `limit` is reached. Needs `read:sessions`.")
}
