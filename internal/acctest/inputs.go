package acctest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tfconfig "github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
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

// Recorded checks what a failed create recorded: the plan's prior state holds
// the resource at Addr, tainted, with these values (as fmt prints them).
type Recorded struct {
	Addr   string
	Values map[string]string
}

func (c Recorded) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil {
		resp.Error = fmt.Errorf("%s: no prior state: the failed create recorded nothing", c.Addr)
		return
	}
	for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
		if r.Address != c.Addr {
			continue
		}
		for attr, want := range c.Values {
			if got := fmt.Sprint(r.AttributeValues[attr]); got != want || !r.Tainted {
				resp.Error = fmt.Errorf("%s: recorded %s = %s (tainted %v); want %s, tainted", c.Addr, attr, got, r.Tainted, want)
			}
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the prior state: the failed create recorded nothing", c.Addr)
}
