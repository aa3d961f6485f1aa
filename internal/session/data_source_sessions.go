package session

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// NewSessionsDataSource is the auth0tokens_sessions data source: a user's sessions.
func NewSessionsDataSource() datasource.DataSource {
	return readSession.ListDataSource("Lists every session of one Auth0 user (all pages), optionally only those used with one application: the SSO " +
		"sessions that mint refresh tokens, for reviews in `check` blocks (second factors, persistent cookies, idle sessions, clients). " +
		"Needs the `read:sessions` scope. Device data (IP addresses, user agents) is personal data: it is left out unless " +
		"`include_device = true`, which writes it to state; the `auth0tokens_sessions` ephemeral resource keeps the whole listing out of state.")
}
