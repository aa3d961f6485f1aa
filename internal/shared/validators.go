package shared

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// maxIDLength bounds IDs well above Auth0's (user IDs are at most a few
// hundred characters) and well below what a URL can carry.
const maxIDLength = 1024

// idValidator rejects, at plan time, IDs that cannot name an Auth0 object.
// noSpace also refuses white space inside the ID: token (and session) IDs
// never contain any, so a space there is a copy-and-paste mistake.
type idValidator struct {
	what    string
	noSpace bool
}

// ValidID validates the ID of a user, a client or an audience.
func ValidID(what string) validator.String { return idValidator{what: what} }

// ValidObjectID validates the ID of a refresh token or session, which never
// contains white space.
func ValidObjectID(what string) validator.String { return idValidator{what: what, noSpace: true} }

func (v idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a non-empty %s without surrounding white space or control characters, at most %d characters", v.what, maxIDLength)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v idValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkIDText(v.what, req.ConfigValue.ValueString(), v.noSpace); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+titleCase(v.what), msg)
	}
}

// checkIDText says what is wrong with an ID, or "" when nothing is.
func checkIDText(what, id string, noSpace bool) string {
	switch {
	case strings.TrimSpace(id) == "":
		return fmt.Sprintf("The %s is empty. Give the %s exactly as Auth0 shows it.", what, what)
	case strings.TrimSpace(id) != id:
		return fmt.Sprintf("The %s %q starts or ends with white space. Remove it: Auth0 IDs never contain it.", what, id)
	case len(id) > maxIDLength:
		return fmt.Sprintf("The %s is %d characters long; Auth0 IDs are far shorter (at most %d here). Check that the right value is passed.", what, len(id), maxIDLength)
	case id == "." || id == "..":
		return fmt.Sprintf("The %s %q is a path segment, not an ID.", what, id)
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		return fmt.Sprintf("The %s %q contains control characters, which Auth0 IDs never do.", what, id)
	case noSpace && strings.IndexFunc(id, unicode.IsSpace) >= 0:
		return fmt.Sprintf("The %s %q contains white space, which %ss never do. Check that it was copied whole and alone.", what, id, what)
	}
	return ""
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if w == "id" || w == "ID" {
			words[i] = "ID"
			continue
		}
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// EmptyIDsWarning warns, on the attribute, that a known empty ID list
// revokes nothing. It is a warning, not an error: a list computed from a
// review that found nothing is the common case, and revoking nothing is a success.
type EmptyIDsWarning struct{}

func (EmptyIDsWarning) Description(context.Context) string {
	return "an empty list revokes nothing"
}
func (v EmptyIDsWarning) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (EmptyIDsWarning) warn(p fmt.Stringer, elems []attr.Value, null, unknown bool, diags *diag.Diagnostics) {
	if null || unknown || len(elems) > 0 {
		return
	}
	diags.AddWarning("Empty Token ID List", fmt.Sprintf(
		"%s is empty, so nothing will be revoked. That is expected when the list is computed (a review that found nothing to revoke); "+
			"to revoke everything of a user's, use user_id instead.", p))
}

func (v EmptyIDsWarning) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	v.warn(req.Path, req.ConfigValue.Elements(), req.ConfigValue.IsNull(), req.ConfigValue.IsUnknown(), &resp.Diagnostics)
}

func (v EmptyIDsWarning) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	v.warn(req.Path, req.ConfigValue.Elements(), req.ConfigValue.IsNull(), req.ConfigValue.IsUnknown(), &resp.Diagnostics)
}

// Duration accepts a positive Go duration (a timeout).
type Duration struct{}

func (Duration) Description(context.Context) string {
	return "must be a positive duration such as \"90s\" or \"2m\""
}
func (v Duration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (Duration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Timeout",
			fmt.Sprintf("%q is not a positive duration. Use a number with a unit, such as \"90s\", \"2m\" or \"1h\".", req.ConfigValue.ValueString()))
	}
}
