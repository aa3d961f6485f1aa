package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// makeVar reads a variable the GNUmakefile sets (`NAME := value`): the one
// place tool versions are written down.
func makeVar(name string) (string, error) {
	data, err := os.ReadFile("../GNUmakefile")
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^` + name + `\s*:=\s*(\S+)`).FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("the GNUmakefile does not set %s", name)
	}
	return string(m[1]), nil
}

// terraformCLI is the Terraform CLI the tests use: TF_ACC_TERRAFORM_PATH as
// `make test` sets it, else the GNUmakefile's version, built when missing.
func terraformCLI() (string, error) {
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		return path, nil
	}
	version, err := makeVar("TERRAFORM_VERSION")
	if err != nil {
		return "", err
	}
	out, err := exec.Command("bash", "../tools/build-cli.sh", "terraform", version).Output()
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

// localTenant starts a local tenant for one test, set up by setup, and stops
// it when the test ends.
func localTenant(t *testing.T, opts tenantsim.Options, setup func(*tenantsim.Tenant)) *tenantsim.Server {
	t.Helper()
	tenant := tenantsim.New(opts)
	setup(tenant)
	srv, err := tenantsim.Start(tenant, "127.0.0.1:0", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// configDir writes a configuration that uses the provider (the
// required_providers block, then body) into a new folder, and returns it.
func configDir(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), `terraform {
  required_providers {
    auth0tokens = { source = "auth0tokens/auth0tokens" }
  }
}
`+body)
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}
