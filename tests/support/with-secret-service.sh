#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# with-secret-service.sh COMMAND [ARG...]
#
# Runs COMMAND against a private, throw-away Secret Service: a session bus of its own
# (dbus-run-session) with gnome-keyring-daemon serving org.freedesktop.secrets from a login
# keyring that lives in a temporary directory and is unlocked with an empty password. The
# user's real keyring and bus are never touched: HOME and the XDG directories point into the
# temporary directory, which is removed afterwards. Works headless and as root (CI).
# Exits with COMMAND's exit status, or 125 when the Secret Service could not be started.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

# First pass: start a private session bus and come back inside it (the marker argument
# says so; it is never meant to be given by hand).
if [ "$1" != --inside-private-bus ]; then
    for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "$0: $tool is not installed" >&2
            exit 125
        fi
    done
    exec dbus-run-session -- sh "$0" --inside-private-bus "$@"
fi
shift
if [ "$#" -eq 0 ]; then
    exit 2
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/steadfast-secrets.XXXXXX")
daemon_pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    if [ -n "$daemon_pid" ]; then
        kill "$daemon_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export HOME="$workdir/home"
export XDG_DATA_HOME="$workdir/data"
export XDG_CONFIG_HOME="$workdir/config"
export XDG_CACHE_HOME="$workdir/cache"
export XDG_RUNTIME_DIR="$workdir/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"
# No desktop: nothing may try to show an unlock prompt, and QtKeychain must not prefer
# KWallet because the caller's session happens to be KDE.
unset DISPLAY WAYLAND_DISPLAY XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION \
    KDE_SESSION_VERSION

bus_call() {
    dbus-send --session --print-reply --reply-timeout=2000 "$@" 2>/dev/null
}
name_owned() {
    bus_call --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q 'boolean true'
}

# An empty line on stdin is the login keyring's password: the daemon creates the keyring
# with it and unlocks it. --start then initialises the running daemon's secrets component
# and prints the variables clients need.
started=$(echo | gnome-keyring-daemon --daemonize --unlock --components=secrets) || {
    echo "$0: gnome-keyring-daemon did not start" >&2
    exit 125
}
started="$started $(gnome-keyring-daemon --start --components=secrets 2>/dev/null || true)"
for assignment in $started; do # NAME=VALUE lines (GNOME_KEYRING_CONTROL, …), if any
    # shellcheck disable=SC2163 # the word is NAME=VALUE: export it as it is
    case "$assignment" in
    [A-Za-z_]*=*) export "$assignment" ;;
    esac
done

# Wait until the service answers on the bus (asking only the bus first: a call to the
# service's name while nobody owns it would make the bus activate a second daemon).
deadline=$(($(date +%s) + 30))
until name_owned && bus_call --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Service \
    string:Collections >/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "$0: the Secret Service did not answer within 30 s" >&2
        exit 125
    fi
    sleep 0.1
done
daemon_pid=$(bus_call --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
    | awk '/uint32/ { print $2 }')

status=0
"$@" || status=$?
exit "$status"
