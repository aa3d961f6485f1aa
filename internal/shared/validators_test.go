package shared

import (
	"strings"
	"testing"
)

// One rule for every ID of every type, stated in every refusal: 1 to 255
// characters, no white space anywhere (Auth0 refuses it in user IDs too),
// no control characters.
func TestCheckIDText(t *testing.T) {
	for _, what := range []string{"user ID", "refresh token ID", "session ID", "client ID"} {
		for id, bad := range map[string]bool{
			"auth0|1": false, "ünï": false, "a/b": false, "!@£$%^&*()+}{:;|P9": false, strings.Repeat("a", maxIDLength): false,
			"": true, " x": true, "x ": true, "..": true, "a\nb": true, "a\x00b": true, strings.Repeat("a", maxIDLength+1): true,
			"email|john doe": true, "rt\u00a01": true, "rt\t1": true,
		} {
			msg := checkIDText(what, id)
			if got := msg != ""; got != bad {
				t.Errorf("%s %q: rejected=%v, want %v (%s)", what, id, got, bad, msg)
			}
			if rule := "A " + what + " is 1 to 255 characters, with no white space or control characters"; bad && !strings.Contains(msg, rule) {
				t.Errorf("%s %q: the message does not state the rule %q: %s", what, id, rule, msg)
			}
		}
	}
	// An audience is an API identifier, not an ID: a URL, possibly longer.
	if msg := checkAudienceText("https://api.example.com/" + strings.Repeat("v", 300)); msg != "" {
		t.Errorf("a long audience was refused: %s", msg)
	}
	if msg := checkAudienceText(" https://api.example.com/"); !strings.Contains(msg, "white space") {
		t.Errorf("an audience with surrounding white space: %q", msg)
	}
}
