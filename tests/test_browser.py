"""The chat widget in a real browser (headless Chromium) against the real bot.

A module-scoped fixture starts the action server, the Rasa server (REST channel, CORS for
exactly the demo page's origin) and a static file server for ``web/``, all on free loopback
ports. Each test opens the demo career page in a fresh browser context and saves a screenshot
named after the test into ``test-artifacts/`` (also when it fails).

Chromium is Debian's ``/usr/bin/chromium`` (``CHROMIUM`` overrides it): ``playwright install``
would need to download a browser, which we never do.
"""

from __future__ import annotations

import functools
import os
import socket
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

from tests.conftest import RestChat
from tests.live_servers import (
    MODEL,
    ROOT,
    Server,
    start_action_server,
    start_rasa_server,
    write_endpoints,
)

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.live]

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
MSG_TEXT = ".askamy-msg .askamy-msg-text"


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
    """The origin the demo page is served from (what Rasa's --cors must allow)."""
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def demo_url(origin: str, rasa_url: str, timeout_ms: int = 3000) -> str:
    """The demo page pointed at ``rasa_url``."""
    return f"{origin}/demo/index.html?server={rasa_url}&timeout={timeout_ms}"


def port_is_open(port: int) -> bool:
    """True when something accepts connections on the loopback ``port``."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def warm_up(rasa_url: str) -> None:
    """One REST exchange, so the first browser request is not the slow first one."""
    RestChat(rasa_url, sender="warm-up").send("hi")


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with nothing that talks to the network."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run scripts/ensure_chromium.sh")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@dataclass
class Bot:
    """The servers every test in this module shares."""

    actions: Server
    rasa: Server
    origin: str
    workdir: Path

    @property
    def url(self) -> str:
        """The demo page, talking to the shared Rasa server."""
        return demo_url(self.origin, self.rasa.url)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """The action server, the Rasa server with CORS for the page's origin, and the web server."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    workdir: Path = tmp_path_factory.mktemp("browser")
    httpd = start_web_server()
    origin = web_origin(httpd)
    actions = rasa = None
    try:
        actions = start_action_server(workdir)
        endpoints = write_endpoints(workdir, actions.url)
        rasa = start_rasa_server(workdir, endpoints, extra_args=["--cors", origin])
        warm_up(rasa.url)
        yield Bot(actions, rasa, origin, workdir)
    finally:
        if rasa is not None:
            rasa.stop()
        if actions is not None:
            actions.stop()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module (each test gets its own context)."""
    with playwright_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


# ------------------------------------------------------------------ pages


@dataclass
class Tab:
    """A page plus what it raised: dialogs (alert/confirm/prompt) and uncaught JS errors."""

    page: Any
    dialogs: List[str] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)


def watch(page: Any) -> Tab:
    """Record (and dismiss) dialogs and record uncaught errors of ``page``."""
    tab = Tab(page)

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    return tab


@pytest.fixture
def open_tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``open_tab(url, viewport=(w, h))``: a page in a fresh context, screenshotted at the end."""
    tabs: List[Tuple[Any, Tab]] = []

    def make(url: str, viewport: Tuple[int, int] = (1280, 800)) -> Tab:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        tab = watch(context.new_page())
        tabs.append((context, tab))
        tab.page.goto(url)
        expect(tab.page.locator(LAUNCHER)).to_be_attached()
        return tab

    yield make
    ARTIFACTS.mkdir(exist_ok=True)
    for i, (context, tab) in enumerate(tabs):
        suffix = f"-{i + 1}" if len(tabs) > 1 else ""
        try:
            tab.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}{suffix}.png"))
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


def transcript(page: Any) -> List[Tuple[Optional[str], str]]:
    """Every message in the log as (sender, text)."""
    return page.locator(f"{MESSAGES} .askamy-msg").evaluate_all(
        "els => els.map(e => [e.dataset.sender, e.querySelector('.askamy-msg-text').textContent])"
    )


def no_horizontal_overflow(page: Any, selector: str) -> Dict[str, Any]:
    """Sizes that show whether ``selector`` (and the page) scroll sideways."""
    return page.evaluate(
        """sel => { const e = document.querySelector(sel); const r = e.getBoundingClientRect();
                    return {left: r.left, right: r.right, width: r.width,
                            scrollWidth: e.scrollWidth, clientWidth: e.clientWidth,
                            pageScrollWidth: document.documentElement.scrollWidth,
                            viewport: window.innerWidth}; }""",
        selector,
    )


# ------------------------------------------------------------------ tests


def test_grounded_answer_and_its_source(bot: Bot, open_tab: Any) -> None:
    tab = open_tab(bot.url)
    page = tab.page
    open_panel(page)

    answer = send(page, "it's been three weeks since my interview, should I call or email?")
    assert "reach out now" in answer, answer
    assert "email" in answer, answer

    source = send(page, "where does that come from?")
    assert "Making Contact Post Job Interview" in source and "June 11, 2018" in source, source
    assert "My advice is to reach out by email rather than by phone." in source, source
    assert not tab.errors


