package shared

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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
	// GoneHow says how such an object stops existing: "revoked outside Terraform, or expired".
	GoneHow string
	ID      func(T) string
	// DisplayName tells a user's objects apart in `terraform query`.
	DisplayName func(T) string
	// State is the resource's state for an object (a model for tfsdk), with `exists = true`.
	State          func(ctx context.Context, obj T, to timeouts.Value) (any, diag.Diagnostics)
	Get            func(ctx context.Context, c *auth0api.Client, id string) (T, error)
	UpdateMetadata func(ctx context.Context, c *auth0api.Client, id string, metadata map[string]string) (T, error)
	// Revoke revokes the object and waits, within timeout, until Auth0 no longer lists it.
	Revoke func(ctx context.Context, c *auth0api.Client, id string, timeout time.Duration) error
	// Bound, when set, lists what revoking the object revokes too (a
	// session's refresh tokens), to name it at plan and after destroy.
	Bound     func(ctx context.Context, c *auth0api.Client, id, userID string) ([]string, error)
	BoundNoun string // "refresh token"
	// Stable fields never change during an object's life (or change only
	// with use, which the next refresh shows): a metadata change keeps them
	// known in the plan.
	Stable []string
	// SetByMetadata are the fields Auth0 sets when the metadata changes (a
	// session's updated_at): the only ones a metadata change plans as known
	// after apply. The others keep their state value until the next refresh.
	SetByMetadata []string
}

// ResourceSchema is the import-only resource's schema: `id`, `metadata`,
// `timeouts` and `exists`, then the object's read-only fields but `device`
// (personal data stays out of managed state) and metadataField (managed as
// `metadata`).
func (a Adopted[T]) ResourceSchema(ctx context.Context, description string, fields []Field, metadataField string) rschema.Schema {
	var kept []Field
	for _, f := range fields {
		if f.Name != "device" && f.Name != metadataField {
			kept = append(kept, f)
		}
	}
	attrs := resourceAttributes(kept, a.Stable...)
	attrs["id"] = rschema.StringAttribute{
		MarkdownDescription: "ID of the " + a.Noun + " to adopt. Changing it is refused at plan: import the other " + a.Noun + " instead.",
		Required:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{ValidObjectID(a.Noun + " ID")},
	}
	attrs["metadata"] = metadataAttribute(a.Noun)
	attrs["timeouts"] = deleteTimeouts(ctx, a.Noun)
	attrs[existsAttr] = rschema.BoolAttribute{
		MarkdownDescription: "Whether the " + a.Noun + " still exists in Auth0. It turns `false` when the " + a.Noun + " is " + a.GoneHow +
			": Terraform then keeps it in state as it last was, plans no change for it, sends nothing to Auth0 for it, and warns at " +
			"each plan. Remove its block to forget it (nothing is sent either). Auth0 never reuses an ID, so it stays `false`.",
		Computed:      true,
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
	}
	return rschema.Schema{MarkdownDescription: description, Attributes: attrs}
}

// AdoptedResource implements an import-only resource over an Adopted type:
// identity `{ id }`, import, create refused at plan, read, metadata update,
// and destroy that revokes. An object that no longer exists stays in state
// with `exists = false` and never blocks a plan: it plans no change, is
// never read again, and is forgotten without a request when its block goes.
// The embedding type adds Schema (ResourceSchema).
type AdoptedResource[T any] struct {
	Adopted[T]
	client *auth0api.Client
	run    string // ProviderData.Run
}

const existsAttr = "exists"

// importingKey marks, in private state, a resource being imported: its first
// read then reports an object that does not exist as an error.
const importingKey = "importing"

// importedKey records, in private state, the run (ProviderData.Run) whose
// read imported the object: that run's plan names an import into a block
// with another `id` as such. A later run's plan sees another run.
const importedKey = "imported_by_run"

var (
	pathID       = path.Root("id")
	pathMetadata = path.Root("metadata")
	pathTimeouts = path.Root("timeouts")
	pathExists   = path.Root(existsAttr)
	pathUserID   = path.Root("user_id")
	// configured are the attributes a configuration sets: plans never take them from state.
	configured = map[string]bool{"id": true, "metadata": true, "timeouts": true}
)

func (r *AdoptedResource[T]) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.TypeName
}

