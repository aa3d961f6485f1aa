package e2e

import (
	"os"
	"regexp"
	"testing"
)

// The GNUmakefile is the one place the tested Terraform and OpenTofu versions
// are set; code reads them from there, and this test keeps the prose in step.
func TestDocsNameTheTestedVersions(t *testing.T) {
	want := map[string]string{}
	for cli, v := range map[string]string{"Terraform": "TERRAFORM_VERSION", "OpenTofu": "TOFU_VERSION"} {
		version, err := makeVar(v)
		if err != nil {
			t.Fatal(err)
		}
		want[cli] = version
	}
	mention := regexp.MustCompile(`(Terraform|OpenTofu)( CLI)?( \()?(?: v)? ?(\d+\.\d+\.\d+)`)
	tested := regexp.MustCompile(`tested on (\d+\.\d+\.\d+)`)
	found := 0
	for _, file := range []string{"../README.md", "../CONTRIBUTING.md", "../templates/index.md.tmpl", "../docs/index.md"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		found += len(mention.FindAllString(string(data), -1)) + len(tested.FindAllString(string(data), -1))
		for _, m := range mention.FindAllStringSubmatch(string(data), -1) {
			if m[4] != want[m[1]] {
				t.Errorf("%s names %s %s; the GNUmakefile tests %s", file, m[1], m[4], want[m[1]])
			}
		}
		for _, m := range tested.FindAllStringSubmatch(string(data), -1) {
			if m[1] != want["Terraform"] && m[1] != want["OpenTofu"] {
				t.Errorf("%s says \"tested on %s\"; the GNUmakefile tests Terraform %s and OpenTofu %s", file, m[1], want["Terraform"], want["OpenTofu"])
			}
		}
	}
	if found < 5 {
		t.Fatalf("found %d version mentions; the patterns no longer match the docs", found)
	}
}
