package shared

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Resources, data sources and the provider run under OpenTofu too, so what
// they say names both CLIs or neither: "run terraform destroy again" misleads
// someone running tofu. (Actions exist only in Terraform, and `terraform
// query` only there: naming Terraform is right in those.)
func TestResourceMessagesNameNeitherCLIAlone(t *testing.T) {
	var diags diag.Diagnostics
	addGone(&diags, "refresh token", "rt_1", "revoked outside this configuration, or expired")
	addGoneChange(&diags, "refresh token", "rt_1")
	addImportNotFound(&diags, "auth0tokens_refresh_token", "refresh token", "rt_1")
	AddReportPathErrorAtDestroy(&diags, "/nonexistent-folder/report.json")
	AddReportPathError(&diags, "/nonexistent-folder/report.json")
	CheckWriteOnlyIDs(&diags, "token_ids_wo", "Token", "token_ids", types.BoolValue(true), types.BoolValue(false))
	AddRevokeError(&diags, "refresh tokens", &PendingError{Kind: KindTokens, Remaining: []string{"rt_1"}, Checked: true, cause: "after 2m0s"},
		"run the apply again", WaitSettingsHint)
	AddAPIError(&diags, "listing", &auth0api.Error{Kind: auth0api.KindRateLimited, StatusCode: 429})
	if len(diags) < 8 {
		t.Fatalf("want a diagnostic from each call, got %d", len(diags))
	}
	alone := regexp.MustCompile(`(?i)\bterraform\b`)
	both := regexp.MustCompile(`(?i)\b(tofu|opentofu)\b`)
	for _, d := range diags {
		text := d.Summary() + " " + d.Detail()
		if alone.MatchString(text) && !both.MatchString(text) {
			t.Errorf("%q names Terraform alone, which OpenTofu users read too:\n%s", d.Summary(), d.Detail())
		}
	}
}
