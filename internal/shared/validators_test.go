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

// A refused timeout says what is wrong with it.
func TestDurationProblem(t *testing.T) {
	for in, want := range map[string]string{
		"90s": "", "1.5h": "", "2h45m": "",
		"0s":          `"0s" is not a positive duration`,
		"-5m":         `"-5m" is not a positive duration`,
		"2d":          `"2d" uses the unit "d" (days), which is not accepted: use hours, for example "48h"`,
		"1.5d":        `for example "36h"`,
		"3w":          `"3w" uses the unit "w", which is not accepted`,
		"10":          `"10" has a number with no unit`,
		"soon":        `"soon" is not a duration`,
		"2 m":         `"2 m" has white space in it: write "2m"`,
		" 2m":         `" 2m" has white space in it: write "2m"`,
		"9999999999h": `"9999999999h" is too large: the longest accepted is "2562047h"`,
	} {
		got := durationProblem(in)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: %q; want %q", in, got, want)
		}
	}
}
