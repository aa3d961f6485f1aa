package session

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// A many-user dry run says what it lists: sessions, and refresh tokens too
// when include_refresh_tokens is on (the default).
func TestRevokeManyUsersDryRunSaysWhatItLists(t *testing.T) {
	tenant := tenantsim.New(tenantsim.Options{})
	tenant.AddAPIToken(tenantsim.APIToken{Token: "t", Scopes: []string{auth0api.ScopeRead, "read:sessions"}})
	tenant.AddUser("auth0|u")
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	client, err := auth0api.New(context.Background(), auth0api.Config{Domain: srv.Domain, APIToken: "t", UserAgent: "test", BaseTransport: srv.Transport()})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		withTokens bool
		want       string
	}{
		{true, "Dry run: listing the sessions and refresh tokens of 1 user; nothing will be revoked"},
		{false, "Dry run: listing the sessions of 1 user; nothing will be revoked"},
	} {
		var mu sync.Mutex
		var progress []string
		r := revocation.Runner{Client: client, Sleep: auth0api.Sleep, DryRun: true, Progress: func(m string) {
			mu.Lock()
			defer mu.Unlock()
			progress = append(progress, m)
		}}
		if _, err := r.Run(context.Background(), revocation.Selection{Kind: sessions{WithTokens: c.withTokens}, ByUsers: true, UserIDs: []string{"auth0|u"}}); err != nil {
			t.Fatal(err)
		}
		if all := strings.Join(progress, "\n"); !strings.Contains(all, c.want) {
			t.Errorf("include_refresh_tokens = %v: progress lacks %q:\n%s", c.withTokens, c.want, all)
		}
	}
}
