"""The chat widget in a real browser (headless Chromium) against the real bot.

A module-scoped fixture starts the action server, the Rasa server (REST channel, CORS for
exactly the demo page's origin) and a static file server for ``web/``, all on free loopback
ports (testkit/widget_page.py). Each test opens the demo career page in a fresh browser context
and saves a screenshot named after the test into ``test-artifacts/`` (also when it fails).
"""

from __future__ import annotations

import socket
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

from ask_amy.cli.stack import MODEL, Server, start_rasa_server, write_endpoints
from ask_amy.paths import ROOT
from testkit.widget_page import (
    BOT_TEXT,
    ERROR_TEXT,
    INPUT,
    LAUNCHER,
    MESSAGES,
    PANEL,
    REPLY_TIMEOUT_MS,
    TYPING,
    USER_TEXT,
    WEB,
    Tab,
    bot_for_pages,
    demo_url,
    expect,
    headless_chromium,
    new_context_tab,
    open_panel,
    screenshot_and_close,
    send,
    static_sites,
)

pytestmark = [pytest.mark.browser, pytest.mark.live]

CORS_TEXT = "This site isn't allowed to reach the Ask Amy server yet."


def port_is_open(port: int) -> bool:
    """True when something accepts connections on the loopback ``port``."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


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
    with static_sites(WEB) as (origin,), bot_for_pages(workdir, [origin]) as (actions, rasa):
        yield Bot(actions, rasa, origin, workdir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module (each test gets its own context)."""
    with headless_chromium() as launched:
        yield launched


# ------------------------------------------------------------------ pages


@pytest.fixture
def open_tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``open_tab(url, viewport=(w, h))``: a page in a fresh context, screenshotted at the end."""
    tabs: List[Tuple[Any, Tab]] = []

    def make(url: str, viewport: Tuple[int, int] = (1280, 800)) -> Tab:
        context, tab = new_context_tab(browser, viewport)
        tabs.append((context, tab))
        tab.page.goto(url)
        expect(tab.page.locator(LAUNCHER)).to_be_attached()
        return tab

    yield make
    screenshot_and_close(tabs, request.node.name)


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
    assert "been three weeks" in answer and "long enough" not in answer, answer
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
        expect(error).to_have_attribute("data-error-kind", "network")  # down, not a refused origin
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
    console: List[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    open_panel(page)
    page.fill(INPUT, "should I call or email?")
    page.press(INPUT, "Enter")
    error = page.locator(".askamy-error")
    expect(error).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    # The server is up (a no-cors probe reaches it), so the widget says what is wrong.
    expect(error).to_have_attribute("data-error-kind", "cors")
    expect(error.locator(".askamy-error-text")).to_have_text(CORS_TEXT)
    expect(error.locator(".askamy-error-detail")).to_have_text("The site owner can add it to CORS_ORIGINS.")
    expect(error.locator(".askamy-retry")).to_be_visible()
    expect(page.locator(BOT_TEXT)).to_have_count(1)  # only the greeting
    advice = [line for line in console if "CORS_ORIGINS" in line]
    assert advice and advice[0].startswith("error: "), console
    assert other_origin in advice[0] and bot.rasa.url in advice[0], advice
