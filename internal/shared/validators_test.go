package shared

import "testing"

func TestCheckIDText(t *testing.T) {
	for id, bad := range map[string]bool{"auth0|1": false, "ünï": false, "a/b": false, "": true, " x": true, "..": true, "a\nb": true, string(make([]byte, maxIDLength+1)): true} {
		if got := checkIDText("user ID", id, false) != ""; got != bad {
			t.Errorf("%q: rejected=%v, want %v", id, got, bad)
		}
	}
	// Token IDs never contain white space; user IDs may (some connections allow it).
	for id, bad := range map[string]bool{"rt_1": false, "rt 1": true, "rt\u00a01": true, "rt\t1": true} {
		if got := checkIDText("refresh token ID", id, true) != ""; got != bad {
			t.Errorf("token ID %q: rejected=%v, want %v", id, got, bad)
		}
	}
	if checkIDText("user ID", "email|john doe", false) != "" {
		t.Error("a user ID with an inner space was refused")
	}
}
