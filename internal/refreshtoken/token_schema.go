package refreshtoken

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// personalDataNote is appended to the descriptions of fields that hold personal data.
const personalDataNote = " This is personal data: it is null unless `include_device = true`, and then it is written to state. " +
	"The `auth0tokens_refresh_tokens` ephemeral resource keeps it out of state altogether."

// tokenFields describes every computed field of a token, once, for every schema kind.
var tokenFields = []struct {
	name, desc string
	typ        attr.Type
}{
	{"user_id", "ID of the user the token was issued to.", types.StringType},
	{"client_id", "ID of the application the token was issued to.", types.StringType},
	{"session_id", "ID of the session the token belongs to; null for tokens issued before sessions were tracked (2023-09-21, 2024-02-22 on US-3).", types.StringType},
	{"created_at", "When the token was issued (RFC 3339), or null.", types.StringType},
	{"expires_at", "When the token expires regardless of use (RFC 3339), or null when it has no absolute lifetime.", types.StringType},
	{"idle_expires_at", "When the token expires if not used (RFC 3339), or null.", types.StringType},
	{"last_exchanged_at", "When the token was last exchanged for an access token (RFC 3339), or null.", types.StringType},
	{"rotating", "Whether the token is a rotating refresh token.", types.BoolType},
	{"device", "Where the token was issued and last used, or null when Auth0 recorded nothing.", deviceType},
	{"resource_servers", "The APIs the token grants access to, each with its `audience` and its `scopes` as a list.", types.ListType{ElemType: resourceServerType}},
	{"refresh_token_metadata", "Metadata attached to the token (string values).", types.MapType{ElemType: types.StringType}},
}

var deviceFields = []struct{ name, desc string }{
	{"initial_ip", "IP address the token was issued to."},
	{"initial_asn", "Autonomous system number of the IP address the token was issued to."},
	{"initial_user_agent", "User agent the token was issued to."},
	{"last_ip", "IP address the token was last used from."},
	{"last_asn", "Autonomous system number of the IP address the token was last used from."},
	{"last_user_agent", "User agent the token was last used from."},
}

var (
	deviceType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"initial_ip": types.StringType, "initial_asn": types.StringType, "initial_user_agent": types.StringType,
		"last_ip": types.StringType, "last_asn": types.StringType, "last_user_agent": types.StringType,
	}}
	resourceServerType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"audience": types.StringType, "scopes": types.ListType{ElemType: types.StringType},
	}}
	// tokenType is one element of a `tokens` list: every field plus `id`.
	tokenType = func() types.ObjectType {
		t := map[string]attr.Type{"id": types.StringType}
		for _, f := range tokenFields {
			t[f.name] = f.typ
		}
		return types.ObjectType{AttrTypes: t}
	}()
)

// tokenModel is a token as Terraform sees it.
type tokenModel struct {
	ID                   types.String `tfsdk:"id"`
	UserID               types.String `tfsdk:"user_id"`
	ClientID             types.String `tfsdk:"client_id"`
	SessionID            types.String `tfsdk:"session_id"`
	CreatedAt            types.String `tfsdk:"created_at"`
	ExpiresAt            types.String `tfsdk:"expires_at"`
	IdleExpiresAt        types.String `tfsdk:"idle_expires_at"`
	LastExchangedAt      types.String `tfsdk:"last_exchanged_at"`
	Rotating             types.Bool   `tfsdk:"rotating"`
	Device               types.Object `tfsdk:"device"`
	ResourceServers      types.List   `tfsdk:"resource_servers"`
	RefreshTokenMetadata types.Map    `tfsdk:"refresh_token_metadata"`
}

// flattenToken converts a token; withDevice false leaves the personal device data null.
func flattenToken(ctx context.Context, t auth0api.RefreshToken, withDevice bool) (tokenModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := tokenModel{
		ID:              types.StringValue(t.ID),
		UserID:          types.StringValue(t.UserID),
		ClientID:        types.StringValue(t.ClientID),
		SessionID:       types.StringPointerValue(t.SessionID),
		CreatedAt:       shared.TimeValue(t.CreatedAt),
		ExpiresAt:       shared.TimeValue(t.ExpiresAt),
		IdleExpiresAt:   shared.TimeValue(t.IdleExpiresAt),
		LastExchangedAt: shared.TimeValue(t.LastExchangedAt),
		Rotating:        types.BoolValue(t.Rotating),
		Device:          types.ObjectNull(deviceType.AttrTypes),
	}
	if d := t.Device; d != nil && withDevice {
		obj, dd := types.ObjectValue(deviceType.AttrTypes, map[string]attr.Value{
			"initial_ip": shared.OptString(d.InitialIP), "initial_asn": shared.OptString(d.InitialASN), "initial_user_agent": shared.OptString(d.InitialUserAgent),
			"last_ip": shared.OptString(d.LastIP), "last_asn": shared.OptString(d.LastASN), "last_user_agent": shared.OptString(d.LastUserAgent),
		})
		diags.Append(dd...)
		m.Device = obj
	}
	servers := make([]attr.Value, 0, len(t.ResourceServers))
	for _, rs := range t.ResourceServers {
		scopes, dd := types.ListValueFrom(ctx, types.StringType, nonNil(rs.Scopes))
		diags.Append(dd...)
		obj, dd := types.ObjectValue(resourceServerType.AttrTypes, map[string]attr.Value{"audience": types.StringValue(rs.Audience), "scopes": scopes})
		diags.Append(dd...)
		servers = append(servers, obj)
	}
	list, dd := types.ListValue(resourceServerType, servers)
	diags.Append(dd...)
	m.ResourceServers = list
	meta, dd := types.MapValueFrom(ctx, types.StringType, nonNilMap(t.Metadata))
	diags.Append(dd...)
	m.RefreshTokenMetadata = meta
	return m, diags
}