func (r *AdoptedResource[T]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = ClientFrom(req.ProviderData, &resp.Diagnostics)
	if pd, ok := req.ProviderData.(*ProviderData); ok {
		r.run = pd.Run()
	}
}

func (r *AdoptedResource[T]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentity(r.Noun)
}

func (r *AdoptedResource[T]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, pathID, pathID, req, resp)
	if resp.Private != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, []byte("true"))...)
	}
}

// ModifyPlan refuses, at plan, to create an object; warns about an object
// that no longer exists and plans nothing for it; keeps a plan that changes
// nothing in Auth0 (timeouts) free of "known after apply"; and names what
// destroying the object revokes too.
func (r *AdoptedResource[T]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	switch {
	case req.State.Raw.IsNull() && req.Plan.Raw.IsNull():
		return
	case req.State.Raw.IsNull():
		var id types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathID, &id)...)
		example := id.ValueString()
		if id.IsUnknown() || example == "" {
			example = r.ExampleID
		}
		addCreateRefused(&resp.Diagnostics, r.TypeName, r.Noun, example)
		return
	}
	var id, userID types.String
	var exists types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathID, &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathUserID, &userID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathExists, &exists)...)
	if resp.Diagnostics.HasError() {
		return
	}
	gone := exists.Equal(types.BoolValue(false))
	if req.Plan.Raw.IsNull() {
		if !gone && r.Bound != nil && r.client != nil {
			r.nameBound(ctx, id.ValueString(), userID.ValueString(), &resp.Diagnostics)
		}
		return
	}
	var planned, current types.Map
	var newID types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathID, &newID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathMetadata, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathMetadata, &current)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !newID.Equal(id) {
		// A replacement, refused when Terraform plans its create; an import
		// into a block that names another object is named as such first.
		if r.justImported(ctx, req) {
			addImportMismatch(&resp.Diagnostics, r.Noun, id.ValueString(), newID)
		}
		return
	}
	metadataChanges := !planned.Equal(current)
	var keepUnknown []string
	switch {
	case gone:
		// Nothing is sent for a gone object: the plan keeps its metadata as
		// it last was, so state never holds metadata Auth0 was never sent.
		addGone(&resp.Diagnostics, r.Noun, id.ValueString(), r.GoneHow)
		if metadataChanges {
			addGoneChange(&resp.Diagnostics, r.Noun, id.ValueString())
			if !current.IsNull() { // Terraform accepts the prior value in place of the configuration's, not null
				resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathMetadata, current)...)
			}
		}
	case metadataChanges:
		keepUnknown = r.SetByMetadata
	}
	// What the plan does not know stays as it is, but what Auth0 sets when
	// the metadata changes: nothing else changes in Auth0 (the next refresh
	// reads what changed with use).
	raw, err := knownFromState(resp.Plan.Raw, req.State.Raw, keepUnknown)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected Plan Shape", "Please report this issue to the provider developers: "+err.Error())
		return
	}
	resp.Plan.Raw = raw
}

// justImported says whether this run imported the object.
func (r *AdoptedResource[T]) justImported(ctx context.Context, req resource.ModifyPlanRequest) bool {
	if req.Private == nil || r.run == "" {
		return false
	}
	v, _ := req.Private.GetKey(ctx, importedKey)
	var run string
	return json.Unmarshal(v, &run) == nil && run == r.run
}

// knownFromState fills the plan's unknown computed attributes from state,
// but those named in keepUnknown.
func knownFromState(plan, state tftypes.Value, keepUnknown []string) (tftypes.Value, error) {
	var p, s map[string]tftypes.Value
	if err := plan.As(&p); err != nil {
		return plan, err
	}
	if err := state.As(&s); err != nil {
		return plan, err
	}
	for k, v := range p {
		if !configured[k] && !v.IsKnown() && !slices.Contains(keepUnknown, k) {
			p[k] = s[k]
		}
	}
	return tftypes.NewValue(plan.Type(), p), nil
}

// keepPlannedKnown records an update that sent nothing: the plan's known
// values over the prior state's, so nothing the plan left unknown (a
// timestamp Auth0 would have set) stays unknown. An object gone since the
// plan keeps the planned exists = true: the next refresh marks it.
func (r *AdoptedResource[T]) keepPlannedKnown(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, id string) {
	raw, err := keepPlanned(req.State.Raw, req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected State Shape", "Please report this issue to the provider developers: "+err.Error())
		return
	}
	resp.State.Raw = raw
	setIdentity(ctx, id, resp.Identity, &resp.Diagnostics)
}

