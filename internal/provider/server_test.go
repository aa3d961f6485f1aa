package provider

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestNewServerIsGuarded(t *testing.T) {
	if _, ok := NewServer("test")().(*actionStopGuard); !ok {
		t.Fatal("the framework's server no longer implements every optional protocol interface: the stop guard is off")
	}
}

// invokeLikeTF6Server drives InvokeAction the way terraform-plugin-go v0.31.0
// (tf6server.InvokeAction) does: it forwards events until its context is done.
func invokeLikeTF6Server(ctx context.Context, s frameworkServer) []tfprotov6.InvokeActionEvent {
	config, _ := tfprotov6.NewDynamicValue(tftypes.Object{}, tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{}))
	resp, err := s.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "probe_wait", Config: &config})
	if err != nil {
		return nil
	}
	var sent []tfprotov6.InvokeActionEvent
	for ev := range resp.Events {
		select {
		case <-ctx.Done():
			return sent
		default:
			sent = append(sent, ev)
		}
	}
	return sent
}

// interrupt runs an action that waits until canceled, then stops the
// provider as Terraform and tf6server do on Ctrl-C: StopProvider, then every
// request context closed. It returns whether the action's error reached
// Terraform, and the progress lines that did.
func interrupt(t *testing.T, s frameworkServer, started <-chan struct{}) (bool, []string) {
	t.Helper()
	ctx, closeContexts := context.WithCancel(context.Background())
	sent := make(chan []tfprotov6.InvokeActionEvent, 1)
	go func() { sent <- invokeLikeTF6Server(ctx, s) }()
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the action did not start")
	}
	if _, err := s.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	closeContexts()
	reported, progress := false, []string(nil)
	for _, ev := range <-sent {
		switch ev := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, ev.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			for _, d := range ev.Diagnostics {
				reported = reported || d.Summary == "Interrupted"
			}
		}
	}
	return reported, progress
}

func TestActionStopGuard(t *testing.T) {
	newProbe := func() (frameworkServer, chan struct{}) {
		started := make(chan struct{}, 1)
		return providerserver.NewProtocol6(probeProvider{started: started})().(frameworkServer), started
	}

	inner, started := newProbe()
	if reported, _ := interrupt(t, inner, started); reported {
		t.Fatal("without the guard the interrupted action's error got through: the guard may no longer be needed " +
			"(check terraform-plugin-go's tf6server.InvokeAction)")
	}
	inner, started = newProbe()
	reported, progress := interrupt(t, newActionStopGuard(inner, 5*time.Second), started)
	if !reported {
		t.Fatal("with the guard, the interrupted action's error was lost")
	}
	// Terraform 1.14 panics ("range function continued iteration after
	// function for loop body returned false") on a progress event after its
	// stop followed by the final one: none may pass once StopProvider came.
	if len(progress) == 0 || progress[0] != "working" || slices.Contains(progress, probeAfterStop) {
		t.Fatalf("progress forwarded: %q; want the line sent before the stop and none after it", progress)
	}
}

// probeProvider serves one action that waits until it is canceled, then fails.
type probeProvider struct{ started chan struct{} }

func (probeProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "probe"
}
func (probeProvider) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {}
func (probeProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}
func (probeProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (probeProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (p probeProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{func() action.Action { return probeAction(p) }}
}

type probeAction probeProvider

func (probeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_wait"
}
func (probeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{}
}

// probeAfterStop is the progress line the probe sends once canceled, as a
// revocation's workers did when their requests ended with the cancellation.
const probeAfterStop = "cleaning up after the cancellation"

func (a probeAction) Invoke(ctx context.Context, _ action.InvokeRequest, resp *action.InvokeResponse) {
	// The second send returns once the first was forwarded.
	resp.SendProgress(action.InvokeProgressEvent{Message: "working"})
	resp.SendProgress(action.InvokeProgressEvent{Message: "working"})
	a.started <- struct{}{}
	<-ctx.Done()
	resp.SendProgress(action.InvokeProgressEvent{Message: probeAfterStop})
	resp.Diagnostics.AddError("Interrupted", "the action was canceled before it finished")
}
