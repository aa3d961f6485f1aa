package shared

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// directoryTenant is a local tenant with users in three connections:
// 5 acme users, 3 of another domain, 250 of corp-okta.
func directoryTenant(t *testing.T, opts tenantsim.Options, scopes ...string) (*tenantsim.Tenant, *auth0api.Client) {
	t.Helper()
	tenant := tenantsim.New(opts)
	if scopes == nil {
		scopes = []string{auth0api.ScopeReadUsers, auth0api.ScopeReadConnections, auth0api.ScopeReadOrganizationMembers}
	}
	tenant.AddAPIToken(tenantsim.APIToken{Token: "t", Scopes: scopes})
	tenant.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|acme", Count: 5, EmailDomain: "acme.example"})
	tenant.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|other", Count: 3, EmailDomain: "other.example"})
	tenant.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "samlp|corp-okta|", Count: 250, Connection: "corp-okta", EmailDomain: "corp.example"})
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "test", BaseTransport: srv.Transport()})
	if err != nil {
		t.Fatal(err)
	}
	return tenant, c
}

// quickSleep keeps the export's polling short in tests.
func quickSleep(ctx context.Context, d time.Duration) error {
	return auth0api.Sleep(ctx, min(d, 50*time.Millisecond))
}

func selectUsers(t *testing.T, c *auth0api.Client, s UserSelector) ([]string, string, error) {
	t.Helper()
	var mu sync.Mutex
	var lines []string
	users, err := s.Users(context.Background(), c, func(m string) { mu.Lock(); lines = append(lines, m); mu.Unlock() }, quickSleep)
	return users, strings.Join(lines, "\n"), err
}

func TestUserSelectorSearch(t *testing.T) {
	t.Parallel()
	_, c := directoryTenant(t, tenantsim.Options{})
	users, progress, err := selectUsers(t, c, UserSelector{By: UserQuery, Value: "email:*@acme.example"})
	if err != nil || strings.Join(users, ",") != "auth0|acme00001,auth0|acme00002,auth0|acme00003,auth0|acme00004,auth0|acme00005" {
		t.Fatalf("users %v, err %v", users, err)
	}
	if !strings.Contains(progress, `Found 5 users matching "email:*@acme.example"`) {
		t.Fatalf("progress:\n%s", progress)
	}
	// Paging: 250 results take three pages of 100.
	users, _, err = selectUsers(t, c, UserSelector{By: UserQuery, Value: `identities.connection:"corp-okta"`})
	if err != nil || len(users) != 250 {
		t.Fatalf("%d users, err %v", len(users), err)
	}
}

func TestUserSelectorSearchRefusesTooMany(t *testing.T) {
	t.Parallel()
	tenant, c := directoryTenant(t, tenantsim.Options{})
	tenant.GenerateUserProfiles(tenantsim.GenerateUsers{Prefix: "auth0|bulk", Count: 1000})
	tenant.ResetRequests()
	users, _, err := selectUsers(t, c, UserSelector{By: UserQuery, Value: "user_id:auth0*"})
	var broad *auth0api.SearchTooBroadError
	if !errors.As(err, &broad) || users != nil || broad.Total != 1000 {
		t.Fatalf("users %d, err %v; want a SearchTooBroadError and no users", len(users), err)
	}
	if n := len(tenant.Requests()); n != 1 {
		t.Fatalf("%d requests; the first page's total must stop the search", n)
	}
}

func TestUserSelectorConnectionAndWholeTenant(t *testing.T) {
	t.Parallel()
	tenant, c := directoryTenant(t, tenantsim.Options{Export: tenantsim.ExportOptions{Duration: 300 * time.Millisecond}})
	users, progress, err := selectUsers(t, c, UserSelector{By: ConnectionName, Value: "corp-okta"})
	if err != nil || len(users) != 250 || users[0] != "samlp|corp-okta|00001" {
		t.Fatalf("%d users, err %v", len(users), err)
	}
	for _, want := range []string{"Export job job_", "started: exporting the IDs of users of connection corp-okta", "Found 250 users of corp-okta"} {
		if !strings.Contains(progress, want) {
			t.Errorf("progress lacks %q:\n%s", want, progress)
		}
	}
	users, progress, err = selectUsers(t, c, UserSelector{By: AllUsers})
	if err != nil || len(users) != 258 || !strings.Contains(progress, "Found 258 users in the tenant") {
		t.Fatalf("%d users, err %v, progress:\n%s", len(users), err, progress)
	}
	// The export file was fetched from its own path, never with the API's credentials
	// (the tenant answers 400 to a download carrying an Authorization header).
	downloads := 0
	for _, r := range tenant.Requests() {
		if strings.HasPrefix(r.Path, "/exports/") {
			downloads++
			if r.Status != 200 {
				t.Errorf("download answered %d", r.Status)
			}
		}
	}
	if downloads != 2 {
		t.Fatalf("%d downloads; want one per export", downloads)
	}
}