// flattenTokens converts a list of tokens to a `tokens` list and its `ids`.
// It builds the framework values directly: converting a struct per token by
// reflection (types.ListValueFrom) made terraform-plugin-framework compile a
// regular expression per field per token (internal/reflect.isValidFieldName),
// most of the memory a large list cost (BENCHMARKS.md).
func flattenTokens(ctx context.Context, tokens []auth0api.RefreshToken, withDevice bool) (types.List, types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	objects := make([]attr.Value, 0, len(tokens))
	ids := make([]attr.Value, 0, len(tokens))
	for _, t := range tokens {
		m, d := flattenToken(ctx, t, withDevice)
		diags.Append(d...)
		obj, d := types.ObjectValue(tokenType.AttrTypes, m.attributes())
		diags.Append(d...)
		objects = append(objects, obj)
		ids = append(ids, types.StringValue(t.ID))
	}
	list, d := types.ListValue(tokenType, objects)
	diags.Append(d...)
	idList, d := types.ListValue(types.StringType, ids)
	diags.Append(d...)
	return list, idList, diags
}

// attributes are the token's values by attribute name, for an object value.
func (m tokenModel) attributes() map[string]attr.Value {
	return map[string]attr.Value{
		"id": m.ID, "user_id": m.UserID, "client_id": m.ClientID, "session_id": m.SessionID,
		"created_at": m.CreatedAt, "expires_at": m.ExpiresAt, "idle_expires_at": m.IdleExpiresAt, "last_exchanged_at": m.LastExchangedAt,
		"rotating": m.Rotating, "device": m.Device, "resource_servers": m.ResourceServers, "refresh_token_metadata": m.RefreshTokenMetadata,
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// Schema builders: the framework has one attribute type per schema kind, so
// the table above is rendered once for data sources and once for ephemeral resources.

func dataSourceTokenAttributes() map[string]dsschema.Attribute {
	out := map[string]dsschema.Attribute{}
	for _, f := range tokenFields {
		out[f.name] = dataSourceAttribute(f.name, f.desc, f.typ)
	}
	return out
}

func dataSourceAttribute(name, desc string, typ attr.Type) dsschema.Attribute {
	switch name {
	case "device":
		attrs := map[string]dsschema.Attribute{}
		for _, d := range deviceFields {
			attrs[d.name] = dsschema.StringAttribute{MarkdownDescription: d.desc, Computed: true}
		}
		return dsschema.SingleNestedAttribute{MarkdownDescription: desc + personalDataNote, Computed: true, Attributes: attrs}
	case "resource_servers":
		return dsschema.ListNestedAttribute{MarkdownDescription: desc, Computed: true, NestedObject: dsschema.NestedAttributeObject{
			Attributes: map[string]dsschema.Attribute{
				"audience": dsschema.StringAttribute{MarkdownDescription: "Audience (identifier) of the API.", Computed: true},
				"scopes":   dsschema.ListAttribute{MarkdownDescription: "Scopes granted for the API.", Computed: true, ElementType: types.StringType},
			},
		}}
	case "refresh_token_metadata":
		return dsschema.MapAttribute{MarkdownDescription: desc, Computed: true, ElementType: types.StringType}
	}
	if typ == types.BoolType {
		return dsschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	}
	return dsschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func ephemeralTokenAttributes() map[string]epschema.Attribute {
	out := map[string]epschema.Attribute{}
	for _, f := range tokenFields {
		out[f.name] = ephemeralAttribute(f.name, f.desc, f.typ)
	}
	return out
}

func ephemeralAttribute(name, desc string, typ attr.Type) epschema.Attribute {
	switch name {
	case "device":
		attrs := map[string]epschema.Attribute{}
		for _, d := range deviceFields {
			attrs[d.name] = epschema.StringAttribute{MarkdownDescription: d.desc, Computed: true}
		}
		return epschema.SingleNestedAttribute{MarkdownDescription: desc + " Personal data, which this ephemeral resource never writes to plan or state.", Computed: true, Attributes: attrs}
	case "resource_servers":
		return epschema.ListNestedAttribute{MarkdownDescription: desc, Computed: true, NestedObject: epschema.NestedAttributeObject{
			Attributes: map[string]epschema.Attribute{
				"audience": epschema.StringAttribute{MarkdownDescription: "Audience (identifier) of the API.", Computed: true},
				"scopes":   epschema.ListAttribute{MarkdownDescription: "Scopes granted for the API.", Computed: true, ElementType: types.StringType},
			},
		}}
	case "refresh_token_metadata":
		return epschema.MapAttribute{MarkdownDescription: desc, Computed: true, ElementType: types.StringType}
	}
	if typ == types.BoolType {
		return epschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	}
	return epschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}
