#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary prefix and checks what a desktop gets: both programs,
# a valid desktop entry, valid AppStream metainfo and the icon.
#   check-install.sh BUILD_DIR
set -euo pipefail
build_dir=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
for file in bin/steadfast bin/steadfast-cli share/applications/steadfast.desktop \
            share/metainfo/io.github.steadfast.Steadfast.metainfo.xml \
            share/icons/hicolor/scalable/apps/steadfast.svg; do
  [[ -e $prefix/$file ]] || { echo "not installed: $file" >&2; exit 1; }
done
[[ -x $prefix/bin/steadfast && -x $prefix/bin/steadfast-cli ]] || { echo "not executable" >&2; exit 1; }
desktop-file-validate "$prefix/share/applications/steadfast.desktop"
appstreamcli validate --no-net "$prefix/share/metainfo/io.github.steadfast.Steadfast.metainfo.xml"
# The installed programs run: versions from the installed binaries.
"$prefix/bin/steadfast-cli" --version
QT_QPA_PLATFORM=offscreen "$prefix/bin/steadfast" --version
echo "install ok"
