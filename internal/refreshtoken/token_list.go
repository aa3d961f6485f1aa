package refreshtoken

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// listModel is shared by the auth0tokens_refresh_tokens data source and
// ephemeral resource: the same arguments, the same results.
type listModel struct {
	UserID        types.String `tfsdk:"user_id"`
	ClientID      types.String `tfsdk:"client_id"`
	Audience      types.String `tfsdk:"audience"`
	IncludeDevice types.Bool   `tfsdk:"include_device"`
	Tokens        types.List   `tfsdk:"tokens"`
	IDs           types.List   `tfsdk:"ids"`
}

const (
	listUserIDDesc   = "ID of the user whose refresh tokens to list, for example `auth0|64b7...`."
	listClientIDDesc = "Keep only tokens issued to this application. Filtered by the tenant where it has the Early Access " +
		"`GET /api/v2/refresh-tokens` endpoint, and by the provider otherwise; the result is the same."
	listAudienceDesc      = "Keep only tokens that grant access to the API with this audience (identifier)."
	listIncludeDeviceDesc = "Whether to return each token's `device` (IP addresses, user agents, ASNs: personal data). Defaults to `false`, " +
		"which leaves `device` null; set `true` to opt in."
	listTokensDesc = "The user's refresh tokens that match the filters, ordered by `created_at`, then `id`."
	listIDsDesc    = "The IDs of `tokens`, in the same order: handy for revocation and checks."
)

// read lists the tokens and fills Tokens and IDs.
func (m *listModel) read(ctx context.Context, client *auth0api.Client, diags *diag.Diagnostics) {
	q := auth0api.ListQuery{UserID: m.UserID.ValueString(), ClientID: m.ClientID.ValueString(), Audience: m.Audience.ValueString()}
	tokens, err := client.ListTokens(ctx, q)
	if err != nil {
		shared.AddAPIError(diags, fmt.Sprintf("listing the refresh tokens of user %q", q.UserID), err)
		return
	}
	tflog.Debug(ctx, "Listed refresh tokens", map[string]any{"user_id": q.UserID, "count": len(tokens)})
	if len(tokens) == 0 {
		if hint := filterHint(ctx, client, q); hint != "" {
			diags.AddWarning("No Refresh Tokens Match The Filter", hint)
		}
	}
	withDevice := m.IncludeDevice.ValueBool()
	var d diag.Diagnostics
	m.Tokens, m.IDs, d = flattenTokens(ctx, tokens, withDevice)
	diags.Append(d...)
}

func dataSourceListAttributes() map[string]dsschema.Attribute {
	return map[string]dsschema.Attribute{
		"user_id":        dsschema.StringAttribute{MarkdownDescription: listUserIDDesc, Required: true, Validators: []validator.String{shared.ValidID("user ID")}},
		"client_id":      dsschema.StringAttribute{MarkdownDescription: listClientIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("client ID")}},
		"audience":       dsschema.StringAttribute{MarkdownDescription: listAudienceDesc, Optional: true, Validators: []validator.String{shared.ValidAudience()}},
		"include_device": dsschema.BoolAttribute{MarkdownDescription: listIncludeDeviceDesc, Optional: true},
		"tokens": dsschema.ListNestedAttribute{MarkdownDescription: listTokensDesc, Computed: true, NestedObject: dsschema.NestedAttributeObject{
			Attributes: withID[dsschema.Attribute](dataSourceTokenAttributes(), dsschema.StringAttribute{MarkdownDescription: "ID of the refresh token.", Computed: true}),
		}},
		"ids": dsschema.ListAttribute{MarkdownDescription: listIDsDesc, Computed: true, ElementType: types.StringType},
	}
}

