package shared

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What Auth0 accepts as metadata on a refresh token or a session.
const (
	maxMetadataKeys   = 25
	maxMetadataLength = 255
)

// The parts of the import-only resources (auth0tokens_refresh_token,
// auth0tokens_session): objects Auth0 issues at sign-in, which Terraform can
// adopt, annotate with metadata, and revoke by forgetting them.

// metadataAttribute is an adopted object's `metadata`: Optional and Computed,
// so that leaving it out of the configuration leaves the object's metadata
// alone; Auth0's limits are checked at plan.
func metadataAttribute(noun string) rschema.MapAttribute {
	return rschema.MapAttribute{
		MarkdownDescription: fmt.Sprintf("Metadata attached to the %s: at most %d keys, each value a string of at most %d characters. "+
			"A change replaces the %s's whole metadata with this map; `{}` removes it all. Leave it out to not manage it "+
			"(the %s keeps whatever it has).", noun, maxMetadataKeys, maxMetadataLength, noun, noun),
		Optional: true, Computed: true, ElementType: types.StringType,
		PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
		Validators: []validator.Map{
			mapvalidator.SizeAtMost(maxMetadataKeys),
			mapvalidator.KeysAre(stringvalidator.UTF8LengthBetween(1, maxMetadataLength)),
			mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(maxMetadataLength)),
		},
	}
}

// deleteTimeoutHint says how to change how long an adopted object's destroy waits.
const deleteTimeoutHint = `Raise "timeouts.delete" (default 2m) to wait longer.`

// changedMetadata returns the planned metadata when the plan changes it: a
// known map that differs from state. Unknown or null (not managed) is no change.
func changedMetadata(ctx context.Context, plan, state types.Map, diags *diag.Diagnostics) (map[string]string, bool) {
	if plan.IsUnknown() || plan.IsNull() || plan.Equal(state) {
		return nil, false
	}
	m := map[string]string{}
	diags.Append(plan.ElementsAs(ctx, &m, false)...)
	return m, !diags.HasError()
}

// deleteTimeouts is an adopted object's `timeouts`: how long destroy waits
// for Auth0 to stop listing what it revoked. Zero or a negative duration is
// refused at plan, as the revocation types' `timeout` is.
func deleteTimeouts(ctx context.Context, noun string) rschema.Attribute {
	desc := "How long destroy waits for Auth0 to stop listing what it revoked (the " + noun + "), as a positive Go duration " +
		"(`30s`, `5m`). Defaults to `2m`."
	attr, ok := timeouts.Attributes(ctx, timeouts.Opts{Delete: true, DeleteDescription: desc}).(rschema.SingleNestedAttribute)
	if !ok {
		panic("timeouts.Attributes is no longer a SingleNestedAttribute")
	}
	attr.MarkdownDescription = "Timeouts for this resource's operations: only `delete` (destroy waits until Auth0 no longer lists what it revoked)."
	attrs := maps.Clone(attr.Attributes)
	del, _ := attrs["delete"].(rschema.StringAttribute)
	del.MarkdownDescription = desc
	del.Validators = []validator.String{Duration{}}
	attrs["delete"] = del
	attr.Attributes = attrs
	return attr
}

// noTimeouts is a null `timeouts` value, for objects Terraform has not configured (list results).
func noTimeouts(ctx context.Context) timeouts.Value {
	t, _ := deleteTimeouts(ctx, "").GetType().(timeouts.Type)
	return timeouts.Value{Object: types.ObjectNull(t.AttrTypes)}
}

// idIdentity is the resource identity of an adopted object: its Auth0 ID.
func idIdentity(noun string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the " + noun + "."},
	}}
}

// idModel is the identity's value.
type idModel struct {
	ID types.String `tfsdk:"id"`
}

// addCreateRefused says, at plan, that Terraform cannot create what only a
// sign-in issues, and how to adopt one instead.
func addCreateRefused(diags *diag.Diagnostics, typeName, noun, exampleID string) {
	diags.AddError(fmt.Sprintf("Cannot Create A %s", titleCase(noun)), fmt.Sprintf(
		"%s does not create %ss: Auth0 issues them when a user signs in. This resource adopts an existing one. Import it by ID:\n\n"+
			"  import {\n    to = %s.NAME\n    id = %q\n  }\n\n"+
			"or by identity (identity = { id = %q }). To discover a user's %ss and generate these blocks, run `terraform query` "+
			"with a `list \"%s\"` block (Terraform 1.14+; OpenTofu has no query), adding -generate-config-out=FILE. Changing `id` would replace the %s, "+
			"which is a create too: import the other %s in a new block instead. If the %s this block names no longer exists "+
			"(revoked or expired), remove the block.",
		typeName, noun, typeName, exampleID, exampleID, noun, typeName, noun, noun, noun))
}

// addGone warns, at plan, that an adopted object no longer exists: its block
// manages nothing, plans no change, and can be removed at no cost.
func addGone(diags *diag.Diagnostics, noun, id, how string) {
	diags.AddAttributeWarning(pathID, fmt.Sprintf("%s %q No Longer Exists", titleCase(noun), id), fmt.Sprintf(
		"Auth0 no longer has %s %q (%s), so this block manages nothing: it stays in state with `exists = false`, "+
			"plans no change for it and sends nothing to Auth0 for it. Remove this resource block (and its import block, if "+
			"any) to forget it; that sends nothing to Auth0 either. Auth0 never reuses an ID, so it cannot come back.",
		noun, id, how))
}

