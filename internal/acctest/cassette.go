package acctest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// keptRequestHeaders are the only request headers a cassette keeps.
var keptRequestHeaders = []string{"Content-Type", "User-Agent"}

// keptResponseHeaders are the only response headers a cassette keeps.
var keptResponseHeaders = []string{"Content-Type", "X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset"}

// matchRequest matches on method, path, query (in any order) and body
// (as JSON when both are JSON). The host is not compared: cassettes are
// rewritten to RecordingsDomain.
func matchRequest(r *http.Request, i cassette.Request) bool {
	if r.Method != i.Method {
		return false
	}
	u, err := url.Parse(i.URL)
	if err != nil || u.EscapedPath() != r.URL.EscapedPath() {
		return false
	}
	if !reflect.DeepEqual(normalizeQuery(u.Query()), normalizeQuery(r.URL.Query())) {
		return false
	}
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		body, _ = io.ReadAll(r.Body)
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return sameBody(body, []byte(i.Body))
}

func normalizeQuery(v url.Values) url.Values {
	if len(v) == 0 {
		return nil
	}
	return v
}

func sameBody(a, b []byte) bool {
	if bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b)) {
		return true
	}
	var ja, jb any
	if json.Unmarshal(a, &ja) != nil || json.Unmarshal(b, &jb) != nil {
		return false
	}
	return reflect.DeepEqual(ja, jb)
}

// sanitize prepares an interaction for the cassette: token exchanges and 429
// answers are dropped (replay never needs them), only harmless headers are
// kept, and the tenant's domain becomes RecordingsDomain.
func sanitize(domain string) func(*cassette.Interaction) error {
	return func(i *cassette.Interaction) error {
		if strings.HasSuffix(mustPath(i.Request.URL), "/oauth/token") || i.Response.Code == http.StatusTooManyRequests {
			i.DiscardOnSave = true
			return nil
		}
		i.Request.Headers = keep(i.Request.Headers, keptRequestHeaders)
		i.Response.Headers = keep(i.Response.Headers, keptResponseHeaders)
		i.Request.Form = nil
		i.Request.RemoteAddr = ""
		i.Request.Host = RecordingsDomain
		i.Request.URL = strings.Replace(i.Request.URL, domain, RecordingsDomain, 1)
		i.Response.Body = strings.ReplaceAll(i.Response.Body, domain, RecordingsDomain)
		i.Response.Duration = 0
		return nil
	}
}

func mustPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

func keep(h http.Header, names []string) http.Header {
	out := http.Header{}
	for _, n := range names {
		if v := h.Values(n); len(v) > 0 {
			out[http.CanonicalHeaderKey(n)] = v
		}
	}
	return out
}