func ephemeralListAttributes() map[string]epschema.Attribute {
	return map[string]epschema.Attribute{
		"user_id":        epschema.StringAttribute{MarkdownDescription: listUserIDDesc, Required: true, Validators: []validator.String{shared.ValidID("user ID")}},
		"client_id":      epschema.StringAttribute{MarkdownDescription: listClientIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("client ID")}},
		"audience":       epschema.StringAttribute{MarkdownDescription: listAudienceDesc, Optional: true, Validators: []validator.String{shared.ValidAudience()}},
		"include_device": epschema.BoolAttribute{MarkdownDescription: listIncludeDeviceDesc, Optional: true},
		"tokens": epschema.ListNestedAttribute{MarkdownDescription: listTokensDesc, Computed: true, NestedObject: epschema.NestedAttributeObject{
			Attributes: withID[epschema.Attribute](ephemeralTokenAttributes(), epschema.StringAttribute{MarkdownDescription: "ID of the refresh token.", Computed: true}),
		}},
		"ids": epschema.ListAttribute{MarkdownDescription: listIDsDesc, Computed: true, ElementType: types.StringType},
	}
}

func withID[A any](attrs map[string]A, id A) map[string]A {
	attrs["id"] = id
	return attrs
}

// filterHint, for a client or audience filter that matched none of a user's
// tokens, says what the user's tokens do have, so that a typo (a missing
// trailing slash in an audience, say) never reads as "no tokens". It costs
// one more listing, only when the filtered list came back empty.
func filterHint(ctx context.Context, client *auth0api.Client, q auth0api.ListQuery) string {
	if q.ClientID == "" && q.Audience == "" {
		return ""
	}
	all, err := client.ListTokens(ctx, auth0api.ListQuery{UserID: q.UserID})
	if err != nil {
		return ""
	}
	var h holdings
	for _, t := range all {
		h.add(t)
	}
	return h.hint("user "+q.UserID, q)
}

// holdings is what a filter was tried against: how many tokens, with which
// clients and audiences. Safe for concurrent use.
type holdings struct {
	mu                 sync.Mutex
	tokens, matched    int
	clients, audiences []string
}

// matches counts tokens the filter matched: with any, the filter is right,
// whatever became of their revocation (a missing scope, say).
func (h *holdings) matches(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.matched += n
}

func (h *holdings) add(t auth0api.RefreshToken) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tokens++
	if t.ClientID != "" {
		h.clients = append(h.clients, t.ClientID)
	}
	for _, rs := range t.ResourceServers {
		if rs.Audience != "" { // absent, as in `resource_servers: [{}]`
			h.audiences = append(h.audiences, rs.Audience)
		}
	}
}

// hint says what the tokens of whose ("user auth0|bob", "the 3 selected
// users") have, when q's filter matched none of them; "" when there were no
// tokens to match.
func (h *holdings) hint(whose string, q auth0api.ListQuery) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tokens == 0 || h.matched > 0 || (q.ClientID == "" && q.Audience == "") {
		return ""
	}
	clients, audiences := shared.UniqueSorted(h.clients), shared.UniqueSorted(h.audiences)
	var filter []string
	if q.ClientID != "" {
		filter = append(filter, fmt.Sprintf("client_id %q", q.ClientID))
	}
	if q.Audience != "" {
		filter = append(filter, fmt.Sprintf("audience %q", q.Audience))
	}
	hint := fmt.Sprintf("None of the %s of %s matches %s. Their clients: %s. Their audiences: %s.",
		shared.KindTokens.Count(h.tokens), whose, strings.Join(filter, " and "), quoteAll(clients), quoteAll(audiences))
	for _, a := range audiences {
		if q.Audience != "" && a != q.Audience && strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(q.Audience, "/")) {
			hint += fmt.Sprintf(" Did you mean %q? Audiences must match exactly, trailing slash included.", a)
		}
	}
	for _, c := range clients {
		if q.ClientID != "" && c != q.ClientID && strings.EqualFold(c, q.ClientID) {
			hint += fmt.Sprintf(" Did you mean %q? Client IDs are case-sensitive.", c)
		}
	}
	return hint
}

func quoteAll(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
