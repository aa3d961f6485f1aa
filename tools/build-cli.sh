#!/usr/bin/env bash
# Builds a Terraform or OpenTofu CLI from the Go module proxy into bin/.
# No prebuilt binary can be downloaded on our machines, so we compile the CLI's
# own module. Terraform's go.mod points nested remote-state backend modules at
# directories that are not in the module zip; a go.work replaces each with a
# one-function stub (no test uses a remote backend).
#
# One binary per version, bin/<cli>-<version>, so the versions of the test
# matrix (GNUmakefile) sit side by side. Prints the path of a CLI of exactly
# that version: one on PATH if it is that version, else bin/<cli>-<version>,
# built when missing.
#
# Usage: tools/build-cli.sh terraform 1.16.4 | tools/build-cli.sh tofu 1.12.6
set -euo pipefail

cli=${1:?usage: build-cli.sh terraform|tofu VERSION}
version=${2:?usage: build-cli.sh terraform|tofu VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bin/$cli-$version"

case "$cli" in
  terraform) module=github.com/hashicorp/terraform; pkg=.; ;;
  tofu) module=github.com/opentofu/opentofu; pkg=./cmd/tofu; ;;
  *) echo "build-cli.sh: unknown CLI '$cli'" >&2; exit 2 ;;
esac

# "Terraform v1.16.4" -> 1.16.4. With no CLI configuration: OpenTofu prints a
# warning before its version when TF_CLI_CONFIG_FILE names a missing file.
# awk reads all of the output: `head -1` would close the pipe early, and under
# pipefail the CLI's SIGPIPE would end this script at random.
cli_version() {
  TF_CLI_CONFIG_FILE= "$1" version 2>/dev/null |
    awk '!v && /^(Terraform|OpenTofu) v[0-9]/ { v = substr($2, 2) } END { print v }' || true
}

# Exactly the version asked for: the matrix tests versions, not "this or newer".
if found=$(command -v "$cli" 2>/dev/null) && [ "$(cli_version "$found")" = "$version" ]; then
  echo "$found"
  exit 0
fi
if [ -x "$out" ] && [ "$(cli_version "$out")" = "$version" ]; then
  echo "$out"
  exit 0
fi

echo "Building $cli $version from the Go module proxy (a few minutes, once)..." >&2
dir=$(go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$dir" ] || { echo "build-cli.sh: could not download $module@v$version" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work" "$out.tmp"' EXIT
{
  echo "go $(sed -n 's/^go //p' "$dir/go.mod")"
  echo "use $dir"
} > "$work/go.work"

# Each `replace M => ./path` whose directory the module zip lacks gets a stub:
# a remote-state backend a New() that returns nil, anything else an empty module.
sed -n 's/^replace \([^ ]*\) => \.\/\([^ ]*\)$/\1 \2/p' "$dir/go.mod" | while read -r mod path; do
  [ -d "$dir/$path" ] && continue
  stub="$work/stubs/$path"
  mkdir -p "$stub"
  printf 'module %s\n\ngo 1.24\n' "$mod" > "$stub/go.mod"
  case "$path" in
    */remote-state/*)
      printf 'package %s\n\nimport "%s/internal/backend"\n\nfunc New() backend.Backend { return nil }\n' \
        "$(basename "$path")" "$module" > "$stub/stub.go" ;;
  esac
  echo "replace $mod => ./stubs/$path" >> "$work/go.work"
done

mkdir -p "$root/bin"
(
  cd "$dir"
  GOWORK="$work/go.work" CGO_ENABLED=0 \
    go build -trimpath -o "$out.tmp" -ldflags "-s -w -X $module/version.dev=no" "$pkg"
)
mv "$out.tmp" "$out"
echo "Built $cli $(cli_version "$out") at $out" >&2
echo "$out"
