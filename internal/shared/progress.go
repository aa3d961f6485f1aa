package shared

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ActionProgress is an action's progress sender. It sends nothing once ctx is
// done (Terraform stopped the run, or the provider was told to stop) nor once
// end has run; Invoke defers end, so no progress line can follow, or race
// with, the action's final result. end waits for a line being sent.
//
// Why: Terraform 1.14 panics when a progress line reaches it after its stop
// and the final result follows; and the framework takes progress lines only
// until Invoke returns, so a later one would block its sender for ever.
func ActionProgress(ctx context.Context, resp *action.InvokeResponse) (progress func(string), end func()) {
	var mu sync.Mutex
	ended := false
	progress = func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		if ended || ctx.Err() != nil {
			return
		}
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
	end = func() {
		mu.Lock()
		defer mu.Unlock()
		ended = true
	}
	return progress, end
}

// ProgressLog reports a resource's progress in the log: resources, unlike
// actions, have no progress channel to the user.
func ProgressLog(ctx context.Context) func(string) {
	return func(msg string) { tflog.Info(ctx, msg) }
}
