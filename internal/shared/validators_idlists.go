package shared

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// IDList is a list attribute of IDs a revocation selects by: user_ids,
// token_ids, session_ids and their write-only forms. They are lists, not
// sets: the framework checks a set for duplicates by comparing every pair of
// elements, which made 10,000 IDs take most of a minute to plan. Duplicates
// are harmless (the engine revokes each ID once).
//
// Its checks give the same diagnostics whether the list is written in the
// configuration (checked at validation) or only known later, through a
// variable, file() or a data source (checked at plan where known, and when the
// revocation runs): Terraform validates an action's configuration only
// before variables are known, and a resource's only at plan.
type IDList struct {
	What   string // one element: "user ID"
	Max    int    // most elements; 0 for no bound
	Beyond string // what to do beyond Max, after "Split the list across several runs"
	// Empty is the warning for an empty list: its summary, and the detail
	// after "ATTR is empty, so ".
	EmptySummary, Empty string
}

// The ID lists of the revocation types.
var (
	UserIDList = IDList{What: "user ID", Max: MaxUsers, Beyond: beyondMaxUsers(), EmptySummary: "Empty User ID List",
		Empty: "no user's tokens or sessions will be revoked. That is expected when the list is computed and matched no user."}
	TokenIDList = IDList{What: "refresh token ID", EmptySummary: "Empty Token ID List",
		Empty: "nothing will be revoked. That is expected when the list is computed (a review that found nothing to revoke); " +
			"to revoke all of a user's refresh tokens, use user_id instead."}
	SessionIDList = IDList{What: "session ID", EmptySummary: "Empty Session ID List",
		Empty: "no session will be ended. That is expected when the list is computed (a review that found nothing to end); " +
			"to sign a user out everywhere, use user_id instead."}
)

// beyondMaxUsers names the selectors with no limit on the number of users
// (and the limits of the others), for a user list that is too long.
func beyondMaxUsers() string {
	var limits []string
	for _, s := range Selectors {
		if s.Limit != "" {
			limits = append(limits, s.Limit)
		}
	}
	return ", or select the users with " + strings.Join(selectorAttrs(true), " or ") + ", which have no such limit (" + strings.Join(limits, "; ") + ")"
}

// maxListedErrors bounds the per-ID errors one list reports.
const maxListedErrors = 20

// Check reports what is wrong with ids, the value of attribute p: each
// invalid ID (the first 20, then how many more), and too many IDs.
func (l IDList) Check(p path.Path, ids []string, diags *diag.Diagnostics) {
	l.check(p, len(ids), func(yield func(int, string) bool) {
		for i, id := range ids {
			if !yield(i, id) {
				return
			}
		}
	}, diags)
}

// CheckValue is Check for a list value: an unknown list, or unknown
// elements, are checked once known.
func (l IDList) CheckValue(p path.Path, v types.List, diags *diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	elems := v.Elements()
	l.check(p, len(elems), func(yield func(int, string) bool) {
		for i, e := range elems {
			s, ok := e.(types.String)
			if !ok || s.IsNull() || s.IsUnknown() {
				continue
			}
			if !yield(i, s.ValueString()) {
				return
			}
		}
	}, diags)
}

func (l IDList) check(p path.Path, n int, each func(func(int, string) bool), diags *diag.Diagnostics) {
	// Repeats do not count against the limit: the revocation takes each ID once.
	distinct := make(map[string]bool, min(n, l.Max+1))
	defer func() {
		if l.Max > 0 && len(distinct) > l.Max {
			diags.AddAttributeError(p, "Too Many "+titleCase(l.What)+"s", fmt.Sprintf(
				"%s holds %d different %ss; at most %d can be revoked in one run. Split the list across several runs%s.",
				p, len(distinct), l.What, l.Max, l.Beyond))
		}
	}()
	bad := 0
	each(func(i int, id string) bool {
		distinct[id] = true
		msg := checkIDText(l.What, id)
		if msg == "" {
			return true
		}
		if bad++; bad <= maxListedErrors {
			diags.AddAttributeError(p.AtListIndex(i), "Invalid "+titleCase(l.What), msg)
		}
		return true
	})
	if bad > maxListedErrors {
		diags.AddAttributeError(p, "Invalid "+titleCase(l.What)+"s", fmt.Sprintf(
			"%s holds %d more invalid %ss beyond the %d reported.", p, bad-maxListedErrors, l.What, maxListedErrors))
	}
}

// WarnEmpty warns that a known empty list revokes nothing. It is a warning,
// not an error: a list computed from a review that found nothing is the
// common case, and revoking nothing is a success. Types call it where the
// revocation is about to run (a planned create, an action's plan), not at
// validation, which every plan repeats.
func (l IDList) WarnEmpty(p path.Path, v types.List, diags *diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() || len(v.Elements()) > 0 {
		return
	}
	diags.AddAttributeWarning(p, l.EmptySummary, fmt.Sprintf("%s is empty, so %s", p, l.Empty))
}

// Validators check a literal list at validation.
func (l IDList) Validators() []validator.List { return []validator.List{idListValidator{l}} }

type idListValidator struct{ l IDList }

func (v idListValidator) Description(context.Context) string {
	d := fmt.Sprintf("each element must be 1 to %d characters, with no white space or control characters", maxIDLength)
	if v.l.Max > 0 {
		d += fmt.Sprintf("; at most %d elements", v.l.Max)
	}
	return d
}

func (v idListValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v idListValidator) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	v.l.CheckValue(req.Path, req.ConfigValue, &resp.Diagnostics)
}

// SameIDs keeps the prior state's list in the plan when the configuration
// holds the same IDs in another order or with repeats: a revocation
// resource revokes a set of IDs, so that is no change (and must not replace
// the resource, which revokes again). Put it before RequiresReplace.
func SameIDs() planmodifier.List { return sameIDs{} }

type sameIDs struct{}

func (sameIDs) Description(context.Context) string {
	return "the same IDs in another order, or repeated, are no change"
}
func (m sameIDs) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameIDs) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	prior, okPrior := stringSet(req.StateValue)
	planned, okPlanned := stringSet(req.PlanValue)
	if !okPrior || !okPlanned || len(prior) != len(planned) {
		return
	}
	for id := range planned {
		if !prior[id] {
			return
		}
	}
	resp.PlanValue = req.StateValue
}

// stringSet is a list's known strings as a set; ok is false if any is unknown.
func stringSet(v types.List) (set map[string]bool, ok bool) {
	set = make(map[string]bool, len(v.Elements()))
	for _, e := range v.Elements() {
		s, isString := e.(types.String)
		if !isString || s.IsUnknown() || s.IsNull() {
			return nil, false
		}
		set[s.ValueString()] = true
	}
	return set, true
}

// IDListsFromSets upgrades a revocation resource's state from schema version
// 0, when its ID lists were sets. A set and a list are the same JSON array in
// state, so the old state reads as the current schema; attributes added
// since read as null.
func IDListsFromSets(current schema.Schema) resource.StateUpgrader {
	return resource.StateUpgrader{StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
		if req.RawState == nil {
			resp.Diagnostics.AddError("Unable To Upgrade State", "The CLI sent no prior state to upgrade. Please report this to the provider developers.")
			return
		}
		v, err := req.RawState.UnmarshalWithOpts(current.Type().TerraformType(ctx),
			tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
		if err != nil {
			resp.Diagnostics.AddError("Unable To Upgrade State", "The state saved by the previous version of this resource could not be read: "+
				err.Error()+". Remove the resource from state (`terraform state rm` or `tofu state rm`) and declare it again; creating it revokes again.")
			return
		}
		resp.State.Raw = v
	}}
}
