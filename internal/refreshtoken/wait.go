package refreshtoken

import (
	"context"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// waitGone waits until Auth0 no longer lists the targets, bounded by the timeout.
func (r revoker) waitGone(ctx context.Context, sel selection, targets []shared.Target) error {
	timeout := r.timeout
	if timeout <= 0 {
		timeout = shared.DefaultTimeout
	}
	items := shared.TokenItems(r.client, "", "")
	if !sel.ByID {
		items = shared.TokenItems(r.client, sel.ClientID, sel.Audience)
	}
	now := time.Now()
	return shared.Waiting{Progress: r.progress, Sleep: r.sleep, Deadline: now.Add(timeout), Timeout: timeout, Start: now}.Wait(ctx, items, targets)
}
