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
	if m.CreatedAt.ValueString() != "2026-01-02T02:04:05.120Z" {
		t.Errorf("created_at %q; want RFC 3339 in UTC with Auth0's milliseconds", m.CreatedAt.ValueString())
	}
	if m.SessionID.ValueString() != "sess" || !m.Rotating.IsNull() || !m.ExpiresAt.IsNull() {
		t.Errorf("session=%v rotating=%v expires=%v", m.SessionID, m.Rotating, m.ExpiresAt)
	}
	dev := m.Device.Attributes()
	if dev["initial_ip"].(types.String).ValueString() != "192.0.2.1" || !dev["last_ip"].(types.String).IsNull() {
		t.Errorf("device: %v (absent fields must be null, not empty)", dev)
	}
	if len(m.ResourceServers.Elements()) != 2 || len(m.RefreshTokenMetadata.Elements()) != 1 {
		t.Errorf("resource servers %v metadata %v", m.ResourceServers, m.RefreshTokenMetadata)
	}
	// `resource_servers: [{}]`, as in Auth0's API examples: null, not "" and [].
	if absent := m.ResourceServers.Elements()[1].(types.Object).Attributes(); !absent["audience"].IsNull() || !absent["scopes"].IsNull() {
		t.Errorf("an empty resource server gave %v; want a null audience and null scopes", absent)
	}
	withoutDevice, _ := flattenToken(context.Background(), tok, false)
	if !withoutDevice.Device.IsNull() {
		t.Error("include_device = false must leave device null")
	}
}

func TestFlattenTokenEmpty(t *testing.T) {
	m, diags := flattenToken(context.Background(), auth0api.RefreshToken{ID: "rt", UserID: "u"}, true)
	if diags.HasError() {
		t.Fatal(diags)
	}
	for name, v := range map[string]types.String{"session_id": m.SessionID, "created_at": m.CreatedAt, "idle_expires_at": m.IdleExpiresAt,
		"last_exchanged_at": m.LastExchangedAt, "client_id": m.ClientID} {
		if !v.IsNull() {
			t.Errorf("%s = %v; want null", name, v)
		}
	}
	if !m.Rotating.IsNull() {
		t.Errorf("rotating = %v; want null when Auth0 does not say", m.Rotating)
	}
	if !m.Device.IsNull() || m.ResourceServers.IsNull() || len(m.ResourceServers.Elements()) != 0 || m.RefreshTokenMetadata.IsNull() {
		t.Errorf("device %v, resource_servers %v, metadata %v: want null device, empty lists", m.Device, m.ResourceServers, m.RefreshTokenMetadata)
	}
}
