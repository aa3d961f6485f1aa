package refreshtoken

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// NewRefreshTokensEphemeralResource is the auth0tokens_refresh_tokens ephemeral
// resource: the data source's listing, never written to plan or state.
func NewRefreshTokensEphemeralResource() ephemeral.EphemeralResource {
	return readToken.ListEphemeral("Lists every refresh token of one Auth0 user, like the data source of the same name, but keeps the " +
		"result out of plan and state: token metadata (IP addresses, user agents) is personal data. Its values can be used in " +
		"locals, provider blocks, a `check` block's `condition` (not its `error_message`, which Terraform refuses ephemeral values in, " +
		"even a count: keep the message fixed text), and write-only arguments: feed the `auth0tokens_refresh_token_revocation` " +
		"resource's `token_ids_wo` to revoke what a review found with nothing in state. It cannot feed the " +
		"`auth0tokens_revoke_refresh_tokens` action: Terraform takes ephemeral values in actions only in write-only attributes, and " +
		"terraform-plugin-framework v1.19.0 refuses every write-only action value (its action validation hard-codes write-only " +
		"values as not allowed); use the data source (device data is left out by default) for the action. " +
		"Needs Terraform 1.10+ or OpenTofu 1.11+ and the `read:refresh_tokens` scope.")
}
