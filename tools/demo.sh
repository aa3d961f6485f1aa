#!/usr/bin/env bash
# make demo: the provider end to end against the local Auth0 tenant, in a
# temporary folder (your own Terraform configuration and state are never touched).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${TERRAFORM_VERSION:?run it with make demo, which passes TERRAFORM_VERSION from the GNUmakefile}"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Building the provider and finding Terraform $TERRAFORM_VERSION (built from the Go module proxy the first time, a few minutes)"
go build -o bin/terraform-provider-auth0tokens .
tf=$(tools/build-cli.sh terraform "$TERRAFORM_VERSION")
go build -o bin/tenantsim ./internal/tenantsim/cmd/tenantsim

work=$(mktemp -d)
tenant_pid=""
cleanup() {
  [ -n "$tenant_pid" ] && kill "$tenant_pid" 2>/dev/null && wait "$tenant_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting the local Auth0 tenant (loopback only; revocation takes 2 s to show, as on a real tenant)"
bin/tenantsim -seed examples/demo/seed.json -dir "$work" -revocation-delay 2s > "$work/tenant.log" 2>&1 &
tenant_pid=$!
for _ in $(seq 1 100); do [ -s "$work/tenantsim.env" ] && break; sleep 0.1; done
[ -s "$work/tenantsim.env" ] || { cat "$work/tenant.log"; echo "the local tenant did not start" >&2; exit 1; }
grep -v SECRET "$work/tenantsim.env" | sed 's/^export /  /'
# shellcheck disable=SC1091
. "$work/tenantsim.env"

# Point Terraform at the freshly built provider, in this run only.
cat > "$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "auth0tokens/auth0tokens" = "$root/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0
mkdir -p "$work/examples"
cp -r examples/demo examples/security-review examples/session-review examples/adopt-tokens "$work/examples/"
rm -f "$work/examples/demo/seed.json"
cd "$work/examples/demo"
# Terraform warns about dev_overrides on every command; the demo says it once, above.
run() {
  "$tf" "$@" -no-color 2>&1 | awk '/Warning: Provider development overrides are in effect/ {skip=1} skip && /releases\./ {skip=0; next} !skip'
  return "${PIPESTATUS[0]}"
}

run init >/dev/null

say "1. terraform apply: list auth0|demo-alice's refresh tokens and sessions, and run the security-review and session-review checks"
run apply -auto-approve

say "2. terraform apply -invoke: sign the user out everywhere with the auth0tokens_revoke_sessions action"
run apply -auto-approve -invoke=action.auth0tokens_revoke_sessions.everywhere

say "3. terraform apply again: no session and no refresh token is left, and the checks pass"
run apply -auto-approve

say "4. Tokens as code: terraform query discovers auth0|demo-bob's refresh tokens and sessions (examples/adopt-tokens)"
cd "$work/examples/adopt-tokens"
bob=(-var 'user_id=auth0|demo-bob')
run init >/dev/null
run query "${bob[@]}"

say "5. terraform query -generate-config-out=adopted.tf writes the blocks that adopt them; terraform apply adopts them (imports only)"
run query "${bob[@]}" -generate-config-out=adopted.tf >/dev/null
awk -v id='"rt_demo_bob_1"' 'BEGIN { RS = ""; ORS = "\n\n" } index($0, id)' adopted.tf | grep -v '^#'   # one token's two blocks
run apply -auto-approve "${bob[@]}" | grep -E 'Import complete|Apply complete'

say "6. Delete rt_demo_bob_2's blocks from adopted.tf and apply: Terraform revokes that token (the old non-rotating one)"
# Generated blocks are separated by blank lines: drop the two that name the token.
awk -v id='"rt_demo_bob_2"' 'BEGIN { RS = ""; ORS = "\n\n" } index($0, id) == 0' adopted.tf > adopted.tf.new && mv adopted.tf.new adopted.tf
run apply -auto-approve "${bob[@]}" | grep -E 'Destroying|Destruction complete|Apply complete'
run query "${bob[@]}" | grep '^list'
cd "$work/examples/demo"

say "Done. To run the same configuration against your own tenant, from this folder:"
cat <<'TXT'
  make install   # the provider, into $(go env GOPATH)/bin; then point Terraform at it:
  printf 'provider_installation {\n  dev_overrides { "auth0tokens/auth0tokens" = "%s" }\n  direct {}\n}\n' "$(go env GOPATH)/bin" > ~/auth0tokens-dev.tfrc
  export TF_CLI_CONFIG_FILE=~/auth0tokens-dev.tfrc
  export AUTH0_DOMAIN=your-tenant.eu.auth0.com
  export AUTH0_CLIENT_ID=...       # a machine-to-machine application authorised for the Management API with
  export AUTH0_CLIENT_SECRET=...   # read:refresh_tokens, delete:refresh_tokens, read:sessions and delete:sessions
                                   # (and update:refresh_tokens, update:sessions to manage metadata as code)
  cd examples/demo && terraform init && terraform apply -var user_id='auth0|...'
  terraform apply -var user_id='auth0|...' -invoke=action.auth0tokens_revoke_sessions.everywhere
TXT
