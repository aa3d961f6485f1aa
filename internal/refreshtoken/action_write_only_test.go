package refreshtoken_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Why auth0tokens_revoke_refresh_tokens has no write-only token_ids_wo (so
// the ephemeral listing cannot feed it): terraform-plugin-framework v1.19.0
// refuses every non-null write-only action value. Its ValidateActionConfig
// hard-codes WriteOnlyAttributesAllowed = false
// (internal/fwserver/server_validateactionconfig.go), and the protocol's
// ValidateActionConfig request carries no client capabilities that could say
// otherwise. This test fails the day a framework upgrade accepts them: then
// add token_ids_wo to the action, and update the docs that say it cannot.
func TestFrameworkRefusesWriteOnlyActionValues(t *testing.T) {
	server, ok := providerserver.NewProtocol6(probeProvider{})().(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // actions are still an optional interface
	if !ok {
		t.Fatal("the framework's server does not serve actions")
	}
	elem := tftypes.List{ElementType: tftypes.String}
	config, err := tfprotov6.NewDynamicValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"ids_wo": elem}},
		tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"ids_wo": elem}}, map[string]tftypes.Value{
			"ids_wo": tftypes.NewValue(elem, []tftypes.Value{tftypes.NewValue(tftypes.String, "rt_1")}),
		}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: "probe_wo", Config: &config})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError && strings.Contains(d.Summary, "WriteOnly Attribute Not Allowed") {
			return // still refused: the docs are right
		}
	}
	t.Fatalf("the framework now accepts a write-only action value (diagnostics: %v): add token_ids_wo to the revocation action "+
		"and update the docs that say the ephemeral listing cannot feed it", resp.Diagnostics)
}

// probeProvider serves one action with a write-only list attribute.
type probeProvider struct{}

var _ provider.ProviderWithActions = probeProvider{}

func (probeProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "probe"
}
func (probeProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (probeProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (probeProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (probeProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (probeProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{func() action.Action { return probeAction{} }}
}

type probeAction struct{}

func (probeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_wo"
}
func (probeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"ids_wo": schema.ListAttribute{ElementType: types.StringType, Optional: true, WriteOnly: true},
	}}
}
func (probeAction) Invoke(context.Context, action.InvokeRequest, *action.InvokeResponse) {}
