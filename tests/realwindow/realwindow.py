# SPDX-License-Identifier: GPL-3.0-or-later
"""The real Steadfast window under Xvfb, read and driven from outside through AT-SPI.

Used by the real-window tests (tests/realwindow/*.py) and by the tour (scripts/tour.py).
Run it inside a private D-Bus session (dbus-run-session), with Debian's /usr/bin/python3
(python3-pyatspi). A Desktop starts, in this order, everything it needs and stops it again
(close(), also on SIGTERM/SIGINT): Xvfb on a free display, openbox, the AT-SPI bus, fault
servers and the application. Every wait is a poll with a deadline; a failed wait raises
Timeout with what was last seen.
"""

import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

DEFAULT_TIMEOUT = 20.0
POLL_INTERVAL = 0.1


class Timeout(Exception):
    """A wait ran past its deadline."""


def _die_with_parent():
    # Should this process die without cleaning up (libatspi aborts it when the accessibility
    # bus fails), its children get SIGTERM from the kernel (prctl PR_SET_PDEATHSIG).
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def wait_for(what, probe, timeout=DEFAULT_TIMEOUT, interval=POLL_INTERVAL):
    """Calls probe() until it returns something true and returns that, or raises Timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = probe()
            if value:
                return value
        except Exception as error:  # the tree changes under us: try again
            last_error = error
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise Timeout(f"timed out after {timeout:.0f} s waiting for {what}{detail}")
        time.sleep(interval)


class Desktop:
    """Xvfb + openbox + the AT-SPI bus, and the processes started on them."""

    def __init__(self, size="1280x800"):
        self.size = size
        self.workdir = tempfile.mkdtemp(prefix="steadfast-realwindow.")
        self._processes = []  # (name, Popen), stopped in reverse order
        self.display = None
        self.apps = []
        self._previous_handlers = {}
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            self._previous_handlers[signum] = signal.signal(signum, self._on_signal)

    # --- processes -------------------------------------------------------------------------

    def _on_signal(self, signum, _frame):
        self.close()
        sys.exit(128 + signum)

    def spawn(self, name, argv, env=None, **kwargs):
        out = open(os.path.join(self.workdir, f"{name}.log"), "ab")
        kwargs.setdefault("stdout", out)
        process = subprocess.Popen(argv, env=env, stderr=out, stdin=subprocess.DEVNULL,
                                   start_new_session=True, preexec_fn=_die_with_parent,
                                   **kwargs)
        out.close()
        self._processes.append((name, process))
        return process

    def stop(self, process, timeout=5.0):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._processes = [(n, p) for (n, p) in self._processes if p is not process]

    def close(self):
        while self._processes:
            _name, process = self._processes[-1]
            self.stop(process)
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._previous_handlers = {}
        if os.environ.get("STEADFAST_KEEP_WORKDIR"):
            log(f"kept {self.workdir}")
        else:
            subprocess.run(["rm", "-rf", self.workdir], check=False)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def process_log(self, name):
        try:
            with open(os.path.join(self.workdir, f"{name}.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    # --- the display, the window manager, the accessibility bus ----------------------------

    def start(self):
        read_fd, write_fd = os.pipe()
        self.spawn("xvfb", ["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                            f"{self.size}x24", "-nolisten", "tcp", "-noreset"],
                   pass_fds=(write_fd,))
        os.close(write_fd)
        number = b""
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        with os.fdopen(read_fd, "rb") as pipe:
            while not number.endswith(b"\n") and time.monotonic() < deadline:
                chunk = pipe.read(1)  # Xvfb writes the number once it accepts clients
                if not chunk:
                    break
                number += chunk
        if not number.strip():
            raise RuntimeError("Xvfb did not start:\n" + self.process_log("xvfb"))
        self.display = ":" + number.decode().strip()
        os.environ["DISPLAY"] = self.display
        log(f"Xvfb on {self.display}")

        self.spawn("openbox", ["openbox", "--sm-disable"])
        wait_for("openbox to manage the screen",
                 lambda: b"window id" in subprocess.run(
                     ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                     capture_output=True).stdout)

        if "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
            raise RuntimeError("no session bus: run this under dbus-run-session")
        self.spawn("atspi", ["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"])
        wait_for("the AT-SPI bus", _a11y_bus_address)
        # libatspi aborts a process that cannot register on the bus: try in a child first.
        wait_for("AT-SPI to answer a client", lambda: subprocess.run(
            [sys.executable, "-c", "import pyatspi; pyatspi.Registry.getDesktop(0).childCount"],
            capture_output=True, timeout=DEFAULT_TIMEOUT).returncode == 0)
        return self

    # --- fault servers ---------------------------------------------------------------------

    def start_faultserver(self, binary, *args):
        """Starts steadfast-faultserver; returns a FaultServer."""
        name = f"faultserver{len(self._processes)}"
        process = self.spawn(name, [binary, "--chunk-delay-ms", "5", *args],
                             stdout=subprocess.PIPE)
        url = process.stdout.readline().decode().strip()
        process.stdout.close()
        if not url.startswith("http"):
            raise RuntimeError("the fault server did not start:\n" + self.process_log(name))
        log(f"fault server at {url}")
        return FaultServer(url)

    # --- the application -------------------------------------------------------------------

    def start_app(self, binary, profile, extra_env=None, args=()):
        env = dict(os.environ)
        env.update({
            "QT_ACCESSIBILITY": "1",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_QPA_PLATFORM": "xcb",
            "HOME": os.path.join(self.workdir, "home"),
            "XDG_CONFIG_HOME": os.path.join(self.workdir, "home", ".config"),
            "XDG_DATA_HOME": os.path.join(self.workdir, "home", ".local", "share"),
            "no_proxy": "127.0.0.1,localhost,::1",
            "NO_PROXY": "127.0.0.1,localhost,::1",
            "LANG": "C.UTF-8",
            "LANGUAGE": "",
        })
        for variable in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "http_proxy", "https_proxy",
                         "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
            env.pop(variable, None)
        env.update(extra_env or {})
        os.makedirs(env["HOME"], exist_ok=True)
        # STEADFAST_APP_WRAPPER: a command to run the app under, e.g. "gdb -batch -ex run
        # -ex bt --args" to see where it crashes (its output goes to steadfast's log).
        wrapper = os.environ.get("STEADFAST_APP_WRAPPER", "").split()
        process = self.spawn("steadfast", [*wrapper, binary, "--profile", profile, *args],
                             env=env)
        app = App(self, process)
        self.apps.append(app)
        return app


def _a11y_bus_address():
    """The AT-SPI bus's address, once the launcher owns org.a11y.Bus (asking the bus first:
    a call to the name while nobody owns it would make the bus activate a second launcher)."""
    owned = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.a11y.Bus"],
        capture_output=True)
    if b"boolean true" not in owned.stdout:
        return None
    result = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
         "org.a11y.Bus.GetAddress"], capture_output=True)
    return result.returncode == 0 and b"unix:" in result.stdout


class FaultServer:
    """The control API of a running steadfast-faultserver (docs/faultserver.md)."""

    def __init__(self, base_url):
        self.base_url = base_url  # http://127.0.0.1:PORT/v1
        self.root = base_url.split("/v1")[0]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.root + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=5) as reply:
            return json.loads(reply.read().decode())

    def arm(self, steps):
        return self._call("POST", "/_fault/arm", {"steps": steps})

    def reset(self):
        return self._call("POST", "/_fault/reset", {})

    def log(self):
        return self._call("GET", "/_fault/log")

    def chat_requests(self):
        return [e for e in self.log() if e.get("path", "").endswith("/chat/completions")]


# --- AT-SPI --------------------------------------------------------------------------------

def _pyatspi():
    import pyatspi  # after the AT-SPI bus is up (it connects on import)
    return pyatspi


class Node:
    """A snapshot of one accessible: role, name, description, states, and the object."""

    def __init__(self, acc, depth):
        pyatspi = _pyatspi()
        self.acc = acc
        self.depth = depth
        self.role = acc.getRoleName()
        self.name = acc.name or ""
        self.description = acc.description or ""
        states = acc.getState()
        self.showing = states.contains(pyatspi.STATE_SHOWING)
        self.visible = states.contains(pyatspi.STATE_VISIBLE)
        self.enabled = states.contains(pyatspi.STATE_ENABLED)
        self.checked = states.contains(pyatspi.STATE_CHECKED)

    def __repr__(self):
        flags = "".join([
            "S" if self.showing else "-", "V" if self.visible else "-",
            "E" if self.enabled else "-"])
        description = f" — {self.description!r}" if self.description else ""
        return f"{'  ' * self.depth}[{self.role}] {self.name!r} {flags}{description}"


class App:
    """The running steadfast process and its accessible tree."""

    def __init__(self, desktop, process):
        self.desktop = desktop
        self.process = process
        self.root = None

    def check_running(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"steadfast exited with {self.process.returncode}:\n"
                               + self.desktop.process_log("steadfast"))

    def _ours(self, pid):
        """The process we started, or its child (when it runs under STEADFAST_APP_WRAPPER)."""
        if pid == self.process.pid:
            return True
        try:
            with open(f"/proc/{pid}/stat") as f:
                return int(f.read().rsplit(")", 1)[1].split()[1]) == self.process.pid
        except (OSError, ValueError, IndexError):
            return False

    def wait_registered(self, timeout=30.0):
        pyatspi = _pyatspi()

        def find():
            self.check_running()
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                try:
                    if app is not None and self._ours(app.get_process_id()):
                        return app
                except Exception:
                    continue
            return None

        self.root = wait_for("steadfast on the AT-SPI bus", find, timeout)
        # Read every property afresh: the cache is kept current by events, which this
        # process (no GLib main loop) never handles, so cached children and descriptions go
        # stale.
        from gi.repository import Atspi
        self.root.set_cache_mask(Atspi.Cache.NONE)
        return self.root

    def nodes(self, max_depth=40, root=None):
        """Every accessible under the application (or under root), depth first, read afresh."""
        self.check_running()
        result = []

        def walk(acc, depth):
            if acc is None or depth > max_depth:
                return
            try:
                node = Node(acc, depth)
            except Exception:
                return
            result.append(node)
            try:
                count = acc.childCount
            except Exception:
                return
            for i in range(count):
                try:
                    child = acc.getChildAtIndex(i)
                except Exception:
                    continue
                walk(child, depth + 1)

        walk(root if root is not None else self.root, 0)
        return result

    def dump(self, nodes=None):
        return "\n".join(repr(n) for n in (nodes if nodes is not None else self.nodes()))

    def find(self, name=None, role=None, showing=None, nodes=None, name_prefix=None):
        """All nodes with this name (and role, and showing state)."""
        found = []
        for node in nodes if nodes is not None else self.nodes():
            if name is not None and node.name != name:
                continue
            if name_prefix is not None and not node.name.startswith(name_prefix):
                continue
            if role is not None and node.role != role:
                continue
            if showing is not None and node.showing != showing:
                continue
            found.append(node)
        return found

    def one(self, what, timeout=DEFAULT_TIMEOUT, **criteria):
        """Waits until a node matching criteria exists, and returns the first."""
        return wait_for(what, lambda: (self.find(**criteria) or [None])[0], timeout)

    # --- acting ----------------------------------------------------------------------------

    @staticmethod
    def press(node, action_names=("Press", "press", "click", "Toggle", "toggle")):
        action = node.acc.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        for wanted in action_names:
            if wanted in names:
                return action.doAction(names.index(wanted))
        if action.nActions:
            return action.doAction(0)
        raise RuntimeError(f"{node!r} has no action")

    @staticmethod
    def actions(node):
        action = node.acc.queryAction()
        return [action.getName(i) for i in range(action.nActions)]

    @staticmethod
    def set_text(node, text):
        editable = node.acc.queryEditableText()
        editable.setTextContents(text)

    @staticmethod
    def text(node):
        text = node.acc.queryText()
        return text.getText(0, text.characterCount)


def window_id(pid, name_pattern=".", timeout=DEFAULT_TIMEOUT):
    """The X window id of a visible top-level window of the process."""

    def search():
        result = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid),
                                 "--name", name_pattern], capture_output=True, text=True)
        ids = [line for line in result.stdout.split() if line.strip()]
        return ids[-1] if ids else None

    return wait_for(f"a window of process {pid} named /{name_pattern}/", search, timeout)


class CheckFailed(Exception):
    """What the window showed was wrong."""


def run_check(check):
    """The body of a real-window test: check(desktop, args) under a fresh Desktop.

    Exit status 0 when it passes, 1 when it fails (with the accessible tree it saw and the
    logs), 2 for a bad command line. The desktop and everything on it are stopped either way.
    """
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--steadfast", required=True, help="the built steadfast")
    parser.add_argument("--faultserver", required=True, help="the built steadfast-faultserver")
    args = parser.parse_args()
    for path in (args.steadfast, args.faultserver):
        if not os.access(path, os.X_OK):
            print(f"not an executable: {path}", file=sys.stderr)
            return 2
    with Desktop() as desktop:
        try:
            desktop.start()
            check(desktop, args)
        except (CheckFailed, Timeout, RuntimeError) as error:
            print(f"FAIL: {error}", file=sys.stderr)
            for app in desktop.apps:
                try:
                    print("The accessible tree it saw:\n" + app.dump(), file=sys.stderr)
                except Exception as dump_error:
                    print(f"(no tree: {dump_error!r})", file=sys.stderr)
            print("steadfast's output (last 60 lines):\n"
                  + "\n".join(desktop.process_log("steadfast").splitlines()[-60:]),
                  file=sys.stderr)
            return 1
    print("PASS", file=sys.stderr)
    return 0


def write_settings(profile, values):
    """A profile's settings.ini (QSettings' INI format) with these {group: {key: value}}."""
    os.makedirs(profile, exist_ok=True)
    with open(os.path.join(profile, "settings.ini"), "w", encoding="utf-8") as f:
        for group, entries in values.items():
            f.write(f"[{group}]\n")
            for key, value in entries.items():
                f.write(f"{key}={value}\n")
            f.write("\n")
