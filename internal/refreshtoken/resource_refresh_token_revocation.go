package refreshtoken

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

var (
	_ resource.ResourceWithConfigure        = (*revocationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*revocationResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*revocationResource)(nil)
	_ resource.ResourceWithImportState      = (*revocationResource)(nil)
)

// NewRevocationResource is the auth0tokens_refresh_token_revocation resource:
// the revocation action as a managed resource, for OpenTofu and Terraform < 1.14.
func NewRevocationResource() resource.Resource { return &revocationResource{} }

type revocationResource struct{ client *auth0api.Client }

type revocationModel struct {
	selectorFields
	TokenIDs        types.Set    `tfsdk:"token_ids"`
	Triggers        types.Map    `tfsdk:"triggers"`
	RevokeOnCreate  types.Bool   `tfsdk:"revoke_on_create"`
	RevokeOnDestroy types.Bool   `tfsdk:"revoke_on_destroy"`
	ID              types.String `tfsdk:"id"`
	RevokedCount    types.Int64  `tfsdk:"revoked_count"`
	RevokedAt       types.String `tfsdk:"revoked_at"`
}

func (r *revocationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_refresh_token_revocation"
}

func (r *revocationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Revokes Auth0 refresh tokens when it is created (and, with `revoke_on_destroy`, when it is destroyed): " +
			"the `auth0tokens_revoke_refresh_tokens` action as a managed resource, for OpenTofu (any version) and Terraform older than 1.14. " +
			"Change `triggers` to revoke again. It records only what it did; it never reads tokens back, so it shows no drift. " +
			"Needs the `delete:refresh_tokens` and `read:refresh_tokens` scopes. Import is not supported.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{MarkdownDescription: selUserIDDesc, Optional: true, PlanModifiers: replace,
				Validators: []validator.String{validID("user ID")}},
			"client_id": schema.StringAttribute{MarkdownDescription: selClientDesc, Optional: true, PlanModifiers: replace,
				Validators: []validator.String{validID("client ID"), stringvalidator.AlsoRequires(path.MatchRoot("user_id"))}},
			"audience": schema.StringAttribute{MarkdownDescription: selAudDesc, Optional: true, PlanModifiers: replace,
				Validators: []validator.String{validID("audience"), stringvalidator.AlsoRequires(path.MatchRoot("client_id"))}},
			"token_ids": schema.SetAttribute{MarkdownDescription: selIDsDesc, Optional: true, ElementType: types.StringType,
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
				Validators:    []validator.Set{setvalidator.ValueStringsAre(validID("refresh token ID"))}},
			"wait": schema.BoolAttribute{MarkdownDescription: selWaitDesc, Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"timeout": schema.StringAttribute{MarkdownDescription: selTimeoutDesc, Optional: true, Computed: true, Default: stringdefault.StaticString("2m"),
				Validators: []validator.String{durationValidator{}}},
			"triggers": schema.MapAttribute{MarkdownDescription: "Arbitrary values; changing any of them replaces the resource, which revokes again.",
				Optional: true, ElementType: types.StringType, PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}},
			"revoke_on_create": schema.BoolAttribute{MarkdownDescription: "Revoke when the resource is created (or replaced). Defaults to `true`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(true)},
			"revoke_on_destroy": schema.BoolAttribute{MarkdownDescription: "Revoke when the resource is destroyed: the environment-teardown switch. Defaults to `false`.",
				Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
			"id": schema.StringAttribute{MarkdownDescription: "Identifier of this revocation (its creation time).", Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"revoked_count": schema.Int64Attribute{MarkdownDescription: "How many tokens the last revocation selected (0 when none existed or `revoke_on_create` is false).", Computed: true},
			"revoked_at":    schema.StringAttribute{MarkdownDescription: "When the last revocation finished (RFC 3339), or null if none ran.", Computed: true},
		},
	}
}

func (r *revocationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("token_ids"))}
}

func (r *revocationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		validateTokenIDs(m.TokenIDs, &resp.Diagnostics)
	}
}

func (r *revocationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *revocationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(time.Now().UTC().Format(time.RFC3339Nano))
	m.RevokedCount = types.Int64Value(0)
	m.RevokedAt = types.StringNull()
	if m.RevokeOnCreate.ValueBool() {
		if !requireClient(r.client, &resp.Diagnostics) {
			return
		}
		sel := m.selection(ctx, m.TokenIDs, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		n, err := m.revoker(revoker{client: r.client, progress: progressLog(ctx), sleep: auth0api.Sleep}).run(ctx, sel)
		if err != nil {
			addRevokeError(&resp.Diagnostics, sel, err)
			return
		}
		m.RevokedCount = types.Int64Value(int64(n))
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
	plan.ID, plan.RevokedCount, plan.RevokedAt = state.ID, state.RevokedCount, state.RevokedAt
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *revocationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m revocationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !m.RevokeOnDestroy.ValueBool() {
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	sel := m.selection(ctx, m.TokenIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := m.revoker(revoker{client: r.client, progress: progressLog(ctx), sleep: auth0api.Sleep}).run(ctx, sel); err != nil {
		addRevokeError(&resp.Diagnostics, sel, err)
	}
}

func (r *revocationResource) ImportState(_ context.Context, _ resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.AddError("Import Not Supported", fmt.Sprintf(
		"%s records a revocation this configuration performed; there is nothing in Auth0 to import. Declare the resource instead: "+
			"with revoke_on_create = false it revokes nothing until destroyed (with revoke_on_destroy = true) or replaced.", "auth0tokens_refresh_token_revocation"))
}

// progressLog reports a resource's revocation progress in the log: resources,
// unlike actions, have no progress channel to the user.
func progressLog(ctx context.Context) func(string) {
	return func(msg string) { tflog.Info(ctx, msg) }
}
