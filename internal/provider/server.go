package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// frameworkServer is what terraform-plugin-framework serves: the protocol's
// required methods and the optional ones (actions, list resources, state stores).
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ProviderServerWithActions      //nolint:staticcheck // optional until terraform-plugin-go makes it required
	tfprotov6.ProviderServerWithListResource //nolint:staticcheck // idem
	tfprotov6.ProviderServerWithStateStores  //nolint:staticcheck // idem
}

// stopGrace bounds how long StopProvider waits for interrupted actions to
// report. Our actions return within milliseconds of being canceled.
const stopGrace = 10 * time.Second

// NewServer is the provider as Terraform talks to it: the framework's server
// behind actionStopGuard. main.go and the acceptance tests serve this.
func NewServer(version string, opts ...Option) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		inner := providerserver.NewProtocol6(New(version, opts...)())()
		if fs, ok := inner.(frameworkServer); ok {
			return newActionStopGuard(fs, stopGrace)
		}
		// Not reached with the framework we pin (TestNewServerIsGuarded);
		// serving unguarded beats not serving.
		return inner
	}
}

// actionStopGuard makes an interrupted action report its result.
//
// On Ctrl-C Terraform sends StopProvider. terraform-plugin-go (v0.31.0,
// tf6server) then closes every request context, and its InvokeAction forwards
// no event once its context is closed: the action's final event, with its
// error, was dropped, and `terraform apply -invoke` could end in "Apply
// complete!". tf6server calls the downstream StopProvider before closing the
// contexts, so here StopProvider first cancels the running actions and waits
// until each has sent its final event, while the stream is still open.
// TestActionStopGuard shows the event is lost without it.
//
// Once StopProvider has come, the guard forwards no more progress: Terraform
// 1.14 halts its loop over the events at the first progress after its stop,
// and its plugin client then feeds it the final event regardless, which
// panics ("range function continued iteration after function for loop body
// returned false"). The final event still goes through.
type actionStopGuard struct {
	frameworkServer
	grace time.Duration

	mu      sync.Mutex
	running map[*runningAction]struct{}
}

type runningAction struct {
	cancel context.CancelFunc
	done   chan struct{} // closed once the action's events are all forwarded

	// mu is held while a progress event is forwarded, so that once
	// StopProvider has set stopped no progress event is on its way.
	mu      sync.Mutex
	stopped bool
}

// forwardProgress sends ev unless the provider was told to stop, and reports
// whether the caller still takes events.
func (a *runningAction) forwardProgress(ev tfprotov6.InvokeActionEvent, yield func(tfprotov6.InvokeActionEvent) bool) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopped {
		return true
	}
	return yield(ev)
}

func (a *runningAction) stop() {
	a.mu.Lock()
	a.stopped = true
	a.mu.Unlock()
	a.cancel()
}

func newActionStopGuard(inner frameworkServer, grace time.Duration) *actionStopGuard {
	return &actionStopGuard{frameworkServer: inner, grace: grace, running: map[*runningAction]struct{}{}}
}

func (g *actionStopGuard) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	ctx, cancel := context.WithCancel(ctx)
	a := &runningAction{cancel: cancel, done: make(chan struct{})}
	g.mu.Lock()
	g.running[a] = struct{}{}
	g.mu.Unlock()
	finish := func() {
		cancel()
		g.mu.Lock()
		defer g.mu.Unlock()
		if _, ok := g.running[a]; ok {
			delete(g.running, a)
			close(a.done)
		}
	}

	resp, err := g.frameworkServer.InvokeAction(ctx, req)
	if err != nil || resp == nil || resp.Events == nil {
		finish()
		return resp, err
	}
	events := resp.Events
	resp.Events = func(yield func(tfprotov6.InvokeActionEvent) bool) {
		// Runs after the caller has sent the last event it took (or stopped taking them).
		defer finish()
		open := true
		for ev := range events {
			switch {
			case !open:
				// Drained, not forwarded: the framework blocks the action
				// on a progress event nobody takes, and it could not end.
			case isProgress(ev):
				open = a.forwardProgress(ev, yield)
			default:
				open = yield(ev)
			}
		}
	}
	return resp, nil
}

func (g *actionStopGuard) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	g.mu.Lock()
	actions := make([]*runningAction, 0, len(g.running))
	for a := range g.running {
		actions = append(actions, a)
	}
	g.mu.Unlock()
	for _, a := range actions {
		a.stop()
	}
	deadline := time.NewTimer(g.grace)
	defer deadline.Stop()
wait:
	for _, a := range actions {
		select {
		case <-a.done:
		case <-deadline.C:
			break wait
		}
	}
	return g.frameworkServer.StopProvider(ctx, req)
}

func isProgress(ev tfprotov6.InvokeActionEvent) bool {
	_, ok := ev.Type.(tfprotov6.ProgressInvokeActionEventType)
	return ok
}
