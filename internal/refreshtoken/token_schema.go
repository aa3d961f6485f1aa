package refreshtoken

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// personalDataNote is appended to the descriptions of fields that hold personal data.
const personalDataNote = " This is personal data: it is null unless `include_device = true`, and then it is written to state. " +
	"The `auth0tokens_refresh_tokens` ephemeral resource keeps it out of state altogether."

const deviceDesc = "Where the token was issued and last used, or null when Auth0 recorded nothing."

// tokenFields describes every computed field of a token, once, for every schema kind.
var tokenFields = []shared.Field{
	{Name: "user_id", Desc: "ID of the user the token was issued to."},
	{Name: "client_id", Desc: "ID of the application the token was issued to, or null when Auth0 gives none."},
	{Name: "session_id", Desc: "ID of the session the token belongs to; null for tokens issued before sessions were tracked (2023-09-21, 2024-02-22 on US-3)."},
	{Name: "created_at", Desc: shared.TimeDesc("When the token was issued")},
	{Name: "expires_at", Desc: strings.TrimSuffix(shared.TimeDesc("When the token expires regardless of use"), ".") + " when it has no absolute lifetime."},
	{Name: "idle_expires_at", Desc: shared.TimeDesc("When the token expires if not used")},
	{Name: "last_exchanged_at", Desc: shared.TimeDesc("When the token was last exchanged for an access token")},
	{Name: "rotating", Kind: shared.Bool, Desc: "Whether the token is a rotating refresh token, or null when Auth0 does not say."},
	{Name: "device", Kind: shared.Object, Fields: shared.DeviceFields("the token was issued to", "the token was last used from"), Desc: deviceDesc + personalDataNote},
	{Name: "resource_servers", Kind: shared.Objects, Fields: resourceServerFields,
		Desc: "The APIs the token grants access to, each with its `audience` and its `scopes` as a list (empty when Auth0 lists none)."},
	{Name: metadataField, Kind: shared.StringMap, Desc: "Metadata attached to the token (string values; empty when none)."},
}

const metadataField = "refresh_token_metadata"

var resourceServerFields = []shared.Field{
	{Name: "audience", Desc: "Audience (identifier) of the API, or null when Auth0 gives none."},
	{Name: "scopes", Kind: shared.Strings, Desc: "Scopes granted for the API (empty when Auth0 gives an empty string), or null when Auth0 gives none."},
}

var resourceServerType = shared.AttrType(resourceServerFields)

// flattenToken is a token's values by attribute name; withDevice false
// leaves the personal device data null.
func flattenToken(ctx context.Context, t auth0api.RefreshToken, withDevice bool) (map[string]attr.Value, diag.Diagnostics) {
	device, diags := shared.DeviceValue(t.Device, withDevice)
	servers := make([]attr.Value, 0, len(t.ResourceServers))
	for _, rs := range t.ResourceServers {
		scopes := types.ListNull(types.StringType)
		if rs.Scopes != nil {
			var dd diag.Diagnostics
			scopes, dd = types.ListValueFrom(ctx, types.StringType, rs.Scopes)
			diags.Append(dd...)
		}
		obj, dd := types.ObjectValue(resourceServerType.AttrTypes, map[string]attr.Value{"audience": shared.OptString(rs.Audience), "scopes": scopes})
		diags.Append(dd...)
		servers = append(servers, obj)
	}
	serverList, dd := types.ListValue(resourceServerType, servers)
	diags.Append(dd...)
	meta, dd := shared.MetadataValue(ctx, t.Metadata)
	diags.Append(dd...)
	return map[string]attr.Value{
		"id":                types.StringValue(t.ID),
		"user_id":           shared.OptString(t.UserID),
		"client_id":         shared.OptString(t.ClientID),
		"session_id":        types.StringPointerValue(t.SessionID),
		"created_at":        shared.TimeValue(t.CreatedAt),
		"expires_at":        shared.TimeValue(t.ExpiresAt),
		"idle_expires_at":   shared.TimeValue(t.IdleExpiresAt),
		"last_exchanged_at": shared.TimeValue(t.LastExchangedAt),
		"rotating":          types.BoolPointerValue(t.Rotating),
		"device":            device,
		"resource_servers":  serverList,
		metadataField:       meta,
	}, diags
}

// ephemeralTokenFields say, on `device`, that the ephemeral resource keeps it out of state.
func ephemeralTokenFields() []shared.Field {
	fields := slices.Clone(tokenFields)
	for i, f := range fields {
		if f.Name == "device" {
			fields[i].Desc = deviceDesc + " Personal data, which this ephemeral resource never writes to plan or state."
		}
	}
	return fields
}
