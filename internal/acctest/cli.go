package acctest

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

var openTofu = sync.OnceValue(func() bool {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		return false
	}
	out, err := exec.Command(path, "version").Output()
	return err == nil && strings.HasPrefix(string(out), "OpenTofu")
})

// IsOpenTofu reports whether the acceptance tests run on OpenTofu
// (TF_ACC_TERRAFORM_PATH pointing at a tofu binary).
func IsOpenTofu() bool { return openTofu() }

// SkipOnOpenTofu skips a test of a feature OpenTofu does not have.
func SkipOnOpenTofu(t *testing.T, why string) {
	t.Helper()
	if IsOpenTofu() {
		t.Skip("not supported by OpenTofu: " + why)
	}
}
