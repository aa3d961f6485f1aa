package shared

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Field describes one computed attribute of an object the provider reads
// (a session, say), once, for every schema kind: the framework has one
// attribute type per kind, so the same table renders as data-source and as
// ephemeral-resource attributes.
type Field struct {
	Name, Desc string
	// Kind is String, Bool, Strings (a list), StringMap, Object or Objects (a list).
	Kind FieldKind
	// Fields are an object's attributes (Object and Objects).
	Fields []Field
}

// FieldKind is a field's Terraform type.
type FieldKind int

const (
	String FieldKind = iota
	Bool
	Strings
	StringMap
	Object
	Objects
)

// AttrType is the Terraform type of values of the fields, as an object.
func AttrType(fields []Field) types.ObjectType {
	t := make(map[string]attr.Type, len(fields))
	for _, f := range fields {
		t[f.Name] = f.attrType()
	}
	return types.ObjectType{AttrTypes: t}
}

func (f Field) attrType() attr.Type {
	switch f.Kind {
	case Bool:
		return types.BoolType
	case Strings:
		return types.ListType{ElemType: types.StringType}
	case StringMap:
		return types.MapType{ElemType: types.StringType}
	case Object:
		return AttrType(f.Fields)
	case Objects:
		return types.ListType{ElemType: AttrType(f.Fields)}
	}
	return types.StringType
}

// DataSourceAttributes renders fields as computed data-source attributes.
func DataSourceAttributes(fields []Field) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(fields))
	for _, f := range fields {
		switch f.Kind {
		case Bool:
			out[f.Name] = dsschema.BoolAttribute{MarkdownDescription: f.Desc, Computed: true}
		case Strings:
			out[f.Name] = dsschema.ListAttribute{MarkdownDescription: f.Desc, Computed: true, ElementType: types.StringType}
		case StringMap:
			out[f.Name] = dsschema.MapAttribute{MarkdownDescription: f.Desc, Computed: true, ElementType: types.StringType}
		case Object:
			out[f.Name] = dsschema.SingleNestedAttribute{MarkdownDescription: f.Desc, Computed: true, Attributes: DataSourceAttributes(f.Fields)}
		case Objects:
			out[f.Name] = dsschema.ListNestedAttribute{MarkdownDescription: f.Desc, Computed: true,
				NestedObject: dsschema.NestedAttributeObject{Attributes: DataSourceAttributes(f.Fields)}}
		default:
			out[f.Name] = dsschema.StringAttribute{MarkdownDescription: f.Desc, Computed: true}
		}
	}
	return out
}

// EphemeralAttributes renders fields as computed ephemeral-resource attributes.
func EphemeralAttributes(fields []Field) map[string]epschema.Attribute {
	out := make(map[string]epschema.Attribute, len(fields))
	for _, f := range fields {
		switch f.Kind {
		case Bool:
			out[f.Name] = epschema.BoolAttribute{MarkdownDescription: f.Desc, Computed: true}
		case Strings:
			out[f.Name] = epschema.ListAttribute{MarkdownDescription: f.Desc, Computed: true, ElementType: types.StringType}
		case StringMap:
			out[f.Name] = epschema.MapAttribute{MarkdownDescription: f.Desc, Computed: true, ElementType: types.StringType}
		case Object:
			out[f.Name] = epschema.SingleNestedAttribute{MarkdownDescription: f.Desc, Computed: true, Attributes: EphemeralAttributes(f.Fields)}
		case Objects:
			out[f.Name] = epschema.ListNestedAttribute{MarkdownDescription: f.Desc, Computed: true,
				NestedObject: epschema.NestedAttributeObject{Attributes: EphemeralAttributes(f.Fields)}}
		default:
			out[f.Name] = epschema.StringAttribute{MarkdownDescription: f.Desc, Computed: true}
		}
	}
	return out
}

// auth0Time is how Auth0 writes timestamps: RFC 3339 in UTC with exactly
// three fractional digits ("2025-01-10T07:59:58.123Z"). Fixed width, so the
// strings also sort as the times do.
const auth0Time = "2006-01-02T15:04:05.000Z07:00"

// TimeValue is a timestamp as the schemas show it, or null: as Auth0 sends
// it, RFC 3339 in UTC with milliseconds; a finer fraction is kept in full.
func TimeValue(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	u := t.UTC()
	if u.Nanosecond()%int(time.Millisecond) != 0 {
		return types.StringValue(u.Format(time.RFC3339Nano))
	}
	return types.StringValue(u.Format(auth0Time))
}

// TimeDesc describes a timestamp attribute: what it is, then its format.
func TimeDesc(what string) string {
	return what + " (RFC 3339 in UTC, milliseconds as Auth0 sends them: `2025-01-10T07:59:58.123Z`), or null."
}

// OptString maps an absent API field (read as "") to null rather than "",
// for fields Auth0 never sends empty (IDs, audiences, device details).
func OptString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// DeviceFields are a `device`'s fields, described with where the object was
// first used ("the token was issued to") and last used ("the token was last
// used from").
func DeviceFields(initial, last string) []Field {
	return []Field{
		{Name: "initial_ip", Desc: "IP address " + initial + "."},
		{Name: "initial_asn", Desc: "Autonomous system number of the IP address " + initial + "."},
		{Name: "initial_user_agent", Desc: "User agent " + initial + "."},
		{Name: "last_ip", Desc: "IP address " + last + "."},
		{Name: "last_asn", Desc: "Autonomous system number of the IP address " + last + "."},
		{Name: "last_user_agent", Desc: "User agent " + last + "."},
	}
}

var deviceType = AttrType(DeviceFields("", ""))

// DeviceValue is a `device` value: null when Auth0 recorded nothing, or
// unless withDevice (it is personal data, returned only on request).
func DeviceValue(d *auth0api.Device, withDevice bool) (types.Object, diag.Diagnostics) {
	if d == nil || !withDevice {
		return types.ObjectNull(deviceType.AttrTypes), nil
	}
	return types.ObjectValue(deviceType.AttrTypes, map[string]attr.Value{
		"initial_ip": OptString(d.InitialIP), "initial_asn": OptString(d.InitialASN), "initial_user_agent": OptString(d.InitialUserAgent),
		"last_ip": OptString(d.LastIP), "last_asn": OptString(d.LastASN), "last_user_agent": OptString(d.LastUserAgent),
	})
}

// MetadataValue is an object's metadata: empty, not null, when it has none.
func MetadataValue(ctx context.Context, metadata map[string]string) (types.Map, diag.Diagnostics) {
	if metadata == nil {
		metadata = map[string]string{}
	}
	return types.MapValueFrom(ctx, types.StringType, metadata)
}
