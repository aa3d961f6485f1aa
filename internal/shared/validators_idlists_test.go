package shared

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func strList(ids ...string) types.List {
	vals := make([]attr.Value, len(ids))
	for i, id := range ids {
		vals[i] = types.StringValue(id)
	}
	return types.ListValueMust(types.StringType, vals)
}

// More than 10,000 users is refused, with the same diagnostic whether the
// list is a literal (the validator) or known later (CheckValue).
func TestIDListLimit(t *testing.T) {
	for n, wantErr := range map[int]bool{10_000: false, 10_001: true} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("auth0|u%05d", i)
		}
		var literal validator.ListResponse
		UserIDList.Validators()[0].ValidateList(context.Background(), validator.ListRequest{Path: path.Root("user_ids"), ConfigValue: strList(ids...)}, &literal)
		var later diag.Diagnostics
		UserIDList.Check(path.Root("user_ids"), ids, &later)
		if literal.Diagnostics.HasError() != wantErr || !literal.Diagnostics.Equal(later) {
			t.Errorf("%d users: literal %v, later %v; want error %v, the same both ways", n, literal.Diagnostics, later, wantErr)
		}
		if wantErr && !strings.Contains(fmt.Sprint(later), "user_ids holds 10001 different user IDs; at most 10000") {
			t.Errorf("%d users: %v", n, later)
		}
	}
	// Found by a new user: repeats counted against the limit, though the
	// revocation takes each ID once.
	ids := make([]string, 10_001)
	for i := range ids {
		ids[i] = fmt.Sprintf("auth0|u%05d", min(i, 9_999))
	}
	var repeats diag.Diagnostics
	UserIDList.Check(path.Root("user_ids"), ids, &repeats)
	if repeats.HasError() {
		t.Errorf("10,000 users and one repeat: %v", repeats)
	}
}

// A list of many bad IDs reports the first 20 and counts the rest; unknown
// elements are left for later.
func TestIDListCheckBounded(t *testing.T) {
	bad := make([]string, 25)
	var diags diag.Diagnostics
	TokenIDList.Check(path.Root("token_ids"), bad, &diags)
	if diags.ErrorsCount() != maxListedErrors+1 || !strings.Contains(fmt.Sprint(diags), "5 more invalid refresh token IDs") {
		t.Errorf("25 empty IDs: %d errors: %v", diags.ErrorsCount(), diags)
	}
	withUnknown := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("rt_1"), types.StringUnknown()})
	diags = nil
	TokenIDList.CheckValue(path.Root("token_ids"), withUnknown, &diags)
	if diags.HasError() {
		t.Errorf("an unknown element was refused: %v", diags)
	}
}

func TestSameIDsKeepsStateForTheSameSet(t *testing.T) {
	for _, c := range []struct {
		state, config types.List
		keep          bool
	}{
		{strList("a", "b"), strList("b", "a", "b"), true},
		{strList("a", "b"), strList("a"), false},
		{strList("a", "b"), strList("a", "c"), false},
		{strList("a"), types.ListValueMust(types.StringType, []attr.Value{types.StringUnknown()}), false},
		{types.ListNull(types.StringType), strList("a"), false},
	} {
		req := planmodifier.ListRequest{StateValue: c.state, PlanValue: c.config, ConfigValue: c.config}
		resp := planmodifier.ListResponse{PlanValue: c.config}
		SameIDs().PlanModifyList(context.Background(), req, &resp)
		if kept := resp.PlanValue.Equal(c.state); kept != c.keep {
			t.Errorf("state %v, config %v: kept the state %v, want %v", c.state, c.config, kept, c.keep)
		}
	}
}
