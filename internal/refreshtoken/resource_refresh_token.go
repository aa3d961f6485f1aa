package refreshtoken

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
	_ resource.ResourceWithConfigure   = (*tokenResource)(nil)
	_ resource.ResourceWithIdentity    = (*tokenResource)(nil)
	_ resource.ResourceWithImportState = (*tokenResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*tokenResource)(nil)
)

// NewTokenResource is the auth0tokens_refresh_token resource: an existing
// refresh token adopted by import, whose metadata Terraform manages and
// which is revoked when its block is removed.
func NewTokenResource() resource.Resource { return &tokenResource{} }

type tokenResource struct{ client *auth0api.Client }

// tokenResourceModel is the resource's state: the token as the data source
// shows it, less `device` (personal data stays out of managed state).
type tokenResourceModel struct {
	ID              types.String   `tfsdk:"id"`
	UserID          types.String   `tfsdk:"user_id"`
	ClientID        types.String   `tfsdk:"client_id"`
	SessionID       types.String   `tfsdk:"session_id"`
	CreatedAt       types.String   `tfsdk:"created_at"`
	ExpiresAt       types.String   `tfsdk:"expires_at"`
	IdleExpiresAt   types.String   `tfsdk:"idle_expires_at"`
	LastExchangedAt types.String   `tfsdk:"last_exchanged_at"`
	Rotating        types.Bool     `tfsdk:"rotating"`
	ResourceServers types.List     `tfsdk:"resource_servers"`
	Metadata        types.Map      `tfsdk:"metadata"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// tokenResourceFields are the token's read-only fields in the resource.
func tokenResourceFields() []shared.Field {
	var out []shared.Field
	for _, f := range tokenFields {
		if f.Name != "device" && f.Name != metadataField {
			out = append(out, f)
		}
	}
	return out
}

// newTokenResourceModel is the state for a token; timeouts stay as configured.
func newTokenResourceModel(ctx context.Context, t auth0api.RefreshToken, to timeouts.Value) (tokenResourceModel, diag.Diagnostics) {
	m, diags := flattenToken(ctx, t, false)
	return tokenResourceModel{
		ID: m.ID, UserID: m.UserID, ClientID: m.ClientID, SessionID: m.SessionID, CreatedAt: m.CreatedAt, ExpiresAt: m.ExpiresAt,
		IdleExpiresAt: m.IdleExpiresAt, LastExchangedAt: m.LastExchangedAt, Rotating: m.Rotating, ResourceServers: m.ResourceServers,
		Metadata: m.RefreshTokenMetadata, Timeouts: to,
	}, diags
}

func (r *tokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_refresh_token"
}

func (r *tokenResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := shared.ResourceAttributes(tokenResourceFields(),
		"user_id", "client_id", "session_id", "created_at", "expires_at", "rotating", "resource_servers")
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "ID of the refresh token to adopt. Changing it is refused at plan: import the other token instead.",
		Required:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{shared.ValidObjectID("refresh token ID")},
	}
	attrs["metadata"] = shared.MetadataAttribute("token")
	attrs["timeouts"] = shared.DeleteTimeouts(ctx, "token")
	resp.Schema = schema.Schema{
		MarkdownDescription: "An existing Auth0 refresh token, adopted by Terraform: import it (by ID or by identity), or discover a user's " +
			"tokens with `terraform query` and the `auth0tokens_refresh_token` list resource (Terraform 1.14+), which can generate the blocks. " +
			"Terraform then manages the token's `metadata`, refreshes the rest (a token revoked elsewhere leaves state), and revokes the token " +
			"when the block is removed or destroyed, waiting until Auth0 no longer lists it. Terraform cannot create refresh tokens: users' " +
			"sign-ins do. To stop managing a token without revoking it, use a `removed` block with `lifecycle { destroy = false }`. " +
			"`device` (IPs, user agents) is not kept: read it with the data source or the ephemeral resource. " +
			"Needs `read:refresh_tokens`, `update:refresh_tokens` (metadata) and `delete:refresh_tokens` (destroy).",
		Attributes: attrs,
	}
}

func (r *tokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = shared.IDIdentity("refresh token")
}

func (r *tokenResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *tokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}

// ModifyPlan refuses, at plan, to create a token.
func (r *tokenResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("id"), &id)...)
		example := id.ValueString()
		if id.IsUnknown() || example == "" {
			example = "TOKEN_ID"
		}
		shared.AddCreateRefused(&resp.Diagnostics, "auth0tokens_refresh_token", "refresh token", example)
	}
}

// Create is refused at plan (ModifyPlan); this is the same answer should a plan reach it.
func (r *tokenResource) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	shared.AddCreateRefused(&resp.Diagnostics, "auth0tokens_refresh_token", "refresh token", "TOKEN_ID")
}

func (r *tokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state tokenResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	t, err := r.client.GetToken(ctx, id)
	if auth0api.IsNotFound(err) {
		tflog.Info(ctx, "The refresh token no longer exists (revoked or expired); removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		// The framework wants an identity even for a removed resource, and
		// OpenTofu, which keeps none, would otherwise get an error.
		resp.Diagnostics.Append(resp.Identity.Set(ctx, shared.IDModel{ID: state.ID})...)
		return
	}
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, fmt.Sprintf("reading refresh token %q", id), err)
		return
	}
	r.setState(ctx, t, state.Timeouts, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Update replaces the token's metadata when it changed, and reads the token back.
func (r *tokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state tokenResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := plan.ID.ValueString()
	var t auth0api.RefreshToken
	var err error
	if metadata, changed := shared.ChangedMetadata(ctx, plan.Metadata, state.Metadata, &resp.Diagnostics); changed {
		tflog.Info(ctx, "Replacing the refresh token's metadata", map[string]any{"id": id, "keys": len(metadata)})
		t, err = r.client.UpdateTokenMetadata(ctx, id, metadata)
	} else {
		t, err = r.client.GetToken(ctx, id)
	}
	if err != nil {
		shared.AddAPIError(&resp.Diagnostics, fmt.Sprintf("updating refresh token %q", id), err)
		return
	}
	r.setState(ctx, t, plan.Timeouts, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete revokes the token and waits until Auth0 no longer lists it. A token
// already gone is not an error: there is nothing left to revoke.
func (r *tokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state tokenResourceModel
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
	sel := selection{ByID: true, TokenIDs: []string{id}}
	rev := revoker{client: r.client, progress: progressLog(ctx), wait: true, timeout: timeout, sleep: auth0api.Sleep}
	if _, err := rev.run(ctx, sel); err != nil {
		shared.AddRevokeError(&resp.Diagnostics, "refresh token "+id, err,
			"run terraform destroy (or apply) again", shared.DeleteTimeoutHint)
	}
}

// setState writes the token and its identity.
func (r *tokenResource) setState(ctx context.Context, t auth0api.RefreshToken, to timeouts.Value, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m, d := newTokenResourceModel(ctx, t, to)
	diags.Append(d...)
	diags.Append(state.Set(ctx, m)...)
	if identity != nil {
		diags.Append(identity.Set(ctx, shared.IDModel{ID: m.ID})...)
	}
}
