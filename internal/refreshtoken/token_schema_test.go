package refreshtoken

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

func TestFlattenTokenFull(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 4, 5, 120_000_000, time.FixedZone("CET", 3600))
	session := "sess"
	tok := auth0api.RefreshToken{
		ID: "rt", UserID: "u", ClientID: "c", SessionID: &session, CreatedAt: &created,
		Device:          &auth0api.Device{InitialIP: "192.0.2.1", LastUserAgent: "ua"},
		ResourceServers: []auth0api.ResourceServer{{Audience: "api", Scopes: []string{"a", "b"}}, {}},
		Metadata:        map[string]string{"k": "v"},
	}
	m, diags := flattenToken(context.Background(), tok, true)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got := m["created_at"].(types.String).ValueString(); got != "2026-01-02T02:04:05.120Z" {
		t.Errorf("created_at %q; want RFC 3339 in UTC with Auth0's milliseconds", got)
	}
	if m["session_id"].(types.String).ValueString() != "sess" || !m["rotating"].IsNull() || !m["expires_at"].IsNull() {
		t.Errorf("session=%v rotating=%v expires=%v", m["session_id"], m["rotating"], m["expires_at"])
	}
	dev := m["device"].(types.Object).Attributes()
	if dev["initial_ip"].(types.String).ValueString() != "192.0.2.1" || !dev["last_ip"].(types.String).IsNull() {
		t.Errorf("device: %v (absent fields must be null, not empty)", dev)
	}
	servers := m["resource_servers"].(types.List).Elements()
	if len(servers) != 2 || len(m["refresh_token_metadata"].(types.Map).Elements()) != 1 {
		t.Errorf("resource servers %v metadata %v", m["resource_servers"], m["refresh_token_metadata"])
	}
	// `resource_servers: [{}]`, as in Auth0's API examples: null, not "" and [].
	if absent := servers[1].(types.Object).Attributes(); !absent["audience"].IsNull() || !absent["scopes"].IsNull() {
		t.Errorf("an empty resource server gave %v; want a null audience and null scopes", absent)
	}
	withoutDevice, _ := flattenToken(context.Background(), tok, false)
	if !withoutDevice["device"].IsNull() {
		t.Error("include_device = false must leave device null")
	}
}

func TestFlattenTokenEmpty(t *testing.T) {
	m, diags := flattenToken(context.Background(), auth0api.RefreshToken{ID: "rt", UserID: "u"}, true)
	if diags.HasError() {
		t.Fatal(diags)
	}
	for _, name := range []string{"session_id", "created_at", "idle_expires_at", "last_exchanged_at", "client_id"} {
		if !m[name].IsNull() {
			t.Errorf("%s = %v; want null", name, m[name])
		}
	}
	if !m["rotating"].IsNull() {
		t.Errorf("rotating = %v; want null when Auth0 does not say", m["rotating"])
	}
	if !m["device"].IsNull() || m["resource_servers"].IsNull() || len(m["resource_servers"].(types.List).Elements()) != 0 || m["refresh_token_metadata"].IsNull() {
		t.Errorf("device %v, resource_servers %v, metadata %v: want null device, empty lists", m["device"], m["resource_servers"], m["refresh_token_metadata"])
	}
}