func TestUserSelectorFailures(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		opts tenantsim.ExportOptions
		sel  UserSelector
		want func(error) bool
	}{
		"unknown connection": {sel: UserSelector{By: ConnectionName, Value: "no-such"}, want: func(err error) bool {
			var e *auth0api.ConnectionNotFoundError
			return errors.As(err, &e) && e.Name == "no-such"
		}},
		"unknown organization": {sel: UserSelector{By: OrganizationID, Value: "org_nosuch"}, want: func(err error) bool {
			var e *auth0api.OrganizationNotFoundError
			return errors.As(err, &e) && e.ID == "org_nosuch"
		}},
		"export fails": {opts: tenantsim.ExportOptions{Duration: 100 * time.Millisecond, Fail: "internal error"}, sel: UserSelector{By: AllUsers},
			want: func(err error) bool {
				var e *auth0api.ExportFailedError
				return errors.As(err, &e) && e.Details == "internal error"
			}},
		"export times out": {opts: tenantsim.ExportOptions{Duration: time.Hour}, sel: UserSelector{By: AllUsers, ExportTimeout: 500 * time.Millisecond},
			want: func(err error) bool {
				var e *ExportTimeoutError
				return errors.As(err, &e) && strings.Contains(e.Error(), "did not finish within 500ms (last seen: ")
			}},
		"links expire before use": {opts: tenantsim.ExportOptions{Duration: 100 * time.Millisecond, LinkTTL: time.Nanosecond}, sel: UserSelector{By: AllUsers},
			want: func(err error) bool { return errors.Is(err, auth0api.ErrLinkExpired) }},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, client := directoryTenant(t, tenantsim.Options{Export: c.opts})
			users, _, err := selectUsers(t, client, c.sel)
			if users != nil || !c.want(err) {
				t.Fatalf("users %d, err %v", len(users), err)
			}
		})
	}
}

func TestUserSelectorNeedsScopes(t *testing.T) {
	t.Parallel()
	_, c := directoryTenant(t, tenantsim.Options{}, auth0api.ScopeReadUsers)
	_, _, err := selectUsers(t, c, UserSelector{By: ConnectionName, Value: "corp-okta"})
	var e *auth0api.Error
	if !errors.As(err, &e) || e.Kind != auth0api.KindInsufficientScope || e.Scope != auth0api.ScopeReadConnections {
		t.Fatalf("err %v; want insufficient scope read:connections", err)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 48210: "48,210", 1234567: "1,234,567"} {
		if got := Thousands(n); got != want {
			t.Errorf("%d: %s", n, got)
		}
	}
}

// A selection whose connection or organization is gone: an error when it
// runs, the selector's warning at a resource's destroy; other errors are not.
func TestUserSelectorGone(t *testing.T) {
	for _, c := range []struct {
		sel              UserSelector
		err              error
		summary, warning string
	}{
		{UserSelector{By: ConnectionName, Value: "qa"}, &auth0api.ConnectionNotFoundError{Name: "qa"}, "Connection Not Found", "Connection No Longer Exists"},
		{UserSelector{By: OrganizationID, Value: "org_1"}, &auth0api.OrganizationNotFoundError{ID: "org_1"}, "Organization Not Found", "Organization No Longer Exists"},
		{UserSelector{By: OrganizationID, Value: "org_1"}, &auth0api.ConnectionNotFoundError{Name: "qa"}, "", ""},
		{UserSelector{By: UserQuery, Value: "x"}, &auth0api.ConnectionNotFoundError{Name: "qa"}, "", ""},
	} {
		err := &SelectError{Selector: c.sel, Err: c.err}
		summary, detail, gone := c.sel.Gone(err, "refresh tokens")
		if summary != c.warning || gone != (c.warning != "") || gone && !strings.Contains(detail, c.sel.Value) {
			t.Errorf("%s: Gone = %q, %q, %v", c.sel.By.Attr, summary, detail, gone)
		}
		var diags diag.Diagnostics
		AddSelectError(&diags, c.sel, err)
		if got := diags[0].Summary(); c.summary != "" && (got != c.summary || !strings.Contains(diags[0].Detail(), c.sel.Value)) {
			t.Errorf("%s: AddSelectError = %q: %s", c.sel.By.Attr, got, diags[0].Detail())
		}
	}
}
