package tools

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// terraformCLI finds (or builds) the Terraform CLI the tests use.
func terraformCLI() (string, error) {
	out, err := exec.Command("bash", "build-cli.sh", "terraform", "1.16.4").Output()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return "", errors.New(strings.TrimSpace(string(exitErr.Stderr)))
	}
	return strings.TrimSpace(string(out)), err
}

// devSetup is Terraform with the provider built from this tree installed by
// a dev override, as a user's machine would run it.
type devSetup struct {
	terraform string // the CLI
	provider  string // the built provider binary
	cliConfig string // TF_CLI_CONFIG_FILE with the dev override
}

func newDevSetup(tb testing.TB) devSetup {
	tb.Helper()
	tf, err := terraformCLI()
	if err != nil {
		tb.Fatalf("finding Terraform: %v", err)
	}
	bin := tb.TempDir()
	provider := filepath.Join(bin, "terraform-provider-auth0tokens")
	if out, err := exec.Command("go", "build", "-o", provider, "..").CombinedOutput(); err != nil {
		tb.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(bin, "cli.tfrc")
	if err := os.WriteFile(rc, []byte(`provider_installation {
  dev_overrides { "auth0tokens/auth0tokens" = "`+bin+`" }
  direct {}
}
`), 0o600); err != nil {
		tb.Fatal(err)
	}
	return devSetup{terraform: tf, provider: provider, cliConfig: rc}
}
