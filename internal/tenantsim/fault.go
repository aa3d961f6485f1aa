package tenantsim

import (
	"net/http"
	"strings"
)

// Fault makes matching requests fail: with a status, or by dropping the
// connection. Skip lets the first matches through; Times bounds how many
// fail (0: all).
type Fault struct {
	Method     string // "" matches any
	PathPrefix string // matched against the escaped path
	Status     int
	Drop       bool
	// ExpiredCursor answers 400 as Auth0 does for an expired `from` cursor.
	ExpiredCursor bool
	Skip          int
	Times         int
	seen, hit     int
}

// AddFault injects a fault; faults are checked in the order added.
func (t *Tenant) AddFault(f Fault) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.faults = append(t.faults, &f)
}

// matchFault returns the fault that fires for r, counting it. Caller holds mu.
func (t *Tenant) matchFault(r *http.Request) *Fault {
	for _, f := range t.faults {
		if (f.Method != "" && f.Method != r.Method) || !strings.HasPrefix(r.URL.EscapedPath(), f.PathPrefix) {
			continue
		}
		f.seen++
		if f.seen <= f.Skip || (f.Times > 0 && f.hit >= f.Times) {
			continue
		}
		f.hit++
		return f
	}
	return nil
}

// apply answers with the fault. A dropped connection aborts the handler,
// which makes the server close the connection without a response.
func (f *Fault) apply(w *statusRecorder) {
	if f.ExpiredCursor {
		apiError(w, http.StatusBadRequest, "Bad Request", "The 'from' parameter is invalid or has expired.", "invalid_paging")
		return
	}
	if f.Drop {
		w.status = 0
		panic(http.ErrAbortHandler)
	}
	apiError(w, f.Status, http.StatusText(f.Status), "Injected fault", "")
}