func keepPlanned(fresh, plan tftypes.Value) (tftypes.Value, error) {
	var f, p map[string]tftypes.Value
	if err := fresh.As(&f); err != nil {
		return fresh, err
	}
	if err := plan.As(&p); err != nil {
		return fresh, err
	}
	for k, v := range p {
		if v.IsFullyKnown() {
			f[k] = v
		}
	}
	return tftypes.NewValue(fresh.Type(), f), nil
}

// nameBound names, at plan, what revoking the object revokes too. A listing
// that fails does not block the plan: the revocation will report it.
func (r *AdoptedResource[T]) nameBound(ctx context.Context, id, userID string, diags *diag.Diagnostics) {
	bound, err := r.Bound(ctx, r.client, id, userID)
	if err != nil {
		tflog.Warn(ctx, "Could not list what revoking the "+r.Noun+" revokes too", map[string]any{"id": id, "error": err.Error()})
		return
	}
	if len(bound) > 0 {
		addBound(diags, r.Noun, r.BoundNoun, id, bound, false)
	}
}

// Create is refused at plan (ModifyPlan); this is the same answer should a plan reach it.
func (r *AdoptedResource[T]) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	addCreateRefused(&resp.Diagnostics, r.TypeName, r.Noun, r.ExampleID)
}

// Read refreshes the object. One that no longer exists stays in state with
// `exists = false` and is never read again (Auth0 never reuses an ID); one
// being imported that does not exist is an error that says so.
func (r *AdoptedResource[T]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	id, to := r.idAndTimeouts(ctx, req.State, &resp.Diagnostics)
	var exists types.Bool
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathExists, &exists)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if exists.Equal(types.BoolValue(false)) {
		setIdentity(ctx, id, resp.Identity, &resp.Diagnostics)
		return
	}
	if !RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	importing := false
	if req.Private != nil {
		v, d := req.Private.GetKey(ctx, importingKey)
		resp.Diagnostics.Append(d...)
		importing = len(v) > 0
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, nil)...)
		var imported []byte
		if importing && r.run != "" {
			imported, _ = json.Marshal(r.run)
		}
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, imported)...)
	}
	obj, err := r.Get(ctx, r.client, id)
	switch {
	case auth0api.IsNotFound(err) && importing:
		addImportNotFound(&resp.Diagnostics, r.TypeName, r.Noun, id)
	case auth0api.IsNotFound(err):
		tflog.Info(ctx, "The "+r.Noun+" no longer exists ("+r.GoneHow+"); keeping it in state with exists = false", map[string]any{"id": id})
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathExists, false)...)
		setIdentity(ctx, id, resp.Identity, &resp.Diagnostics)
	case err != nil:
		AddAPIError(&resp.Diagnostics, fmt.Sprintf("reading %s %q", r.Noun, id), err)
	default:
		r.setState(ctx, obj, to, &resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// Update replaces the object's metadata when the plan changes it. Otherwise
// (only timeouts change, or the object is gone) it sends nothing.
func (r *AdoptedResource[T]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var planned, current types.Map
	var exists types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathMetadata, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathMetadata, &current)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathExists, &exists)...)
	id, to := r.idAndTimeouts(ctx, req.Plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	metadata, changed := changedMetadata(ctx, planned, current, &resp.Diagnostics)
	if exists.Equal(types.BoolValue(false)) || (!changed && req.Plan.Raw.IsFullyKnown()) {
		r.keepPlannedKnown(ctx, req, resp, id)
		return
	}
	if resp.Diagnostics.HasError() || !RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	var obj T
	var err error
	if changed {
		tflog.Info(ctx, "Replacing the "+r.Noun+"'s metadata", map[string]any{"id": id, "keys": len(metadata)})
		obj, err = r.UpdateMetadata(ctx, r.client, id, metadata)
	} else {
		obj, err = r.Get(ctx, r.client, id)
	}
	if auth0api.IsNotFound(err) {
		// Gone between plan and apply: the next refresh marks it.
		resp.Diagnostics.AddAttributeWarning(pathID, fmt.Sprintf("%s %q No Longer Exists", titleCase(r.Noun), id), fmt.Sprintf(
			"Auth0 no longer has %s %q (%s since the plan), so its metadata was not changed. The next plan shows it with "+
				"`exists = false`; remove its block to forget it.", r.Noun, id, r.GoneHow))
		r.keepPlannedKnown(ctx, req, resp, id)
		return
	}
	if err != nil {
		AddAPIError(&resp.Diagnostics, fmt.Sprintf("updating %s %q", r.Noun, id), err)
		return
	}
	r.setState(ctx, obj, to, &resp.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	raw, err := keepPlanned(resp.State.Raw, req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected State Shape", "Please report this issue to the provider developers: "+err.Error())
		return
	}
	resp.State.Raw = raw
}

// Delete revokes the object and waits until Auth0 no longer lists it. An
// object already gone is forgotten without a request: there is nothing left
// to revoke.
func (r *AdoptedResource[T]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	id, to := r.idAndTimeouts(ctx, req.State, &resp.Diagnostics)
	var exists types.Bool
	var userID types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathExists, &exists)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathUserID, &userID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if exists.Equal(types.BoolValue(false)) {
		tflog.Info(ctx, "The "+r.Noun+" no longer exists; forgetting it without a request", map[string]any{"id": id})
		return
	}
	if !RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	timeout, d := to.Delete(ctx, DefaultTimeout)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	var bound []string
	if r.Bound != nil {
		var err error
		if bound, err = r.Bound(ctx, r.client, id, userID.ValueString()); err != nil {
			tflog.Warn(ctx, "Could not list what revoking the "+r.Noun+" revokes too", map[string]any{"id": id, "error": err.Error()})
		}
	}
	if err := r.Revoke(ctx, r.client, id, timeout); err != nil {
		AddRevokeError(&resp.Diagnostics, r.Noun+" "+id, err, "run the destroy (or apply) again", deleteTimeoutHint)
		return
	}
	if len(bound) > 0 {
		addBound(&resp.Diagnostics, r.Noun, r.BoundNoun, id, bound, true)
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
	setIdentity(ctx, r.ID(obj), identity, diags)
}

// setIdentity sets the identity `{ id }` (nil: the client keeps no identities).
func setIdentity(ctx context.Context, id string, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity != nil {
		diags.Append(identity.Set(ctx, idModel{ID: types.StringValue(id)})...)
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
// the tenant's order and stops when its visit function says so: one past
// Terraform's limit (to tell whether more exist), or when Terraform stops
// reading. done says, after the last object, what to report (the API error,
// a filter that matched nothing). A listing cut at the limit says so before
// its last result: Terraform stops reading the stream at its limit.
func (a Adopted[T]) results(ctx context.Context, req list.ListRequest, each func(visit func(T) bool) error,
	done func(count int64, err error, diags *diag.Diagnostics)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		count := int64(0)
		var held []T // the object received but not pushed yet (at most one)
		stopped, more := false, false
		unset := noTimeouts(ctx)
		pushHeld := func() bool {
			for _, obj := range held {
				if !push(a.result(ctx, req, obj, unset)) {
					stopped = true
					return false
				}
			}
			held = held[:0]
			return true
		}
		err := each(func(obj T) bool {
			if req.Limit > 0 && count >= req.Limit {
				more = true
				return false
			}
			count++
			if !pushHeld() {
				return false
			}
			held = append(held, obj)
			return true
		})
		if stopped {
			return
		}
		if more && err == nil {
			first := fmt.Sprintf("the first %d %ss", req.Limit, a.Noun)
			if req.Limit == 1 {
				first = "the first " + a.Noun
			}
			var diags diag.Diagnostics
			diags.AddWarning(fmt.Sprintf("More %ss Than The Limit", titleCase(a.Noun)), fmt.Sprintf(
				"This list block shows %s it selects, its `limit`; more exist. To see them, raise `limit` in the "+
					"`list %q` block (for example `limit = %d`), or narrow its `config` (a `client_id`, say).",
				first, a.TypeName, req.Limit*10))
			if !push(list.ListResult{Diagnostics: diags}) {
				return
			}
		}
		if !pushHeld() {
			return
		}
		var diags diag.Diagnostics
		done(count, err, &diags)
		tflog.Debug(ctx, "Listed for terraform query", map[string]any{"type": a.TypeName, "count": count, "limit": req.Limit, "more": more})
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
