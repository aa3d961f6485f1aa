package shared

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Filter is an optional string argument that narrows a listing (`client_id`).
type Filter struct {
	Name, Desc string
	Validator  validator.String
}

// userIDDesc describes a listing's `user_id`.
func (r Readable[T, C]) userIDDesc() string {
	return "ID of the user whose " + r.Plural + " to list, for example `auth0|64b7...`."
}

// ListDataSource is the data source that lists a user's objects.
func (r Readable[T, C]) ListDataSource(description string) datasource.DataSource {
	return &listDataSource[T, C]{Readable: r, description: description}
}

// ListEphemeral is the ephemeral resource that lists a user's objects as the
// data source does, never written to plan or state.
func (r Readable[T, C]) ListEphemeral(description string) ephemeral.EphemeralResource {
	return &listEphemeral[T, C]{Readable: r, description: description}
}

// ListResource is the list resource that discovers a user's objects for
// `terraform query`, ready to adopt as a.
func (r Readable[T, C]) ListResource(a Adopted[T], description string) list.ListResource {
	attrs := map[string]lschema.Attribute{
		"user_id": lschema.StringAttribute{MarkdownDescription: r.userIDDesc(), Required: true, Validators: []validator.String{ValidID("user ID")}},
	}
	for _, f := range r.Filters {
		attrs[f.Name] = lschema.StringAttribute{MarkdownDescription: f.Desc, Optional: true, Validators: []validator.String{f.Validator}}
	}
	return &AdoptedList[T, C]{
		Adopted: a,
		Schema:  lschema.Schema{MarkdownDescription: description, Attributes: attrs},
		Each:    r.Each,
		// After the last object: the API error, or what a filter that matched nothing missed.
		Done: func(ctx context.Context, c *auth0api.Client, cfg C, count int64, err error, diags *diag.Diagnostics) {
			switch {
			case err != nil:
				r.addListError(diags, cfg, err)
			case count == 0:
				r.addNoMatch(diags, r.Hint(ctx, c, cfg))
			}
		},
	}
}

func (r Readable[T, C]) addListError(diags *diag.Diagnostics, cfg C, err error) {
	AddAPIError(diags, fmt.Sprintf("listing the %s of user %q", r.Plural, cfg.User()), err)
}

func (r Readable[T, C]) addNoMatch(diags *diag.Diagnostics, hint string) {
	if hint != "" {
		diags.AddWarning("No "+titleCase(r.Plural)+" Match The Filter", hint)
	}
}

// elementType is one element of the listing's list: every field plus `id`.
func (r Readable[T, C]) elementType() types.ObjectType {
	return AttrType(append([]Field{r.idField()}, r.Fields...))
}

