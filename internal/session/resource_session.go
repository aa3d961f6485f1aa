package session

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ resource.ResourceWithConfigure   = (*sessionResource)(nil)
	_ resource.ResourceWithIdentity    = (*sessionResource)(nil)
	_ resource.ResourceWithImportState = (*sessionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*sessionResource)(nil)
)

// NewSessionResource is the auth0tokens_session resource: an existing
// session adopted by import, whose metadata Terraform manages and which is
// revoked, with its refresh tokens, when its block is removed.
func NewSessionResource() resource.Resource { return &sessionResource{} }

type sessionResource struct{ client *auth0api.Client }

// resourceModel is the resource's state: the session as the data source
// shows it, less `device` (personal data stays out of managed state).
type resourceModel struct {
	ID                    types.String   `tfsdk:"id"`
	UserID                types.String   `tfsdk:"user_id"`
	CreatedAt             types.String   `tfsdk:"created_at"`
	UpdatedAt             types.String   `tfsdk:"updated_at"`
	AuthenticatedAt       types.String   `tfsdk:"authenticated_at"`
	IdleExpiresAt         types.String   `tfsdk:"idle_expires_at"`
	ExpiresAt             types.String   `tfsdk:"expires_at"`
	LastInteractedAt      types.String   `tfsdk:"last_interacted_at"`
	ClientIDs             types.List     `tfsdk:"client_ids"`
	AuthenticationMethods types.List     `tfsdk:"authentication_methods"`
	CookieMode            types.String   `tfsdk:"cookie_mode"`
	Metadata              types.Map      `tfsdk:"metadata"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

// resourceFields are the session's read-only fields in the resource.
func resourceFields() []shared.Field {
	var out []shared.Field
	for _, f := range fields {
		if f.Name != "device" && f.Name != "session_metadata" {
			out = append(out, f)
		}
	}
	return out
}

// newResourceModel is the state for a session; timeouts stay as configured.
func newResourceModel(ctx context.Context, s auth0api.Session, to timeouts.Value) (resourceModel, diag.Diagnostics) {
	m, diags := flatten(ctx, s, false)
	return resourceModel{
		ID: m.ID, UserID: m.UserID, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt, AuthenticatedAt: m.AuthenticatedAt,
		IdleExpiresAt: m.IdleExpiresAt, ExpiresAt: m.ExpiresAt, LastInteractedAt: m.LastInteractedAt, ClientIDs: m.ClientIDs,
		AuthenticationMethods: m.AuthenticationMethods, CookieMode: m.CookieMode, Metadata: m.SessionMetadata, Timeouts: to,
	}, diags
}

func (r *sessionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_session"
}

func (r *sessionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := shared.ResourceAttributes(resourceFields(), "user_id", "created_at")
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the session to adopt. Changing it is refused at plan: import the other session instead.",
		Required:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{shared.ValidObjectID("session ID")},
	}
	attrs["metadata"] = shared.MetadataAttribute("session")
	attrs["timeouts"] = shared.DeleteTimeouts(ctx, "session and its refresh tokens")
	resp.Schema = schema.Schema{
		MarkdownDescription: "An existing Auth0 session (the SSO cookie that mints refresh tokens), adopted by Terraform: import it (by ID " +
			"or by identity), or discover a user's sessions with `terraform query` and the `auth0tokens_session` list resource (Terraform " +
			"1.14+), which can generate the blocks. Terraform then manages the session's `metadata`, refreshes the rest (a session ended " +
			"elsewhere leaves state), and, when the block is removed or destroyed, revokes the session and the refresh tokens bound to it, " +
			"waiting until Auth0 lists neither. Terraform cannot create sessions: users' sign-ins do. To stop managing a session without " +
			"revoking it, use a `removed` block with `lifecycle { destroy = false }`. `device` (IPs, user agents) is not kept: read it with " +
			"the data source or the ephemeral resource. Needs `read:sessions`, `update:sessions` (metadata), `delete:sessions` (destroy) " +
			"and `read:refresh_tokens` (to confirm the bound tokens are gone).",
		Attributes: attrs,
	}
}

func (r *sessionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = shared.IDIdentity("session")
}

func (r *sessionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *sessionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}

// ModifyPlan refuses, at plan, to create a session.
func (r *sessionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("id"), &id)...)
		example := id.ValueString()
		if id.IsUnknown() || example == "" {
			example = "SESSION_ID"
		}
		shared.AddCreateRefused(&resp.Diagnostics, "auth0tokens_session", "session", example)
	}
}

// Create is refused at plan (ModifyPlan); this is the same answer should a plan reach it.
func (r *sessionResource) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	shared.AddCreateRefused(&resp.Diagnostics, "auth0tokens_session", "session", "SESSION_ID")
}

func (r *sessionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	s, err := r.client.GetSession(ctx, id)
	if auth0api.IsNotFound(err) {
		tflog.Info(ctx, "The session no longer exists (ended or expired); removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		// The framework wants an identity even for a removed resource, and
		// OpenTofu, which keeps none, would otherwise get an error.
		resp.Diagnostics.Append(resp.Identity.Set(ctx, shared.IDModel{ID: state.ID})...)
		return
	}
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, fmt.Sprintf("reading session %q", id), err)
		return
	}
	setState(ctx, s, state.Timeouts, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Update replaces the session's metadata when it changed, and reads the session back.
func (r *sessionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := plan.ID.ValueString()
	var s auth0api.Session
	var err error
	if metadata, changed := shared.ChangedMetadata(ctx, plan.Metadata, state.Metadata, &resp.Diagnostics); changed {
		tflog.Info(ctx, "Replacing the session's metadata", map[string]any{"id": id, "keys": len(metadata)})
		s, err = r.client.UpdateSessionMetadata(ctx, id, metadata)
	} else {
		s, err = r.client.GetSession(ctx, id)
	}
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, fmt.Sprintf("updating session %q", id), err)
		return
	}
	setState(ctx, s, plan.Timeouts, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete revokes the session and its bound refresh tokens, and waits until
// Auth0 lists neither. A session already gone is not an error.
func (r *sessionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	timeout, d := state.Timeouts.Delete(ctx, shared.DefaultTimeout)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	id := state.ID.ValueString()
	sel := selection{ByID: true, SessionIDs: []string{id}, WithTokens: true}
	rev := revoker{client: r.client, progress: progressLog(ctx), wait: true, timeout: timeout, sleep: auth0api.Sleep}
	if _, err := rev.run(ctx, sel); err != nil {
		shared.AddRevokeError(&resp.Diagnostics, "session "+id, err, "run terraform destroy (or apply) again", shared.DeleteTimeoutHint)
	}
}

// setState writes the session and its identity.
func setState(ctx context.Context, s auth0api.Session, to timeouts.Value, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m, d := newResourceModel(ctx, s, to)
	diags.Append(d...)
	diags.Append(state.Set(ctx, m)...)
	if identity != nil {
		diags.Append(identity.Set(ctx, shared.IDModel{ID: m.ID})...)
	}
}
