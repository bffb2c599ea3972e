"""Take the README screenshot of the chat widget: docs/widget.png.

Starts the real action server and Rasa server (with the trained model) and a static server
for ``web/`` on free loopback ports, opens the demo career page in headless Chromium at
1280x800, holds a short real conversation that ends in an email draft, scrolls so the top of
the draft is in view, and saves the screenshot. Everything runs on loopback; nothing is
downloaded.

    .venv/bin/python -m scripts.screenshot_widget [--out docs/widget.png]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from tests.live_servers import ROOT, start_action_server, start_rasa_server, write_endpoints  # noqa: E402
from tests.test_browser import (  # noqa: E402
    BOT_TEXT,
    USER_TEXT,
    demo_url,
    launch_chromium,
    open_panel,
    playwright_api,
    send,
    start_web_server,
    warm_up,
    web_origin,
)

CONVERSATION = [
    ("It's been three weeks since my interview and I haven't heard back. Should I reach out?", "reach out"),
    ("yes please", "Who should the email go to?"),
    ("Priya Patel", "Which role and company"),
    ("the analyst role at Acme", "moment in the interview"),
    ("our shared love of hiking", "Subject:"),
]


def take(out: Path) -> None:
    """Hold the conversation against the real bot and save the screenshot to ``out``."""
    with tempfile.TemporaryDirectory(prefix="askamy-shot-") as tmp:
        workdir = Path(tmp)
        httpd = start_web_server()
        origin = web_origin(httpd)
        actions = start_action_server(workdir)
        rasa = None
        try:
            rasa = start_rasa_server(
                workdir, write_endpoints(workdir, actions.url), extra_args=["--cors", origin]
            )
            warm_up(rasa.url)
            with playwright_api.sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(demo_url(origin, rasa.url, timeout_ms=15000))
                open_panel(page)
                for message, expected in CONVERSATION:
                    reply = send(page, message)
                    if expected not in reply:
                        raise SystemExit(f"unexpected reply to {message!r}: {reply!r}")
                if page.locator(".askamy-msg--draft").count() != 1:
                    raise SystemExit("the draft did not arrive as one draft bubble")
                # Start the view at the last question, so the draft's top half is in view.
                page.evaluate(
                    """() => {
                        const scroller = document.querySelector('.askamy-scroller');
                        const users = document.querySelectorAll('.askamy-msg--user');
                        const last = users[users.length - 1];
                        const top = last.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
                        scroller.scrollTop += top - 12;
                        document.activeElement && document.activeElement.blur();
                    }"""
                )
                page.wait_for_timeout(300)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                print(f"{out}: {page.locator(USER_TEXT).count()} user and "
                      f"{page.locator(BOT_TEXT).count()} bot messages", file=sys.stderr)
                context.close()
                browser.close()
        finally:
            if rasa is not None:
                rasa.stop()
            actions.stop()
            httpd.shutdown()
            httpd.server_close()


def main() -> None:
    """Parse the arguments and take the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "widget.png")
    take(parser.parse_args().out)


if __name__ == "__main__":
    main()
