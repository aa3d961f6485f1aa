package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// cliVersion is one column of the test matrix, which the GNUmakefile sets.
type cliVersion struct {
	cli     string   // "Terraform" or "OpenTofu"
	tool    string   // its tools/build-cli.sh name: terraform or tofu
	version string   // x.y.z
	smoke   []string // the smoke set's tests; nil: every acceptance test runs
	target  string   // the make target that tests it
}

// testMatrix reads the matrix from the GNUmakefile: newest first, Terraform
// then OpenTofu, as README's Compatibility table lists it.
func testMatrix(t *testing.T) []cliVersion {
	t.Helper()
	get := func(name string) string {
		t.Helper()
		v, err := makeVar(name)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	smoke := func(name string) []string {
		t.Helper()
		re := strings.ReplaceAll(get(name), "$$", "$") // make's escape for $
		m := regexp.MustCompile(`^\^\(([A-Za-z0-9_|]+)\)\$$`).FindStringSubmatch(re)
		if m == nil {
			t.Fatalf("the GNUmakefile's %s is %q; want a list of whole test names, ^(TestA|TestB)$$", name, re)
		}
		return strings.Split(m[1], "|")
	}
	return []cliVersion{
		{"Terraform", "terraform", get("TERRAFORM_VERSION"), nil, "test"},
		{"Terraform", "terraform", get("TERRAFORM_SMOKE_VERSION"), smoke("TERRAFORM_SMOKE_TESTS"), "testacc-smoke-terraform"},
		{"OpenTofu", "tofu", get("TOFU_VERSION"), nil, "testacc-tofu"},
		{"OpenTofu", "tofu", get("TOFU_SMOKE_VERSION"), smoke("TOFU_SMOKE_TESTS"), "testacc-smoke-tofu"},
	}
}

// feature is a row of README's Compatibility table.
type feature struct {
	name      string   // as README words it
	terraform string   // the first Terraform release with it
	openTofu  string   // the first OpenTofu release with it; "" if none has it
	tests     []string // acceptance tests that exercise it, at least one per type
}

// features is what the provider offers and what each CLI needs for it. A
// version of the matrix supports a feature when it is at least that release;
// the smoke set of a version is the tests of the features it supports, so each
// "yes" in the table is a test that ran (a smoke run fails if one skips).
var features = []feature{{
	name:      "Data sources `auth0tokens_refresh_token`, `auth0tokens_refresh_tokens`, `auth0tokens_session`, `auth0tokens_sessions`",
	terraform: "1.0", openTofu: "1.6",
	tests: []string{"TestAccRefreshTokenDataSource", "TestAccRefreshTokensDataSource", "TestAccSessionDataSource", "TestAccSessionsDataSource"},
}, {
	name:      "Revocation resources `auth0tokens_refresh_token_revocation`, `auth0tokens_session_revocation`",
	terraform: "1.0", openTofu: "1.6",
	tests: []string{"TestAccRevocationResource_revokeOnDestroy", "TestAccSessionRevocationResource"},
}, {
	name:      "Revocation resource's write-only `token_ids_wo`",
	terraform: "1.11", openTofu: "1.11",
	tests: []string{"TestAccRevocationResource_writeOnlyFromEphemeral"},
}, {
	name:      "Ephemeral resources `auth0tokens_refresh_tokens`, `auth0tokens_sessions`",
	terraform: "1.10", openTofu: "1.11",
	tests: []string{"TestAccRefreshTokensEphemeral", "TestAccSessionsEphemeral_notInStateOrPlan"},
}, {
	name:      "Actions `auth0tokens_revoke_refresh_tokens`, `auth0tokens_revoke_sessions`, invoked or on `after_create`/`after_update`",
	terraform: "1.14",
	tests:     []string{"TestAccRevokeAction_user", "TestAccRevokeSessions_user"},
}, {
	name:      "Action on `before_destroy`/`after_destroy`",
	terraform: "1.16",
	tests:     []string{"TestAccRevokeAction_beforeDestroy"},
}, {
	name:      "Resources `auth0tokens_refresh_token`, `auth0tokens_session`: `import` blocks by `id`, metadata, destroy revokes",
	terraform: "1.5", openTofu: "1.6",
	tests: []string{"TestAccTokenResource_importByID", "TestAccSessionResource_importAndMetadata"},
}, {
	name:      "The same, `import` blocks by `identity`",
	terraform: "1.12", openTofu: "1.12",
	tests: []string{"TestAccTokenResource_importByIdentity", "TestAccSessionResource_importByIdentity"},
}, {
	name:      "List resources `auth0tokens_refresh_token`, `auth0tokens_session` and `terraform query` (`-generate-config-out`)",
	terraform: "1.14",
	tests:     []string{"TestAccTokenListResource_query", "TestAccSessionListResource_query"},
}}

func (f feature) supportedBy(c cliVersion) bool {
	since := f.terraform
	if c.cli == "OpenTofu" {
		since = f.openTofu
	}
	return since != "" && !version.Must(version.NewVersion(c.version)).LessThan(version.Must(version.NewVersion(since)))
}

// compatibilityTable is README's Compatibility table for the matrix.
func compatibilityTable(matrix []cliVersion) string {
	var b strings.Builder
	b.WriteString("| Feature |")
	for _, c := range matrix {
		fmt.Fprintf(&b, " %s %s |", c.cli, c.version)
	}
	b.WriteString(" First release with it |\n|---|" + strings.Repeat("---|", len(matrix)) + "---|\n")
	for _, f := range features {
		fmt.Fprintf(&b, "| %s |", f.name)
		for _, c := range matrix {
			if f.supportedBy(c) {
				b.WriteString(" yes |")
			} else {
				b.WriteString(" no |")
			}
		}
		if f.openTofu == "" {
			fmt.Fprintf(&b, " Terraform %s; not in OpenTofu |\n", f.terraform)
		} else {
			fmt.Fprintf(&b, " Terraform %s, OpenTofu %s |\n", f.terraform, f.openTofu)
		}
	}
	return b.String()
}

// The Compatibility tables (README, and the registry's index page) are the
// matrix: exactly the tested versions, and what each supports.
func TestCompatibilityTableIsTheMatrix(t *testing.T) {
	want := compatibilityTable(testMatrix(t))
	for _, file := range []string{"../README.md", "../templates/index.md.tmpl"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := sectionTable(string(data), "## Compatibility"); got != want {
			t.Errorf("%s: the table under \"## Compatibility\" is not the GNUmakefile's test matrix; it should read:\n\n%s\ngot:\n\n%s", file, want, got)
		}
	}
}

// sectionTable is the first Markdown table after the heading.
func sectionTable(doc, heading string) string {
	_, section, ok := strings.Cut(doc, "\n"+heading+"\n")
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(section, "\n") {
		switch {
		case strings.HasPrefix(line, "|"):
			b.WriteString(line + "\n")
		case b.Len() > 0 || strings.HasPrefix(line, "#"):
			return b.String()
		}
	}
	return b.String()
}

// A smoke set is exactly the tests of the features its version supports, so
// each "yes" in the table is tested on that version and nothing else is
// claimed there.
func TestSmokeSetsAreTheFeatureTests(t *testing.T) {
	for _, c := range testMatrix(t) {
		if c.smoke == nil {
			continue
		}
		var want []string
		for _, f := range features {
			if f.supportedBy(c) {
				want = append(want, f.tests...)
			}
		}
		slices.Sort(want)
		got := slices.Sorted(slices.Values(c.smoke))
		if !slices.Equal(got, want) {
			t.Errorf("the smoke set of %s %s is\n  %s\nwant the tests of the features it supports:\n  %s", c.cli, c.version, strings.Join(got, "|"), strings.Join(want, "|"))
		}
	}
}

// Every test the table relies on exists, so a rename cannot empty a smoke set.
func TestFeatureTestsExist(t *testing.T) {
	defined := map[string]bool{}
	funcs := regexp.MustCompile(`(?m)^func (TestAcc\w+)\(t \*testing\.T\)`)
	err := filepath.WalkDir("../internal", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := os.ReadFile(path)
		for _, m := range funcs.FindAllStringSubmatch(string(data), -1) {
			defined[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range features {
		if len(f.tests) == 0 {
			t.Errorf("feature %q names no test", f.name)
		}
		for _, name := range f.tests {
			if !defined[name] {
				t.Errorf("feature %q names %s, which no test file under internal/ defines", f.name, name)
			}
		}
	}
}

// The GNUmakefile is the one place the tested Terraform and OpenTofu versions
// are set; code reads them from there, and this test keeps the prose in step:
// every version the docs name is one of the matrix's.
func TestDocsNameTheTestedVersions(t *testing.T) {
	tested := map[string][]string{}
	for _, c := range testMatrix(t) {
		tested[c.cli] = append(tested[c.cli], c.version)
	}
	mention := regexp.MustCompile(`(Terraform|OpenTofu)( CLI)?( \()?(?: v)? ?(\d+\.\d+\.\d+)`)
	testedOn := regexp.MustCompile(`tested on (\d+\.\d+\.\d+)`)
	all := append(slices.Clone(tested["Terraform"]), tested["OpenTofu"]...)
	found := 0
	for _, file := range []string{"../README.md", "../CONTRIBUTING.md", "../templates/index.md.tmpl", "../docs/index.md"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mention.FindAllStringSubmatch(string(data), -1) {
			found++
			if !slices.Contains(tested[m[1]], m[4]) {
				t.Errorf("%s names %s %s; the GNUmakefile tests %s %s", file, m[1], m[4], m[1], strings.Join(tested[m[1]], " and "))
			}
		}
		for _, m := range testedOn.FindAllStringSubmatch(string(data), -1) {
			found++
			if !slices.Contains(all, m[1]) {
				t.Errorf("%s says \"tested on %s\"; the GNUmakefile tests %s", file, m[1], strings.Join(all, ", "))
			}
		}
	}
	if found < 5 {
		t.Fatalf("found %d version mentions; the patterns no longer match the docs", found)
	}
}
