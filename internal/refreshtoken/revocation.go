package refreshtoken

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

var (
	pathClientID = path.Root("client_id")
	pathAudience = path.Root("audience")
)

// clientDesc and audienceDesc describe the filter, in the action and the resource.
var (
	clientDesc   = "With " + revocation.ByUserSelectors() + ": revoke only the tokens issued to this application."
	audienceDesc = "With `client_id`: revoke only the tokens that grant access to the API with this audience."
)

// Revocation is what the refresh-token action and resource say and add.
var Revocation = revocation.Spec{
	Kind:     tokens{},
	Action:   "_revoke_refresh_tokens",
	Resource: "_refresh_token_revocation",
	IDList:   shared.TokenIDList,
	ActionDesc: "Revokes Auth0 refresh tokens: all of a user's, a user's for one application (and API), or a list of token IDs. " +
		"Invoke it with `terraform apply -invoke=action.auth0tokens_revoke_refresh_tokens.NAME` (Terraform 1.14+), or trigger it from a " +
		"resource's `lifecycle { action_trigger { ... } }`; `before_destroy` and `after_destroy` triggers need Terraform 1.16+. " +
		"OpenTofu and older Terraform have no actions: use the `auth0tokens_refresh_token_revocation` resource. " +
		"Needs the `delete:refresh_tokens` and `read:refresh_tokens` scopes. Nothing to revoke is a success. " +
		"Terraform never lets a failed `before_destroy` or `after_destroy` action stop `terraform destroy` (whatever `on_failure` says): " +
		"where revocation must succeed before an environment goes, use the resource with `revoke_on_destroy = true`, which does block. " +
		"`token_ids` cannot take ephemeral values: see the `auth0tokens_refresh_tokens` ephemeral resource's page for why and what works.",
	ResourceDesc: "Revokes Auth0 refresh tokens when it is created (and, with `revoke_on_destroy`, when it is destroyed): " +
		"the `auth0tokens_revoke_refresh_tokens` action as a managed resource, for OpenTofu (any version) and Terraform older than 1.14. " +
		"Change `triggers` to revoke again. It records only what it did; it never reads tokens back, so it shows no drift. " +
		"Unlike a destroy-time action, a failed `revoke_on_destroy` revocation stops `terraform destroy`. " +
		"Review then revoke without personal data in state: feed `token_ids_wo` from the `auth0tokens_refresh_tokens` ephemeral resource. " +
		"Needs the `delete:refresh_tokens` and `read:refresh_tokens` scopes. Import is not supported. " +
		"Of many users, one that does not exist is named in a warning and skipped (none of the given `user_ids` existing, or a single `user_id` that does not exist, is an error at create). When a revocation fails part way, what it revoked is still " +
		"recorded, and Terraform marks the resource tainted: the next apply replaces it, which revokes what is left.",
	UserIDDesc: "Revoke this user's refresh tokens.",
	UserIDsDesc: func(progress, failures string) string {
		return "Revoke the refresh tokens of each of these users (at most 10,000; order and repeats do not matter), narrowed by `client_id` " +
			"and `audience` as for one user: for an incident affecting many users. Users are handled a few at a time within the tenant's rate " +
			"limit, " + progress + "; one user's failure does not stop the others. " + failures + " Running it again is safe: it revokes only what is still there."
	},
	IDsDesc: "Revoke these refresh tokens by ID (any number: each is read once, then they are sent in chunks of 100; order and " +
		"repeats do not matter). IDs the tenant does not know are named in a warning and not counted as revoked. An empty list revokes " +
		"nothing and succeeds. Feed it from the `auth0tokens_refresh_tokens` data source (set `include_device = false` to keep device data out of state).",
	IDsWODesc: "Write-only: revoke these refresh tokens by ID, never writing the IDs to plan or state, so it can take values from " +
		"the `auth0tokens_refresh_tokens` ephemeral resource. Needs Terraform 1.11+ or OpenTofu 1.11+. Terraform keeps no copy, so " +
		"a changed list cannot be noticed: change `token_ids_wo_version` to revoke again. Cannot be combined with `revoke_on_destroy` " +
		"(nothing is kept to revoke at destroy time) or `revoke_on_create = false`.",
	IDsWOVersionDesc: "Any number; changing it replaces the resource, which revokes the current `token_ids_wo` again.",
	WaitDesc:         "Wait until Auth0 no longer lists the revoked tokens (revocation is asynchronous). Defaults to `true`.",
	RevokedCountDesc: "How many tokens the last revocation revoked: 0 when none existed or " +
		"`revoke_on_create` is false. Token IDs the tenant does not know are not counted. Recorded also when the revocation failed " +
		"part way (the resource is then tainted).",
	Verb:      "Revoke",
	Again:     "revokes again",
	Event:     "revocation",
	EndsAgain: "revokes",
	WOKind:    "Token",
	UserGone: func(user string) string {
		return "Auth0 has no user " + user + ", so there were no refresh tokens to revoke; the resource was destroyed. " +
			"If the user ID was mistyped, no tokens were revoked."
	},
	ImportDesc: "auth0tokens_refresh_token_revocation records a revocation this configuration performed; there is nothing in Auth0 to import. " +
		"Declare the resource instead. Creating it revokes now (unless revoke_on_create = false); replacing it, which any change to " +
		"user_id, user_ids, client_id, audience, token_ids, token_ids_wo_version or triggers does, revokes again; with revoke_on_destroy = true, " +
		"destroying it revokes too.",
	ActionAttrs: func() map[string]aschema.Attribute {
		return map[string]aschema.Attribute{
			"client_id": aschema.StringAttribute{MarkdownDescription: clientDesc, Optional: true, Validators: []validator.String{
				shared.ValidID("client ID"), stringvalidator.ConflictsWith(path.MatchRoot("token_ids")),
			}},
			"audience": aschema.StringAttribute{MarkdownDescription: audienceDesc, Optional: true, Validators: []validator.String{
				shared.ValidAudience(), stringvalidator.AlsoRequires(path.MatchRoot("client_id")),
			}},
		}
	},
	ResourceAttrs: func() map[string]rschema.Attribute {
		replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
		return map[string]rschema.Attribute{
			"client_id": rschema.StringAttribute{MarkdownDescription: clientDesc, Optional: true, PlanModifiers: replace,
				Validators: []validator.String{shared.ValidID("client ID"), stringvalidator.ConflictsWith(path.MatchRoot("token_ids"), path.MatchRoot("token_ids_wo"))}},
			"audience": rschema.StringAttribute{MarkdownDescription: audienceDesc, Optional: true, PlanModifiers: replace,
				Validators: []validator.String{shared.ValidAudience(), stringvalidator.AlsoRequires(path.MatchRoot("client_id"))}},
		}
	},
	Counts: []revocation.Count{{Attr: "revoked_count", Item: shared.KindTokens}},
	Check: func(ctx context.Context, from revocation.Getter, diags *diag.Diagnostics) {
		var client, audience types.String
		diags.Append(from.GetAttribute(ctx, pathClientID, &client)...)
		diags.Append(from.GetAttribute(ctx, pathAudience, &audience)...)
		shared.CheckID(pathClientID, "client ID", client, diags)
		shared.CheckAudience(pathAudience, audience, diags)
	},
	Configure: func(ctx context.Context, from revocation.Getter, diags *diag.Diagnostics) revocation.Kind {
		var client, audience types.String
		diags.Append(from.GetAttribute(ctx, pathClientID, &client)...)
		diags.Append(from.GetAttribute(ctx, pathAudience, &audience)...)
		return tokens{ClientID: client.ValueString(), Audience: audience.ValueString()}
	},
}
