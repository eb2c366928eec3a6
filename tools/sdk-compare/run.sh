#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the same fault scenarios through the official OpenAI Node SDK and steadfast-cli
# and writes docs/sdk-comparison.md. Not part of CI. Extra arguments go to compare.mjs
# (e.g. `--only '^429'` to run some scenarios; then the table goes to stdout unless
# `--out FILE` is given after them).
#
# Environment: STEADFAST_BUILD_DIR (default: build/ at the top of the repository).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${STEADFAST_BUILD_DIR:-$root/build}
cli=$build/src/cli/steadfast-cli
server=$build/src/faultserver/steadfast-faultserver

for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (Node.js 20 or later)" >&2; exit 1; }
done

if [[ ! -x $cli || ! -x $server ]]; then
    echo "run.sh: building steadfast-cli and steadfast-faultserver in $build" >&2
    [[ -f $build/build.ninja || -f $build/Makefile ]] ||
        cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug >&2
    cmake --build "$build" --target steadfast-cli steadfast-faultserver -j2 >&2
fi

# The SDK, exactly as pinned in package-lock.json.
if [[ ! -f $here/node_modules/openai/package.json ||
      $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
    (cd "$here" && npm ci --no-audit --no-fund >&2)
fi

work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# One fault server for every scenario: it prints its base URL as its only stdout line.
coproc FAULTSERVER { exec "$server" --chunk-delay-ms 5 2>"$work/server.log"; }
server_pid=$FAULTSERVER_PID
read -r base_url <&"${FAULTSERVER[0]}" ||
    { echo "run.sh: the fault server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
echo "run.sh: fault server at $base_url (pid $server_pid)" >&2

args=(--base-url "$base_url" --cli "$cli")
if [[ $# -eq 0 ]]; then
    args+=(--out "$root/docs/sdk-comparison.md")
fi
node "$here/compare.mjs" "${args[@]}" "$@"
if [[ $# -eq 0 ]]; then
    echo "run.sh: wrote $root/docs/sdk-comparison.md" >&2
fi
