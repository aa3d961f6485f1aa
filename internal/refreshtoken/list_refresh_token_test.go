package refreshtoken_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
)

const skipQuery = "OpenTofu (1.12 included) has neither list resources nor `terraform query`"

func identity(id string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}
}

func displayNameOf(addr, id, name string) querycheck.QueryResultCheck {
	return querycheck.ExpectResourceDisplayName(addr, queryfilter.ByResourceIdentity(identity(id)), knownvalue.StringExact(name))
}

func TestAccTokenListResource_query(t *testing.T) {
	acctest.SkipOnOpenTofu(t, skipQuery)
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: `provider "auth0tokens" {}`,
		}, {
			Query: true,
			Config: `
list "auth0tokens_refresh_token" "alice" {
  provider = auth0tokens
  config {
    user_id = "auth0|alice"
  }
}

list "auth0tokens_refresh_token" "bob_mobile" {
  provider = auth0tokens
  config {
    user_id   = "auth0|bob"
    client_id = "app_mobile"
  }
}

list "auth0tokens_refresh_token" "nulls" {
  provider = auth0tokens
  config {
    user_id = "auth0|nulls"
  }
}`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_refresh_token.alice", 3),
				querycheck.ExpectIdentity("auth0tokens_refresh_token.alice", identity("rt_alice_1")),
				querycheck.ExpectIdentity("auth0tokens_refresh_token.alice", identity("rt_alice_2")),
				querycheck.ExpectIdentity("auth0tokens_refresh_token.alice", identity("rt_alice_3")),
				displayNameOf("auth0tokens_refresh_token.alice", "rt_alice_1", "app_web, created 2026-01-10, rotating"),
				displayNameOf("auth0tokens_refresh_token.alice", "rt_alice_2", "app_mobile, created 2025-06-01, not rotating"),
				querycheck.ExpectLength("auth0tokens_refresh_token.bob_mobile", 2),
				querycheck.ExpectIdentity("auth0tokens_refresh_token.bob_mobile", identity("rt_bob_3")),
				querycheck.ExpectIdentity("auth0tokens_refresh_token.bob_mobile", identity("rt_bob_4")),
				displayNameOf("auth0tokens_refresh_token.nulls", "rt_nulls_1", "app_legacy, creation date unknown, not rotating"),
			},
		}},
	})
}

// With include_resource, each result carries the resource object that
// -generate-config-out writes; device (personal data) is not in it.
func TestAccTokenListResource_includeResource(t *testing.T) {
	acctest.SkipOnOpenTofu(t, skipQuery)
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: `provider "auth0tokens" {}`,
		}, {
			Query: true,
			Config: `
list "auth0tokens_refresh_token" "alice" {
  provider         = auth0tokens
  include_resource = true
  config {
    user_id   = "auth0|alice"
    client_id = "app_web"
    audience  = "https://api.example.com/"
  }
}`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_refresh_token.alice", 1),
				querycheck.ExpectResourceKnownValues("auth0tokens_refresh_token.alice", queryfilter.ByResourceIdentity(identity("rt_alice_1")),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("rt_alice_1")},
						{Path: tfjsonpath.New("user_id"), KnownValue: knownvalue.StringExact("auth0|alice")},
						{Path: tfjsonpath.New("session_id"), KnownValue: knownvalue.StringExact("sess_alice_1")},
						{Path: tfjsonpath.New("metadata"), KnownValue: knownvalue.MapExact(map[string]knownvalue.Check{
							"purpose": knownvalue.StringExact("acceptance"),
						})},
						{Path: tfjsonpath.New("timeouts"), KnownValue: knownvalue.Null()},
					}),
			},
		}},
	})
}

// The list block's limit is honoured, and pages are fetched only until it
// is reached and one more token is seen (to say that more exist): the first
// 50 of 250 tokens take one page of 100; the first 100 take two (the second
// only for its first token), not three.
func TestAccTokenListResource_limitStopsPaging(t *testing.T) {
	acctest.SkipOnOpenTofu(t, skipQuery)
	env := acctest.New(t) // the seed gives auth0|many 250 tokens
	query := func(limit int) string {
		return fmt.Sprintf(`
list "auth0tokens_refresh_token" "many" {
  provider = auth0tokens
  limit    = %d
  config {
    user_id = "auth0|many"
  }
}`, limit)
	}
	env.Test(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: `provider "auth0tokens" {}`,
		}, {
			Query:  true,
			Config: query(50),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_refresh_token.many", 50),
				querycheck.ExpectIdentity("auth0tokens_refresh_token.many", identity("rt_many_00050")),
				pagesListed(env, "/api/v2/users/auth0%7Cmany/refresh-tokens", 1),
			},
		}, {
			Query:  true,
			Config: query(100),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("auth0tokens_refresh_token.many", 100),
				querycheck.ExpectIdentity("auth0tokens_refresh_token.many", identity("rt_many_00100")),
				pagesListed(env, "/api/v2/users/auth0%7Cmany/refresh-tokens", 1+2),
			},
		}},
	})
}

// pagesListed is a query check on how many listing requests were sent.
func pagesListed(env *acctest.Env, path string, want int) querycheck.QueryResultCheck {
	return acctest.QueryCheck(func() error {
		if got := len(env.Sent("GET", path)); got != want {
			return fmt.Errorf("want %d listing requests for %s, sent %d", want, path, got)
		}
		return nil
	})
}

func TestAccTokenListResource_errors(t *testing.T) {
	acctest.SkipOnOpenTofu(t, skipQuery)
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: `provider "auth0tokens" {}`,
		}, {
			Query: true,
			Config: `
list "auth0tokens_refresh_token" "ghost" {
  provider = auth0tokens
  config {
    user_id = "auth0|ghost"
  }
}`,
			ExpectError: regexp.MustCompile(`User Not Found`),
		}},
	})
}
