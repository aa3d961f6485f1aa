// Package shared holds what the Terraform types of every API area (refresh
// tokens, sessions) share: the client from provider data, diagnostics for API
// errors, validators for IDs, ID lists and timeouts, and the types that read
// and adopt objects the same way in every area (Readable, Adopted).
package shared

import (
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// ProviderData is what the provider hands every type. Client is nil when the
// provider configuration had values unknown at plan time.
type ProviderData struct {
	Client *auth0api.Client

	runOnce sync.Once
	run     string
}

// Run identifies this configured provider, that is one Terraform command:
// what a type records in private state during a run (an import) can be told
// from what an earlier run recorded.
func (pd *ProviderData) Run() string {
	pd.runOnce.Do(func() { pd.run = rand.Text() })
	return pd.run
}

// ClientFrom takes the client out of the data the framework passes to
// Configure. It returns nil without a diagnostic before the provider is
// configured (validation), which every type must tolerate.
func ClientFrom(data any, diags *diag.Diagnostics) *auth0api.Client {
	if data == nil {
		return nil
	}
	pd, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *shared.ProviderData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return pd.Client
}

// RequireClient reports a clear error when the provider could not be
// configured because its settings were unknown when this type ran.
func RequireClient(c *auth0api.Client, diags *diag.Diagnostics) bool {
	if c != nil {
		return true
	}
	diags.AddError("Provider Configuration Not Known Yet",
		"The auth0tokens provider settings depend on values that are not known until apply (for example a domain taken from a resource "+
			"not created yet), so Auth0 cannot be called now. Create those resources first (an apply with -target=...) or give the settings directly.")
	return false
}

// AddAPIError turns an error from auth0api into a diagnostic whose summary
// says what happened and whose detail says what to do. action is what we were
// doing, e.g. `reading refresh token "abc"`.
func AddAPIError(diags *diag.Diagnostics, action string, err error) {
	var e *auth0api.Error
	if errors.Is(err, auth0api.ErrInvalidID) {
		diags.AddError("Invalid ID", fmt.Sprintf("While %s: %s", action, auth0api.Sentence(err.Error())))
		return
	}
	if !errors.As(err, &e) {
		diags.AddError("Auth0 Request Failed", fmt.Sprintf("While %s: %s", action, auth0api.Sentence(err.Error())))
		return
	}
	msg := auth0api.Sentence(e.Message)
	switch e.Kind {
	case auth0api.KindUserNotFound:
		diags.AddError("User Not Found", fmt.Sprintf(
			"While %s, Auth0 answered: %s Check the user ID: it includes the connection prefix (\"auth0|...\", \"google-oauth2|...\") "+
				"and is case-sensitive, and the user may have been deleted. The Auth0 Dashboard shows it under User Management > Users.", action, msg))
	case auth0api.KindNotFound:
		diags.AddError("Not Found", fmt.Sprintf("While %s, Auth0 answered: %s Check the ID; the object may have been deleted or have expired.", action, msg))
	case auth0api.KindRouteNotFound:
		diags.AddError("Auth0 Endpoint Not Found", fmt.Sprintf(
			"While %s, the server answered 404 with no Auth0 error (%s), so the endpoint does not exist there. Check that the domain is your "+
				"Auth0 tenant's (or its custom domain) and not another server.", action, msg))
	case auth0api.KindInsufficientScope:
		diags.AddError("Insufficient Auth0 Scope", fmt.Sprintf(
			"While %s, Auth0 refused the request because the credentials lack the %q scope. Authorise the machine-to-machine application "+
				"for that scope on the Auth0 Management API (Dashboard: Applications > APIs > Auth0 Management API > Machine To Machine Applications), "+
				"or use an API token that carries it.", action, e.Scope))
	case auth0api.KindUnauthorized:
		// The advice fits the credential in use; only an error from elsewhere lacks it.
		advice := cmp.Or(e.Advice, "Check the provider's credentials and that the domain is this tenant's.")
		diags.AddError("Auth0 Authentication Failed", fmt.Sprintf(
			"While %s, Auth0 did not accept the credentials: %s %s", action, msg, advice))
	case auth0api.KindRateLimited:
		diags.AddError("Auth0 Rate Limit Exceeded", fmt.Sprintf(
			"While %s, Auth0 kept answering 429 Too Many Requests after every retry. Run again later, lower -parallelism, "+
				"or set max_requests_per_second on the provider if other workloads share this tenant's limit.", action))
	case auth0api.KindFeatureNotEnabled:
		diags.AddError("Auth0 Feature Not Enabled", fmt.Sprintf(
			"While %s, the tenant answered: %s This endpoint is in Early Access; ask Auth0 to enable it for the tenant.", action, msg))
	case auth0api.KindCanceled:
		diags.AddError("Operation Canceled", fmt.Sprintf("While %s, the operation was canceled or ran out of time: %s", action, msg))
	default:
		detail := fmt.Sprintf("While %s, Auth0 answered: %s", action, msg)
		switch {
		case e.StatusCode == 0 && strings.Contains(e.Message, "x509:"):
			detail = fmt.Sprintf("While %s, the connection to Auth0 failed because its TLS certificate is not trusted: %s "+
				"Check the domain, and that the system's CA certificates (or SSL_CERT_FILE) include the tenant's issuer.", action, msg)
		case e.StatusCode == 0:
			detail = fmt.Sprintf("While %s, the request to Auth0 did not complete: %s Check the domain and the network; run with TF_LOG=DEBUG to see each attempt.", action, msg)
		case e.StatusCode >= 500:
			detail += " The request was retried and still failed; this is usually temporary, so try again. Run with TF_LOG=DEBUG to see each attempt."
		}
		diags.AddError("Auth0 Request Failed", detail)
	}
}
