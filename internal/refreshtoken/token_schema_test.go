package refreshtoken

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

func TestFlattenTokenFull(t *testing.T) {
	created := time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("CET", 3600))
	session := "sess"
	tok := auth0api.RefreshToken{
		ID: "rt", UserID: "u", ClientID: "c", SessionID: &session, CreatedAt: &created, Rotating: true,
		Device:          &auth0api.Device{InitialIP: "192.0.2.1", LastUserAgent: "ua"},
		ResourceServers: []auth0api.ResourceServer{{Audience: "api", Scopes: []string{"a", "b"}}},
		Metadata:        map[string]string{"k": "v"},
	}
	m, diags := flattenToken(context.Background(), tok, true)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if m.CreatedAt.ValueString() != "2026-01-02T02:04:05Z" {
		t.Errorf("created_at %q; want RFC 3339 in UTC, whole seconds", m.CreatedAt.ValueString())
	}
	if m.SessionID.ValueString() != "sess" || !m.Rotating.ValueBool() || !m.ExpiresAt.IsNull() {
		t.Errorf("session=%v rotating=%v expires=%v", m.SessionID, m.Rotating, m.ExpiresAt)
	}
	dev := m.Device.Attributes()
	if dev["initial_ip"].(types.String).ValueString() != "192.0.2.1" || !dev["last_ip"].(types.String).IsNull() {
		t.Errorf("device: %v (absent fields must be null, not empty)", dev)
	}
	if len(m.ResourceServers.Elements()) != 1 || len(m.RefreshTokenMetadata.Elements()) != 1 {
		t.Errorf("resource servers %v metadata %v", m.ResourceServers, m.RefreshTokenMetadata)
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
	for name, v := range map[string]types.String{"session_id": m.SessionID, "created_at": m.CreatedAt, "idle_expires_at": m.IdleExpiresAt, "last_exchanged_at": m.LastExchangedAt} {
		if !v.IsNull() {
			t.Errorf("%s = %v; want null", name, v)
		}
	}
	if !m.Device.IsNull() || m.ResourceServers.IsNull() || len(m.ResourceServers.Elements()) != 0 || m.RefreshTokenMetadata.IsNull() {
		t.Errorf("device %v, resource_servers %v, metadata %v: want null device, empty lists", m.Device, m.ResourceServers, m.RefreshTokenMetadata)
	}
	list, ids, diags := flattenTokens(context.Background(), nil, true)
	if diags.HasError() || list.IsNull() || len(list.Elements()) != 0 || len(ids.Elements()) != 0 {
		t.Errorf("no tokens: list %v ids %v", list, ids)
	}
}

// More than 10,000 users is refused at plan time on the attribute. (Checked
// here on the attribute's validators: through Terraform, a set of 10,001
// values takes half a minute to plan.)
func TestUserIDsLimit(t *testing.T) {
	ids := func(n int) types.Set {
		vals := make([]attr.Value, n)
		for i := range vals {
			vals[i] = types.StringValue(fmt.Sprintf("auth0|u%05d", i))
		}
		return types.SetValueMust(types.StringType, vals)
	}
	for n, wantErr := range map[int]bool{10_000: false, 10_001: true} {
		var diags diag.Diagnostics
		for _, v := range shared.UserIDsValidators() {
			resp := &validator.SetResponse{}
			v.ValidateSet(context.Background(), validator.SetRequest{Path: path.Root("user_ids"), ConfigValue: ids(n)}, resp)
			diags.Append(resp.Diagnostics...)
		}
		if diags.HasError() != wantErr {
			t.Errorf("%d users: errors %v; want error %v", n, diags, wantErr)
		}
		if wantErr && !strings.Contains(fmt.Sprint(diags), "at most 10000") {
			t.Errorf("%d users: %v", n, diags)
		}
	}
}
