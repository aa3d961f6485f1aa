package refreshtoken_test

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
)

// The security-review example, applied as published, against the recording.
func TestAccSecurityReviewExample(t *testing.T) {
	// The example names the provider by its registry address.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "auth0tokens")
	vars := func(user string) config.Variables {
		return config.Variables{
			"user_id":         config.StringVariable(user),
			"max_age_days":    config.IntegerVariable(180),
			"allowed_clients": config.SetVariable(config.StringVariable("app_web")),
		}
	}
	acctest.New(t).TestSerial(resource.TestCase{
		Steps: []resource.TestStep{
			{
				ConfigDirectory: config.StaticDirectory("../../examples/security-review"),
				ConfigVariables: vars("auth0|alice"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectChecks{
					"refresh_tokens_rotate":                  tfjson.CheckStatusFail, // rt_alice_2
					"refresh_tokens_are_fresh":               tfjson.CheckStatusFail, // rt_alice_2, issued 2025-06
					"refresh_tokens_held_by_allowed_clients": tfjson.CheckStatusFail, // app_mobile
				}}},
			},
			{
				ConfigDirectory: config.StaticDirectory("../../examples/security-review"),
				ConfigVariables: vars("auth0|nobody"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectChecks{
					"refresh_tokens_rotate":                  tfjson.CheckStatusPass,
					"refresh_tokens_are_fresh":               tfjson.CheckStatusPass,
					"refresh_tokens_held_by_allowed_clients": tfjson.CheckStatusPass,
				}}},
			},
		},
	})
}
