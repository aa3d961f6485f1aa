package shared

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
)

func TestActionProgressSendsNothingAfterCancelOrEnd(t *testing.T) {
	var mu sync.Mutex
	var got []string
	resp := &action.InvokeResponse{SendProgress: func(ev action.InvokeProgressEvent) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev.Message)
	}}
	for _, stop := range []string{"canceled", "ended"} {
		got = nil
		ctx, cancel := context.WithCancel(context.Background())
		progress, end := ActionProgress(ctx, resp)
		progress("before")
		if stop == "canceled" {
			cancel()
		} else {
			end()
		}
		progress("after")
		cancel()
		if !slices.Equal(got, []string{"before"}) {
			t.Errorf("%s: sent %q; want only the line before", stop, got)
		}
	}
}

// A line being sent when the action ends is sent before end returns: the
// final result cannot overtake it, and nothing is sent after.
func TestActionProgressEndWaitsForALineBeingSent(t *testing.T) {
	sending, release := make(chan struct{}), make(chan struct{})
	var sent []string
	resp := &action.InvokeResponse{SendProgress: func(ev action.InvokeProgressEvent) {
		if ev.Message == "slow" {
			close(sending)
			<-release
		}
		sent = append(sent, ev.Message)
	}}
	progress, end := ActionProgress(context.Background(), resp)
	go progress("slow")
	<-sending
	ended := make(chan struct{})
	go func() { end(); close(ended) }()
	select {
	case <-ended:
		t.Fatal("end returned while a line was being sent")
	default:
	}
	close(release)
	<-ended
	progress("late")
	if !slices.Equal(sent, []string{"slow"}) {
		t.Fatalf("sent %q; want the line in flight, and none after end", sent)
	}
}
