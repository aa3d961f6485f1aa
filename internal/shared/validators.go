package shared

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The rule every ID attribute (user, refresh token, session, client IDs,
// connection names) is held to, at plan and again when the value is known:
// 1 to maxIDLength characters, with no white space anywhere and no control
// characters. Auth0 refuses a user ID with white space (its API checks
// `^\S*$`), and its other IDs never have any, so a space is a copy-and-paste
// mistake; 255 characters is well above any ID Auth0 issues.
const maxIDLength = 255

// idRule states the rule, for the messages that refuse an ID.
func idRule(what string) string {
	return fmt.Sprintf("A %s is 1 to %d characters, with no white space or control characters.", what, maxIDLength)
}

// maxAudienceLength bounds an audience (an API identifier, often a URL):
// it is not an Auth0 ID, and may be longer than one.
const maxAudienceLength = 1024

// idValidator rejects, at plan time, IDs that cannot name an Auth0 object.
type idValidator struct{ what string }

// ValidID validates the ID of a user, a refresh token, a session or a
// client, or a connection name.
func ValidID(what string) validator.String { return idValidator{what: what} }

// ValidObjectID is ValidID: one rule holds for every ID.
func ValidObjectID(what string) validator.String { return ValidID(what) }

func (v idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be 1 to %d characters, with no white space or control characters", maxIDLength)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v idValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkIDText(v.what, req.ConfigValue.ValueString()); msg != "" {
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
	if msg := checkIDText(what, v.ValueString()); msg != "" {
		diags.AddAttributeError(p, "Invalid "+titleCase(what), msg)
	}
}

// checkIDText says what is wrong with an ID, and the rule, or "" when nothing is.
func checkIDText(what, id string) string {
	rule := idRule(what)
	switch {
	case strings.TrimSpace(id) == "":
		return fmt.Sprintf("The %s is empty (or only white space). %s Give it exactly as Auth0 shows it.", what, rule)
	case strings.TrimSpace(id) != id:
		return fmt.Sprintf("The %s %q starts or ends with white space. %s Remove it.", what, id, rule)
	case utf8.RuneCountInString(id) > maxIDLength:
		return fmt.Sprintf("The %s is %d characters long. %s Check that the right value is passed.", what, utf8.RuneCountInString(id), rule)
	case id == "." || id == "..":
		return fmt.Sprintf("The %s %q is a path segment, not an ID. %s Give it exactly as Auth0 shows it (the Dashboard, or a data source).", what, id, rule)
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		return fmt.Sprintf("The %s %q contains control characters. %s", what, id, rule)
	case strings.IndexFunc(id, unicode.IsSpace) >= 0:
		return fmt.Sprintf("The %s %q contains white space. %s Check that it was copied whole and alone.", what, id, rule)
	}
	return ""
}

// ValidAudience validates an audience: an API identifier, not an ID.
func ValidAudience() validator.String { return audienceValidator{} }

type audienceValidator struct{}

func (audienceValidator) Description(context.Context) string {
	return fmt.Sprintf("must be 1 to %d characters, with no surrounding white space and no control characters", maxAudienceLength)
}

func (v audienceValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (audienceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	CheckAudience(req.Path, req.ConfigValue, &resp.Diagnostics)
}

// CheckAudience reports on p what ValidAudience reports, for a value known only later.
func CheckAudience(p path.Path, v types.String, diags *diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if msg := checkAudienceText(v.ValueString()); msg != "" {
		diags.AddAttributeError(p, "Invalid Audience", msg)
	}
}

// checkAudienceText says what is wrong with an audience, and the rule, or "".
func checkAudienceText(aud string) string {
	rule := fmt.Sprintf("An audience (the API's identifier) is 1 to %d characters, with no surrounding white space and no control characters.", maxAudienceLength)
	switch {
	case strings.TrimSpace(aud) == "":
		return "The audience is empty. " + rule + " Give it exactly as the Auth0 Dashboard shows it under Applications > APIs."
	case strings.TrimSpace(aud) != aud:
		return fmt.Sprintf("The audience %q starts or ends with white space. %s Remove it.", aud, rule)
	case utf8.RuneCountInString(aud) > maxAudienceLength:
		return fmt.Sprintf("The audience is %d characters long. %s", utf8.RuneCountInString(aud), rule)
	case strings.IndexFunc(aud, unicode.IsControl) >= 0:
		return fmt.Sprintf("The audience %q contains control characters. %s", aud, rule)
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
	return "must be a positive duration with a unit (s, m or h) such as \"90s\", \"2m\" or \"48h\""
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
	if msg := durationProblem(v.ValueString()); msg != "" {
		diags.AddAttributeError(p, "Invalid Timeout", msg)
	}
}

var (
	durationPart  = regexp.MustCompile(`([0-9]*\.?[0-9]+)([^0-9.]*)`)
	validDuration = regexp.MustCompile(`^[+-]?([0-9]*\.?[0-9]+(ns|us|µs|μs|ms|s|m|h))+$`)
	// maxDuration is the longest duration Go (and so the provider) holds, in whole hours.
	maxDuration = time.Duration(math.MaxInt64).Truncate(time.Hour)
)

const durationUse = "Use a number with a unit, such as \"90s\", \"2m\" or \"48h\" (units: s, m, h; ms for less)."

// durationProblem says what is wrong with a timeout, or "" when nothing is.
func durationProblem(s string) string {
	d, err := time.ParseDuration(s)
	switch {
	case err == nil && d > 0:
		return ""
	case err == nil:
		return fmt.Sprintf("%q is not a positive duration: a timeout must be more than zero. %s", s, durationUse)
	case strings.ContainsFunc(s, unicode.IsSpace) && durationProblem(strings.Join(strings.Fields(s), "")) == "":
		return fmt.Sprintf("%q has white space in it: write %q.", s, strings.Join(strings.Fields(s), ""))
	case validDuration.MatchString(s):
		// Well formed, yet refused: it does not fit.
		return fmt.Sprintf("%q is too large: the longest accepted is %q (about 292 years).", s, fmt.Sprintf("%dh", int64(maxDuration/time.Hour)))
	}
	for _, m := range durationPart.FindAllStringSubmatch(s, -1) {
		switch m[2] {
		case "ns", "us", "µs", "μs", "ms", "s", "m", "h":
			continue
		case "d":
			n, _ := strconv.ParseFloat(m[1], 64)
			return fmt.Sprintf("%q uses the unit \"d\" (days), which is not accepted: use hours, for example %q.", s, strconv.FormatFloat(n*24, 'f', -1, 64)+"h")
		case "":
			return fmt.Sprintf("%q has a number with no unit. %s", s, durationUse)
		default:
			return fmt.Sprintf("%q uses the unit %q, which is not accepted. %s", s, strings.TrimSpace(m[2]), durationUse)
		}
	}
	return fmt.Sprintf("%q is not a duration. %s", s, durationUse)
}

// CheckWriteOnlyIDs refuses write-only IDs (attr, of kind: "Token",
// "Session") where they could never be used: at destroy Terraform hands the
// provider no configuration, and they exist only while the resource is created.
func CheckWriteOnlyIDs(diags *diag.Diagnostics, attr, kind, kept string, revokeOnDestroy, revokeOnCreate types.Bool) {
	if revokeOnDestroy.ValueBool() {
		diags.AddAttributeError(path.Root("revoke_on_destroy"), "Write-Only "+kind+" IDs Cannot Be Revoked On Destroy",
			attr+" is write-only: the state keeps no copy of it, so there is nothing to revoke when the resource is destroyed. "+
				"Use "+kept+" (kept in state) or user_id with revoke_on_destroy.")
	}
	if !revokeOnCreate.IsNull() && !revokeOnCreate.IsUnknown() && !revokeOnCreate.ValueBool() {
		diags.AddAttributeError(path.Root("revoke_on_create"), "Write-Only "+kind+" IDs Need Revoke On Create",
			attr+" is only available while the resource is created, so with revoke_on_create = false it would never revoke anything. "+
				"Remove revoke_on_create = false.")
	}
}

// ReportFileValidators refuse a blank report path; whether it can be written
// is checked before each run (CheckReportPath).
func ReportFileValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must be a file path such as \"incident-report.json\"")}
}
