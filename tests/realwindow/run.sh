#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh CHECK.py STEADFAST FAULTSERVER
#
# Runs one real-window check (tests/realwindow/CHECK.py) against the built steadfast and
# steadfast-faultserver: inside a private session bus with a throw-away Secret Service
# (tests/support/with-secret-service.sh: HOME and the XDG folders in a temporary directory),
# the check starts its own Xvfb on a free display, openbox, the AT-SPI bus, the fault server
# and steadfast, and stops them all when it ends (realwindow.py). Needs no display.
# The packages come from scripts/setup.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$#" -ne 3 ]; then
    echo "usage: $0 CHECK.py STEADFAST FAULTSERVER" >&2
    exit 2
fi
missing=
for tool in Xvfb openbox xprop xdotool dbus-run-session dbus-send /usr/libexec/at-spi-bus-launcher; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || missing="$missing python3-pyatspi"
if [ -n "$missing" ]; then
    echo "$0: missing:$missing (scripts/setup.sh installs them)" >&2
    exit 1
fi
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1
exec "$here/../support/with-secret-service.sh" \
    /usr/bin/python3 "$here/$1" --steadfast "$2" --faultserver "$3"
