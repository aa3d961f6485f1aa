package auth0api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testTransport records the waits it would have slept instead of sleeping.
func testTransport(t *testing.T, retry RetryPolicy) (*transport, *[]time.Duration) {
	t.Helper()
	waits := &[]time.Duration{}
	tr := newTransport(http.DefaultTransport, "terraform-provider-auth0tokens/test", retry, nil, false)
	tr.sleep = func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return ctx.Err()
	}
	return tr, waits
}

// scripted answers each request with the next status in turn.
func scripted(t *testing.T, statuses []int, header func(n int, h http.Header)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		if header != nil {
			header(i, w.Header())
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// do sends one request through the transport and returns the final status.
func do(ctx context.Context, t *testing.T, tr *transport, method, url string) (int, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer x")
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

func TestTransportRetries429UntilReset(t *testing.T) {
	tr, waits := testTransport(t, DefaultRetryPolicy)
	now := time.Unix(1_800_000_000, 0)
	tr.now = func() time.Time { return now }
	srv, calls := scripted(t, []int{429, 200}, func(n int, h http.Header) {
		if n == 0 {
			h.Set("X-RateLimit-Limit", "10")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(3*time.Second).Unix(), 10))
		}
	})
	status, err := do(context.Background(), t, tr, http.MethodGet, srv.URL+"/api/v2/x")
	if err != nil || status != 200 {
		t.Fatalf("got %v, %v; want 200", status, err)
	}
	if calls.Load() != 2 || len(*waits) != 1 || (*waits)[0] != 3*time.Second {
		t.Fatalf("calls=%d waits=%v; want 2 calls and one 3s wait until the reset", calls.Load(), *waits)
	}
}

func TestTransportHonoursRetryAfter(t *testing.T) {
	tr, waits := testTransport(t, DefaultRetryPolicy)
	srv, _ := scripted(t, []int{429, 200}, func(n int, h http.Header) { h.Set("Retry-After", "2") })
	if _, err := do(context.Background(), t, tr, http.MethodGet, srv.URL); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 1 || (*waits)[0] != 2*time.Second {
		t.Fatalf("waits=%v; want [2s]", *waits)
	}
}

func TestTransportRetries503ThenSucceeds(t *testing.T) {
	tr, waits := testTransport(t, DefaultRetryPolicy)
	srv, calls := scripted(t, []int{503, 503, 200}, nil)
	status, err := do(context.Background(), t, tr, http.MethodGet, srv.URL)
	if err != nil || status != 200 || calls.Load() != 3 {
		t.Fatalf("status=%v err=%v calls=%d; want 200 after 3 calls", status, err, calls.Load())
	}
	// Exponential: the second wait is within [base, 2*base], the first within [base/2, base].
	if len(*waits) != 2 || (*waits)[0] > DefaultRetryPolicy.BaseDelay || (*waits)[1] < DefaultRetryPolicy.BaseDelay {
		t.Fatalf("waits=%v; want two growing backoffs", *waits)
	}
}

func TestTransportStopsAtAttemptCap(t *testing.T) {
	tr, _ := testTransport(t, RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})
	srv, calls := scripted(t, []int{500}, nil)
	status, err := do(context.Background(), t, tr, http.MethodGet, srv.URL)
	if err != nil || status != 500 || calls.Load() != 3 {
		t.Fatalf("status=%v err=%v calls=%d; want the last 500 after exactly 3 calls", status, err, calls.Load())
	}
}

func TestTransportDoesNotRetryPostAfterResponse(t *testing.T) {
	tr, _ := testTransport(t, DefaultRetryPolicy)
	srv, calls := scripted(t, []int{503, 200}, nil)
	status, err := do(context.Background(), t, tr, http.MethodPost, srv.URL+"/api/v2/refresh-tokens/revoke")
	if err != nil || status != 503 || calls.Load() != 1 {
		t.Fatalf("status=%v err=%v calls=%d; want the 503 after one call", status, err, calls.Load())
	}
}

func TestTransportRetriesPostOn429WithBody(t *testing.T) {
	tr, _ := testTransport(t, DefaultRetryPolicy)
	var bodies []string
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 64)
		k, _ := r.Body.Read(b)
		bodies = append(bodies, string(b[:k]))
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(202)
	}))
	defer srv.Close()
	status, err := do(context.Background(), t, tr, http.MethodPost, srv.URL)
	if err != nil || status != 202 || len(bodies) != 2 || bodies[1] != `{"a":1}` {
		t.Fatalf("status=%v err=%v bodies=%q; want the body sent again after the 429", status, err, bodies)
	}
}

func TestTransportCancelMidBackoffReturnsQuickly(t *testing.T) {
	tr := newTransport(http.DefaultTransport, "ua", RetryPolicy{MaxAttempts: 5, BaseDelay: time.Minute, MaxDelay: time.Minute}, nil, false)
	srv, _ := scripted(t, []int{503}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := do(ctx, t, tr, http.MethodGet, srv.URL)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err=%v; want context.Canceled", err)
	}
	if took := time.Since(start); took > 50*time.Millisecond+100*time.Millisecond {
		t.Fatalf("returned %s after start; want within 100 ms of the cancel", took)
	}
}

func TestTransportSetsUserAgentAndRefusesUncredentialedCalls(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() }))
	defer srv.Close()
	tr, _ := testTransport(t, DefaultRetryPolicy)
	if _, err := do(context.Background(), t, tr, http.MethodGet, srv.URL); err != nil || ua != "terraform-provider-auth0tokens/test" {
		t.Fatalf("err=%v ua=%q", err, ua)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v2/refresh-tokens/x", nil)
	resp, err := tr.RoundTrip(req)
	if resp != nil {
		_ = resp.Body.Close()
	}
	if KindOf(err) != KindUnauthorized {
		t.Fatalf("a request without credentials: err=%v; want KindUnauthorized before sending", err)
	}
}

func TestRedactHeadersMasksCredentials(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer secret-token"}, "User-Agent": {"ua"}}
	got := redactHeaders(h)
	if got["Authorization"] != "***" || got["User-Agent"] != "ua" {
		t.Fatalf("got %v", got)
	}
}
