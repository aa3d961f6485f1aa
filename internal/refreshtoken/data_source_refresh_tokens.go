package refreshtoken

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// NewRefreshTokensDataSource is the auth0tokens_refresh_tokens data source: a user's tokens.
func NewRefreshTokensDataSource() datasource.DataSource {
	return readToken.ListDataSource("Lists every refresh token of one Auth0 user (all pages), optionally only those of one application " +
		"or one API. Needs the `read:refresh_tokens` scope. Token `device` data (IP addresses, user agents) is personal data: " +
		"it is left out unless `include_device = true`, which writes it to state. The `auth0tokens_refresh_tokens` ephemeral resource " +
		"keeps the whole listing out of state. A `client_id` or `audience` that matches none of the user's tokens gives a warning " +
		"that says what the tokens do have.")
}
