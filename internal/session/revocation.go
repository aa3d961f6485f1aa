package session

import (
	"context"

	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

const (
	withTokensDesc = "Also revoke refresh tokens. With `user_id`: every refresh token of the user, since tokens not bound to a session " +
		"(issued before 2023-09-21) survive a session revocation. With `session_ids`: the tokens bound to those sessions " +
		"(`POST /api/v2/sessions/{id}/revoke`); `false` ends only the sessions (`DELETE`). Defaults to `true`."
	scopesNote = "Needs the `read:sessions` and `delete:sessions` scopes, and `read:refresh_tokens` and `delete:refresh_tokens` " +
		"with `include_refresh_tokens`."
)

var pathIncludeRefreshTokens = path.Root("include_refresh_tokens")

// Revocation is what the sign-out action and resource say and add.
var Revocation = revocation.Spec{
	Kind:     sessions{},
	Action:   "_revoke_sessions",
	Resource: "_session_revocation",
	IDList:   shared.SessionIDList,
	ActionDesc: "Signs a user out everywhere: ends the user's Auth0 sessions (the SSO sessions that mint new refresh tokens " +
		"at the next silent login) and, by default, revokes the user's refresh tokens too; or ends sessions by ID. Invoke it with " +
		"`terraform apply -invoke=action.auth0tokens_revoke_sessions.NAME` (Terraform 1.14+) or trigger it from a resource's " +
		"`lifecycle { action_trigger { ... } }`. OpenTofu and older Terraform have no actions: use the `auth0tokens_session_revocation` " +
		"resource. A failed destroy-time action never stops `terraform destroy`; where that matters, use the resource with " +
		"`revoke_on_destroy = true`. Nothing to revoke is a success. " + scopesNote,
	ResourceDesc: "Signs a user out everywhere (or ends sessions by ID) when it is created and, with `revoke_on_destroy`, when " +
		"it is destroyed: the `auth0tokens_revoke_sessions` action as a managed resource, for OpenTofu (any version) and Terraform older " +
		"than 1.14. Change `triggers` to sign out again. It records only what it did and shows no drift. A failed `revoke_on_destroy` " +
		"sign-out stops `terraform destroy`. Review then sign out without personal data in state: feed `session_ids_wo` from the " +
		"`auth0tokens_sessions` ephemeral resource. Of many users, one that does not exist is named in a warning and skipped (none of the given `user_ids` existing, or a single `user_id` that does not exist, is an error at create). When a sign-out " +
		"fails part way, what it revoked is still recorded, and Terraform marks the resource tainted: the next apply replaces it, which " +
		"signs out what is left. " + scopesNote + " Import is not supported.",
	UserIDDesc: "Sign this user out everywhere: end all of the user's sessions.",
	UserIDsDesc: func(progress, failures string) string {
		return "Sign each of these users out everywhere (at most 10,000; order and repeats do not matter): for an incident affecting many " +
			"users. Users are handled a few at a time within the tenant's rate limit, " + progress + "; one user's failure does not stop the " +
			"others. " + failures + " Running it again is safe."
	},
	IDsDesc: "End these sessions by ID (each is read once; order and repeats do not matter; IDs the tenant does not know are named " +
		"in a warning and not counted). An empty list revokes nothing and succeeds. Feed it from the `auth0tokens_sessions` data source.",
	IDsWODesc: "Write-only: end these sessions by ID (with their bound refresh tokens, per `include_refresh_tokens`), never " +
		"writing the IDs to plan or state, so it can take values from the `auth0tokens_sessions` ephemeral resource. Needs Terraform " +
		"1.11+ or OpenTofu 1.11+. Terraform keeps no copy, so a changed list cannot be noticed: change `session_ids_wo_version` to " +
		"sign out again. Cannot be combined with `revoke_on_destroy` (nothing is kept to revoke at destroy time) or `revoke_on_create = false`.",
	IDsWOVersionDesc: "Any number; changing it replaces the resource, which ends the sessions of the current `session_ids_wo` again.",
	WaitDesc:         "Wait until Auth0 no longer lists the sessions (and tokens): revocation is asynchronous. Defaults to `true`.",
	RevokedCountDesc: "How many sessions the last sign-out ended (0 when none existed or " +
		"`revoke_on_create` is false). Session IDs the tenant does not know are not counted. Recorded also when the sign-out failed part " +
		"way (the resource is then tainted).",
	Verb:      "Sign out",
	Again:     "signs out again",
	Event:     "sign-out",
	EndsAgain: "ends",
	WOKind:    "Session",
	UserGone: func(user string) string {
		return "Auth0 has no user " + user + ", so there were no sessions to end; the resource was destroyed. " +
			"If the user ID was mistyped, nothing was revoked."
	},
	ImportDesc: "auth0tokens_session_revocation records a sign-out this configuration performed; there is nothing in Auth0 to import. " +
		"Declare the resource instead. Creating it signs out now (unless revoke_on_create = false); replacing it, which any change to " +
		"user_id, user_ids, session_ids, session_ids_wo_version, include_refresh_tokens or triggers does, signs out again; with revoke_on_destroy = true, destroying it does too.",
	ActionAttrs: func() map[string]aschema.Attribute {
		return map[string]aschema.Attribute{
			"include_refresh_tokens": aschema.BoolAttribute{MarkdownDescription: withTokensDesc, Optional: true},
		}
	},
	ResourceAttrs: func() map[string]rschema.Attribute {
		return map[string]rschema.Attribute{
			"include_refresh_tokens": rschema.BoolAttribute{MarkdownDescription: withTokensDesc, Optional: true, Computed: true,
				Default: booldefault.StaticBool(true), PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"revoked_token_count": rschema.Int64Attribute{MarkdownDescription: "How many refresh tokens the last sign-out revoked.", Computed: true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
		}
	},
	Counts: []revocation.Count{{Attr: "revoked_count", Item: shared.KindSessions}, {Attr: "revoked_token_count", Item: shared.KindTokens}},
	Check:  func(context.Context, revocation.Getter, *diag.Diagnostics) {},
	Configure: func(ctx context.Context, from revocation.Getter, diags *diag.Diagnostics) revocation.Kind {
		var withTokens types.Bool
		diags.Append(from.GetAttribute(ctx, pathIncludeRefreshTokens, &withTokens)...)
		return sessions{WithTokens: withTokens.IsNull() || withTokens.ValueBool()}
	},
}
