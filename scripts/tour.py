# SPDX-License-Identifier: GPL-3.0-or-later
"""A tour of the real window: drives the built steadfast under Xvfb + openbox through AT-SPI
(and xdotool where a real click is needed: menus and dialogs that a nested event loop runs)
and writes a screenshot of every state to docs/tour/, with docs/tour/README.md listing them.

Run by scripts/tour.sh (which builds and sets up the session bus); see there for usage.
Every step waits on what the window says through AT-SPI, with a deadline; only the
"does the countdown move" pictures are taken a fixed time apart, on purpose.
"""

import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "realwindow"))
from realwindow import (Desktop, Node, Timeout, log, wait_for,  # noqa: E402
                        window_id, write_settings)

# Shorter than the defaults so the whole tour runs in a few minutes; README.md says so.
TOUR_SETTINGS = {
    "retry": {"maxRetries": 3},
    "timeouts": {"firstByteMs": 10000, "idleMs": 5000},
    "breaker": {"threshold": 3, "cooldownMs": 10000},
}


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


class Tour:
    def __init__(self, desktop, app, out):
        self.desktop = desktop
        self.app = app
        self.out = out
        self.pictures = []  # (file, caption)
        self.indicator_states = set()
        self.count = 0
        self.main_window = window_id(app.process.pid, "Steadfast")

    # --- reading ---------------------------------------------------------------------------

    def nodes(self):
        return self.app.nodes()

    def resolve(self):
        """The widgets read again and again, held once (a walk of the tree takes ~0.4 s)."""
        nodes = self.nodes()
        self.send_acc = [n for n in nodes if n.role == "push button" and n.name == "Send"
                         and n.showing][0].acc
        self.banner_acc = [n for n in nodes if n.name == "Retry status"][0].acc
        self.indicator_acc = [n for n in nodes if n.name == "Connection status"][0].acc

    def busy(self):
        return self.send_acc.name == "Stop"

    def indicator(self):
        return self.indicator_acc.description or ""

    def indicator_state(self):
        return self.indicator().split("\n")[0].strip()

    def banner_showing(self):
        import pyatspi
        return self.banner_acc.getState().contains(pyatspi.STATE_SHOWING)

    def banner_buttons(self, name):
        return [n for n in self.app.nodes(root=self.banner_acc)
                if n.role == "push button" and n.name == name and n.showing]

    @staticmethod
    def descendants(nodes, parent):
        start = nodes.index(parent)
        result = []
        for node in nodes[start + 1:]:
            if node.depth <= parent.depth:
                break
            result.append(node)
        return result

    # --- acting ----------------------------------------------------------------------------

    def click(self, node):
        import pyatspi
        extents = node.acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)

    def send(self, text):
        composer = self.app.one("the composer", name="Message", role="text", showing=True)
        self.app.set_text(composer, text)
        wait_for("the text in the composer", lambda: self.app.text(composer) == text)
        import pyatspi
        wait_for("an enabled Send button", lambda: self.send_acc.name == "Send" and
                 self.send_acc.getState().contains(pyatspi.STATE_ENABLED))
        self.app.press(Node(self.send_acc, 0))
        # The composer empties once the message is taken (sent, or kept with a card).
        wait_for("the message to be taken", lambda: self.app.text(composer) == "", timeout=10)

    def new_conversation(self):
        buttons = self.app.find(name="New conversation", role="push button", showing=True)
        if buttons:
            self.app.press(buttons[0])

    def wait_idle(self, timeout=60):
        wait_for("the window to be idle", lambda: not self.busy() and not self.banner_showing(),
                 timeout=timeout)

    # --- pictures --------------------------------------------------------------------------

    def shot(self, name, caption, window=None, crop_to_main=False):
        """A PNG of one window (the main one by default), 256 colours."""
        self.app.check_running()
        self.count += 1
        file = f"{self.count:02d}-{name}.png"
        path = os.path.join(self.out, file)
        raw = path + ".raw.png"
        if crop_to_main:
            # A popup (a menu) is a window of its own: take the screen and cut out the main
            # window together with every other visible window of the app.
            ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                                  str(self.app.process.pid)], capture_output=True,
                                 text=True).stdout.split()
            boxes = [self.geometry(i) for i in set(ids) | {self.main_window}]
            boxes = [b for b in boxes if b]
            left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
            right = max(b[0] + b[2] for b in boxes)
            bottom = max(b[1] + b[3] for b in boxes)
            subprocess.run(["import", "-window", "root", "-crop",
                            f"{right - left}x{bottom - top}+{left}+{top}", raw], check=True)
        else:
            subprocess.run(["import", "-window", window or self.main_window, raw], check=True)
        subprocess.run(["convert", raw, "+repage", "-colors", "256", f"PNG8:{path}"],
                       check=True)
        os.remove(raw)
        self.pictures.append((file, caption))
        log(f"{file}: {caption}")

    @staticmethod
    def geometry(window):
        """x, y, width, height of an X window on the screen, or None."""
        info = subprocess.run(["xwininfo", "-id", str(window)], capture_output=True, text=True)
        values = dict(re.findall(r"(Absolute upper-left [XY]|Width|Height):\s+(-?\d+)",
                                 info.stdout))
        if len(values) < 4:
            return None
        return (max(0, int(values["Absolute upper-left X"])),
                max(0, int(values["Absolute upper-left Y"])),
                int(values["Width"]), int(values["Height"]))

    def note_indicator(self, context):
        """A picture whenever the indicator shows a state not pictured yet."""
        state = self.indicator_state()
        key = re.sub(r"\d+", "N", state)
        if state and key not in self.indicator_states:
            self.indicator_states.add(key)
            self.shot(f"indicator-{slug(key)}",
                      f"the status indicator says \"{state}\" ({context})")

    # --- flows -----------------------------------------------------------------------------

    def first_launch(self):
        self.app.one("the composer", name="Message", role="text", showing=True)
        wait_for("the model list", lambda: self.app.find(role="list item", name="steadfast-demo"))
        self.resolve()
        self.shot("first-launch", "first launch: the demo server, nothing sent yet")
        self.note_indicator("first launch")

    def streaming(self):
        self.send("What can you do?")
        wait_for("the reply to start", self.busy, timeout=15, interval=0.02)
        time.sleep(1.0)  # on purpose: part of the reply (it streams for about 3 s)
        self.shot("reply-streaming", "a reply streaming in (mid-stream)"
                  if self.busy() else "a reply streaming in (it had finished already)")
        self.wait_idle()
        self.shot("reply-finished", "the reply finished")
        self.note_indicator("after a reply")

    def scenario(self, item):
        label = item.name
        name = slug(label)
        self.new_conversation()
        self.app.press(item)  # arms the fault (the menu stays closed)
        self.send(f"Simulate: {label}")
        started = time.monotonic()
        banner_seen = long_wait_done = during_taken = silence_taken = False
        deadline = started + 90
        while time.monotonic() < deadline:
            busy, banner = self.busy(), self.banner_showing()
            if not busy and not banner and time.monotonic() - started > 0.5:
                break
            waits = self.banner_buttons("Wait") if banner and not long_wait_done else []
            if waits:
                long_wait_done = True
                self.shot(f"{name}-asks", f"{label}: the server asks for a long wait")
                self.app.press(waits[0])
                time.sleep(1.0)
                self.shot(f"{name}-waiting", f"{label}: after Wait, the long wait counting")
                time.sleep(3.0)  # on purpose: does the countdown move?
                self.shot(f"{name}-waiting-later", f"{label}: the same wait 3 s later")
                for cancel in self.banner_buttons("Cancel"):
                    self.app.press(cancel)
                continue
            if not silence_taken and [n for n in self.app.find(name="Request status",
                                                                showing=True)
                                      if n.description.startswith("No data for")]:
                silence_taken = True  # a silent stream says how long it has been silent
                self.shot(f"{name}-silent", f"{label}: the stream is silent, the seconds tick")
            if banner and not banner_seen and not long_wait_done:
                banner_seen = during_taken = True
                self.shot(f"{name}-during", f"{label}: during, the retry banner")
            elif not banner and not during_taken and time.monotonic() - started > 3:
                during_taken = True
                self.shot(f"{name}-during", f"{label}: during, waiting for the server")
            self.note_indicator(label)
            time.sleep(0.1)
        else:
            raise Timeout(f"{label}: still busy after 90 s")
        time.sleep(0.3)  # the card or the reply's last frame is painted after the state change
        self.shot(f"{name}-after", f"{label}: after")
        self.note_indicator(f"after {label}")

    def outage_aftermath(self):
        """While the breaker is open: a new message, then the probe after the cooldown."""
        state = self.indicator_state()
        self.new_conversation()
        self.send("Is the server back?")
        self.wait_idle(timeout=30)
        time.sleep(0.3)
        self.shot("outage-new-message", f"a new message while the indicator says \"{state}\"")
        def shape(text):
            return re.sub(r"\d+", "N", text)

        wait_for("the indicator to leave its paused state",
                 lambda: shape(self.indicator_state()) != shape(state), timeout=30)
        self.note_indicator("after the cooldown")
        # A new conversation: "And now?" in the same one, then New conversation, then a walk
        # of the accessible tree crashes steadfast (Qt 6.4, QAccessibleCache::idForObject).
        self.new_conversation()
        self.send("And now?")
        self.wait_idle(timeout=60)
        self.shot("outage-recovered", "after the cooldown, a message goes through")
        self.note_indicator("after the recovery")

    def simulate_all(self, only=None):
        items = [n for n in self.nodes() if n.role == "menu item"]
        start = [i for i, n in enumerate(items) if n.name.startswith("Rate limit (429")]
        if not start:
            raise Timeout("no Simulate menu items")
        scenarios = [n for n in items[start[0]:] if n.name != "Clear armed faults"]
        scenarios = scenarios[:[i for i, n in enumerate(scenarios)
                                if n.name.startswith("Slow start")][0] + 1]
        for item in scenarios:
            if only and not re.search(only, item.name, re.I):
                continue
            try:
                self.ensure_not_paused()
                self.scenario(item)
                if item.name.startswith("Outage"):
                    self.outage_aftermath()
            except Timeout as error:
                self.app.check_running()
                log(f"SKIPPED the rest of {item.name!r}: {error}")
                self.shot(f"{slug(item.name)}-stuck", f"{item.name}: stuck ({error})")
                self.stop_everything()

    def ensure_not_paused(self):
        """Each scenario starts with the breaker closed: an earlier one may have opened it.
        "Reset the circuit breaker" in the indicator's menu (the third item), else the end of
        the cooldown."""
        if not re.search("paus", self.indicator_state(), re.I):
            return
        self.indicator_menu_key()
        subprocess.run(["xdotool", "key", "Down", "Down", "Return"], check=True)
        wait_for("the breaker to close",
                 lambda: not re.search("paus", self.indicator_state(), re.I), timeout=30)

    def stop_everything(self):
        if self.busy():
            self.app.press(Node(self.send_acc, 0))
        for cancel in self.banner_buttons("Cancel"):
            self.app.press(cancel)
        wait_for("the window to be idle",
                 lambda: not self.busy() and not self.banner_showing(), 15)

    def indicator_menu_key(self, *keys):
        """Opens the indicator's menu with a click and picks an item with the keyboard: Qt
        does not put popup menus in the accessible tree."""
        self.click(Node(self.indicator_acc, 0))
        time.sleep(0.7)  # the popup has no accessible state to wait on; let it paint
        return keys

    def indicator_menu(self):
        """The indicator's menu, and Paused by you."""
        self.new_conversation()
        self.indicator_menu_key()
        self.shot("indicator-menu", "the status indicator's menu", crop_to_main=True)
        # Down: the first enabled item, "Pause this server" (the failure count is disabled).
        subprocess.run(["xdotool", "key", "Down", "Return"], check=True)
        wait_for("the indicator to say paused",
                 lambda: re.search("paus", self.indicator(), re.I), timeout=10)
        self.note_indicator("after Pause this server")
        self.send("Are you there?")
        self.wait_idle(timeout=15)
        time.sleep(0.3)
        self.shot("paused-by-you-send", "a message sent while paused by you")
        self.indicator_menu_key()
        self.shot("indicator-menu-paused", "the indicator's menu while paused",
                  crop_to_main=True)
        subprocess.run(["xdotool", "key", "Down", "Return"], check=True)  # resume
        wait_for("the indicator to leave paused", lambda: not re.search(
            "paused by you", self.indicator(), re.I), timeout=10)
        self.note_indicator("after resuming")

    def settings_window(self):
        return window_id(self.app.process.pid, "^Settings")

    def open_settings(self):
        self.click(self.app.one("Settings button", name="Settings", role="push button",
                                showing=True))
        return self.app.one("the Settings dialog", name="Settings", role="dialog", showing=True)

    def settings_and_custom_server(self, custom):
        custom_url = custom.base_url
        dialog = self.open_settings()
        self.shot("settings", "Settings, Connection page (demo server)",
                  window=self.settings_window())
        nodes = self.nodes()
        inside = self.descendants(nodes, [n for n in nodes if n.acc == dialog.acc][0])
        tab = [n for n in inside if n.role == "page tab" and n.name == "Reliability"]
        if tab:
            self.click(tab[0])
            wait_for("the Reliability page", lambda: self.app.find(
                name="Retries after a failed attempt", showing=True))
            self.shot("settings-reliability", "Settings, Reliability page",
                      window=self.settings_window())
            self.click([n for n in self.nodes() if n.role == "page tab"
                        and n.name == "Connection"][0])
        provider = wait_for("the provider box", lambda: [
            n for n in self.app.find(role="combo box", showing=True)
            if "Which service" in n.description])[0]
        provider.acc.queryComponent().grabFocus()
        subprocess.run(["xdotool", "key", "--clearmodifiers", "End"], check=True)
        wait_for("provider Custom", lambda: self.app.find(role="combo box", name="Custom",
                                                          showing=True))
        url = self.app.one("the Base URL field", name="Base URL", role="text", showing=True)
        self.app.set_text(url, custom_url)
        self.shot("settings-custom", "Settings: provider Custom, the tour's own fault server",
                  window=self.settings_window())
        ok = self.app.one("OK", name="OK", role="push button", showing=True)
        self.app.press(ok)
        # Custom has no model yet: OK asks first; saving without one lets the window choose
        # the first model the server lists (and say so).
        try:
            wait_for("the question about the empty model",
                     lambda: self.app.find(name="No model chosen", showing=True), timeout=5)
            self.shot("settings-no-model", "OK with no model: the dialog asks before saving",
                      window=self.settings_window())
            self.app.press(self.app.one("Save without a model", name="Save without a model",
                                        role="push button", showing=True))
        except Timeout:
            pass
        wait_for("the dialog to close",
                 lambda: not self.app.find(name="Settings", role="dialog", showing=True))
        wait_for("the window to name the custom server", lambda: [
            n for n in self.app.find(role="frame", showing=True) if "Custom" in n.name])
        wait_for("the window to ask the custom server for its models", lambda: any(
            e.get("path", "").endswith("/models") for e in custom.log()))
        time.sleep(0.5)  # the answer is shown after it arrives; nothing says when
        self.shot("custom-server", "switched to a custom server (nothing sent yet)")
        self.note_indicator("custom server")
        self.new_conversation()
        self.send("Hello, custom server")
        self.wait_idle()
        self.shot("custom-server-reply", "a reply from the custom server")
        self.note_indicator("custom server, after a reply")

    def narrow(self):
        subprocess.run(["xdotool", "windowsize", self.main_window, "480", "720"], check=True)
        import pyatspi
        frame = [n for n in self.nodes() if n.role == "frame" and n.depth == 1][0]

        def width():
            return frame.acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS).width

        last = [None]

        def settled():  # the same width twice in a row (the window manager has applied it)
            now = width()
            same = now == last[0]
            last[0] = now
            return same and now < 900

        wait_for("the window to narrow", settled, interval=0.3)
        self.shot("narrow", f"a narrow window (asked for 480 px, got {width()} px)")

    def write_index(self):
        lines = [
            "# A tour of the real window",
            "",
            "Screenshots of the real `steadfast` under Xvfb and openbox, driven through AT-SPI",
            "by `scripts/tour.sh` (regenerate with it; it replaces every picture here).",
            "The tour uses shorter timeouts than the defaults so that it runs in a few minutes:",
            "3 retries, first-byte timeout 10 s, stall timeout 5 s, breaker threshold 3,",
            "pause length 10 s.",
            "",
            "| picture | what it shows |",
            "|---|---|",
        ]
        for file, caption in self.pictures:
            lines.append(f"| [{file}]({file}) | {caption.replace('|', '/')} |")
        with open(os.path.join(self.out, "README.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steadfast", required=True)
    parser.add_argument("--faultserver", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", help="only the Simulate scenarios matching this regex")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        if old.endswith(".png"):
            os.remove(os.path.join(args.out, old))
    started = time.monotonic()
    with Desktop() as desktop:
        desktop.start()
        custom = desktop.start_faultserver(
            args.faultserver, "--chunk-delay-ms", "20", "--reply-text",
            "This reply comes from a custom server: a fault server that the tour started.")
        profile = os.path.join(desktop.workdir, "profile")
        write_settings(profile, TOUR_SETTINGS)
        app = desktop.start_app(args.steadfast, profile)
        app.wait_registered()
        tour = Tour(desktop, app, args.out)
        try:
            tour.first_launch()
            tour.streaming()
            tour.simulate_all(args.only)
            tour.indicator_menu()
            tour.settings_and_custom_server(custom)
            tour.narrow()
        except Exception:
            try:
                if app.process.poll() is None:
                    tour.shot("failed", "where the tour stopped")
                    print(app.dump(), file=sys.stderr)
                else:
                    print(desktop.process_log("steadfast")[-6000:], file=sys.stderr)
            finally:
                tour.write_index()
            raise
        tour.write_index()
    log(f"{len(tour.pictures)} pictures in {args.out} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
