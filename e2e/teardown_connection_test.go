package e2e

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// TestExampleTeardownByConnection runs examples/teardown/connection as its
// README says: nothing at apply; at destroy, every user of the connection at
// that moment (one joined after the apply) loses their tokens, and the report
// says so; users of other connections keep theirs.
func TestExampleTeardownByConnection(t *testing.T) {
	dev := newDevSetup(t)
	srv, tenant := seededTenant(t, tenantsim.Options{Export: tenantsim.ExportOptions{Duration: time.Second}})
	tenant.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|alice", Connection: "qa-users"})
	work := copyExample(t, "teardown", "connection/main.tf")
	run := exampleRunner(t, dev, srv, work)
	vars := []string{"-var", "test_connection=qa-users"}
	// No `terraform init`: the README says to skip it with a local build (dev_overrides).
	mustContain(t, "apply", run(append([]string{"apply", "-auto-approve"}, vars...)...), "Apply complete! Resources: 1 added")
	if got := tenant.Listed("auth0|alice"); len(got) != 3 {
		t.Fatalf("apply should revoke nothing; alice has %v", got)
	}
	// carol joins the connection after the apply.
	tenant.AddUserProfile(tenantsim.UserProfile{UserID: "auth0|carol", Connection: "qa-users"})
	_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|carol", ClientID: "app_web", Audience: "api", Prefix: "rt_carol_", Count: 2})
	mustContain(t, "destroy", run(append([]string{"destroy", "-auto-approve"}, vars...)...), "Destroy complete! Resources: 1 destroyed.")
	if left := append(tenant.Listed("auth0|alice"), tenant.Listed("auth0|carol")...); len(left) != 0 {
		t.Fatalf("the connection's users still have %v", left)
	}
	if left := tenant.Listed("auth0|bob"); len(left) != 4 {
		t.Fatalf("bob is not in the connection, yet lost tokens: %v", left)
	}
	rep := acctest.ReadReport(t, filepath.Join(work, "teardown-report.json"))
	if got := acctest.ReportedUsers(rep); got != "auth0|alice=revoked:rt_alice_1,rt_alice_2,rt_alice_3/ auth0|carol=revoked:rt_carol_00001,rt_carol_00002/" {
		t.Fatalf("report: %s", got)
	}
}
