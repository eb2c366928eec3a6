#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A tour of the real window: builds steadfast, runs it under Xvfb + openbox against the
# built-in demo server (a fresh --profile; the keychain is a throw-away one) and drives it
# through first launch, a streamed reply, every Simulate scenario (during and after), the
# status indicator's states and menu, Settings, a custom server and a narrow window, through
# AT-SPI (scripts/tour.py). Writes docs/tour/NN-*.png (the window only, 256 colours) and
# docs/tour/README.md (one line per picture). Needs no display; takes a few minutes.
#   scripts/tour.sh [OUTPUT_DIR] [--only REGEX]   REGEX: only the Simulate scenarios matching it
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEADFAST_BUILD_DIR:-$root/build}
out=$root/docs/tour
if [[ $# -gt 0 && $1 != --* ]]; then
  out=$(realpath -m -- "$1")
  shift
fi
"$root/scripts/setup.sh" steadfast steadfast-faultserver
export PYTHONDONTWRITEBYTECODE=1
exec "$root/tests/support/with-secret-service.sh" /usr/bin/python3 "$root/scripts/tour.py" \
  --steadfast "$build_dir/src/app/steadfast" \
  --faultserver "$build_dir/src/faultserver/steadfast-faultserver" --out "$out" "$@"
