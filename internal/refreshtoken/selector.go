package refreshtoken

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Descriptions of the selector attributes shared by the action and the resource.
const (
	selUserIDDesc = "Revoke this user's refresh tokens. Exactly one of `user_id`, `user_ids`, `token_ids`, `user_query`, `connection_name` and `all_users` is required."
	selClientDesc = "With `user_id`, `user_ids`, `user_query`, `connection_name` or `all_users`: revoke only the tokens issued to this application."
	selAudDesc    = "With `client_id`: revoke only the tokens that grant access to the API with this audience."
	selIDsDesc    = "Revoke these refresh tokens by ID (any number: each is read once, then they are sent in chunks of 100; order and " +
		"repeats do not matter). IDs the tenant does not know are named in a warning and not counted as revoked. An empty list revokes " +
		"nothing and succeeds. Feed it from the `auth0tokens_refresh_tokens` data source (set `include_device = false` to keep device data out of state)."
	selWaitDesc    = "Wait until Auth0 no longer lists the revoked tokens (revocation is asynchronous). Defaults to `true`."
	selTimeoutDesc = "How long to wait for the revocation to take effect, as a Go duration (`90s`, `2m`). Defaults to `2m`."
)

// userIDsDesc describes user_ids; progress says how the type reports it.
func userIDsDesc(progress, failures string) string {
	return "Revoke the refresh tokens of each of these users (at most 10,000; order and repeats do not matter), narrowed by `client_id` " +
		"and `audience` as for one user: for an incident affecting many users. Users are handled a few at a time within the tenant's rate " +
		"limit, " + progress + "; one user's failure does not stop the others. " + failures + " Running it again is safe: it revokes only what is still there."
}

var (
	actionUserIDsDesc = userIDsDesc("with progress shown as it goes",
		"The users that failed are listed at the end with why (not found, forbidden, rate limited, server error).")
	resourceUserIDsDesc = userIDsDesc("with progress in Terraform's log at INFO level (`TF_LOG=INFO`: a resource cannot show progress)",
		"Users that do not exist are named in a warning and skipped; the users that failed otherwise are listed in an error with why "+
			"(forbidden, rate limited, server error), and what was revoked is still recorded.")
)

var (
	pathUserID   = path.Root("user_id")
	pathUserIDs  = path.Root("user_ids")
	pathClientID = path.Root("client_id")
	pathAudience = path.Root("audience")
	pathTokenIDs = path.Root("token_ids")
)

// selectorFields are the selector attributes the action and the resource
// share; each declares its token ID attributes itself.
type selectorFields struct {
	shared.ReachFields
	UserID   types.String `tfsdk:"user_id"`
	UserIDs  types.List   `tfsdk:"user_ids"`
	ClientID types.String `tfsdk:"client_id"`
	Audience types.String `tfsdk:"audience"`
	Wait     types.Bool   `tfsdk:"wait"`
	Timeout  types.String `tfsdk:"timeout"`
}

// check reports the values the revocation would run with that a literal
// would have been refused for: values known only at plan or apply (a
// variable, file(), a data source) skip validation. tokenIDs is the token ID
// attribute in use, at tokenPath.
func (m selectorFields) check(tokenPath path.Path, tokenIDs types.List, diags *diag.Diagnostics) {
	shared.CheckID(pathUserID, "user ID", m.UserID, diags)
	shared.CheckID(path.Root("connection_name"), "connection name", m.ConnectionName, diags)
	shared.CheckID(pathClientID, "client ID", m.ClientID, diags)
	shared.CheckAudience(pathAudience, m.Audience, diags)
	shared.CheckDuration(path.Root("timeout"), m.Timeout, diags)
	shared.UserIDList.CheckValue(pathUserIDs, m.UserIDs, diags)
	shared.TokenIDList.CheckValue(tokenPath, tokenIDs, diags)
}

// warnEmpty warns of an empty ID list, where the revocation is about to run.
func (m selectorFields) warnEmpty(tokenPath path.Path, tokenIDs types.List, diags *diag.Diagnostics) {
	shared.UserIDList.WarnEmpty(pathUserIDs, m.UserIDs, diags)
	shared.TokenIDList.WarnEmpty(tokenPath, tokenIDs, diags)
}

// selection builds the selection; tokenIDs that are set (even empty) select
// by ID. With check, the values are checked first, as check does.
func (m selectorFields) selection(ctx context.Context, tokenPath path.Path, tokenIDs types.List, check bool, diags *diag.Diagnostics) revocation.Selection {
	if check {
		m.check(tokenPath, tokenIDs, diags)
		if diags.HasError() {
			return revocation.Selection{}
		}
	}
	sel := revocation.Selection{Kind: tokens{ClientID: m.ClientID.ValueString(), Audience: m.Audience.ValueString()}, UserID: m.UserID.ValueString(), Users: m.Selector()}
	if !tokenIDs.IsNull() && !tokenIDs.IsUnknown() {
		sel.ByID = true
		diags.Append(tokenIDs.ElementsAs(ctx, &sel.IDs, false)...)
	}
	if !m.UserIDs.IsNull() && !m.UserIDs.IsUnknown() {
		sel.ByUsers = true
		diags.Append(m.UserIDs.ElementsAs(ctx, &sel.UserIDs, false)...)
	}
	return sel
}

func (m selectorFields) revoker(r revocation.Runner) revocation.Runner {
	r.Wait = m.Wait.IsNull() || m.Wait.ValueBool()
	r.Timeout = shared.DefaultTimeout
	if d, err := time.ParseDuration(m.Timeout.ValueString()); err == nil {
		r.Timeout = d
	}
	return r
}
