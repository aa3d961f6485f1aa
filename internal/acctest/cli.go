package acctest

import (
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// openTofuVersion is the version of the OpenTofu CLI the acceptance tests run
// on (TF_ACC_TERRAFORM_PATH), nil on Terraform. The whole output is searched:
// OpenTofu prints CLI configuration warnings before its version.
var openTofuVersion = sync.OnceValue(func() *version.Version {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		return nil
	}
	out, _ := exec.Command(path, "version").Output()
	m := regexp.MustCompile(`(?m)^OpenTofu v(\S+)`).FindSubmatch(out)
	if m == nil {
		return nil
	}
	v, err := version.NewVersion(string(m[1]))
	if err != nil {
		return nil
	}
	return v
})

// IsOpenTofu reports whether the acceptance tests run on OpenTofu
// (TF_ACC_TERRAFORM_PATH pointing at a tofu binary).
func IsOpenTofu() bool { return openTofuVersion() != nil }

// OpenTofuBelow reports whether the acceptance tests run on an OpenTofu older
// than minimum, for what changed between the OpenTofu versions we test.
func OpenTofuBelow(minimum string) bool {
	v := openTofuVersion()
	return v != nil && v.LessThan(version.Must(version.NewVersion(minimum)))
}

// SkipOnOpenTofu skips a test of a feature OpenTofu does not have.
func SkipOnOpenTofu(t *testing.T, why string) {
	t.Helper()
	if IsOpenTofu() {
		t.Skip("not supported by OpenTofu: " + why)
	}
}
