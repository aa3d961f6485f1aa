package session

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	_ resource.ResourceWithConfigure        = (*revocationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*revocationResource)(nil)
	_ resource.ResourceWithImportState      = (*revocationResource)(nil)
)

// NewRevocationResource is the auth0tokens_session_revocation resource: the
// sign-out action as a managed resource, for OpenTofu and Terraform < 1.14.
func NewRevocationResource() resource.Resource { return &revocationResource{} }

type revocationResource struct{ client *auth0api.Client }

type revocationModel struct {
	selectorFields
	Triggers          types.Map    `tfsdk:"triggers"`
	RevokeOnCreate    types.Bool   `tfsdk:"revoke_on_create"`
	RevokeOnDestroy   types.Bool   `tfsdk:"revoke_on_destroy"`
	ID                types.String `tfsdk:"id"`
	RevokedCount      types.Int64  `tfsdk:"revoked_count"`
	RevokedTokenCount types.Int64  `tfsdk:"revoked_token_count"`
	RevokedAt         types.String `tfsdk:"revoked_at"`
}

func (r *revocationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_session_revocation"
}

func (r *revocationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceString := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keepInt := []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Signs a user out everywhere (or ends sessions by ID) when it is created and, with `revoke_on_destroy`, when " +
			"it is destroyed: the `auth0tokens_revoke_sessions` action as a managed resource, for OpenTofu (any version) and Terraform older " +
			"than 1.14. Change `triggers` to sign out again. It records only what it did and shows no drift. A failed `revoke_on_destroy` " +
			"sign-out stops `terraform destroy`. " + scopesNote + " Import is not supported.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{MarkdownDescription: selUserIDDesc, Optional: true, PlanModifiers: replaceString,
				Validators: []validator.String{shared.ValidID("user ID")}},
			"user_ids": schema.SetAttribute{MarkdownDescription: selUserIDsDesc, Optional: true, ElementType: types.StringType,
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()}, Validators: shared.UserIDsValidators()},
			"session_ids": schema.SetAttribute{MarkdownDescription: selSessionIDsDesc, Optional: true, ElementType: types.StringType,
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
				Validators:    []validator.Set{setvalidator.ValueStringsAre(shared.ValidObjectID("session ID")), shared.EmptyIDsWarning{}}},
			"include_refresh_tokens": schema.BoolAttribute{MarkdownDescription: selWithTokensDesc, Optional: true, Computed: true,
				Default: booldefault.StaticBool(true), PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"wait": schema.BoolAttribute{MarkdownDescription: selWaitDesc, Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"timeout": schema.StringAttribute{MarkdownDescription: selTimeoutDesc, Optional: true, Computed: true, Default: stringdefault.StaticString("2m"),
				Validators: []validator.String{shared.Duration{}}},
			"triggers": schema.MapAttribute{MarkdownDescription: "Arbitrary values; changing any of them replaces the resource, which signs out again.",
				Optional: true, ElementType: types.StringType, PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
			"revoke_on_create": schema.BoolAttribute{MarkdownDescription: "Sign out when the resource is created (or replaced). Defaults to `true`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"revoke_on_destroy": schema.BoolAttribute{MarkdownDescription: "Sign out when the resource is destroyed: the environment-teardown switch. " +
				"A user that no longer exists has nothing to revoke: destroy then succeeds with a warning. Defaults to `false`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
			"id": schema.StringAttribute{MarkdownDescription: "Identifier of this revocation (its creation time).", Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"revoked_count": schema.Int64Attribute{MarkdownDescription: "How many sessions the last sign-out ended (0 when none existed or " +
				"`revoke_on_create` is false). Session IDs the tenant does not know are not counted.", Computed: true, PlanModifiers: keepInt},
			"revoked_token_count": schema.Int64Attribute{MarkdownDescription: "How many refresh tokens the last sign-out revoked.", Computed: true, PlanModifiers: keepInt},
			"revoked_at": schema.StringAttribute{MarkdownDescription: "When the last sign-out finished (RFC 3339), or null if none ran.", Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		},
	}
}

func (r *revocationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("user_ids"), path.MatchRoot("session_ids"))}
}

func (r *revocationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = shared.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *revocationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(time.Now().UTC().Format(time.RFC3339Nano))
	m.RevokedCount, m.RevokedTokenCount, m.RevokedAt = types.Int64Value(0), types.Int64Value(0), types.StringNull()
	if m.RevokeOnCreate.ValueBool() {
		if !shared.RequireClient(r.client, &resp.Diagnostics) {
			return
		}
		sel := m.selection(ctx, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		out, err := m.revoker(r.client, progressLog(ctx)).run(ctx, sel)
		addOutcome(&resp.Diagnostics, sel, out)
		if err != nil {
			shared.AddRevokeError(&resp.Diagnostics, sel.what(), err, "run terraform apply again (a failed create is retried; otherwise change triggers to sign out again)", shared.WaitSettingsHint)
		}
		if resp.Diagnostics.HasError() {
			return
		}
		m.RevokedCount, m.RevokedTokenCount = types.Int64Value(int64(out.Sessions)), types.Int64Value(int64(out.Tokens))
		m.RevokedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the state as it is: the resource records an event, not an object.
func (r *revocationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update only changes settings that take effect later (wait, timeout, revoke_on_*).
func (r *revocationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state revocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.RevokedCount, plan.RevokedTokenCount, plan.RevokedAt = state.ID, state.RevokedCount, state.RevokedTokenCount, state.RevokedAt
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *revocationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !m.RevokeOnDestroy.ValueBool() || !shared.RequireClient(r.client, &resp.Diagnostics) {
		return
	}
	sel := m.selection(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	out, err := m.revoker(r.client, progressLog(ctx)).run(ctx, sel)
	shared.ForgetDeletedUsers(&resp.Diagnostics, out.Failed)
	addOutcome(&resp.Diagnostics, sel, out)
	switch {
	case auth0api.IsUserNotFound(err):
		resp.Diagnostics.AddWarning("User No Longer Exists", "Auth0 has no user "+sel.UserID+
			", so there were no sessions to end; the resource was destroyed. If the user ID was mistyped, nothing was revoked.")
	case err != nil:
		shared.AddRevokeError(&resp.Diagnostics, sel.what(), err, "run terraform destroy again", shared.WaitSettingsHint)
	}
}

func (r *revocationResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Import Not Supported",
		"auth0tokens_session_revocation records a sign-out this configuration performed; there is nothing in Auth0 to import. "+
			"Declare the resource instead. Creating it signs out now (unless revoke_on_create = false); replacing it, which any change to "+
			"user_id, user_ids, session_ids, include_refresh_tokens or triggers does, signs out again; with revoke_on_destroy = true, destroying it does too.")
}

// progressLog reports a resource's progress in the log: resources, unlike
// actions, have no progress channel to the user.
func progressLog(ctx context.Context) func(string) {
	return func(msg string) { tflog.Info(ctx, msg) }
}
