package refreshtoken

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Descriptions of the selector attributes shared by the action and the resource.
const (
	selUserIDDesc = "Revoke this user's refresh tokens. Exactly one of `user_id` and `token_ids` is required."
	selClientDesc = "With `user_id`: revoke only the tokens issued to this application."
	selAudDesc    = "With `client_id`: revoke only the tokens that grant access to the API with this audience."
	selIDsDesc    = "Revoke these refresh tokens by ID (any number: they are sent in chunks of 100). " +
		"Feed it from the `auth0tokens_refresh_tokens` ephemeral resource or data source."
	selWaitDesc    = "Wait until Auth0 no longer lists the revoked tokens (revocation is asynchronous). Defaults to `true`."
	selTimeoutDesc = "How long to wait for the revocation to take effect, as a Go duration (`90s`, `2m`). Defaults to `2m`."
)

// selectorFields are the selector attributes the action and the resource
// share; each declares token_ids itself.
type selectorFields struct {
	UserID   types.String `tfsdk:"user_id"`
	ClientID types.String `tfsdk:"client_id"`
	Audience types.String `tfsdk:"audience"`
	Wait     types.Bool   `tfsdk:"wait"`
	Timeout  types.String `tfsdk:"timeout"`
}

// stringCollection is a types.List or types.Set of strings.
type stringCollection interface {
	IsNull() bool
	IsUnknown() bool
	Elements() []attr.Value
	ElementsAs(ctx context.Context, target any, allowUnhandled bool) diag.Diagnostics
}

func (m selectorFields) selection(ctx context.Context, tokenIDs stringCollection, diags *diag.Diagnostics) selection {
	sel := selection{UserID: m.UserID.ValueString(), ClientID: m.ClientID.ValueString(), Audience: m.Audience.ValueString()}
	if !tokenIDs.IsNull() && !tokenIDs.IsUnknown() {
		diags.Append(tokenIDs.ElementsAs(ctx, &sel.TokenIDs, false)...)
	}
	return sel
}

func (m selectorFields) revoker(r revoker) revoker {
	r.wait = m.Wait.IsNull() || m.Wait.ValueBool()
	r.timeout = defaultTimeout
	if d, err := time.ParseDuration(m.Timeout.ValueString()); err == nil {
		r.timeout = d
	}
	return r
}

// validateTokenIDs checks what the schema validators cannot: that token_ids,
// when known, is not empty. (Exactly-one and requires rules are declared as validators.)
func validateTokenIDs(tokenIDs stringCollection, diags *diag.Diagnostics) {
	if !tokenIDs.IsNull() && !tokenIDs.IsUnknown() && len(tokenIDs.Elements()) == 0 {
		diags.AddAttributeError(path.Root("token_ids"), "Empty Token ID List",
			"token_ids is empty, so there is nothing to revoke. Give at least one token ID, or use user_id to revoke a user's tokens.")
	}
}

// durationValidator accepts a positive Go duration.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as \"90s\" or \"2m\""
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timeout",
			fmt.Sprintf("%q is not a positive duration. Use a number with a unit, such as \"90s\", \"2m\" or \"1h\".", req.ConfigValue.ValueString()))
	}
}
