#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Set up, build and open the Steadfast chat window. With no API key configured it talks to
# the demo server built into the app (use its Simulate menu to watch every failure); open
# Settings for a real provider. Extra arguments go to the app (e.g. --profile DIR).
#   scripts/run.sh --cli [ARGS]   the terminal client instead, against a standalone fault server
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEADFAST_BUILD_DIR:-$root/build}

if [[ ${1:-} != --cli ]]; then
  "$root/scripts/setup.sh" steadfast
  if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    echo "steadfast: no display (DISPLAY and WAYLAND_DISPLAY are unset). Run this from a" \
         "desktop session, or render the window to a PNG with scripts/screenshot.sh." >&2
    exit 1
  fi
  exec "$build_dir/src/app/steadfast" "$@"
fi
shift

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
