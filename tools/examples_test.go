package tools

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
	tf, err := terraformCLI()
	if err != nil {
		t.Fatalf("finding Terraform: %v", err)
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-auth0tokens"), "..").CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(bin, "cli.tfrc")
	if err := os.WriteFile(rc, []byte(`provider_installation {
  dev_overrides { "auth0tokens/auth0tokens" = "`+bin+`" }
  direct {}
}
`), 0o600); err != nil {
		t.Fatal(err)
	}

	dirs := map[string]bool{}
	_ = filepath.WalkDir("../examples", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".tf") {
			dirs[filepath.Dir(path)] = true
		}
		return err
	})
	if len(dirs) < 8 {
		t.Fatalf("found %d example folders; expected every type's and the guides'", len(dirs))
	}
	for dir := range dirs {
		t.Run(strings.TrimPrefix(dir, "../examples/"), func(t *testing.T) {
			work := t.TempDir()
			files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
			declared := false
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				declared = declared || strings.Contains(string(b), "required_providers")
				if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if !declared { // per-type snippets leave the provider source to the page that shows it
				_ = os.WriteFile(filepath.Join(work, "providers.tf"), []byte(`terraform {
  required_providers {
    auth0tokens = { source = "auth0tokens/auth0tokens" }
  }
}
`), 0o600)
			}
			cmd := exec.Command(tf, "validate", "-no-color")
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("terraform validate %s: %v\n%s", dir, err, out)
			}
		})
	}
}
