package session

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// listModel is shared by the auth0tokens_sessions data source and ephemeral
// resource: the same arguments, the same results.
type listModel struct {
	UserID        types.String `tfsdk:"user_id"`
	ClientID      types.String `tfsdk:"client_id"`
	IncludeDevice types.Bool   `tfsdk:"include_device"`
	Sessions      types.List   `tfsdk:"sessions"`
	IDs           types.List   `tfsdk:"ids"`
}

const (
	listUserIDDesc   = "ID of the user whose sessions to list, for example `auth0|64b7...`."
	listClientIDDesc = "Keep only sessions used with this application (Auth0 has no such filter: the provider applies it)."
	listSessionsDesc = "The user's sessions that match the filter, ordered by `created_at`, then `id`."
	listIDsDesc      = "The IDs of `sessions`, in the same order."
)

// read lists the sessions and fills Sessions and IDs.
func (m *listModel) read(ctx context.Context, client *auth0api.Client, diags *diag.Diagnostics) {
	user, clientID := m.UserID.ValueString(), m.ClientID.ValueString()
	all, err := client.ListSessions(ctx, user)
	if err != nil {
		shared.AddAPIError(diags, fmt.Sprintf("listing the sessions of user %q", user), err)
		return
	}
	sessions := all
	if clientID != "" {
		sessions = nil
		for _, s := range all {
			if s.HasClient(clientID) {
				sessions = append(sessions, s)
			}
		}
		if len(sessions) == 0 && len(all) > 0 {
			diags.AddWarning("No Sessions Match The Filter", clientHint(user, clientID, all))
		}
	}
	tflog.Debug(ctx, "Listed sessions", map[string]any{"user_id": user, "count": len(sessions)})
	// Framework values built directly: reflection over a struct per session
	// is what made large token lists expensive (see flattenTokens).
	objects := make([]attr.Value, 0, len(sessions))
	ids := make([]attr.Value, 0, len(sessions))
	for _, s := range sessions {
		sm, d := flatten(ctx, s, m.IncludeDevice.ValueBool())
		diags.Append(d...)
		obj, d := types.ObjectValue(sessionType.AttrTypes, sm.attributes())
		diags.Append(d...)
		objects = append(objects, obj)
		ids = append(ids, types.StringValue(s.ID))
	}
	var d diag.Diagnostics
	m.Sessions, d = types.ListValue(sessionType, objects)
	diags.Append(d...)
	m.IDs, d = types.ListValue(types.StringType, ids)
	diags.Append(d...)
}

// clientHint says which applications a user's sessions were used with, so a
// mistyped client_id never reads as "no sessions".
func clientHint(user, clientID string, all []auth0api.Session) string {
	seen := map[string]bool{}
	var clients []string
	for _, s := range all {
		for _, c := range s.ClientIDs {
			if !seen[c] {
				seen[c] = true
				clients = append(clients, fmt.Sprintf("%q", c))
			}
		}
	}
	if len(clients) == 0 {
		clients = []string{"none recorded"}
	}
	hint := fmt.Sprintf("None of the %d sessions of user %s was used with client_id %q. Their clients: %s.", len(all), user, clientID, strings.Join(clients, ", "))
	for c := range seen {
		if c != clientID && strings.EqualFold(c, clientID) {
			hint += fmt.Sprintf(" Did you mean %q? Client IDs are case-sensitive.", c)
		}
	}
	return hint
}

func dataSourceListAttributes() map[string]dsschema.Attribute {
	return map[string]dsschema.Attribute{
		"user_id":        dsschema.StringAttribute{MarkdownDescription: listUserIDDesc, Required: true, Validators: []validator.String{shared.ValidID("user ID")}},
		"client_id":      dsschema.StringAttribute{MarkdownDescription: listClientIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("client ID")}},
		"include_device": dsschema.BoolAttribute{MarkdownDescription: includeDeviceDesc, Optional: true},
		"sessions": dsschema.ListNestedAttribute{MarkdownDescription: listSessionsDesc, Computed: true, NestedObject: dsschema.NestedAttributeObject{
			Attributes: shared.DataSourceAttributes(append([]shared.Field{idField}, fields...)),
		}},
		"ids": dsschema.ListAttribute{MarkdownDescription: listIDsDesc, Computed: true, ElementType: types.StringType},
	}
}

func ephemeralListAttributes() map[string]epschema.Attribute {
	return map[string]epschema.Attribute{
		"user_id":        epschema.StringAttribute{MarkdownDescription: listUserIDDesc, Required: true, Validators: []validator.String{shared.ValidID("user ID")}},
		"client_id":      epschema.StringAttribute{MarkdownDescription: listClientIDDesc, Optional: true, Validators: []validator.String{shared.ValidID("client ID")}},
		"include_device": epschema.BoolAttribute{MarkdownDescription: includeDeviceDesc, Optional: true},
		"sessions": epschema.ListNestedAttribute{MarkdownDescription: listSessionsDesc, Computed: true, NestedObject: epschema.NestedAttributeObject{
			Attributes: shared.EphemeralAttributes(append([]shared.Field{idField}, fields...)),
		}},
		"ids": epschema.ListAttribute{MarkdownDescription: listIDsDesc, Computed: true, ElementType: types.StringType},
	}
}
