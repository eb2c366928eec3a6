#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Set up, build and run Steadfast. Until the chat window lands, this is a conversation in
# the terminal with steadfast-cli against the built-in fault server (one message per line,
# Ctrl-D to end). Extra arguments go to steadfast-cli.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEADFAST_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh" steadfast-cli steadfast-faultserver

server_out=$(mktemp)
server_log=${TMPDIR:-/tmp}/steadfast-faultserver.log
"$build_dir/src/faultserver/steadfast-faultserver" --chunk-delay-ms 30 >"$server_out" 2>"$server_log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -f "$server_out"' EXIT
for _ in $(seq 1 100); do [[ -s $server_out ]] && break; sleep 0.05; done
base_url=$(head -n 1 "$server_out")
[[ -n $base_url ]] || { echo "the fault server did not start" >&2; exit 1; }

cat >&2 <<TEXT
Steadfast demo: talking to the built-in fault server at $base_url (its log: $server_log)
Type a message and press Enter; Ctrl-D ends. Arm a fault from another terminal, e.g.
  curl -s -X POST ${base_url%/v1}/_fault/arm -d '{"status":429,"headers":{"Retry-After":"3"}}'
TEXT
"$build_dir/src/cli/steadfast-cli" --base-url "$base_url" --model steadfast-demo "$@"