// addGoneChange names, at plan, a configuration change to an object that no
// longer exists: nothing is sent, so the plan does not make it.
func addGoneChange(diags *diag.Diagnostics, noun, id string) {
	diags.AddAttributeWarning(pathMetadata, fmt.Sprintf("Metadata Change Not Planned: %s %q No Longer Exists", titleCase(noun), id), fmt.Sprintf(
		"The configuration changes `metadata` of %s %q, but that %s no longer exists in Auth0, so nothing can be sent: "+
			"the plan changes nothing and state keeps the metadata it last had. To forget the %s, remove this resource block "+
			"(and its import block, if any), or replace them with a `removed` block (`lifecycle { destroy = false }`); "+
			"either sends nothing to Auth0.",
		noun, id, noun, noun))
}

// addImportMismatch says, at plan, that an import block imported one object
// into a resource block whose `id` names another.
func addImportMismatch(diags *diag.Diagnostics, noun, imported string, configured types.String) {
	want := "an unknown value"
	if !configured.IsUnknown() {
		want = fmt.Sprintf("%q", configured.ValueString())
	}
	diags.AddAttributeError(pathID, "Imported ID Differs From The Configuration's ID", fmt.Sprintf(
		"The import block imports %s %q, but the resource block it imports into sets id = %s: both must name the same %s. "+
			"To adopt %q, set id = %q in the resource block. To adopt %s instead, import that ID: id = %s (or identity = { id = %s }) "+
			"in the import block. Nothing was imported.",
		noun, imported, want, noun, imported, imported, want, want, want))
}

// addImportNotFound says that an object being imported does not exist.
func addImportNotFound(diags *diag.Diagnostics, typeName, noun, id string) {
	diags.AddError(fmt.Sprintf("%s Not Found", titleCase(noun)), fmt.Sprintf(
		"Cannot import %s %q: it does not exist: it was revoked, it expired, or the ID is mistyped. Only "+
			"a %s that exists can be adopted (this resource cannot create one). Check the ID (`terraform query` with a `list \"%s\"` block lists a "+
			"user's %ss on Terraform 1.14+; OpenTofu has no query), or remove the import block and the resource block.",
		noun, id, noun, typeName, noun))
}

// addBound names, at plan or after a destroy, the objects revoking id revokes too.
func addBound(diags *diag.Diagnostics, noun, boundNoun, id string, bound []string, done bool) {
	n := fmt.Sprintf("%d %s", len(bound), boundNoun)
	if len(bound) != 1 {
		n += "s"
	}
	const adopted = "Any of them this configuration adopts reads as gone (`exists = false`) from the next plan on: remove its blocks too."
	if done {
		diags.AddWarning(fmt.Sprintf("Revoked %s %q With Its %ss", titleCase(noun), id, titleCase(boundNoun)), fmt.Sprintf(
			"Revoked %s %q and the %s bound to it: %s. %s", noun, id, n, ListIDs(bound), adopted))
		return
	}
	diags.AddWarning(fmt.Sprintf("Revoking %s %q Also Revokes Its %ss", titleCase(noun), id, titleCase(boundNoun)), fmt.Sprintf(
		"Removing this block revokes %s %q and the %s bound to it now: %s. %s To keep them, forget the %s instead with a "+
			"`removed` block (`lifecycle { destroy = false }`).", noun, id, n, ListIDs(bound), adopted, noun))
}

// resourceAttributes renders fields as computed resource attributes. Fields
// named in stable never change during an object's life, so plans keep their
// value from state instead of showing them as known after apply.
func resourceAttributes(fields []Field, stable ...string) map[string]rschema.Attribute {
	keep := map[string]bool{}
	for _, s := range stable {
		keep[s] = true
	}
	out := make(map[string]rschema.Attribute, len(fields))
	for _, f := range fields {
		k := keep[f.Name]
		switch f.Kind {
		case Bool:
			a := rschema.BoolAttribute{MarkdownDescription: f.Desc, Computed: true}
			if k {
				a.PlanModifiers = []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}
			}
			out[f.Name] = a
		case Strings:
			a := rschema.ListAttribute{MarkdownDescription: f.Desc, Computed: true, ElementType: types.StringType}
			if k {
				a.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
			}
			out[f.Name] = a
		case StringMap:
			a := rschema.MapAttribute{MarkdownDescription: f.Desc, Computed: true, ElementType: types.StringType}
			if k {
				a.PlanModifiers = []planmodifier.Map{mapplanmodifier.UseStateForUnknown()}
			}
			out[f.Name] = a
		case Object:
			a := rschema.SingleNestedAttribute{MarkdownDescription: f.Desc, Computed: true, Attributes: resourceAttributes(f.Fields)}
			if k {
				a.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
			}
			out[f.Name] = a
		case Objects:
			a := rschema.ListNestedAttribute{MarkdownDescription: f.Desc, Computed: true,
				NestedObject: rschema.NestedAttributeObject{Attributes: resourceAttributes(f.Fields)}}
			if k {
				a.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
			}
			out[f.Name] = a
		default:
			a := rschema.StringAttribute{MarkdownDescription: f.Desc, Computed: true}
			if k {
				a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
			}
			out[f.Name] = a
		}
	}
	return out
}
