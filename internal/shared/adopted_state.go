package shared

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// AdoptedState is an adopted object's state (an Adopted's State) from its
// values as the read side flattens them (Readable.Flatten, device data left
// out): the fields of the resource's schema (Adopted.ResourceSchema keeps no
// `device`, and has metadataField as `metadata`), its timeouts as
// configured, and `exists = true`.
func AdoptedState(ctx context.Context, fields []Field, metadataField string, values map[string]attr.Value, to timeouts.Value) (types.Object, diag.Diagnostics) {
	attrTypes := map[string]attr.Type{
		"id": types.StringType, "metadata": types.MapType{ElemType: types.StringType}, "timeouts": to.Type(ctx), "exists": types.BoolType,
	}
	state := map[string]attr.Value{"id": values["id"], "metadata": values[metadataField], "timeouts": to, "exists": types.BoolValue(true)}
	for _, f := range fields {
		if f.Name != "device" && f.Name != metadataField {
			attrTypes[f.Name], state[f.Name] = f.attrType(), values[f.Name]
		}
	}
	return types.ObjectValue(attrTypes, state)
}
