package acctest

import (
	"fmt"
	"strings"
	"testing"

	tfconfig "github.com/hashicorp/terraform-plugin-testing/config"
)

// What the revocation types' input tests share: IDs reaching a type through a
// variable, or known only at apply, and proof that a refused value sent nothing.

// IDsVariable declares var.ids, a list(string).
const IDsVariable = `variable "ids" { type = list(string) }
`

// IDsValue is var.ids holding ids.
func IDsValue(ids ...string) tfconfig.Variables {
	vals := make([]tfconfig.Variable, len(ids))
	for i, id := range ids {
		vals[i] = tfconfig.StringVariable(id)
	}
	return tfconfig.Variables{"ids": tfconfig.ListVariable(vals...)}
}

// KnownAtApply makes ids known only at apply, as a data source that depends
// on a resource being created is: terraform_data.source's output is unknown
// at plan.
func KnownAtApply(ids ...string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf("resource \"terraform_data\" \"source\" {\n  input = [%s]\n}\n", strings.Join(quoted, ", "))
}

// SentNothing fails the test if the provider sent any Management API
// request to the local tenant.
func (e *Env) SentNothing(t *testing.T) {
	t.Helper()
	for _, r := range e.Tenant.Requests() {
		if strings.HasPrefix(r.Path, "/api/v2/") {
			t.Errorf("a refused value reached the tenant: %s %s", r.Method, r.Path)
		}
	}
}
