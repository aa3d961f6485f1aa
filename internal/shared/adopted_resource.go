package shared

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Adopted is what an import-only resource and its list resource need to know
// of an Auth0 object type T (a refresh token, a session); AdoptedResource and
// Adopted.Results do the rest the same way for every type.
type Adopted[T any] struct {
	TypeName  string // "auth0tokens_refresh_token"
	Noun      string // "refresh token"
	ExampleID string // for messages: "TOKEN_ID"
	ID        func(T) string
	// DisplayName tells a user's objects apart in `terraform query`.
	DisplayName func(T) string
	// State is the resource's state for an object (a model for tfsdk).
	State          func(ctx context.Context, obj T, to timeouts.Value) (any, diag.Diagnostics)
	Get            func(ctx context.Context, c *auth0api.Client, id string) (T, error)
	UpdateMetadata func(ctx context.Context, c *auth0api.Client, id string, metadata map[string]string) (T, error)
	// Revoke revokes the object and waits, within timeout, until Auth0 no longer lists it.
	Revoke func(ctx context.Context, c *auth0api.Client, id string, timeout time.Duration) error
}

// ResourceSchema is the import-only resource's schema: `id`, `metadata` and
// `timeouts`, then the object's read-only fields but `device` (personal data
// stays out of managed state) and metadataField (managed as `metadata`).
// stable fields never change during an object's life: plans keep them known.
func (a Adopted[T]) ResourceSchema(ctx context.Context, description string, fields []Field, metadataField string, stable ...string) rschema.Schema {
	var kept []Field
	for _, f := range fields {
		if f.Name != "device" && f.Name != metadataField {
			kept = append(kept, f)
		}
	}
	attrs := resourceAttributes(kept, stable...)
	attrs["id"] = rschema.StringAttribute{
		MarkdownDescription: "ID of the " + a.Noun + " to adopt. Changing it is refused at plan: import the other " + a.Noun + " instead.",
		Required:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{ValidObjectID(a.Noun + " ID")},
	}
	attrs["metadata"] = metadataAttribute(a.Noun)
	attrs["timeouts"] = deleteTimeouts(ctx, a.Noun)
	return rschema.Schema{MarkdownDescription: description, Attributes: attrs}
}

// AdoptedResource implements an import-only resource over an Adopted type:
// identity `{ id }`, import, create refused at plan, read (gone: removed from
// state), metadata update, and destroy that revokes. The embedding type adds
// Metadata and Schema (with `id`, `metadata` and `timeouts`).
type AdoptedResource[T any] struct {
	Adopted[T]
	client *auth0api.Client
}

var (
	pathID       = path.Root("id")
	pathMetadata = path.Root("metadata")
	pathTimeouts = path.Root("timeouts")
)

func (r *AdoptedResource[T]) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.TypeName
}

func (r *AdoptedResource[T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *AdoptedResource[T]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentity(r.Noun)
}

func (r *AdoptedResource[T]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, pathID, pathID, req, resp)
}

// ModifyPlan refuses, at plan, to create an object.
func (r *AdoptedResource[T]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var id types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathID, &id)...)
	example := id.ValueString()
	if id.IsUnknown() || example == "" {
		example = r.ExampleID
	}
	addCreateRefused(&resp.Diagnostics, r.TypeName, r.Noun, example)
}

// Create is refused at plan (ModifyPlan); this is the same answer should a plan reach it.
func (r *AdoptedResource[T]) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	addCreateRefused(&resp.Diagnostics, r.TypeName, r.Noun, r.ExampleID)
}

