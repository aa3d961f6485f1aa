package e2e

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The GitHub workflows cannot run here; `make lint` checks them with
// actionlint, and these tests keep what they run equal to the GNUmakefile's.

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The acceptance job's matrix is the GNUmakefile's: each CLI version, with
// the make target that tests it.
func TestWorkflowMatrixIsTheMakefiles(t *testing.T) {
	workflow := readFile(t, "../.github/workflows/test.yml")
	entry := regexp.MustCompile(`(?m)^\s*- \{ cli: (\S+), version: "?([^",]+)"?, target: ([^ }]+) \}$`)
	var got, want []string
	for _, m := range entry.FindAllStringSubmatch(workflow, -1) {
		got = append(got, fmt.Sprintf("%s %s: make %s", m[1], m[2], m[3]))
	}
	for _, c := range testMatrix(t) {
		want = append(want, fmt.Sprintf("%s %s: make %s", c.tool, c.version, c.target))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf(".github/workflows/test.yml's acceptance matrix is\n  %s\nwant the GNUmakefile's:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// Every Terraform and OpenTofu a workflow installs outside the matrix is the
// matrix's full-suite version, and goreleaser is the GNUmakefile's.
func TestWorkflowToolVersionsAreTheMakefiles(t *testing.T) {
	matrix := testMatrix(t)
	full := map[string]string{"terraform": matrix[0].version, "tofu": matrix[2].version}
	goreleaser, err := makeVar("GORELEASER_VERSION")
	if err != nil {
		t.Fatal(err)
	}
	pinned := regexp.MustCompile(`(?m)^\s*(terraform|tofu)_version: "?([^"\s]+)"?\s*$`)
	for _, file := range []string{"../.github/workflows/test.yml", "../.github/workflows/release.yml"} {
		for _, m := range pinned.FindAllStringSubmatch(readFile(t, file), -1) {
			if m[2] != full[m[1]] && m[2] != "${{ matrix.version }}" {
				t.Errorf("%s installs %s %s; the GNUmakefile tests %s", file, m[1], m[2], full[m[1]])
			}
		}
	}
	release := readFile(t, "../.github/workflows/release.yml")
	m := regexp.MustCompile(`(?s)goreleaser/goreleaser-action@\S+\s+with:.*?\n\s+version: (\S+)`).FindStringSubmatch(release)
	if m == nil || m[1] != goreleaser {
		t.Errorf("release.yml's goreleaser-action should pin version %s (GORELEASER_VERSION, what `make release-snapshot` checks); found %v", goreleaser, m)
	}
	for _, want := range []string{"tags:\n      - 'v*'", "args: release --clean", "GPG_FINGERPRINT: ${{ steps.import_gpg.outputs.fingerprint }}", "secrets.GPG_PRIVATE_KEY"} {
		if !strings.Contains(release, want) {
			t.Errorf("release.yml lacks %q", want)
		}
	}
}

// .ci/run tests the whole matrix: the full suites and both smoke sets.
func TestCIRunsTheMatrix(t *testing.T) {
	run := readFile(t, "../.ci/run")
	makefile := readFile(t, "../GNUmakefile")
	if !regexp.MustCompile(`(?m)^testacc-smoke: testacc-smoke-terraform testacc-smoke-tofu$`).MatchString(makefile) {
		t.Error("the GNUmakefile's testacc-smoke should run testacc-smoke-terraform and testacc-smoke-tofu")
	}
	for _, target := range []string{"test", "testacc-tofu", "testacc-smoke", "lint", "docs-check", "test-release"} {
		if !regexp.MustCompile(`(?m)^make ` + target + `( |$)`).MatchString(run) {
			t.Errorf(".ci/run does not run `make %s`", target)
		}
	}
}
