package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamplesValidate runs `terraform validate` on every example folder with
// the provider built from this tree, so the docs never show a configuration
// Terraform would refuse.
func TestExamplesValidate(t *testing.T) {
	dev := newDevSetup(t)

	dirs := map[string]bool{}
	_ = filepath.WalkDir("../examples", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfquery.hcl")) {
			dirs[filepath.Dir(path)] = true
		}
		return err
	})
	if len(dirs) < 8 {
		t.Fatalf("found %d example folders; expected every type's and the guides'", len(dirs))
	}
	// Copy the whole tree, so examples that call each other as modules still can.
	root := t.TempDir()
	if out, err := exec.Command("cp", "-r", "../examples", root).CombinedOutput(); err != nil {
		t.Fatalf("copying examples: %v\n%s", err, out)
	}
	for dir := range dirs {
		t.Run(strings.TrimPrefix(dir, "../examples/"), func(t *testing.T) {
			work := filepath.Join(root, strings.TrimPrefix(dir, "../"))
			files, _ := filepath.Glob(filepath.Join(work, "*.tf"))
			declared := false
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				declared = declared || strings.Contains(string(b), "required_providers")
			}
			if !declared { // per-type snippets leave the provider source to the page that shows it
				_ = os.WriteFile(filepath.Join(work, "providers_for_test.tf"), []byte(`terraform {
  required_providers {
    auth0tokens = { source = "auth0tokens/auth0tokens" }
  }
}
`), 0o600)
			}
			// The import examples of a resource's page (import-by-*.tf) are
			// alternatives: each is validated with the resource, alone.
			imports, _ := filepath.Glob(filepath.Join(work, "import-by-*.tf"))
			for _, f := range imports {
				if err := os.Rename(f, f+".off"); err != nil {
					t.Fatal(err)
				}
			}
			validate := func(label string) {
				// -query: the .tfquery.hcl files (list blocks) too
				for _, args := range [][]string{{"init", "-backend=false", "-no-color"}, {"validate", "-query", "-no-color"}} {
					cmd := exec.Command(dev.terraform, args...)
					cmd.Dir = work
					cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+dev.cliConfig)
					if out, err := cmd.CombinedOutput(); err != nil {
						t.Fatalf("terraform %s in %s%s: %v\n%s", args[0], dir, label, err, out)
					}
				}
			}
			validate("")
			for _, f := range imports {
				_ = os.Rename(f+".off", f)
				validate(" with " + filepath.Base(f))
				_ = os.Rename(f, f+".off")
			}
		})
	}
}
