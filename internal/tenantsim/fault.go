package tenantsim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Fault makes matching requests fail: with a status, or by dropping the
// connection. Skip lets the first matches through; Times bounds how many
// fail (0: all).
type Fault struct {
	Method     string `json:"method,omitempty"`      // "" matches any
	PathPrefix string `json:"path_prefix,omitempty"` // matched against the escaped path
	Status     int    `json:"status,omitempty"`
	Drop       bool   `json:"drop,omitempty"`
	// ExpiredCursor answers 400 as Auth0 does for an expired `from` cursor.
	ExpiredCursor bool `json:"expired_cursor,omitempty"`
	Skip          int  `json:"skip,omitempty"`
	Times         int  `json:"times,omitempty"`
	seen, hit     int
}

// FaultStatus is an injected fault and how many requests it has failed so far.
type FaultStatus struct {
	Fault
	Hits int `json:"hits"`
}

// AddFault injects a fault; faults are checked in the order added.
func (t *Tenant) AddFault(f Fault) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f.seen, f.hit = 0, 0
	t.faults = append(t.faults, &f)
}

// Faults returns the injected faults, in order, with their hits.
func (t *Tenant) Faults() []FaultStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]FaultStatus, 0, len(t.faults))
	for _, f := range t.faults {
		out = append(out, FaultStatus{Fault: *f, Hits: f.hit})
	}
	return out
}

// ClearFaults removes every injected fault.
func (t *Tenant) ClearFaults() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.faults = nil
}

// Validate says what is wrong with a fault that would never fail anything,
// or could not be served.
func (f Fault) Validate() error {
	switch {
	case f.Status == 0 && !f.Drop && !f.ExpiredCursor:
		return fmt.Errorf("a fault needs a status (400-599), drop or expired-cursor")
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("fault status %d: use an error status, 400-599", f.Status)
	case f.Skip < 0 || f.Times < 0:
		return fmt.Errorf("fault skip and times cannot be negative")
	case f.PathPrefix != "" && !strings.HasPrefix(f.PathPrefix, "/"):
		return fmt.Errorf("fault path %q: give the escaped path from its first slash, for example /api/v2/users/auth0%%7Calice/", f.PathPrefix)
	}
	return nil
}

// ParseFault reads the command line's -fault: comma-separated settings,
// for example "status=503,method=DELETE,path=/api/v2/refresh-tokens/,skip=2,times=1",
// "drop,times=2" or "expired-cursor,path=/api/v2/users/".
func ParseFault(spec string) (Fault, error) {
	var f Fault
	for _, part := range strings.Split(spec, ",") {
		key, value, hasValue := strings.Cut(strings.TrimSpace(part), "=")
		var err error
		switch {
		case key == "drop" && !hasValue:
			f.Drop = true
		case key == "expired-cursor" && !hasValue:
			f.ExpiredCursor = true
		case key == "method" && hasValue:
			f.Method = strings.ToUpper(value)
		case key == "path" && hasValue:
			f.PathPrefix = value
		case key == "status" && hasValue:
			f.Status, err = strconv.Atoi(value)
		case key == "skip" && hasValue:
			f.Skip, err = strconv.Atoi(value)
		case key == "times" && hasValue:
			f.Times, err = strconv.Atoi(value)
		default:
			return Fault{}, fmt.Errorf("fault %q: unknown setting %q (use status=N, drop, expired-cursor, method=M, path=PREFIX, skip=N, times=N)", spec, part)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %s needs a number", spec, key)
		}
	}
	if err := f.Validate(); err != nil {
		return Fault{}, fmt.Errorf("fault %q: %w", spec, err)
	}
	return f, nil
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
