package auth0api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/auth0/go-auth0/v3/management"
)

// The shapes of Auth0's own API examples: `resource_servers: [{}]` and
// `authentication.methods: [{}]`. What Auth0 leaves out stays absent (nil),
// and timestamps keep their milliseconds.
func TestConversionKeepsAbsentAndMilliseconds(t *testing.T) {
	var tr management.GetRefreshTokenResponseContent
	if err := json.Unmarshal([]byte(`{"id":"rt","user_id":"u","created_at":"2025-01-10T07:59:58.123Z",
		"resource_servers":[{},{"audience":"a","scopes":""},{"audience":"b","scopes":" x  y "}]}`), &tr); err != nil {
		t.Fatal(err)
	}
	tok := toToken(&tr)
	if tok.Rotating != nil {
		t.Errorf("rotating = %v; want nil when absent", *tok.Rotating)
	}
	if want := time.Date(2025, 1, 10, 7, 59, 58, 123_000_000, time.UTC); tok.CreatedAt == nil || !tok.CreatedAt.Equal(want) {
		t.Errorf("created_at = %v; want %v", tok.CreatedAt, want)
	}
	rs := tok.ResourceServers
	if len(rs) != 3 || rs[0].Audience != "" || rs[0].Scopes != nil || rs[1].Scopes == nil || len(rs[1].Scopes) != 0 || len(rs[2].Scopes) != 2 {
		t.Errorf("resource servers %#v; want absent scopes nil, \"\" an empty list", rs)
	}

	var sr management.GetSessionResponseContent
	if err := json.Unmarshal([]byte(`{"id":"s","user_id":"u","authentication":{"methods":[{},{"name":"mfa","type":"otp","timestamp":"2025-01-10T07:59:57.987Z"}]}}`), &sr); err != nil {
		t.Fatal(err)
	}
	s := toSession(&sr)
	if m := s.AuthenticationMethods; len(m) != 2 || m[0].Name != nil || m[0].Type != nil || m[0].Timestamp != nil ||
		*m[1].Name != "mfa" || *m[1].Type != "otp" || m[1].Timestamp.Nanosecond() != 987_000_000 {
		t.Errorf("methods %#v; want the empty one all nil", m)
	}
	rotating := true
	tr.Rotating = &rotating
	if tok := toToken(&tr); tok.Rotating == nil || !*tok.Rotating {
		t.Error("rotating = true lost")
	}
}
