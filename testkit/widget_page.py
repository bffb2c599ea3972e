"""The chat widget in headless Chromium: the servers behind its pages, the browser, its selectors, the steps.

Shared by every browser test (tests/web/test_browser.py, tests/web/test_browser_privacy.py and the tests
in tests/web/browser/). Chromium is Debian's ``/usr/bin/chromium`` (``CHROMIUM`` overrides it):
``playwright install`` would need to download a browser, which we never do. Playwright is part
of ``requirements-dev.txt``, so it is imported plainly: a set-up without it fails the browser tests
instead of skipping them.
"""

from __future__ import annotations

import functools
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator, List, Sequence, Tuple

import pytest
from playwright import sync_api as playwright_api

from ask_amy.cli.stack import Server, start_action_server, start_rasa_server, write_endpoints
from ask_amy.paths import ROOT
from testkit.rest_chat import RestChat

expect = playwright_api.expect

WEB = ROOT / "web"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ERROR_TEXT = "Can't reach the Ask Amy server right now."
REPLY_TIMEOUT_MS = 20_000

# Selectors documented in web/README.md.
LAUNCHER = "#askamy-launcher"
PANEL = "#askamy-panel"
MESSAGES = "#askamy-messages"
INPUT = "#askamy-input"
TYPING = "#askamy-typing"
BOT_TEXT = ".askamy-msg--bot .askamy-msg-text"
USER_TEXT = ".askamy-msg--user .askamy-msg-text"


# ------------------------------------------------------------------ servers


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def start_web_server(directory: Path = WEB, port: int = 0) -> ThreadingHTTPServer:
    """A static file server for ``directory`` on loopback, in a daemon thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, name="web", daemon=True).start()
    return httpd


def web_origin(httpd: ThreadingHTTPServer) -> str:
    """The origin a static server's pages are served from (what Rasa's --cors must allow)."""
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def demo_url(origin: str, rasa_url: str, timeout_ms: int = 3000) -> str:
    """The demo page pointed at ``rasa_url``."""
    return f"{origin}/demo/index.html?server={rasa_url}&timeout={timeout_ms}"


def warm_up(rasa_url: str) -> None:
    """One REST exchange, so the first browser request is not the slow first one."""
    RestChat(rasa_url, sender="warm-up").send("hi")


@contextmanager
def bot_for_pages(
    workdir: Path, origins: Sequence[str], tracker_store: str = ""
) -> Iterator[Tuple[Server, Server]]:
    """The action server and a warmed-up Rasa server allowing exactly ``origins``; stopped on exit.

    ``tracker_store`` is extra endpoints.yml text (for example testkit.live_servers.sqlite_tracker_store).
    """
    actions = rasa = None
    try:
        actions = start_action_server(workdir)
        endpoints = write_endpoints(workdir, actions.url, extra=tracker_store)
        rasa = start_rasa_server(workdir, endpoints, extra_args=["--cors", *origins])
        warm_up(rasa.url)
        yield actions, rasa
    finally:
        if rasa is not None:
            rasa.stop()
        if actions is not None:
            actions.stop()


@contextmanager
def static_sites(*directories: Path) -> Iterator[List[str]]:
    """A static server per directory; yields their origins and shuts them down on exit."""
    servers = [start_web_server(directory) for directory in directories]
    try:
        yield [web_origin(httpd) for httpd in servers]
    finally:
        for httpd in servers:
            httpd.shutdown()
            httpd.server_close()


# ------------------------------------------------------------------ browser and pages


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with nothing that talks to the network."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run testkit/ensure_chromium.sh")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@contextmanager
def headless_chromium() -> Iterator[Any]:
    """One headless Chromium (each page gets a context of its own); closed on exit."""
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Tab:
    """A page and what it raised: dialogs (alert/confirm/prompt), uncaught JS errors and, where
    tests/web/browser/pages.py's ``keep_to_loopback`` watches it, the requests that left loopback.
    """

    page: Any
    dialogs: List[str] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    outside: List[Tuple[str, str]] = field(default_factory=list)  # (resource type, URL), aborted


def watch(page: Any) -> Tab:
    """Record (and dismiss) dialogs and record uncaught errors of ``page``."""
    tab = Tab(page)

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    return tab


def new_context_tab(browser: Any, viewport: Tuple[int, int] = (1280, 800)) -> Tuple[Any, Tab]:
    """A watched page in a fresh browser context of ``viewport`` (width, height)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    return context, watch(context.new_page())


def screenshot_and_close(tabs: Sequence[Tuple[Any, Tab]], name: str) -> None:
    """Save each tab to ``test-artifacts/<name>[-i].png``, then close its context."""
    ARTIFACTS.mkdir(exist_ok=True)
    for i, (context, tab) in enumerate(tabs):
        suffix = f"-{i + 1}" if len(tabs) > 1 else ""
        try:
            tab.page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"))
        finally:
            context.close()


def open_panel(page: Any) -> None:
    """Click the launcher and wait for the panel with its greeting."""
    page.click(LAUNCHER)
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(".askamy-msg--greeting")).to_have_count(1)


def send(page: Any, text: str, timeout_ms: int = REPLY_TIMEOUT_MS) -> str:
    """Type ``text``, press Enter, wait for the reply; return the new bot messages' text."""
    bots = page.locator(BOT_TEXT)
    users = page.locator(USER_TEXT)
    bots_before, users_before = bots.count(), users.count()
    page.fill(INPUT, text)
    page.press(INPUT, "Enter")
    expect(users).to_have_count(users_before + 1)
    expect(page.locator(TYPING)).to_be_hidden(timeout=timeout_ms)
    errors = page.locator(".askamy-error-text").all_text_contents()
    assert not errors, f"the widget showed an error after {text!r}: {errors}"
    return "\n".join(bots.all_text_contents()[bots_before:])
