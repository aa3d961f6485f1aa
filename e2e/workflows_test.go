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

// .ci/run tests the whole matrix (the full suites and both smoke sets) and
// keeps every check: lint, docs, the benchmarks once, the release install.
// Its steps are `step NAME WHAT make [FLAGS] TARGET...` lines; make test runs
// last, in the foreground, so its summary closes the log.
func TestCIRunsTheMatrix(t *testing.T) {
	run := readFile(t, "../.ci/run")
	makefile := readFile(t, "../GNUmakefile")
	if !regexp.MustCompile(`(?m)^testacc-smoke: testacc-smoke-terraform testacc-smoke-tofu$`).MatchString(makefile) {
		t.Error("the GNUmakefile's testacc-smoke should run testacc-smoke-terraform and testacc-smoke-tofu")
	}
	targets := map[string]bool{}
	var last string
	for _, m := range regexp.MustCompile(`(?m)^\s*step "[^"]*" "[^"]*" make ([^|&\n]*)`).FindAllStringSubmatch(run, -1) {
		for _, word := range strings.Fields(m[1]) {
			if regexp.MustCompile(`^[a-z][a-z0-9-]*$`).MatchString(word) {
				targets[word] = true
				last = word
			}
		}
	}
	for _, target := range []string{"tools", "clis", "lint", "docs-check", "test-release", "test-compile", "testacc-tofu", "testacc-smoke", "bench", "test"} {
		if !targets[target] {
			t.Errorf(".ci/run does not run `make %s` as a step", target)
		}
	}
	if last != "test" {
		t.Errorf(".ci/run's last step runs make %s; make test should run last, so Go's summary closes the log", last)
	}
	if !strings.Contains(run, "make bench BENCHTIME=1x") {
		t.Error(".ci/run should run each benchmark once (make bench BENCHTIME=1x)")
	}
}

// make test runs every test in one go test under the race detector (so the
// unit tests keep it), after the fuzz targets; the test targets share its
// flags, so .ci/run's make test-compile builds their binaries once.
func TestMakeTestRunsEverythingUnderRace(t *testing.T) {
	makefile := readFile(t, "../GNUmakefile")
	if m := regexp.MustCompile(`(?m)^GOTESTFLAGS\s*\?=(.*)$`).FindStringSubmatch(makefile); m == nil || !slices.Contains(strings.Fields(m[1]), "-race") {
		t.Errorf("the GNUmakefile's GOTESTFLAGS (%v) should include -race: make test runs the unit tests under it once, with every other test", m)
	}
	recipe := func(target string) string {
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(target) + `:[^\n]*\n((?:\t[^\n]*\n)*)`).FindStringSubmatch(makefile)
		if m == nil {
			t.Fatalf("the GNUmakefile has no %s target", target)
		}
		return m[1]
	}
	test := recipe("test")
	if !strings.Contains(test, "$(MAKE) --no-print-directory fuzz") {
		t.Error("make test should run the fuzz targets")
	}
	lines := strings.Split(strings.TrimSpace(test), "\n")
	if lastLine := lines[len(lines)-1]; !strings.Contains(lastLine, "go test -count=1 $(GOTESTFLAGS)") || !strings.HasSuffix(lastLine, " ./...") {
		t.Errorf("make test should end with one go test of ./... with $(GOTESTFLAGS), so its summary closes the output; it ends with %q", lastLine)
	}
	for _, target := range []string{"testacc", "testacc-tofu", "test-compile"} {
		if !strings.Contains(recipe(target), "$(GOTESTFLAGS)") {
			t.Errorf("make %s should build its tests with $(GOTESTFLAGS), as make test does", target)
		}
	}
}

// CI installs a snapshot of this machine's platform alone (one build); the
// release, and make release-snapshot, build every platform the registry
// serves to Terraform users.
func TestReleaseBuildsEveryPlatform(t *testing.T) {
	config := readFile(t, "../.goreleaser.yml")
	for _, want := range []string{"goos: [linux, darwin, windows]", "goarch: [amd64, arm64]"} {
		if !strings.Contains(config, "\n    "+want+"\n") {
			t.Errorf(".goreleaser.yml should build %s", want)
		}
	}
	makefile := readFile(t, "../GNUmakefile")
	for _, want := range []string{
		"release-snapshot: $(BIN)/goreleaser\n\t$(call snapshot,.goreleaser.yml)\n",
		"test-release: release-snapshot-host\n",
	} {
		if !strings.Contains(makefile, want) {
			t.Errorf("the GNUmakefile lacks %q", want)
		}
	}
}
