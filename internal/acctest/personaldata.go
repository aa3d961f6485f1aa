package acctest

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

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// NoTraces are values (IDs, IP addresses, user agents) that must never reach
// plan or state. It is a plan check and a state check, and scans what
// Terraform left on disk.
type NoTraces []string

var (
	_ plancheck.PlanCheck   = NoTraces(nil)
	_ statecheck.StateCheck = NoTraces(nil)
)

func (n NoTraces) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = n.check("the plan", req.Plan)
}

func (n NoTraces) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = n.check("the state", req.State)
}

func (n NoTraces) check(what string, doc any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	if s := n.found(raw); s != "" {
		return fmt.Errorf("%s contains %q", what, s)
	}
	return nil
}

func (n NoTraces) found(data []byte) string {
	for _, s := range n {
		if bytes.Contains(data, []byte(s)) {
			return s
		}
	}
	return ""
}

// KeepWorkDir makes terraform-plugin-testing keep Terraform's working folders
// in a folder of this test's, for ScanWorkDir. (It sets process environment:
// run the test with Env.TestSerial.)
func KeepWorkDir(t *testing.T) string {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	return workDir
}

// ScanWorkDir reads what Terraform left on disk (state files, and saved plans,
// which are zip archives) and fails the test on any trace.
func (n NoTraces) ScanWorkDir(t *testing.T, workDir string) {
	t.Helper()
	scanned := 0
	err := filepath.WalkDir(workDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var contents [][]byte
		switch d.Name() {
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
			if s := n.found(b); s != "" {
				t.Errorf("%s contains %q", path, s)
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