def test_a_long_letter_is_answered_and_a_vague_one_gets_topic_buttons(bot: Bot, open_tab: Any) -> None:
    tab = open_tab(bot.url)
    page = tab.page
    open_panel(page)

    letter = send(page, (
        "Dear Amy, my daughter finished a campus visit for a chemistry lecturer post eleven days ago. "
        "The chair said they'd decide within a week. She doesn't want to seem pushy. "
        "Should she email the chair or keep waiting?"
    ))
    assert not letter.startswith("Sorry, I didn't quite get that"), letter
    assert "email" in letter, letter

    question = send(page, "help with my interview situation")
    assert question.startswith("Do you want to know"), question
    # The advice before offered its own buttons: the topic choices are the newest row.
    buttons = page.locator(".askamy-quick-replies").last.locator(".askamy-quick-reply")
    expect(buttons.last).to_have_text("Something else")
    assert buttons.count() >= 3, "two or three topics, then Something else"
    first = buttons.first.text_content()
    bots_before = page.locator(BOT_TEXT).count()
    buttons.first.click()
    expect(page.locator(BOT_TEXT)).to_have_count(bots_before + 1, timeout=REPLY_TIMEOUT_MS)
    answer = page.locator(BOT_TEXT).last.text_content()
    assert "That choice isn't open any more" not in answer and not answer.startswith("Sorry"), (first, answer)
    assert not tab.errors


def test_email_draft_arrives_as_one_draft_bubble(bot: Bot, open_tab: Any) -> None:
    tab = open_tab(bot.url)
    page = tab.page
    open_panel(page)

    assert "Who should the email go to?" in send(page, "write the follow-up email for me")
    assert "Which role and company" in send(page, "Priya")
    assert "moment in the interview" in send(page, "the analyst role at Acme")
    send(page, "skip")

    drafts = page.locator(".askamy-msg--draft")
    expect(drafts).to_have_count(1)
    draft = drafts.locator(".askamy-msg-text").text_content()
    # Rasa's REST channel splits the draft at blank lines; the widget puts it back together.
    assert draft.startswith("Subject: Following up on my interview for the analyst role at Acme"), draft
    assert "\n\nHi Priya,\n\n" in draft, draft
    assert draft.rstrip().endswith("[Your name]"), draft
    expect(drafts.locator(".askamy-copy")).to_be_visible()
    mailto = drafts.get_by_role("link", name="Open in my email app")
    expect(mailto).to_be_visible()
    scheme, _, query = mailto.get_attribute("href").partition(":?")
    fields = urllib.parse.parse_qs(query, keep_blank_values=True)
    assert scheme == "mailto" and set(fields) == {"subject", "body"}, fields
    assert fields["subject"] == [draft.splitlines()[0][len("Subject: "):]]
    assert fields["body"] == [draft.split("\n", 1)[1].lstrip("\n").rstrip().replace("\n", "\r\n")]
    assert not tab.errors


def test_reload_keeps_the_conversation_and_the_rasa_session(bot: Bot, open_tab: Any) -> None:
    tab = open_tab(bot.url)
    page = tab.page
    open_panel(page)
    assert "email" in send(page, "should I call or email?")
    assert "Who should the email go to?" in send(page, "write the follow-up email for me")
    before = transcript(page)
    session = page.evaluate("window.AskAmy.sessionId")
    assert session and session.startswith("amy-")

    page.reload()
    expect(page.locator(PANEL)).to_be_visible()  # it was open, so it opens again
    expect(page.locator(f"{MESSAGES} .askamy-msg")).to_have_count(len(before))
    assert transcript(page) == before
    assert page.evaluate("window.AskAmy.sessionId") == session

    # Rasa is still in the middle of the form for this sender id: the next answer fills it.
    assert "Which role and company" in send(page, "Priya")
    assert not tab.errors


def test_html_in_a_message_is_shown_as_text(bot: Bot, open_tab: Any) -> None:
    payload = "<img src=x onerror=alert(1)>"
    tab = open_tab(bot.url)
    page = tab.page
    open_panel(page)

    reply = send(page, payload)
    assert reply  # the bot answered, so everything the exchange renders is on the page
    expect(page.locator(USER_TEXT).last).to_have_text(payload)
    assert page.locator(f"{MESSAGES} img").count() == 0
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0
    page.wait_for_timeout(300)  # give a broken image's onerror time to fire, if there were one
    assert tab.dialogs == []
    assert not tab.errors


