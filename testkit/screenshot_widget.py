"""Take the README screenshot of the chat widget: docs/widget.png.

Starts the real action server and Rasa server (with the trained model) and a static server
for ``web/`` on free loopback ports, opens the demo career page in headless Chromium at
1280x800, holds a short real conversation (advice, its "Draft the email" button clicked, then
the email form up to the question that offers "Skip" and "Cancel"), and saves the screenshot.
Everything runs on loopback; nothing is downloaded.

    .venv/bin/python -m testkit.screenshot_widget [--out docs/widget.png]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from ask_amy.cli.stack import start_action_server, start_rasa_server, write_endpoints  # noqa: E402
from ask_amy.paths import ROOT  # noqa: E402
from testkit.widget_page import (  # noqa: E402
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

# (what the person does, the text, what the bot's reply must contain): typed, or a button clicked.
CONVERSATION = [
    ("type", "It's been three weeks since my interview and I haven't heard back. Should I reach out?",
     "reach out"),
    ("click", "Draft the email", "Who should the email go to?"),
    ("type", "Priya Patel", "Which role and company"),
    ("type", "the analyst role at Acme", "moment in the interview"),
]


def click(page: object, title: str) -> str:
    """Click the newest quick reply called ``title``; return the bot's reply."""
    bots_before = page.locator(BOT_TEXT).count()
    page.locator(".askamy-quick-replies").last.get_by_role("button", name=title).click()
    page.locator(BOT_TEXT).nth(bots_before).wait_for(timeout=15000)
    return page.locator(BOT_TEXT).last.text_content()


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
                for how, message, expected in CONVERSATION:
                    reply = send(page, message) if how == "type" else click(page, message)
                    if expected.lower() not in reply.lower():
                        raise SystemExit(f"unexpected reply to {message!r}: {reply!r}")
                if page.locator(".askamy-quick-reply[disabled]").count() < 2:
                    raise SystemExit("the chosen row of buttons is not disabled")
                # Show the end of the conversation: the chosen row and the form's Skip / Cancel.
                page.evaluate(
                    """() => {
                        const scroller = document.querySelector('.askamy-scroller');
                        scroller.scrollTop = scroller.scrollHeight;
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
