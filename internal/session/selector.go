package session

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Descriptions of the attributes the action and the resource share.
const (
	selUserIDDesc  = "Sign this user out everywhere: end all of the user's sessions. Exactly one of `user_id`, `user_ids` and `session_ids` is required."
	selUserIDsDesc = "Sign each of these users out everywhere (at most 10,000): for an incident affecting many users. Users are handled a few " +
		"at a time within the tenant's rate limit, with progress; one user's failure does not stop the others, and the failed users are " +
		"listed at the end with why (not found, forbidden, rate limited, server error). Running it again is safe."
	selSessionIDsDesc = "End these sessions by ID (each is read once; IDs the tenant does not know are named in a warning and not counted). " +
		"An empty list revokes nothing and succeeds. Feed it from the `auth0tokens_sessions` data source."
	selWithTokensDesc = "Also revoke refresh tokens. With `user_id`: every refresh token of the user, since tokens not bound to a session " +
		"(issued before 2023-09-21) survive a session revocation. With `session_ids`: the tokens bound to those sessions " +
		"(`POST /api/v2/sessions/{id}/revoke`); `false` ends only the sessions (`DELETE`). Defaults to `true`."
	selWaitDesc    = "Wait until Auth0 no longer lists the sessions (and tokens): revocation is asynchronous. Defaults to `true`."
	selTimeoutDesc = "How long to wait for the revocation to take effect, as a Go duration (`90s`, `2m`). Defaults to `2m`."
	scopesNote     = "Needs the `read:sessions` and `delete:sessions` scopes, and `read:refresh_tokens` and `delete:refresh_tokens` " +
		"with `include_refresh_tokens`."
)

// selectorFields are the attributes the action and the resource share.
type selectorFields struct {
	UserID               types.String `tfsdk:"user_id"`
	UserIDs              types.Set    `tfsdk:"user_ids"`
	SessionIDs           types.Set    `tfsdk:"session_ids"`
	IncludeRefreshTokens types.Bool   `tfsdk:"include_refresh_tokens"`
	Wait                 types.Bool   `tfsdk:"wait"`
	Timeout              types.String `tfsdk:"timeout"`
}

func (m selectorFields) selection(ctx context.Context, diags *diag.Diagnostics) selection {
	sel := selection{UserID: m.UserID.ValueString(), WithTokens: m.IncludeRefreshTokens.IsNull() || m.IncludeRefreshTokens.ValueBool()}
	if !m.SessionIDs.IsNull() && !m.SessionIDs.IsUnknown() {
		sel.ByID = true
		diags.Append(m.SessionIDs.ElementsAs(ctx, &sel.SessionIDs, false)...)
	}
	if !m.UserIDs.IsNull() && !m.UserIDs.IsUnknown() {
		sel.ByUsers = true
		diags.Append(m.UserIDs.ElementsAs(ctx, &sel.UserIDs, false)...)
	}
	return sel
}

func (m selectorFields) revoker(client *auth0api.Client, progress func(string)) revoker {
	r := revoker{client: client, progress: progress, sleep: auth0api.Sleep, wait: m.Wait.IsNull() || m.Wait.ValueBool(), timeout: shared.DefaultTimeout}
	if d, err := time.ParseDuration(m.Timeout.ValueString()); err == nil {
		r.timeout = d
	}
	return r
}
