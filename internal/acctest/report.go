package acctest

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// ReadReport reads a run report (report_file), checking that only its owner
// can read it.
func ReadReport(t *testing.T, file string) shared.Report {
	t.Helper()
	info, err := os.Stat(file)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("report %s has mode %v; want 0600", file, info.Mode().Perm())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rep shared.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, data)
	}
	return rep
}

// ReportedUsers summarises a report's users for comparison:
// "auth0|bob=revoked:rt_bob_1,rt_bob_2/" (refresh token IDs, then session IDs).
func ReportedUsers(rep shared.Report) string {
	out := make([]string, len(rep.Users))
	for i, u := range rep.Users {
		out[i] = fmt.Sprintf("%s=%s:%s/%s", u.UserID, u.Outcome, strings.Join(u.RefreshTokenIDs, ","), strings.Join(u.SessionIDs, ","))
	}
	return strings.Join(out, " ")
}