// list reads a listing's configuration, lists what it selects and returns
// the listing's value: the configuration with the objects and their IDs.
func (r Readable[T, C]) list(ctx context.Context, client *auth0api.Client, config tfsdk.Config, diags *diag.Diagnostics) (types.Object, bool) {
	var cfgValue types.Object
	diags.Append(config.Get(ctx, &cfgValue)...)
	if diags.HasError() || !RequireClient(client, diags) {
		return cfgValue, false
	}
	values := cfgValue.Attributes()
	// C reads the arguments only, not the listing's other attributes.
	args := map[string]attr.Value{"user_id": values["user_id"]}
	argTypes := map[string]attr.Type{"user_id": types.StringType}
	for _, f := range r.Filters {
		args[f.Name], argTypes[f.Name] = values[f.Name], types.StringType
	}
	var cfg C
	argsValue, d := types.ObjectValue(argTypes, args)
	diags.Append(d...)
	diags.Append(argsValue.As(ctx, &cfg, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return cfgValue, false
	}
	objs, hint, err := r.List(ctx, client, cfg)
	if err != nil {
		r.addListError(diags, cfg, err)
		return cfgValue, false
	}
	tflog.Debug(ctx, "Listed "+r.Plural, map[string]any{"user_id": cfg.User(), "count": len(objs)})
	r.addNoMatch(diags, hint)
	withDevice, _ := values["include_device"].(types.Bool)
	// Framework values built directly: converting a struct per object by
	// reflection (types.ListValueFrom) made terraform-plugin-framework
	// compile a regular expression per field per object
	// (internal/reflect.isValidFieldName), most of the memory a large list
	// cost (BENCHMARKS.md).
	elem := r.elementType()
	objects := make([]attr.Value, 0, len(objs))
	ids := make([]attr.Value, 0, len(objs))
	for _, o := range objs {
		v, d := r.Flatten(ctx, o, withDevice.ValueBool())
		diags.Append(d...)
		obj, d := types.ObjectValue(elem.AttrTypes, v)
		diags.Append(d...)
		objects = append(objects, obj)
		ids = append(ids, v["id"])
	}
	values[r.Results], d = types.ListValue(elem, objects)
	diags.Append(d...)
	values["ids"], d = types.ListValue(types.StringType, ids)
	diags.Append(d...)
	out, d := types.ObjectValue(cfgValue.AttributeTypes(ctx), values)
	diags.Append(d...)
	return out, !diags.HasError()
}

func (r Readable[T, C]) dataSourceListAttributes() map[string]dsschema.Attribute {
	attrs := map[string]dsschema.Attribute{
		"user_id":        dsschema.StringAttribute{MarkdownDescription: r.userIDDesc(), Required: true, Validators: []validator.String{ValidID("user ID")}},
		"include_device": dsschema.BoolAttribute{MarkdownDescription: r.IncludeDeviceDesc, Optional: true},
		r.Results: dsschema.ListNestedAttribute{MarkdownDescription: r.ResultsDesc, Computed: true, NestedObject: dsschema.NestedAttributeObject{
			Attributes: DataSourceAttributes(append([]Field{r.idField()}, r.Fields...)),
		}},
		"ids": dsschema.ListAttribute{MarkdownDescription: r.IDsDesc, Computed: true, ElementType: types.StringType},
	}
	for _, f := range r.Filters {
		attrs[f.Name] = dsschema.StringAttribute{MarkdownDescription: f.Desc, Optional: true, Validators: []validator.String{f.Validator}}
	}
	return attrs
}

func (r Readable[T, C]) ephemeralListAttributes() map[string]epschema.Attribute {
	fields := r.EphemeralFields
	if fields == nil {
		fields = r.Fields
	}
	attrs := map[string]epschema.Attribute{
		"user_id":        epschema.StringAttribute{MarkdownDescription: r.userIDDesc(), Required: true, Validators: []validator.String{ValidID("user ID")}},
		"include_device": epschema.BoolAttribute{MarkdownDescription: r.IncludeDeviceDesc, Optional: true},
		r.Results: epschema.ListNestedAttribute{MarkdownDescription: r.ResultsDesc, Computed: true, NestedObject: epschema.NestedAttributeObject{
			Attributes: EphemeralAttributes(append([]Field{r.idField()}, fields...)),
		}},
		"ids": epschema.ListAttribute{MarkdownDescription: r.IDsDesc, Computed: true, ElementType: types.StringType},
	}
	for _, f := range r.Filters {
		attrs[f.Name] = epschema.StringAttribute{MarkdownDescription: f.Desc, Optional: true, Validators: []validator.String{f.Validator}}
	}
	return attrs
}

type listDataSource[T any, C UserArgs] struct {
	Readable[T, C]
	description string
	client      *auth0api.Client
}

var _ datasource.DataSourceWithConfigure = (*listDataSource[auth0api.Session, UserArgs])(nil)

func (d *listDataSource[T, C]) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = d.ListTypeName
}

func (d *listDataSource[T, C]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{MarkdownDescription: d.description, Attributes: d.dataSourceListAttributes()}
}

func (d *listDataSource[T, C]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *listDataSource[T, C]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if v, ok := d.list(ctx, d.client, req.Config, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, v)...)
	}
}

type listEphemeral[T any, C UserArgs] struct {
	Readable[T, C]
	description string
	client      *auth0api.Client
}

var _ ephemeral.EphemeralResourceWithConfigure = (*listEphemeral[auth0api.Session, UserArgs])(nil)

func (e *listEphemeral[T, C]) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = e.ListTypeName
}

func (e *listEphemeral[T, C]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = epschema.Schema{MarkdownDescription: e.description, Attributes: e.ephemeralListAttributes()}
}

func (e *listEphemeral[T, C]) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *listEphemeral[T, C]) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if v, ok := e.list(ctx, e.client, req.Config, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.Result.Set(ctx, v)...)
	}
}
