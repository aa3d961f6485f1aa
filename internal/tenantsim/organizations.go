package tenantsim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Organizations (Auth0's B2B feature): each with members, listed with
// checkpoint pagination as Auth0 serves GET /api/v2/organizations/{id}/members.

const scopeReadOrganizationMembers = "read:organization_members"

// Organization is an organization and its members' user IDs (each a user of
// the tenant, with no tokens unless the seed gives some).
type Organization struct {
	ID      string   `json:"id"`
	Members []string `json:"members"`
}

// AddOrganization adds an organization (or adds members to one), making its
// members users of the tenant.
func (t *Tenant) AddOrganization(o Organization) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.addOrganization(o, func(id string) { t.users[id] = true })
}

// addOrganization stores an organization, calling addUser for each member. Caller holds mu.
func (t *Tenant) addOrganization(o Organization, addUser func(string)) {
	members := t.dir.orgs[o.ID]
	if members == nil {
		members = map[string]bool{}
		t.dir.orgs[o.ID] = members
	}
	for _, id := range o.Members {
		addUser(id)
		members[id] = true
	}
}

// routeOrganizations serves GET /api/v2/organizations/{id}/members; it
// reports whether the path was it.
func (t *Tenant) routeOrganizations(w http.ResponseWriter, r *http.Request, seg []string, need func(string) bool) bool {
	if len(seg) != 3 || seg[0] != "organizations" || seg[2] != "members" || r.Method != http.MethodGet {
		return false
	}
	id, err := url.PathUnescape(seg[1])
	if err != nil {
		apiError(w, http.StatusBadRequest, "Bad Request", "Invalid path", "invalid_uri")
		return true
	}
	if !need(scopeReadOrganizationMembers) {
		return true
	}
	t.mu.Lock()
	_, known := t.dir.orgs[id]
	t.mu.Unlock()
	if !known {
		apiError(w, http.StatusNotFound, "Not Found", "No organization found by that id or name", "")
		return true
	}
	fields := memberFields(r.URL.Query())
	t.servePage(w, r, "", "members", func() []entry {
		var all []entry
		for _, uid := range slices.Sorted(mapsKeys(t.dir.orgs[id])) {
			if !t.users[uid] {
				continue // a deleted user leaves their organizations
			}
			p := t.profile(uid)
			m := map[string]any{"user_id": uid, "name": uid, "picture": "https://cdn.auth0.com/avatars/default.png"}
			if p.Email != "" {
				m["email"] = p.Email
			}
			for k := range m {
				if !fields(k) {
					delete(m, k)
				}
			}
			all = append(all, entry{id: uid, raw: m})
		}
		return all
	})
	return true
}

// memberFields is what fields= and include_fields= keep of a member.
func memberFields(q url.Values) func(string) bool {
	if q.Get("fields") == "" {
		return func(string) bool { return true }
	}
	listed := strings.Split(q.Get("fields"), ",")
	include := q.Get("include_fields") != "false"
	return func(f string) bool { return slices.Contains(listed, f) == include }
}

// DeleteOrganization deletes an organization as Auth0 does: its members stay
// users of the tenant, with their tokens. It reports whether it existed.
func (t *Tenant) DeleteOrganization(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.dir.orgs[id]
	delete(t.dir.orgs, id)
	return ok
}
