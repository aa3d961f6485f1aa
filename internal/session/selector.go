package session

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Descriptions of the attributes the action and the resource share.
const (
	selUserIDDesc     = "Sign this user out everywhere: end all of the user's sessions. Exactly one of `user_id`, `user_ids`, `session_ids`, `user_query`, `connection_name` and `all_users` is required."
	selSessionIDsDesc = "End these sessions by ID (each is read once; order and repeats do not matter; IDs the tenant does not know are named " +
		"in a warning and not counted). An empty list revokes nothing and succeeds. Feed it from the `auth0tokens_sessions` data source."
	selWithTokensDesc = "Also revoke refresh tokens. With `user_id`: every refresh token of the user, since tokens not bound to a session " +
		"(issued before 2023-09-21) survive a session revocation. With `session_ids`: the tokens bound to those sessions " +
		"(`POST /api/v2/sessions/{id}/revoke`); `false` ends only the sessions (`DELETE`). Defaults to `true`."
	selWaitDesc    = "Wait until Auth0 no longer lists the sessions (and tokens): revocation is asynchronous. Defaults to `true`."
	selTimeoutDesc = "How long to wait for the revocation to take effect, as a Go duration (`90s`, `2m`). Defaults to `2m`."
	scopesNote     = "Needs the `read:sessions` and `delete:sessions` scopes, and `read:refresh_tokens` and `delete:refresh_tokens` " +
		"with `include_refresh_tokens`."
)

// userIDsDesc describes user_ids; progress says how the type reports it.
func userIDsDesc(progress, failures string) string {
	return "Sign each of these users out everywhere (at most 10,000; order and repeats do not matter): for an incident affecting many " +
		"users. Users are handled a few at a time within the tenant's rate limit, " + progress + "; one user's failure does not stop the " +
		"others. " + failures + " Running it again is safe."
}

var (
	actionUserIDsDesc = userIDsDesc("with progress shown as it goes",
		"The users that failed are listed at the end with why (not found, forbidden, rate limited, server error).")
	resourceUserIDsDesc = userIDsDesc("with progress in Terraform's log at INFO level (`TF_LOG=INFO`: a resource cannot show progress)",
		"Users that do not exist are named in a warning and skipped; the users that failed otherwise are listed in an error with why "+
			"(forbidden, rate limited, server error), and what was revoked is still recorded.")
)

var (
	pathUserID     = path.Root("user_id")
	pathUserIDs    = path.Root("user_ids")
	pathSessionIDs = path.Root("session_ids")
)

// selectorFields are the attributes the action and the resource share; the
// resource adds its write-only session IDs.
type selectorFields struct {
	shared.ReachFields
	UserID               types.String `tfsdk:"user_id"`
	UserIDs              types.List   `tfsdk:"user_ids"`
	SessionIDs           types.List   `tfsdk:"session_ids"`
	IncludeRefreshTokens types.Bool   `tfsdk:"include_refresh_tokens"`
	Wait                 types.Bool   `tfsdk:"wait"`
	Timeout              types.String `tfsdk:"timeout"`
}

// check reports the values the sign-out would run with that a literal would
// have been refused for: values known only at plan or apply (a variable,
// file(), a data source) skip validation. sessionIDs is the session ID
// attribute in use, at sessionPath.
func (m selectorFields) check(sessionPath path.Path, sessionIDs types.List, diags *diag.Diagnostics) {
	shared.CheckID(pathUserID, "user ID", m.UserID, diags)
	shared.CheckID(path.Root("connection_name"), "connection name", m.ConnectionName, diags)
	shared.CheckDuration(path.Root("timeout"), m.Timeout, diags)
	shared.UserIDList.CheckValue(pathUserIDs, m.UserIDs, diags)
	shared.SessionIDList.CheckValue(sessionPath, sessionIDs, diags)
}

// warnEmpty warns of an empty ID list, where the sign-out is about to run.
func (m selectorFields) warnEmpty(sessionPath path.Path, sessionIDs types.List, diags *diag.Diagnostics) {
	shared.UserIDList.WarnEmpty(pathUserIDs, m.UserIDs, diags)
	shared.SessionIDList.WarnEmpty(sessionPath, sessionIDs, diags)
}

// selection builds the selection; sessionIDs that are set (even empty)
// select by ID. With check, the values are checked first, as check does.
func (m selectorFields) selection(ctx context.Context, sessionPath path.Path, sessionIDs types.List, check bool, diags *diag.Diagnostics) revocation.Selection {
	if check {
		m.check(sessionPath, sessionIDs, diags)
		if diags.HasError() {
			return revocation.Selection{}
		}
	}
	sel := revocation.Selection{Kind: sessions{WithTokens: m.IncludeRefreshTokens.IsNull() || m.IncludeRefreshTokens.ValueBool()}, UserID: m.UserID.ValueString(), Users: m.Selector()}
	if !sessionIDs.IsNull() && !sessionIDs.IsUnknown() {
		sel.ByID = true
		diags.Append(sessionIDs.ElementsAs(ctx, &sel.IDs, false)...)
	}
	if !m.UserIDs.IsNull() && !m.UserIDs.IsUnknown() {
		sel.ByUsers = true
		diags.Append(m.UserIDs.ElementsAs(ctx, &sel.UserIDs, false)...)
	}
	return sel
}

func (m selectorFields) revoker(client *auth0api.Client, progress func(string)) revocation.Runner {
	r := revocation.Runner{Client: client, Progress: progress, Sleep: auth0api.Sleep, Wait: m.Wait.IsNull() || m.Wait.ValueBool(), Timeout: shared.DefaultTimeout}
	if d, err := time.ParseDuration(m.Timeout.ValueString()); err == nil {
		r.Timeout = d
	}
	return r
}
