package acctest

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
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

// Strings checks a list of strings, in order.
func Strings(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// Words matches a diagnostic as Terraform prints it, wrapped at any space:
// each space in pattern matches any run of white space, and (?s) is on.
func Words(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// QueryCheck is a query step's check on what the results do not show (the
// requests the provider sent, say).
type QueryCheck func() error

func (f QueryCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	resp.Error = f()
}

// IdentityChecks check a resource's identity `{ id }`, on Terraform and on
// OpenTofu 1.12+: OpenTofu 1.11 keeps no resource identities, so there it
// checks nothing.
func IdentityChecks(addr, id string) []statecheck.StateCheck {
	if OpenTofuBelow("1.12.0") {
		return nil
	}
	return []statecheck.StateCheck{statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})}
}
