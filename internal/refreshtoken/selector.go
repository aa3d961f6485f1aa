package refreshtoken

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Descriptions of the selector attributes shared by the action and the resource.
const (
	selUserIDDesc  = "Revoke this user's refresh tokens. Exactly one of `user_id`, `user_ids` and `token_ids` is required."
	selUserIDsDesc = "Revoke the refresh tokens of each of these users (at most 10,000), narrowed by `client_id` and `audience` as for one " +
		"user: for an incident affecting many users. Users are handled a few at a time within the tenant's rate limit, with progress; one " +
		"user's failure does not stop the others, and the failed users are listed at the end with why (not found, forbidden, rate limited, " +
		"server error). Running it again is safe: it revokes only what is still there."
	selClientDesc = "With `user_id` or `user_ids`: revoke only the tokens issued to this application."
	selAudDesc    = "With `client_id`: revoke only the tokens that grant access to the API with this audience."
	selIDsDesc    = "Revoke these refresh tokens by ID (any number: each is read once, then they are sent in chunks of 100). " +
		"IDs the tenant does not know are named in a warning and not counted as revoked. An empty list revokes nothing and succeeds. " +
		"Feed it from the `auth0tokens_refresh_tokens` data source (set `include_device = false` to keep device data out of state)."
	selWaitDesc    = "Wait until Auth0 no longer lists the revoked tokens (revocation is asynchronous). Defaults to `true`."
	selTimeoutDesc = "How long to wait for the revocation to take effect, as a Go duration (`90s`, `2m`). Defaults to `2m`."
)

// selectorFields are the selector attributes the action and the resource
// share; each declares its token ID attributes itself.
type selectorFields struct {
	UserID   types.String `tfsdk:"user_id"`
	UserIDs  types.Set    `tfsdk:"user_ids"`
	ClientID types.String `tfsdk:"client_id"`
	Audience types.String `tfsdk:"audience"`
	Wait     types.Bool   `tfsdk:"wait"`
	Timeout  types.String `tfsdk:"timeout"`
}

// stringCollection is a types.Set (token_ids) or a types.List (the
// resource's write-only token_ids_wo: the framework has no write-only sets).
type stringCollection interface {
	IsNull() bool
	IsUnknown() bool
	ElementsAs(ctx context.Context, target any, allowUnhandled bool) diag.Diagnostics
}

// selection builds the selection; tokenIDs that are set (even empty) select by ID.
func (m selectorFields) selection(ctx context.Context, tokenIDs stringCollection, diags *diag.Diagnostics) selection {
	sel := selection{UserID: m.UserID.ValueString(), ClientID: m.ClientID.ValueString(), Audience: m.Audience.ValueString()}
	if !tokenIDs.IsNull() && !tokenIDs.IsUnknown() {
		sel.ByID = true
		diags.Append(tokenIDs.ElementsAs(ctx, &sel.TokenIDs, false)...)
	}
	if !m.UserIDs.IsNull() && !m.UserIDs.IsUnknown() {
		sel.ByUsers = true
		diags.Append(m.UserIDs.ElementsAs(ctx, &sel.UserIDs, false)...)
	}
	return sel
}

func (m selectorFields) revoker(r revoker) revoker {
	r.wait = m.Wait.IsNull() || m.Wait.ValueBool()
	r.timeout = shared.DefaultTimeout
	if d, err := time.ParseDuration(m.Timeout.ValueString()); err == nil {
		r.timeout = d
	}
	return r
}
