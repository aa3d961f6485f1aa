package session

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// NewSessionDataSource is the auth0tokens_session data source: one session by ID.
func NewSessionDataSource() datasource.DataSource {
	return readSession.DataSource("Reads one Auth0 session (the SSO session that mints refresh tokens) by its ID. Needs the `read:sessions` scope. " +
		"A session that does not exist (ended, expired or revoked) is an error.")
}
