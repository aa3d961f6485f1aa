package refreshtoken_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/acctest"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

var echoFactory = map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}

var tf110 = tfversion.SkipBelow(version.Must(version.NewVersion("1.10.0")))

// The echo provider hands the ephemeral values back so the test can see them.
func TestAccRefreshTokensEphemeral(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tf110},
		ProtoV6ProviderFactories: echoFactory,
		Steps: []resource.TestStep{{
			// OpenTofu lists ephemeral resources in the JSON plan with an "open" action (values nulled).
			ExpectNonEmptyPlan: acctest.IsOpenTofu(),
			Config: `
ephemeral "auth0tokens_refresh_tokens" "t" {
  user_id        = "auth0|alice"
  client_id      = "app_web"
  include_device = true
}
provider "echo" {
  data = {
    ids        = ephemeral.auth0tokens_refresh_tokens.t.ids
    first_ip   = ephemeral.auth0tokens_refresh_tokens.t.tokens[0].device.initial_ip
    scopes     = ephemeral.auth0tokens_refresh_tokens.t.tokens[0].resource_servers[0].scopes
    no_device  = ephemeral.auth0tokens_refresh_tokens.t.tokens[1].device == null
  }
}
resource "echo" "t" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.t", tfjsonpath.New("data"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"ids":       ids("rt_alice_1", "rt_alice_3"),
					"first_ip":  knownvalue.StringExact("203.0.113.10"),
					"scopes":    ids("openid", "read:orders", "write:orders"),
					"no_device": knownvalue.Bool(true),
				})),
			},
		}},
	}, acctest.WithTenantOptions(tenantsim.Options{EarlyAccess: true}))
}

// tokenTraces are values of the listed tokens that must never reach plan or state.
var tokenTraces = []string{"rt_alice_1", "rt_alice_2", "rt_alice_3", "203.0.113.10", "198.51.100.7", "Firefox", "okhttp", "sess_alice"}

// noTraces fails when a JSON document (a plan, a state) holds a token value.
func noTraces(what string, doc any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	for _, s := range tokenTraces {
		if bytes.Contains(raw, []byte(s)) {
			return fmt.Errorf("%s contains %q", what, s)
		}
	}
	return nil
}

type planHasNoTraces struct{}

func (planHasNoTraces) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = noTraces("the plan", req.Plan)
}

type stateHasNoTraces struct{}

func (stateHasNoTraces) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = noTraces("the state", req.State)
}

// A security check over the ephemeral listing sees every token, and
// afterwards neither the state file nor the saved plan on disk holds any
// token field. (Terraform accepts ephemeral values only in write-only action
// attributes, which terraform-plugin-framework v1.19.0 refuses for actions, so
// the listing cannot feed the action's token_ids; checks and provider blocks
// are its consumers.)
func TestAccRefreshTokensEphemeral_notInStateOrPlan(t *testing.T) {
	workDir := keepWorkDir(t)
	acctest.New(t).TestSerial(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tf110},
		Steps: []resource.TestStep{{
			ExpectNonEmptyPlan: acctest.IsOpenTofu(), // see TestAccRefreshTokensEphemeral
			Config: `
ephemeral "auth0tokens_refresh_tokens" "alice" {
  user_id = "auth0|alice"
}

locals {
  non_rotating = [for t in ephemeral.auth0tokens_refresh_tokens.alice.tokens : t.id if !t.rotating]
}

check "refresh_tokens_rotate" {
  assert {
    condition     = length(local.non_rotating) == 0
    error_message = "Some refresh tokens do not rotate."
  }
}

resource "terraform_data" "review" {
  input = "reviewed"
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				planHasNoTraces{},
				expectChecks{"refresh_tokens_rotate": tfjson.CheckStatusFail}, // rt_alice_2 does not rotate
			}},
			ConfigStateChecks: []statecheck.StateCheck{stateHasNoTraces{}},
		}},
	})

	scanWorkDir(t, workDir)
}

// keepWorkDir makes terraform-plugin-testing keep Terraform's working folders
// in a folder of this test's, for scanWorkDir. (It sets process environment:
// run the test with TestSerial.)
func keepWorkDir(t *testing.T) string {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	return workDir
}

// scanWorkDir reads what Terraform left on disk (state files, and saved plans,
// which are zip archives) and fails the test on any token trace.
func scanWorkDir(t *testing.T, workDir string) {
	t.Helper()
	scanned := 0
	err := filepath.WalkDir(workDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		var contents [][]byte
		switch name {
		case "terraform.tfstate", "terraform.tfstate.backup":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			contents = append(contents, b)
		case "tfplan":
			zr, err := zip.OpenReader(path)
			if err != nil {
				return err
			}
			defer func() { _ = zr.Close() }()
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				b, err := io.ReadAll(rc)
				_ = rc.Close()
				if err != nil {
					return err
				}
				contents = append(contents, b)
			}
		default:
			return nil
		}
		scanned++
		for _, b := range contents {
			for _, s := range tokenTraces {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s contains %q", path, s)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 2 {
		t.Fatalf("scanned %d state and plan files; want at least a state file and a saved plan", scanned)
	}
}
