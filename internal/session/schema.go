// Package session holds the Terraform types over Auth0 sessions (the SSO
// cookie that mints refresh tokens): what is their own (fields and their
// flattening, API calls, filters, words), the rest being shared's.
package session

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

const includeDeviceDesc = "Whether to return each session's `device` (IP addresses, user agents, ASNs: personal data). Defaults to `false`, " +
	"which leaves `device` null; set `true` to opt in."

var methodFields = []shared.Field{
	{Name: "name", Desc: "Name of the method, for example `pwd`, `federated`, `mfa`, or null when Auth0 gives none."},
	{Name: "type", Desc: "Type of the method, for example `otp`, `webauthn-roaming` (Auth0 sets it for `mfa`), or null."},
	{Name: "timestamp", Desc: shared.TimeDesc("When the method was used")},
}

// fields describes every computed field of a session, once, for every schema kind.
var fields = []shared.Field{
	{Name: "user_id", Desc: "ID of the user the session belongs to."},
	{Name: "created_at", Desc: shared.TimeDesc("When the session was created")},
	{Name: "updated_at", Desc: shared.TimeDesc("When the session was last updated")},
	{Name: "authenticated_at", Desc: shared.TimeDesc("When the user last authenticated in the session")},
	{Name: "idle_expires_at", Desc: shared.TimeDesc("When the session expires if not used")},
	{Name: "expires_at", Desc: shared.TimeDesc("When the session expires regardless of use")},
	{Name: "last_interacted_at", Desc: shared.TimeDesc("When the user last interacted with the session")},
	{Name: "device", Kind: shared.Object, Fields: shared.DeviceFields("the session started from", "the session was last used from"), Desc: "Where the session started and was last used, or null when Auth0 " +
		"recorded nothing or `include_device` is false. Personal data: written to state only when `include_device = true` on a data source."},
	{Name: "client_ids", Kind: shared.Strings, Desc: "IDs of the applications the session was used with (empty when none is recorded)."},
	{Name: "authentication_methods", Kind: shared.Objects, Desc: "How the user authenticated in the session, in Auth0's order " +
		"(empty when none is recorded): a second factor shows as a method of its own. A field Auth0 leaves out of a method is null.", Fields: methodFields},
	{Name: "cookie_mode", Desc: "`persistent` (the cookie outlives the browser session) or `non-persistent`, or null."},
	{Name: metadataField, Kind: shared.StringMap, Desc: "Metadata attached to the session (string values; empty when none)."},
}

const metadataField = "session_metadata"

var methodType = shared.AttrType(methodFields)

// flatten is a session's values by attribute name; withDevice false leaves
// the personal device data null.
func flatten(ctx context.Context, s auth0api.Session, withDevice bool) (map[string]attr.Value, diag.Diagnostics) {
	device, diags := shared.DeviceValue(s.Device, withDevice)
	clients := s.ClientIDs
	if clients == nil {
		clients = []string{}
	}
	clientList, dd := types.ListValueFrom(ctx, types.StringType, clients)
	diags.Append(dd...)
	methods := make([]attr.Value, 0, len(s.AuthenticationMethods))
	for _, am := range s.AuthenticationMethods {
		obj, dd := types.ObjectValue(methodType.AttrTypes, map[string]attr.Value{
			"name": types.StringPointerValue(am.Name), "type": types.StringPointerValue(am.Type), "timestamp": shared.TimeValue(am.Timestamp),
		})
		diags.Append(dd...)
		methods = append(methods, obj)
	}
	methodList, dd := types.ListValue(methodType, methods)
	diags.Append(dd...)
	meta, dd := shared.MetadataValue(ctx, s.Metadata)
	diags.Append(dd...)
	return map[string]attr.Value{
		"id":                     types.StringValue(s.ID),
		"user_id":                shared.OptString(s.UserID),
		"created_at":             shared.TimeValue(s.CreatedAt),
		"updated_at":             shared.TimeValue(s.UpdatedAt),
		"authenticated_at":       shared.TimeValue(s.AuthenticatedAt),
		"idle_expires_at":        shared.TimeValue(s.IdleExpiresAt),
		"expires_at":             shared.TimeValue(s.ExpiresAt),
		"last_interacted_at":     shared.TimeValue(s.LastInteractedAt),
		"device":                 device,
		"client_ids":             clientList,
		"authentication_methods": methodList,
		"cookie_mode":            types.StringPointerValue(s.CookieMode),
		metadataField:            meta,
	}, diags
}
