# SPDX-License-Identifier: GPL-3.0-or-later
"""Real window: the status indicator never says "Connected" while requests fail.

The built steadfast, under Xvfb + openbox with the AT-SPI bus, is pointed at a fault
server (OPENAI_BASE_URL / OPENAI_API_KEY) whose every chat request fails with 500. A message
is typed into the composer and sent; once the fault server has answered two requests with
500, the indicator's accessible description must not say "Connected".
Run by tests/realwindow/run.sh (ctest: RealWindowIndicator).
"""

import re
import sys
import time

from realwindow import CheckFailed, log, run_check, wait_for, write_settings

FAILED_REQUESTS = 2
CONNECTED = re.compile(r"\bConnected\b")


def failed_chat_requests(server):
    return [e for e in server.chat_requests() if (e.get("step") or {}).get("status") == 500]


def check(desktop, args):
    server = desktop.start_faultserver(args.faultserver)
    # Every chat request fails; the model list answers, so the window has a model to send.
    server.arm([{"status": 500, "repeat": 1000, "note": "every chat request fails"}])
    profile = f"{desktop.workdir}/profile"
    # The breaker's threshold is far away, so what the indicator says comes from the failures
    # themselves, not from an open breaker; the retries are many, so the request is still
    # under way when the indicator is read.
    write_settings(profile, {
        "connection": {"model": "steadfast-demo", "streaming": "true"},
        "retry": {"maxRetries": 8},
        "breaker": {"threshold": 20},
    })
    app = desktop.start_app(args.steadfast, profile, {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "sk-realwindow-test",
    })
    app.wait_registered()
    composer = app.one("the composer", name="Message", role="text", showing=True)
    wait_for("the model list to be fetched",
             lambda: any(e.get("path", "").endswith("/models") for e in server.log()))

    app.set_text(composer, "Is anybody there?")
    send = app.one("an enabled Send button", name="Send", role="push button", showing=True)
    wait_for("the Send button to be enabled", lambda: app.find(name="Send", role="push button",
                                                               showing=True)[0].enabled)
    app.press(send)
    log("sent; waiting for the fault server to fail two requests")
    wait_for(f"{FAILED_REQUESTS} failed chat requests at the fault server",
             lambda: len(failed_chat_requests(server)) >= FAILED_REQUESTS, timeout=30)

    def indicator():
        found = app.find(name="Connection status", showing=True)
        if not found:
            raise CheckFailed("no showing accessible named \"Connection status\"")
        return found[0]

    # The first failure was handled before the second request was sent, so the indicator
    # must already tell it; a short poll lets the window paint the second one too.
    seen = indicator().description
    deadline = time.monotonic() + 5
    while CONNECTED.search(seen) and time.monotonic() < deadline:
        time.sleep(0.1)
        seen = indicator().description
    log(f"{len(failed_chat_requests(server))} failed requests; indicator says {seen!r}")
    if not seen.strip():
        raise CheckFailed("the indicator's accessible description is empty")
    if CONNECTED.search(seen):
        raise CheckFailed(f"after {len(failed_chat_requests(server))} failed requests (HTTP 500) "
                          f"the indicator "
                          f"still says {seen!r}")


if __name__ == "__main__":
    sys.exit(run_check(check))
