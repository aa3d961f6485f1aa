package refreshtoken_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// Faults through real Terraform: each ends in the right result or a
// diagnostic whose summary says what happened and whose detail says what to do.

func withFault(f tenantsim.Fault) acctest.Option {
	return acctest.WithTenantSetup(func(t *tenantsim.Tenant) { t.AddFault(f) })
}

func TestAccFaultPersistentServerError(t *testing.T) {
	acctest.NewLocal(t, withFault(tenantsim.Fault{PathPrefix: "/api/v2/users/", Status: 503})).Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      dataList("auth0|alice"),
			ExpectError: regexp.MustCompile(`(?s)Auth0 Request Failed.*Injected fault.*retried and still failed.*try again`),
		}},
	})
}

func TestAccFaultRateLimited(t *testing.T) {
	acctest.NewLocal(t, withFault(tenantsim.Fault{PathPrefix: "/api/v2/users/", Status: 429})).Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      dataList("auth0|alice"),
			ExpectError: regexp.MustCompile(`(?s)Auth0 Rate Limit Exceeded.*max_requests_per_second`),
		}},
	})
}

func TestAccFaultDroppedConnectionsRecover(t *testing.T) {
	acctest.NewLocal(t, withFault(tenantsim.Fault{PathPrefix: "/api/v2/users/", Drop: true, Times: 2})).Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: dataList("auth0|alice"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("ids"), ids("rt_alice_2", "rt_alice_1", "rt_alice_3")),
			},
		}},
	})
}

func TestAccFaultRevocationNeverPropagates(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions")
	acctest.NewLocal(t, acctest.WithTenantOptions(tenantsim.Options{RevocationDelay: time.Hour})).Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: actionConfig(`user_id = "auth0|bob"
    timeout = "2s"`),
			ExpectError: regexp.MustCompile(`(?s)Revocation Not Yet Effective.*after\s+2s:\s+4\s+refresh\s+tokens\s+are\s+still\s+listed:\s+rt_bob_1,\s+rt_bob_2,\s+rt_bob_3,\s+rt_bob_4.*invoke\s+the\s+action\s+again.*Raise\s+"timeout"`),
		}},
	})
}
