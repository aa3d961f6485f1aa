package acctest

import (
	"context"
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// ExpectChecks asserts the status of the plan's check blocks by name.
type ExpectChecks map[string]tfjson.CheckStatus

func (e ExpectChecks) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got := map[string]tfjson.CheckStatus{}
	for _, c := range req.Plan.Checks {
		if c.Address.Kind == tfjson.CheckKindCheckBlock {
			got[c.Address.Name] = c.Status
		}
	}
	for name, want := range e {
		if got[name] != want {
			resp.Error = fmt.Errorf("check %q: status %q, want %q (all: %v)", name, got[name], want, got)
			return
		}
	}
}
