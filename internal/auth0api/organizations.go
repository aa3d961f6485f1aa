package auth0api

import (
	"context"
	"fmt"

	"github.com/auth0/go-auth0/v3/management"
)

// ScopeReadOrganizationMembers is the scope listing an organization's members needs.
const ScopeReadOrganizationMembers = "read:organization_members"

// OrganizationNotFoundError names an organization the tenant does not have.
type OrganizationNotFoundError struct{ ID string }

func (e *OrganizationNotFoundError) Error() string {
	return fmt.Sprintf("the tenant has no organization %q", e.ID)
}

// member is an organization member as paginate lists it: by user ID.
type member struct{ *management.OrganizationMember }

func (m member) GetID() string { return m.GetUserID() }

// OrganizationMembers calls visit with the user ID of each member of the
// organization, a page of 100 at a time (checkpoint pagination), asking for
// user IDs only. An organization the tenant does not have is an
// *OrganizationNotFoundError.
func (c *Client) OrganizationMembers(ctx context.Context, orgID string, visit func(userID string)) error {
	return c.organizationMembers(ctx, orgID, PageSize, func(id string) bool { visit(id); return true })
}

// CheckOrganization finds out, with one request of one member, whether the
// tenant has the organization and the members can be read.
func (c *Client) CheckOrganization(ctx context.Context, orgID string) error {
	return c.organizationMembers(ctx, orgID, 1, func(string) bool { return false })
}

func (c *Client) organizationMembers(ctx context.Context, orgID string, take int, visit func(userID string) bool) error {
	if err := checkID("organization ID", orgID); err != nil {
		return err
	}
	err := paginate(ctx, ScopeReadOrganizationMembers, func(from *string) ([]member, *string, error) {
		page, err := c.mgmt.Organizations.Members.List(ctx, orgID, &management.ListOrganizationMembersRequestParameters{
			From: from, Take: ptr(take), Fields: ptr("user_id"), IncludeFields: ptr(true),
		})
		if err != nil {
			return nil, nil, err
		}
		items := make([]member, len(page.Results))
		for i, m := range page.Results {
			items[i] = member{m}
		}
		return items, page.Response.Next, nil
	}, func(m member) bool { return visit(m.GetID()) })
	if IsNotFound(err) {
		return &OrganizationNotFoundError{ID: orgID}
	}
	return err
}
