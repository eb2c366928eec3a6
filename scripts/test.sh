#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Set up, build and run the whole test suite (unit, integration against the real fault
# server, the built CLI, and the conformance test against Stoplight Prism over OpenAI's
# spec). Extra arguments go to ctest (e.g. -R TestChatService, -L unit).
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEADFAST_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"

export QT_QPA_PLATFORM=offscreen
# Prism's state (pid, log) lives with this build; it is stopped whatever happens.
export PRISM_STATE_DIR=$build_dir/prism-state
prism=$root/tests/conformance/openai-openapi/run-prism.sh
# Prism is installed from npm into the build folder, not the user's cache.
export PRISM_CACHE_DIR=${PRISM_CACHE_DIR:-$build_dir/prism-cache}
trap '[[ -x $prism ]] && "$prism" stop >/dev/null 2>&1 || true' EXIT

ctest --test-dir "$build_dir" --output-on-failure --parallel 2 "$@"
