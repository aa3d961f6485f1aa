//go:build releasetest

// Run by `make test-release`, after `make release-snapshot` has filled dist/.

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

// TestReleaseInstallsFromMirror installs the snapshot's zip for this machine's
// platform the way Terraform and OpenTofu install from a registry (a
// filesystem mirror in the packed layout, no dev_overrides), checks the lock
// file records the package's hash, and reads a token from the local tenant
// with it. The snapshot may hold every platform (`make release-snapshot`) or
// this one alone (`make release-snapshot-host`, what `make test-release` builds).
func TestReleaseInstallsFromMirror(t *testing.T) {
	dist := os.Getenv("RELEASE_DIST")
	if dist == "" {
		t.Fatal("RELEASE_DIST is not set: run `make test-release`")
	}
	var meta struct {
		Version string `json:"version"`
	}
	data, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	if err == nil {
		err = json.Unmarshal(data, &meta)
	}
	if err != nil || meta.Version == "" {
		t.Fatalf("reading dist/metadata.json: %v", err)
	}
	version := meta.Version
	if version != strings.ToLower(version) {
		t.Fatalf("snapshot version %q is not lowercase: a packed mirror would not match it", version)
	}
	prefix := "terraform-provider-auth0tokens_" + version
	platform := runtime.GOOS + "_" + runtime.GOARCH
	zipName := prefix + "_" + platform + ".zip"
	checkRegistryFiles(t, dist, prefix)

	srv := localTenant(t, tenantsim.Options{}, func(tenant *tenantsim.Tenant) {
		tenant.AddClient(tenantsim.Client{ID: "m2m", Secret: "release-test-secret", Scopes: []string{"read:refresh_tokens"}})
		_ = tenant.Generate(tenantsim.Generate{UserID: "auth0|release", ClientID: "web", Audience: "api", Prefix: "rt_rel_", Count: 2})
	})

	wantHash, err := dirhash.HashZip(filepath.Join(dist, zipName), dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	for name, cli := range map[string]struct{ path, host string }{
		"Terraform": {os.Getenv("TF_ACC_TERRAFORM_PATH"), "registry.terraform.io"},
		"OpenTofu":  {os.Getenv("TOFU_PATH"), "registry.opentofu.org"},
	} {
		t.Run(name, func(t *testing.T) {
			if cli.path == "" {
				t.Fatal("the CLI's path is not set: run `make test-release`")
			}
			mirror := filepath.Join(t.TempDir(), "mirror")
			pkgDir := filepath.Join(mirror, cli.host, "auth0tokens", "auth0tokens")
			if err := os.MkdirAll(pkgDir, 0o755); err != nil {
				t.Fatal(err)
			}
			copyFile(t, filepath.Join(dist, zipName), filepath.Join(pkgDir, zipName))
			work := t.TempDir()
			rc := filepath.Join(work, "cli.tfrc")
			writeFile(t, rc, `provider_installation {
  filesystem_mirror {
    path    = "`+mirror+`"
    include = ["`+cli.host+`/auth0tokens/auth0tokens"]
  }
}
`)
			writeFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    auth0tokens = {
      source  = "auth0tokens/auth0tokens"
      version = "`+version+`"
    }
  }
}
provider "auth0tokens" {}
data "auth0tokens_refresh_tokens" "u" { user_id = "auth0|release" }
output "ids" { value = data.auth0tokens_refresh_tokens.u.ids }
`)
			env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_PLUGIN_CACHE_DIR=",
				"AUTH0_DOMAIN="+srv.Domain, "SSL_CERT_FILE="+srv.CAFile, "AUTH0_CLIENT_ID=m2m", "AUTH0_CLIENT_SECRET=release-test-secret", "AUTH0_API_TOKEN=")
			run := func(args ...string) string {
				cmd := exec.Command(cli.path, args...)
				cmd.Dir, cmd.Env = work, env
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			run("init", "-no-color")
			lock, err := os.ReadFile(filepath.Join(work, ".terraform.lock.hcl"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(lock), `provider "`+cli.host+`/auth0tokens/auth0tokens"`) ||
				!regexp.MustCompile(`version\s+=\s+"`+regexp.QuoteMeta(version)+`"`).Match(lock) ||
				!strings.Contains(string(lock), `"`+wantHash+`"`) {
				t.Fatalf("the lock file does not record %s at %s with the package's hash %s:\n%s", cli.host, version, wantHash, lock)
			}
			installed := filepath.Join(work, ".terraform", "providers", cli.host, "auth0tokens", "auth0tokens", version, platform,
				"terraform-provider-auth0tokens_v"+version)
			if _, err := os.Stat(installed); err != nil {
				t.Fatalf("the provider is not installed where a registry install puts it: %v", err)
			}
			out := run("apply", "-no-color", "-auto-approve")
			if !strings.Contains(out, `"rt_rel_00001"`) || !strings.Contains(out, `"rt_rel_00002"`) {
				t.Fatalf("the installed provider did not read the tokens:\n%s", out)
			}
		})
	}
}

// checkRegistryFiles checks dist/ has what the registry reads: the zips, the
// manifest (protocol 6.0) and SHA256SUMS listing both with their digests.
// The zips are the archives goreleaser built (dist/artifacts.json), named as
// the registry wants; this machine's platform must be one of them.
// (e2e/workflows_test.go checks .goreleaser.yml names every platform.)
func checkRegistryFiles(t *testing.T, dist, prefix string) {
	t.Helper()
	var artifacts []struct {
		Name   string `json:"name"`
		Type   string `json:"type"`
		Goos   string `json:"goos"`
		Goarch string `json:"goarch"`
	}
	data, err := os.ReadFile(filepath.Join(dist, "artifacts.json"))
	if err == nil {
		err = json.Unmarshal(data, &artifacts)
	}
	if err != nil {
		t.Fatalf("reading dist/artifacts.json: %v", err)
	}
	var zips []string
	for _, a := range artifacts {
		if a.Type != "Archive" {
			continue
		}
		if want := prefix + "_" + a.Goos + "_" + a.Goarch + ".zip"; a.Name != want {
			t.Errorf("goreleaser built %s for %s/%s; the registry wants %s", a.Name, a.Goos, a.Goarch, want)
		}
		zips = append(zips, a.Name)
	}
	if host := prefix + "_" + runtime.GOOS + "_" + runtime.GOARCH + ".zip"; !slices.Contains(zips, host) {
		t.Fatalf("the snapshot has no zip for this machine (%s); it has %v", host, zips)
	}
	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	data, err = os.ReadFile(filepath.Join(dist, prefix+"_manifest.json"))
	if err == nil {
		err = json.Unmarshal(data, &manifest)
	}
	if err != nil || manifest.Version != 1 || strings.Join(manifest.Metadata.ProtocolVersions, ",") != "6.0" {
		t.Fatalf("manifest: %+v, %v; want version 1, protocol 6.0", manifest, err)
	}
	sums, err := os.ReadFile(filepath.Join(dist, prefix+"_SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range zips {
		if want := sha256Of(t, filepath.Join(dist, name)) + "  " + name; !strings.Contains(string(sums), want) {
			t.Errorf("SHA256SUMS lacks %q", want)
		}
	}
	if !strings.Contains(string(sums), prefix+"_manifest.json") {
		t.Error("SHA256SUMS does not list the manifest")
	}
}

func sha256Of(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
