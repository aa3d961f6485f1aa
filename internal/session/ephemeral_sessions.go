package session

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

// NewSessionsEphemeralResource is the auth0tokens_sessions ephemeral resource:
// the data source's listing, never written to plan or state.
func NewSessionsEphemeralResource() ephemeral.EphemeralResource {
	return readSession.ListEphemeral("Lists every session of one Auth0 user, like the data source of the same name, but keeps the result out of " +
		"plan and state: session device data (IP addresses, user agents) is personal data. Its values can be used in locals, provider " +
		"blocks and a `check` block's `condition` (not its `error_message`, which Terraform refuses ephemeral values in: keep the " +
		"message fixed text). Needs Terraform 1.10+ or OpenTofu 1.11+ and the `read:sessions` scope.")
}
