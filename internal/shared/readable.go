package shared

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Readable is what the read-side types need to know of an Auth0 object type T
// (a refresh token, a session) whose listings are configured by a C (the
// user's ID and the area's filters): the data source that reads one object by
// ID, the data source and ephemeral resource that list a user's objects, the
// list resource that discovers them for `terraform query`, and the adopted
// resource's state. Each area declares one; the types built from it read the
// same way for every area.
type Readable[T any, C UserArgs] struct {
	TypeName     string // of the by-ID data source: "auth0tokens_refresh_token"
	ListTypeName string // of the listings: "auth0tokens_refresh_tokens"
	Noun, Plural string // "refresh token", "refresh tokens"
	// Fields are T's computed attributes but `id`. EphemeralFields, when
	// set, word them for the ephemeral resource.
	Fields, EphemeralFields []Field
	IncludeDeviceDesc       string
	// MetadataField is the field an adopted object's `metadata` manages
	// ("refresh_token_metadata").
	MetadataField string
	// NotFound is the by-ID data source's detail for an ID Auth0 does not
	// have; %q is the ID.
	NotFound string
	// Filters are the listings' optional arguments besides `user_id` and
	// `include_device`, as C reads them.
	Filters []Filter
	// Results names the listings' list of objects ("tokens"); ResultsDesc
	// and IDsDesc describe it and its `ids`.
	Results, ResultsDesc, IDsDesc string

	Get func(ctx context.Context, c *auth0api.Client, id string) (T, error)
	// List lists the objects cfg selects, in the listings' order, and, when
	// a filter matched none of the user's objects, a hint that says what
	// they do have, so that a typo never reads as "none".
	List func(ctx context.Context, c *auth0api.Client, cfg C) (objs []T, hint string, err error)
	// Each lists the objects cfg selects for the list resource, in the
	// tenant's order, until visit returns false.
	Each func(ctx context.Context, c *auth0api.Client, cfg C, visit func(T) bool) error
	// Hint is List's hint for the list resource, when Each found nothing: a
	// further listing, only then.
	Hint func(ctx context.Context, c *auth0api.Client, cfg C) string
	// Flatten is an object's attribute values, `id` included; withDevice
	// false leaves the personal device data null.
	Flatten func(ctx context.Context, obj T, withDevice bool) (map[string]attr.Value, diag.Diagnostics)
}

// UserArgs is a listing's configuration: a user's ID and filters.
type UserArgs interface {
	// User is the ID of the user whose objects are listed.
	User() string
}

// ListArgs are the arguments every listing has: the user, and the
// application (`client_id`) to keep only the objects of.
type ListArgs struct {
	UserID   types.String `tfsdk:"user_id"`
	ClientID types.String `tfsdk:"client_id"`
}

func (a ListArgs) User() string { return a.UserID.ValueString() }

var pathIncludeDevice = path.Root("include_device")

// idField is `id` where an object's fields are listed with it.
func (r Readable[T, C]) idField() Field { return Field{Name: "id", Desc: "ID of the " + r.Noun + "."} }

// DataSource is the data source that reads one object by its ID.
func (r Readable[T, C]) DataSource(description string) datasource.DataSource {
	return &objectDataSource[T, C]{Readable: r, description: description}
}

type objectDataSource[T any, C UserArgs] struct {
	Readable[T, C]
	description string
	client      *auth0api.Client
}

var _ datasource.DataSourceWithConfigure = (*objectDataSource[auth0api.Session, UserArgs])(nil)

func (d *objectDataSource[T, C]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.TypeName
}

func (d *objectDataSource[T, C]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := DataSourceAttributes(d.Fields)
	attrs["id"] = dsschema.StringAttribute{
		MarkdownDescription: d.idField().Desc,
		Required:            true,
		Validators:          []validator.String{ValidObjectID(d.Noun + " ID")},
	}
	attrs["include_device"] = dsschema.BoolAttribute{MarkdownDescription: d.IncludeDeviceDesc, Optional: true}
	resp.Schema = dsschema.Schema{MarkdownDescription: d.description, Attributes: attrs}
}

func (d *objectDataSource[T, C]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *objectDataSource[T, C]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id types.String
	var withDevice types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathID, &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathIncludeDevice, &withDevice)...)
	if resp.Diagnostics.HasError() || !RequireClient(d.client, &resp.Diagnostics) {
		return
	}
	obj, err := d.Get(ctx, d.client, id.ValueString())
	if auth0api.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(pathID, titleCase(d.Noun)+" Not Found", fmt.Sprintf(d.NotFound, id.ValueString()))
		return
	}
	if err != nil {
		AddAPIError(&resp.Diagnostics, fmt.Sprintf("reading %s %q", d.Noun, id.ValueString()), err)
		return
	}
	values, diags := d.Flatten(ctx, obj, withDevice.ValueBool())
	resp.Diagnostics.Append(diags...)
	values["id"], values["include_device"] = id, withDevice
	state, diags := types.ObjectValue(AttrType(append(slices.Clone(d.Fields), d.idField(), Field{Name: "include_device", Kind: Bool})).AttrTypes, values)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// AdoptedState is an adopted object's state (an Adopted's State): the
// fields of Adopted.ResourceSchema (no `device`, as personal data stays out
// of managed state, and MetadataField as `metadata`), the timeouts as
// configured, and `exists = true`.
func (r Readable[T, C]) AdoptedState(ctx context.Context, obj T, to timeouts.Value) (any, diag.Diagnostics) {
	values, diags := r.Flatten(ctx, obj, false)
	attrTypes := map[string]attr.Type{
		"id": types.StringType, "metadata": types.MapType{ElemType: types.StringType}, "timeouts": to.Type(ctx), "exists": types.BoolType,
	}
	state := map[string]attr.Value{"id": values["id"], "metadata": values[r.MetadataField], "timeouts": to, "exists": types.BoolValue(true)}
	for _, f := range r.Fields {
		if f.Name != "device" && f.Name != r.MetadataField {
			attrTypes[f.Name], state[f.Name] = f.attrType(), values[f.Name]
		}
	}
	stateValue, d := types.ObjectValue(attrTypes, state)
	return stateValue, append(diags, d...)
}

var _ list.ListResourceWithConfigure = (*AdoptedList[auth0api.Session, ListArgs])(nil)
