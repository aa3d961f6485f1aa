package tools

import (
	"errors"
	"os/exec"
	"strings"
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
