package shared_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
)

// A listing without its read scope says which scope to grant.
func TestAccListDataSource_missingScope(t *testing.T) {
	for _, c := range []struct{ kind, list, client, scope string }{
		{"tokens", "auth0tokens_refresh_tokens", "m2m_noscopes", "read:refresh_tokens"},
		{"sessions", "auth0tokens_sessions", "m2m_readonly", "read:sessions"}, // m2m_readonly can read tokens only
	} {
		t.Run(c.kind, func(t *testing.T) {
			acctest.Test(t, resource.TestCase{
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf(`data %q "t" { user_id = "auth0|alice" }`, c.list),
					ExpectError: regexp.MustCompile(`(?s)Insufficient Auth0 Scope.*` + c.scope),
				}},
			}, acctest.WithClient(c.client))
		})
	}
}
