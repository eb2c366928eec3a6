# SPDX-License-Identifier: GPL-3.0-or-later
"""Real window: no demo badge while a real (healthy) server answers.

The built steadfast, under Xvfb + openbox with the AT-SPI bus, is pointed at a healthy fault
server (OPENAI_BASE_URL / OPENAI_API_KEY). Once it has fetched the model list and answered
one message, nothing named "Demo server in use" may be showing (AT-SPI STATE_SHOWING).
Run by tests/realwindow/run.sh (ctest: RealWindowDemoBadge).
"""

import sys

from realwindow import CheckFailed, log, run_check, wait_for, write_settings

BADGE = "Demo server in use"


def check(desktop, args):
    server = desktop.start_faultserver(args.faultserver, "--reply-text", "Hello from a real server.")
    profile = f"{desktop.workdir}/profile"
    write_settings(profile, {"connection": {"model": "steadfast-demo"}})
    app = desktop.start_app(args.steadfast, profile, {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "sk-realwindow-test",
    })
    app.wait_registered()
    composer = app.one("the composer", name="Message", role="text", showing=True)
    wait_for("the model list to be fetched",
             lambda: any(e.get("path", "").endswith("/models") for e in server.log()))

    # One healthy exchange, so the window has seen this server answer.
    app.set_text(composer, "Hello?")
    wait_for("the Send button to be enabled", lambda: app.find(name="Send", role="push button",
                                                               showing=True)[0].enabled)
    app.press(app.find(name="Send", role="push button", showing=True)[0])
    wait_for("the reply", lambda: app.find(name="Hello from a real server.", role="label",
                                           showing=True), timeout=30)
    wait_for("the window to be idle again",
             lambda: app.find(name="Send", role="push button", showing=True))

    # The badge's accessible name is set in ChatWindow::buildToolBar; make sure the name is
    # still what this test looks for by finding the toolbar it lives in.
    nodes = app.nodes()
    if not app.find(name="Connection", role="tool bar", nodes=nodes):
        raise CheckFailed("no tool bar named \"Connection\" (where the demo badge lives)")
    showing = [n for n in app.find(name=BADGE, nodes=nodes) if n.showing]
    log(f"badges showing: {showing}")
    if showing:
        raise CheckFailed(f"the demo badge is showing while {server.base_url} (not the demo "
                          f"server) answers: {showing[0]!r}")


if __name__ == "__main__":
    sys.exit(run_check(check))
