"""rasa-webchat 1.0.1, exactly as npm ships it, against Ask Amy's socket.io channel in Chromium.

rasa-webchat opens every conversation by sending its ``initPayload``: the conventional
``/get_started`` (or ``/greet``) is a greeting (ask_amy/guards/input_guard.py); any other slash command
still gets the "commands don't work here" reply. Then a question is answered and a quick reply
chosen. The page (webchat.html) and the bundle are served by the test on loopback; the bundle's
stylesheet asks for a web font from outside, which the test aborts (the chat works without it).
"""

from __future__ import annotations

from typing import Any, Callable, List

import pytest
import yaml

from ask_amy.guards.input_guard import COMMAND_REPLY
from ask_amy.paths import ROOT
from testkit.widget_page import REPLY_TIMEOUT_MS, expect
from tests.web.browser.pages import PAGES, Site, Tab

pytestmark = [pytest.mark.browser, pytest.mark.live]

BUNDLE = PAGES / "node_modules" / "rasa-webchat" / "lib" / "index.js"
QUESTION = "it's been three weeks since my interview, should I call or email?"
ADVICE = "by email rather than by phone"
# rasa-webchat's own class names (version 1.0.1).
LAUNCHER = ".rw-launcher"
BOT = ".rw-response .rw-message-text"
USER = ".rw-client .rw-message-text"
INPUT = ".rw-new-message"
REPLY_BUTTON = ".rw-replies .rw-reply"


def greetings() -> List[str]:
    """Every wording of the bot's greeting (utter_greet in domain.yml), as one line each."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [" ".join(r["text"].split()) for r in domain["responses"]["utter_greet"]]


def open_webchat(new_tab: Callable[..., Tab], url: str) -> Tab:
    """Open the rasa-webchat page and its chat window."""
    if not BUNDLE.is_file():
        pytest.fail("rasa-webchat is missing from tests/web/browser/node_modules: "
                    "run testkit/ensure_test_js.sh")
    tab = new_tab(url)
    tab.page.locator(LAUNCHER).click(timeout=REPLY_TIMEOUT_MS)  # shown once the socket is connected
    return tab


def texts(page: Any, selector: str) -> List[str]:
    """The messages' texts, whitespace collapsed."""
    return [" ".join(t.split()) for t in page.locator(selector).all_text_contents()]


def say(page: Any, text: str) -> List[str]:
    """Type ``text`` and press Enter; wait until rasa-webchat shows it as sent."""
    users_before = page.locator(USER).count()
    page.fill(INPUT, text)
    page.press(INPUT, "Enter")
    expect(page.locator(USER)).to_have_count(users_before + 1)
    return texts(page, BOT)


def test_greeting_then_an_answer_then_a_button(site: Site, new_tab: Callable[..., Tab]) -> None:
    tab = open_webchat(new_tab, site.webchat("/get_started"))
    page = tab.page
    expect(page.locator(BOT).first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    assert texts(page, BOT)[0] in greetings(), texts(page, BOT)
    assert page.locator(USER).count() == 0  # the init payload is not shown as a message

    say(page, QUESTION)
    expect(page.locator(BOT).filter(has_text=ADVICE)).to_have_count(1, timeout=REPLY_TIMEOUT_MS)
    # Exactly one greeting came first: the reply to the question confirms nothing else is pending.
    assert [t in greetings() for t in texts(page, BOT)] == [True, False], texts(page, BOT)

    say(page, "help with my interview situation")
    buttons = page.locator(REPLY_BUTTON)
    expect(buttons.last).to_have_text("Something else", timeout=REPLY_TIMEOUT_MS)
    title = buttons.first.text_content()
    bots_before = page.locator(BOT).count()
    buttons.first.click()
    expect(page.locator(USER).last).to_have_text(title)
    expect(page.locator(BOT).nth(bots_before)).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    answer = texts(page, BOT)[bots_before]
    assert "That choice isn't open any more" not in answer and answer != " ".join(COMMAND_REPLY.split())
    assert not answer.startswith("Sorry"), (title, answer)

    assert not tab.errors
    assert {kind for kind, _ in tab.outside} <= {"stylesheet", "font"}, tab.outside


@pytest.mark.parametrize("init_payload", ["/greet", "/restart", "/get_started{\"x\": 1}"])
def test_only_the_conventional_start_payloads_greet(
    site: Site, new_tab: Callable[..., Tab], init_payload: str
) -> None:
    tab = open_webchat(new_tab, site.webchat(init_payload))
    page = tab.page
    expect(page.locator(BOT).first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    first = texts(page, BOT)[0]
    if init_payload == "/greet":
        assert first in greetings(), first
    else:
        assert first == " ".join(COMMAND_REPLY.split()), first
    say(page, QUESTION)
    expect(page.locator(BOT).filter(has_text=ADVICE)).to_have_count(1, timeout=REPLY_TIMEOUT_MS)
    assert len(texts(page, BOT)) == 2, texts(page, BOT)  # that one reply, then the answer
    assert not tab.errors
