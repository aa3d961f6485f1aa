package refreshtoken_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

const revocationAddr = "auth0tokens_refresh_token_revocation.this"

func TestAccRevocationResource_createRevokes(t *testing.T) {
	env := acctest.New(t, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: `resource "auth0tokens_refresh_token_revocation" "this" {
  user_id   = "auth0|bob"
  client_id = "app_mobile"
  triggers  = { incident = "INC-1" }
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoke_on_destroy"), knownvalue.Bool(false)),
				},
				PostApplyFunc: mustPass(t, expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2")),
			},
			{
				// Changing triggers replaces the resource, which revokes again: now nothing is left to revoke.
				Config: `resource "auth0tokens_refresh_token_revocation" "this" {
  user_id   = "auth0|bob"
  client_id = "app_mobile"
  triggers  = { incident = "INC-2" }
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(revocationAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(0)),
				},
			},
		},
	})
}

func TestAccRevocationResource_revokeOnDestroy(t *testing.T) {
	env := acctest.New(t)
	env.Test(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `resource "auth0tokens_refresh_token_revocation" "this" {
  user_id           = "auth0|bob"
  revoke_on_create  = false
  revoke_on_destroy = true
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_count"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(revocationAddr, tfjsonpath.New("revoked_at"), knownvalue.Null()),
			},
			PostApplyFunc: mustPass(t, expectListed(env, "auth0|bob", "rt_bob_1", "rt_bob_2", "rt_bob_3", "rt_bob_4")),
		}},
		CheckDestroy: func(*terraform.State) error { return expectListed(env, "auth0|bob")() },
	})
}

func TestAccRevocationResource_validationAndImport(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      `resource "auth0tokens_refresh_token_revocation" "this" {}`,
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*user_id,user_ids,token_ids`),
			},
			{
				Config: `resource "auth0tokens_refresh_token_revocation" "this" {
  user_id  = "auth0|bob"
  audience = "https://api.example.com/"
}`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*client_id`),
			},
			{
				Config:        `resource "auth0tokens_refresh_token_revocation" "this" { user_id = "auth0|bob" }`,
				ResourceName:  revocationAddr,
				ImportState:   true,
				ImportStateId: "anything",
				ExpectError:   regexp.MustCompile(`Import Not Supported`),
			},
		},
	})
}
