package refreshtoken_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Found by a new user: a token revoked between the plan and the apply of a
// metadata change failed the apply with "Provider returned invalid result
// object after apply ... unknown value" (the plan's unknown timestamps were
// kept). The token is gone when the PATCH is sent (a 404), as after such a
// revocation; the apply warns, and the next refresh records it gone.
func TestAccTokenResource_goneBetweenPlanAndApply(t *testing.T) {
	env := acctest.NewLocal(t, acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
		t.AddFault(tenantsim.Fault{Method: "PATCH", PathPrefix: "/api/v2/refresh-tokens/rt_bob_1", Status: 404})
	}))
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{
			{Config: adoptAs("a", "rt_bob_1")},
			{
				Config: `
resource "auth0tokens_refresh_token" "a" {
  id       = "rt_bob_1"
  metadata = { owner = "security" }
}`,
				// The refresh after the apply still finds the token: the test's
				// stand-in for a revocation is a refused PATCH, so the metadata
				// change is planned again.
				ExpectNonEmptyPlan: true,
			},
		},
	})
}
