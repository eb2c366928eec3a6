#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Steadfast needs on Debian 12 (only what is missing) and configures and
# builds it into ./build. Used by scripts/run.sh and scripts/test.sh; safe to run again.
#   setup.sh [TARGET...]  build only these targets (default: everything)
#   STEADFAST_BUILD_DIR   build directory (default: build)
#   STEADFAST_BUILD_TYPE  CMake build type (default: RelWithDebInfo)
#   STEADFAST_FUZZ=1      also install clang and libFuzzer for fuzz/ (docs/fuzzing.md)
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEADFAST_BUILD_DIR:-$root/build}
build_type=${STEADFAST_BUILD_TYPE:-RelWithDebInfo}

say() { printf 'steadfast-setup: %s\n' "$*" >&2; }

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-httpserver-dev qt6-websockets-dev qtkeychain-qt6-dev qt6-svg-dev qt6-translations-l10n
  openssl xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools fonts-wqy-microhei
  desktop-file-utils appstream
  openbox x11-utils xdotool at-spi2-core python3-pyatspi imagemagick
)
# openbox, x11-utils, xdotool, at-spi2-core, python3-pyatspi: the real-window tests
# (tests/realwindow) and the tour (scripts/tour.sh); imagemagick: the tour's screenshots.
# Node.js runs Stoplight Prism for the conformance test; take Debian's only if none is there.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
# The libFuzzer harnesses (docs/fuzzing.md) need clang and its libFuzzer runtime; CI does
# not build them, so they are installed only on request: STEADFAST_FUZZ=1 scripts/setup.sh.
if [[ ${STEADFAST_FUZZ:-0} == 1 ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  say "installing: ${missing[*]}"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

say "configuring $build_dir ($build_type)"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
  -DSTEADFAST_WERROR=ON >/dev/null
say "building ${*:-everything}"
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