func (r *AdoptedResource[T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	id, to := r.idAndTimeouts(ctx, req.State, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	obj, err := r.Get(ctx, r.client, id)
	if auth0api.IsNotFound(err) {
		tflog.Info(ctx, "The "+r.Noun+" no longer exists (revoked, ended or expired); removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		// The framework wants an identity even for a removed resource, and
		// OpenTofu, which keeps none, would otherwise get an error.
		resp.Diagnostics.Append(resp.Identity.Set(ctx, idModel{ID: types.StringValue(id)})...)
		return
	}
	if err != nil {
		AddAPIError(&resp.Diagnostics, fmt.Sprintf("reading %s %q", r.Noun, id), err)
		return
	}
	r.setState(ctx, obj, to, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Update replaces the object's metadata when the plan changes it, and reads the object back.
func (r *AdoptedResource[T]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var planned, current types.Map
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathMetadata, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathMetadata, &current)...)
	id, to := r.idAndTimeouts(ctx, req.Plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	var obj T
	var err error
	if metadata, changed := changedMetadata(ctx, planned, current, &resp.Diagnostics); changed {
		tflog.Info(ctx, "Replacing the "+r.Noun+"'s metadata", map[string]any{"id": id, "keys": len(metadata)})
		obj, err = r.UpdateMetadata(ctx, r.client, id, metadata)
	} else {
		obj, err = r.Get(ctx, r.client, id)
	}
	if err != nil {
		AddAPIError(&resp.Diagnostics, fmt.Sprintf("updating %s %q", r.Noun, id), err)
		return
	}
	r.setState(ctx, obj, to, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete revokes the object and waits until Auth0 no longer lists it. An
// object already gone is not an error: there is nothing left to revoke.
func (r *AdoptedResource[T]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	id, to := r.idAndTimeouts(ctx, req.State, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	timeout, d := to.Delete(ctx, DefaultTimeout)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	if err := r.Revoke(ctx, r.client, id, timeout); err != nil {
		AddRevokeError(&resp.Diagnostics, r.Noun+" "+id, err, "run terraform destroy (or apply) again", deleteTimeoutHint)
	}
}

// attributes reads `id` and `timeouts` from a state or plan.
type attributes interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}

func (r *AdoptedResource[T]) idAndTimeouts(ctx context.Context, from attributes, diags *diag.Diagnostics) (string, timeouts.Value) {
	var id types.String
	var to timeouts.Value
	diags.Append(from.GetAttribute(ctx, pathID, &id)...)
	diags.Append(from.GetAttribute(ctx, pathTimeouts, &to)...)
	return id.ValueString(), to
}

// setState writes the object and its identity.
func (r *AdoptedResource[T]) setState(ctx context.Context, obj T, to timeouts.Value, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m, d := r.State(ctx, obj, to)
	diags.Append(d...)
	diags.Append(state.Set(ctx, m)...)
	if identity != nil {
		diags.Append(identity.Set(ctx, idModel{ID: types.StringValue(r.ID(obj))})...)
	}
}

// AdoptedList implements the list resource of an Adopted type, whose list
// block's config is a C.
type AdoptedList[T, C any] struct {
	Adopted[T]
	Schema lschema.Schema
	// Each lists the objects cfg selects, in the tenant's order, until visit returns false.
	Each func(ctx context.Context, c *auth0api.Client, cfg C, visit func(T) bool) error
	// Done says, after the last object, what to report: the API error, a filter that matched nothing.
	Done   func(ctx context.Context, c *auth0api.Client, cfg C, count int64, err error, diags *diag.Diagnostics)
	client *auth0api.Client
}

func (l *AdoptedList[T, C]) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = l.TypeName
}

func (l *AdoptedList[T, C]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.Schema
}

func (l *AdoptedList[T, C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *AdoptedList[T, C]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg C
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() || !RequireClient(l.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = l.results(ctx, req,
		func(visit func(T) bool) error { return l.Each(ctx, l.client, cfg, visit) },
		func(count int64, err error, diags *diag.Diagnostics) { l.Done(ctx, l.client, cfg, count, err, diags) })
}

// results streams objects as `terraform query` results. each lists them in
// the tenant's order and stops when its visit function says so: at
// Terraform's limit, or when Terraform stops reading. done says, after the
// last object, what to report (the API error, a filter that matched nothing).
func (a Adopted[T]) results(ctx context.Context, req list.ListRequest, each func(visit func(T) bool) error,
	done func(count int64, err error, diags *diag.Diagnostics)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		count := int64(0)
		stopped := false
		unset := noTimeouts(ctx)
		err := each(func(obj T) bool {
			count++
			if !push(a.result(ctx, req, obj, unset)) {
				stopped = true
				return false
			}
			return req.Limit <= 0 || count < req.Limit
		})
		if stopped {
			return
		}
		var diags diag.Diagnostics
		done(count, err, &diags)
		tflog.Debug(ctx, "Listed for terraform query", map[string]any{"type": a.TypeName, "count": count, "limit": req.Limit})
		if len(diags) > 0 {
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// result is one object as `terraform query` shows it.
func (a Adopted[T]) result(ctx context.Context, req list.ListRequest, obj T, unset timeouts.Value) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = a.DisplayName(obj)
	result.Diagnostics.Append(result.Identity.Set(ctx, idModel{ID: types.StringValue(a.ID(obj))})...)
	if req.IncludeResource {
		m, d := a.State(ctx, obj, unset)
		result.Diagnostics.Append(d...)
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}
