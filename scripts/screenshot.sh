#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates docs/screenshot.png from the real window: a short scene against the built-in
# demo server (a streamed reply, a "model not found" card, a rate-limit retry counting down),
# rendered on the offscreen platform (no display needed).
#   scripts/screenshot.sh [OUTPUT.png] [WIDTHxHEIGHT] [SCENE]
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEADFAST_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh" steadfast-screenshot
QT_QPA_PLATFORM=offscreen "$build_dir/src/app/steadfast-screenshot" \
  "${1:-$root/docs/screenshot.png}" "${2:-1400x900}" "${3:-readme}"
