package session

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// NewSessionListResource is the auth0tokens_session list resource:
// `terraform query` discovers a user's sessions, ready to import.
func NewSessionListResource() list.ListResource {
	return readSession.ListResource(adoptedSession, "Discovers a user's sessions for `terraform query` (Terraform 1.14+), each with its "+
		"identity and a display name that tells sessions apart (applications, creation date, last activity); `terraform query "+
		"-generate-config-out=FILE` writes the `auth0tokens_session` and `import` blocks that adopt them. Results come in the "+
		"tenant's order; pages are fetched only until the list block's `limit` is reached. Needs `read:sessions`.")
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
