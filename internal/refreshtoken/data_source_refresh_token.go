package refreshtoken

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// NewRefreshTokenDataSource is the auth0tokens_refresh_token data source: one token by ID.
func NewRefreshTokenDataSource() datasource.DataSource {
	return readToken.DataSource("Reads one Auth0 refresh token by its ID. Needs the `read:refresh_tokens` scope. " +
		"A token that does not exist (revoked, expired or never issued) is an error.")
}