def test_keyboard_only(bot: Bot, open_tab: Any) -> None:
    tab = open_tab(bot.url)
    page = tab.page
    launcher = page.locator(LAUNCHER)
    log = page.locator(MESSAGES)
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(launcher).to_have_attribute("aria-expanded", "false")

    # Tab through the page until the launcher has focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "askamy-launcher":
            break
    expect(launcher).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator(INPUT)).to_be_focused()

    users_before = page.locator(USER_TEXT).count()
    page.keyboard.type("should I call or email?")
    page.keyboard.press("Enter")
    expect(page.locator(USER_TEXT)).to_have_count(users_before + 1)
    expect(page.locator(USER_TEXT).last).to_have_text("should I call or email?")
    expect(page.locator(BOT_TEXT).last).to_contain_text("email", timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(TYPING)).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(INPUT)).to_be_focused()
    expect(page.locator(INPUT)).to_have_value("")

    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_be_focused()
    assert not tab.errors


def test_small_screen_shows_the_panel_without_horizontal_overflow(bot: Bot, open_tab: Any) -> None:
    tab = open_tab(bot.url, viewport=(360, 740))
    page = tab.page
    open_panel(page)
    assert "email" in send(page, "should I call or email?")
    # A long unbroken word and a long URL must wrap, not widen the panel.
    send(page, "x" * 120 + " https://example.com/" + "a/" * 60)

    for selector in (PANEL, ".askamy-scroller", MESSAGES):
        box = no_horizontal_overflow(page, selector)
        assert box["left"] >= 0 and box["right"] <= box["viewport"] + 0.5, (selector, box)
        assert box["scrollWidth"] <= box["clientWidth"], (selector, box)
    assert box["pageScrollWidth"] <= box["viewport"], box
    expect(page.locator("#askamy-close")).to_be_in_viewport()
    expect(page.locator(INPUT)).to_be_in_viewport()
    assert not tab.errors


def test_error_and_retry_when_the_rasa_server_comes_back(
    bot: Bot, open_tab: Any, tmp_path: Path
) -> None:
    # A Rasa server of this test's own, so the other tests keep theirs.
    endpoints = write_endpoints(tmp_path, bot.actions.url)
    first_dir, second_dir = tmp_path / "first", tmp_path / "second"
    first_dir.mkdir()
    second_dir.mkdir()
    rasa = start_rasa_server(first_dir, endpoints, extra_args=["--cors", bot.origin])
    port = rasa.port
    try:
        tab = open_tab(demo_url(bot.origin, rasa.url))
        page = tab.page
        open_panel(page)
        assert "email" in send(page, "should I call or email?")

        rasa.stop()
        assert not port_is_open(port)
        question = "how long should I wait before following up?"
        page.fill(INPUT, question)
        page.press(INPUT, "Enter")
        error = page.locator(".askamy-error")
        expect(error).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        expect(error).to_have_attribute("role", "alert")
        expect(error.locator(".askamy-error-text")).to_have_text(ERROR_TEXT)
        retry = error.locator(".askamy-retry")
        expect(retry).to_be_visible()
        expect(retry).to_have_accessible_name("Retry sending your message")
        bots_before = page.locator(BOT_TEXT).count()

        rasa = start_rasa_server(second_dir, endpoints, port=port, extra_args=["--cors", bot.origin])
        assert rasa.port == port
        retry.click()
        expect(page.locator(BOT_TEXT)).to_have_count(bots_before + 1, timeout=REPLY_TIMEOUT_MS)
        expect(page.locator(TYPING)).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
        reply = page.locator(BOT_TEXT).last.text_content()
        assert "email" in reply.lower() or "reach out" in reply.lower(), reply
        expect(page.locator(".askamy-error")).to_have_count(0)
        # Retry resent the message without showing it twice.
        assert page.locator(USER_TEXT).all_text_contents().count(question) == 1
        assert not tab.errors
    finally:
        rasa.stop()


def test_a_page_on_another_origin_is_refused(bot: Bot, open_tab: Any) -> None:
    """Rasa's CORS allows exactly the demo page's origin, not every origin."""

    def preflight(origin: str) -> Optional[str]:
        request = urllib.request.Request(
            f"{bot.rasa.url}/webhooks/rest/webhook",
            method="OPTIONS",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Access-Control-Allow-Origin")

    assert preflight(bot.origin) == bot.origin
    assert not preflight("http://evil.example")

    # The same page from http://localhost:PORT is another origin: the browser blocks the reply.
    other_origin = bot.origin.replace("127.0.0.1", "localhost")
    tab = open_tab(demo_url(other_origin, bot.rasa.url))
    page = tab.page
    open_panel(page)
    page.fill(INPUT, "should I call or email?")
    page.press(INPUT, "Enter")
    error = page.locator(".askamy-error")
    expect(error).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(error).to_have_attribute("data-error-kind", "network")
    expect(page.locator(BOT_TEXT)).to_have_count(1)  # only the greeting
