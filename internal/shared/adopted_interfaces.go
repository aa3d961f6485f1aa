package shared

import "github.com/hashicorp/terraform-plugin-framework/resource"

// ImportOnlyResource is what an area's resource over an Adopted type (an
// AdoptedResource with its schema) implements, for a compile-time check.
type ImportOnlyResource interface {
	resource.ResourceWithConfigure
	resource.ResourceWithIdentity
	resource.ResourceWithImportState
	resource.ResourceWithModifyPlan
}
