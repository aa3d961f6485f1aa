#!/usr/bin/env bash
# Builds a Terraform or OpenTofu CLI from the Go module proxy into bin/.
# No prebuilt binary can be downloaded on our machines, so we compile the CLI's
# own module. Terraform's go.mod points nested remote-state backend modules at
# directories that are not in the module zip; a go.work replaces each with a
# one-function stub (no test uses a remote backend).
#
# Prints the path of a usable CLI: one on PATH of at least the same minor
# version, else bin/<cli>, built when missing or of another version.
#
# Usage: tools/build-cli.sh terraform 1.16.4 | tools/build-cli.sh tofu 1.11.5
set -euo pipefail

cli=${1:?usage: build-cli.sh terraform|tofu VERSION}
version=${2:?usage: build-cli.sh terraform|tofu VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bin/$cli"

case "$cli" in
  terraform) module=github.com/hashicorp/terraform; pkg=.; ;;
  tofu) module=github.com/opentofu/opentofu; pkg=./cmd/tofu; ;;
  *) echo "build-cli.sh: unknown CLI '$cli'" >&2; exit 2 ;;
esac

# "Terraform v1.16.4" -> 1.16.4
# sed reads all of the output: `head -1` would close the pipe early, and under
# pipefail the CLI's SIGPIPE would end this script at random.
cli_version() { "$1" version 2>/dev/null | sed -n '1s/^[A-Za-z]* v\([0-9][0-9.]*\).*/\1/p' || true; }
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }

if found=$(command -v "$cli" 2>/dev/null) && [ "$found" != "$out" ]; then
  have=$(cli_version "$found")
  if [ -n "$have" ] && at_least "$have" "${version%.*}.0"; then
    echo "$found"
    exit 0
  fi
fi
if [ -x "$out" ] && [ "$(cli_version "$out")" = "$version" ]; then
  echo "$out"
  exit 0
fi

echo "Building $cli $version from the Go module proxy (a few minutes, once)..." >&2
dir=$(go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$dir" ] || { echo "build-cli.sh: could not download $module@v$version" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  echo "go $(sed -n 's/^go //p' "$dir/go.mod")"
  echo "use $dir"
} > "$work/go.work"

if [ "$cli" = terraform ]; then
  for backend in azure consul cos gcs kubernetes oss pg s3 oci; do
    mod="$module/internal/backend/remote-state/$backend"
    mkdir -p "$work/stubs/$backend"
    printf 'module %s\n\ngo 1.24\n' "$mod" > "$work/stubs/$backend/go.mod"
    printf 'package %s\n\nimport "%s/internal/backend"\n\nfunc New() backend.Backend { return nil }\n' \
      "$backend" "$module" > "$work/stubs/$backend/stub.go"
    echo "replace $mod => ./stubs/$backend" >> "$work/go.work"
  done
  mkdir -p "$work/stubs/legacy"
  printf 'module %s/internal/legacy\n\ngo 1.24\n' "$module" > "$work/stubs/legacy/go.mod"
  echo "replace $module/internal/legacy => ./stubs/legacy" >> "$work/go.work"
fi

mkdir -p "$root/bin"
(
  cd "$dir"
  GOWORK="$work/go.work" CGO_ENABLED=0 \
    go build -trimpath -o "$out.tmp" -ldflags "-s -w -X $module/version.dev=no" "$pkg"
)
mv "$out.tmp" "$out"
echo "Built $("$out" version 2>/dev/null | head -1) at $out" >&2
echo "$out"
