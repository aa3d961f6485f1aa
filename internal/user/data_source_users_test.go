package user_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

const addr = "data.auth0tokens_users.this"

// directory gives the local tenant 5 acme users and 250 of corp-okta, besides
// the seed's, and org_acme with three of them as members.
func directory(export tenantsim.ExportOptions) []acctest.Option {
	return []acctest.Option{
		acctest.WithTenantOptions(tenantsim.Options{Export: export}),
		acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
			t.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|acme", Count: 5, EmailDomain: "acme.example"})
			t.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "samlp|corp-okta|", Count: 250, Connection: "corp-okta"})
			t.AddOrganization(tenantsim.Organization{ID: "org_acme", Members: []string{"auth0|acme00002", "auth0|acme00001", "samlp|corp-okta|00007"}})
		}),
	}
}

func config(body string) string { return "data \"auth0tokens_users\" \"this\" {\n" + body + "\n}\n" }

func TestAccUsersDataSource_query(t *testing.T) {
	env := acctest.NewLocal(t, directory(tenantsim.ExportOptions{})...)
	env.Test(resource.TestCase{Steps: []resource.TestStep{{
		Config: config(`query = "email:*@acme.example"`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_count"), knownvalue.Int64Exact(5)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact("auth0|acme00001"), knownvalue.StringExact("auth0|acme00002"), knownvalue.StringExact("auth0|acme00003"),
				knownvalue.StringExact("auth0|acme00004"), knownvalue.StringExact("auth0|acme00005"),
			})),
		},
	}}})
	// Only user IDs were asked for, with search engine v3.
	for _, r := range env.Tenant.Requests() {
		if r.Path == "/api/v2/users" && (!strings.Contains(r.Query, "fields=user_id") || !strings.Contains(r.Query, "search_engine=v3")) {
			t.Fatalf("search sent %s", r.Query)
		}
	}
}

// An organization's members, by user ID only.
func TestAccUsersDataSource_organization(t *testing.T) {
	env := acctest.NewLocal(t, directory(tenantsim.ExportOptions{})...)
	env.Test(resource.TestCase{Steps: []resource.TestStep{{
		Config: config(`organization_id = "org_acme"`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_count"), knownvalue.Int64Exact(3)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact("auth0|acme00001"), knownvalue.StringExact("auth0|acme00002"), knownvalue.StringExact("samlp|corp-okta|00007"),
			})),
		},
	}}})
	for _, r := range env.Tenant.Requests() {
		if strings.HasPrefix(r.Path, "/api/v2/organizations/") && (r.Path != "/api/v2/organizations/org_acme/members" || !strings.Contains(r.Query, "fields=user_id")) {
			t.Fatalf("sent %s?%s", r.Path, r.Query)
		}
	}
}

func TestAccUsersDataSource_searchLimit(t *testing.T) {
	env := acctest.NewLocal(t, append(directory(tenantsim.ExportOptions{}), acctest.WithTenantSetup(func(t *tenantsim.Tenant) {
		t.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|bulk", Count: 1000})
	}))...)
	env.Test(resource.TestCase{Steps: []resource.TestStep{{
		Config:      config(`query = "user_id:auth0*"`),
		ExpectError: regexp.MustCompile(`(?s)User Search Matches Too Many Users.*1,000 or more users.*connection_name.*all_users`),
	}}})
}

// A connection's users and the whole tenant come from a users-export job,
// whose file is fetched from its own link without the API's credentials (the
// local tenant answers 400 to a download carrying an Authorization header).
func TestAccUsersDataSource_connectionAndWholeTenant(t *testing.T) {
	env := acctest.NewLocal(t, directory(tenantsim.ExportOptions{Duration: 500 * time.Millisecond})...)
	env.Test(resource.TestCase{Steps: []resource.TestStep{
		{
			Config: config(`connection_name = "corp-okta"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_count"), knownvalue.Int64Exact(250)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.StringExact("samlp|corp-okta|00001")),
			},
		},
		{
			Config: config(`all_users = true`),
			Check:  resource.TestCheckResourceAttrWith(addr, "user_count", atLeast(255)),
		},
	}})
	var exports, downloads int
	for _, r := range env.Tenant.Requests() {
		switch {
		case r.Method == "POST" && r.Path == "/api/v2/jobs/users-exports":
			exports++
		case strings.HasPrefix(r.Path, "/exports/"):
			downloads++
			if r.Status != 200 {
				t.Errorf("download answered %d", r.Status)
			}
		}
	}
	if exports == 0 || downloads == 0 {
		t.Fatalf("%d exports, %d downloads", exports, downloads)
	}
}

func TestAccUsersDataSource_failures(t *testing.T) {
	for name, c := range map[string]struct {
		export tenantsim.ExportOptions
		config string
		want   string
	}{
		"unknown connection": {config: `connection_name = "no-such"`, want: `Connection Not Found.*"no-such"`},
		"export fails":       {export: tenantsim.ExportOptions{Duration: 200 * time.Millisecond, Fail: "storage unavailable"}, config: `all_users = true`, want: `Users Export Failed.*storage unavailable`},
		"export times out": {export: tenantsim.ExportOptions{Duration: time.Hour}, config: `all_users = true
export_timeout = "2s"`, want: `Users Export Timed Out.*within 2s.*export_timeout`},
		"link expires":                  {export: tenantsim.ExportOptions{Duration: 200 * time.Millisecond, LinkTTL: time.Nanosecond}, config: `all_users = true`, want: `Users Export Link Expired`},
		"all_users false":               {config: `all_users = false`, want: `all_users`},
		"empty query":                   {config: `query = " "`, want: `query`},
		"unknown organization":          {config: `organization_id = "org_nosuch"`, want: `Organization Not Found.*"org_nosuch"`},
		"organization with white space": {config: `organization_id = "org_acme "`, want: `Invalid Organization ID.*white space`},
	} {
		t.Run(name, func(t *testing.T) {
			env := acctest.NewLocal(t, directory(c.export)...)
			env.Test(resource.TestCase{Steps: []resource.TestStep{{Config: config(c.config), ExpectError: regexp.MustCompile(`(?s)` + c.want)}}})
		})
	}
}

func atLeast(n int) func(string) error {
	return func(v string) error {
		if got, err := strconv.Atoi(v); err != nil || got < n {
			return fmt.Errorf("user_count = %s; want at least %d", v, n)
		}
		return nil
	}
}

// A selection of nobody is an empty list, not null: for_each over it works.
func TestAccUsersDataSource_nobodyIsAnEmptyList(t *testing.T) {
	env := acctest.NewLocal(t, directory(tenantsim.ExportOptions{})...)
	env.Test(resource.TestCase{Steps: []resource.TestStep{{
		Config: config(`query = "email:*@nowhere.example"`) + `
data "auth0tokens_refresh_tokens" "each" {
  for_each = toset(data.auth0tokens_users.this.ids)
  user_id  = each.value
}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_count"), knownvalue.Int64Exact(0)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
		},
	}}})
}
