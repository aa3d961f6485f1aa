package shared

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// CheckID reports on p what ValidID reports, for a value known only later
// (through a variable, say): Terraform validates an action's configuration
// only before variables are known.
func CheckID(p path.Path, what string, v types.String, diags *diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if msg := checkIDText(what, v.ValueString(), false); msg != "" {
		diags.AddAttributeError(p, "Invalid "+titleCase(what), msg)
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
		return fmt.Sprintf("The %s %q is a path segment, not an ID: give the %s exactly as Auth0 shows it (the Dashboard, or a data source).", what, id, what)
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

// Duration accepts a positive Go duration (a timeout).
type Duration struct{}

func (Duration) Description(context.Context) string {
	return "must be a positive duration such as \"90s\" or \"2m\""
}
func (v Duration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (Duration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	CheckDuration(req.Path, req.ConfigValue, &resp.Diagnostics)
}

// CheckDuration reports on p what Duration reports, for a value known only later.
func CheckDuration(p path.Path, v types.String, diags *diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(v.ValueString())
	if err != nil || d <= 0 {
		diags.AddAttributeError(p, "Invalid Timeout",
			fmt.Sprintf("%q is not a positive duration. Use a number with a unit, such as \"90s\", \"2m\" or \"1h\".", v.ValueString()))
	}
}
