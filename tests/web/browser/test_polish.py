"""Where people touch the widget, in Chromium against the real bot, by mouse and by keyboard.

Old quick replies leave the Tab order once the person types an answer; the placeholder follows
the bot's question; an email draft is shown from its Subject line; Copy copies the body and
Copy subject the subject; New conversation can be undone; the keyboard hint is hidden on
touch-only devices. (A page origin refused by CORS: tests/web/test_browser.py.)
"""

from __future__ import annotations

from typing import Any, Callable, List, Tuple

import pytest

from testkit.widget_page import (
    BOT_TEXT,
    INPUT,
    LAUNCHER,
    MESSAGES,
    PANEL,
    REPLY_TIMEOUT_MS,
    TYPING,
    USER_TEXT,
    expect,
    open_panel,
    screenshot_and_close,
    send,
    watch,
)
from tests.web.browser.pages import Site, Tab, keep_to_loopback

pytestmark = [pytest.mark.browser, pytest.mark.live]

DEFAULT_PLACEHOLDER = "Ask about following up\u2026"
ROWS = ".askamy-quick-replies"
DRAFT = ".askamy-msg--draft"
DESKTOP, PHONE = (1280, 800), (360, 740)


def placeholder(page: Any) -> str:
    return page.locator(INPUT).get_attribute("placeholder")


def tab_stops_from_the_log_to_the_input(page: Any) -> List[str]:
    """Focus the conversation log, then Tab until the input: what was reached on the way."""
    page.focus(MESSAGES)
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "askamy-input":
            return reached
        reached.append(page.evaluate(
            "(() => { const e = document.activeElement; const row = e.closest('.askamy-quick-replies');"
            " return e.className + ':' + e.textContent"
            " + (row ? ':' + row.getAttribute('data-answered') : ''); })()"
        ))
    raise AssertionError(f"Tab never reached the input: {reached}")


def answer_by_keyboard(page: Any, text: str) -> None:
    """Type in the (focused) input and press Enter; wait for the reply."""
    users = page.locator(USER_TEXT).count()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(page.locator(USER_TEXT)).to_have_count(users + 1)
    expect(page.locator(TYPING)).to_be_hidden(timeout=REPLY_TIMEOUT_MS)


def answer_by_click(page: Any, text: str) -> None:
    """Fill the input and click Send; wait for the reply."""
    users = page.locator(USER_TEXT).count()
    page.fill(INPUT, text)
    page.click("#askamy-send")
    expect(page.locator(USER_TEXT)).to_have_count(users + 1)
    expect(page.locator(TYPING)).to_be_hidden(timeout=REPLY_TIMEOUT_MS)


def test_typed_answers_retire_the_old_buttons_and_the_placeholder_follows_the_question(
    site: Site, new_tab: Callable[..., Tab]
) -> None:
    tab = new_tab(site.demo())
    page = tab.page
    page.focus(LAUNCHER)
    page.keyboard.press("Enter")
    expect(page.locator(INPUT)).to_be_focused()
    assert placeholder(page) == DEFAULT_PLACEHOLDER

    answer_by_keyboard(page, "write the follow-up email for me")
    expect(page.locator(BOT_TEXT).last).to_contain_text("Who should the email go to?")
    assert placeholder(page) == "Their name, for example Priya Patel"
    rows = page.locator(ROWS)
    expect(rows).to_have_count(1)  # Cancel
    expect(rows.last.locator("button").first).to_be_enabled()

    answer_by_keyboard(page, "Priya Patel")  # typed instead of choosing
    expect(page.locator(BOT_TEXT).last).to_contain_text("Which role and company")
    assert placeholder(page) == "The role and company"
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-answered", "typed")
    for button in rows.first.locator("button").all():
        expect(button).to_be_disabled()
    expect(rows.first.locator("[data-chosen]")).to_have_count(0)
    # The keyboard passes only the newest row's buttons on its way to the input.
    stops = tab_stops_from_the_log_to_the_input(page)
    newest = rows.last.locator("button").all_text_contents()
    assert [s.split(":")[1] for s in stops if s.startswith("askamy-quick-reply")] == newest, stops
    assert not [s for s in stops if s.endswith(":typed")], stops

    answer_by_click(page, "the analyst role at Acme")
    expect(page.locator(BOT_TEXT).last).to_contain_text("moment in the interview")
    assert placeholder(page) == "A moment you shared, or skip"
    expect(rows.nth(1)).to_have_attribute("data-answered", "typed")
    expect(rows.nth(2)).not_to_have_attribute("data-answered", "typed")

    answer_by_click(page, "skip")
    expect(page.locator(DRAFT)).to_have_count(1)
    assert placeholder(page) == DEFAULT_PLACEHOLDER

    # After a reload the rows answered by typing are still out of the Tab order.
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    for i in range(3):
        expect(rows.nth(i)).to_have_attribute("data-answered", "typed")
        for button in rows.nth(i).locator("button").all():
            expect(button).to_be_disabled()
    assert not tab.errors


def make_a_draft(page: Any) -> Any:
    """Fill the email form; return the draft message."""
    open_panel(page)
    assert "Who should the email go to?" in send(page, "write the follow-up email for me")
    assert "Which role and company" in send(page, "Priya")
    assert "moment in the interview" in send(page, "the analyst role at Acme")
    send(page, "skip")
    drafts = page.locator(DRAFT)
    expect(drafts).to_have_count(1)
    return drafts.first


def visible_in_scroller(page: Any, selector: str) -> Tuple[float, float, float, float]:
    """(top, bottom) of the last ``selector`` and of the scroller, in viewport pixels."""
    return page.evaluate(
        """sel => { const all = document.querySelectorAll(sel);
                    const e = all[all.length - 1].getBoundingClientRect();
                    const s = document.querySelector('.askamy-scroller').getBoundingClientRect();
                    return [e.top, e.bottom, s.top, s.bottom]; }""",
        selector,
    )


def clipboard(page: Any) -> str:
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_draft_is_shown_from_its_subject_copies_apart_and_survives_a_stray_new_conversation(
    site: Site, new_tab: Callable[..., Tab], viewport: Tuple[int, int]
) -> None:
    tab = new_tab(site.demo(), viewport=viewport)
    page = tab.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.web_origin)
    draft = make_a_draft(page)
    text = draft.locator(".askamy-msg-text").text_content()
    subject, body = text.split("\n", 1)
    assert subject.startswith("Subject: Following up on my interview"), text
    body = body.lstrip("\n").rstrip()
    assert body.startswith("Hi Priya,"), body

    # Shown from its top: the Subject line and the greeting are in the scroller's view.
    top, bottom, s_top, s_bottom = visible_in_scroller(page, f"{DRAFT} .askamy-msg-text")
    assert s_top - 1 <= top and top + 70 <= s_bottom, (top, bottom, s_top, s_bottom)
    expect(draft.locator(".askamy-msg-text")).to_be_in_viewport()

    # Copy (a click): the body without the Subject line.
    copy = draft.get_by_role("button", name="Copy email draft")
    copy.click()
    expect(copy).to_have_text("Copied")
    assert clipboard(page).rstrip() == body
    # Copy subject (the keyboard): the next Tab stop after Copy, labelled.
    copy.focus()
    page.keyboard.press("Tab")
    subject_btn = draft.locator(".askamy-copy-subject")
    expect(subject_btn).to_be_focused()
    expect(subject_btn).to_have_accessible_name("Copy subject of the email draft")
    expect(subject_btn).to_have_text("Copy subject")
    page.keyboard.press("Enter")
    expect(subject_btn).to_have_text("Copied")
    assert clipboard(page) == subject[len("Subject: "):]

    # One stray click on New conversation loses nothing: Undo brings it back.
    session = page.evaluate("window.AskAmy.sessionId")
    count = page.locator(f"{MESSAGES} .askamy-msg").count()
    page.click("#askamy-new")
    expect(page.locator(f"{MESSAGES} .askamy-msg")).to_have_count(1)  # the greeting
    undo = page.get_by_role("button", name="Undo: bring back the previous conversation")
    expect(undo).to_be_visible()
    expect(page.locator(".askamy-undo")).to_contain_text("Started a new conversation.")
    undo.click()
    expect(page.locator(DRAFT)).to_have_count(1)
    expect(page.locator(f"{MESSAGES} .askamy-msg")).to_have_count(count)
    expect(undo).to_be_hidden()
    assert page.evaluate("window.AskAmy.sessionId") == session

    # The same by keyboard: Enter on New conversation, Shift+Tab from the input to Undo, Enter.
    page.focus("#askamy-new")
    page.keyboard.press("Enter")
    expect(page.locator(f"{MESSAGES} .askamy-msg")).to_have_count(1)
    expect(page.locator(INPUT)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(undo).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(DRAFT)).to_have_count(1)
    expect(page.locator(INPUT)).to_be_focused()
    assert page.evaluate("window.AskAmy.sessionId") == session

    # Still there after a reload; Rasa still has the conversation under the same sender id.
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(DRAFT)).to_have_count(1)
    assert page.evaluate("window.AskAmy.sessionId") == session
    assert not tab.errors


def test_a_new_conversation_without_undo_is_new(site: Site, new_tab: Callable[..., Tab]) -> None:
    tab = new_tab(site.demo())
    page = tab.page
    open_panel(page)
    send(page, "should I call or email?")
    session = page.evaluate("window.AskAmy.sessionId")
    page.click("#askamy-new")
    undo = page.locator("#askamy-undo")
    expect(undo).to_be_visible()
    send(page, "how long should I wait?")  # the new conversation has begun: no Undo any more
    expect(undo).to_be_hidden()
    assert page.evaluate("window.AskAmy.sessionId") != session
    assert not tab.errors


@pytest.mark.parametrize(
    "device, hint_shown",
    [({"viewport": {"width": 1280, "height": 800}}, True),
     ({"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}, False)],
    ids=["desktop-mouse-and-keyboard", "phone-touch-only"],
)
def test_the_keyboard_hint_shows_only_where_there_is_a_keyboard(
    site: Site, chromium: Any, request: pytest.FixtureRequest, device: dict, hint_shown: bool
) -> None:
    context = chromium.new_context(**device)
    tab = watch(context.new_page())
    keep_to_loopback(context, tab)
    try:
        page = tab.page
        page.goto(site.demo())
        open_panel(page)
        touch_only = page.evaluate("matchMedia('(hover: none) and (pointer: coarse)').matches")
        assert touch_only is not hint_shown
        hint = page.locator("#askamy-hint")
        if hint_shown:
            expect(hint).to_be_visible()
            expect(hint).to_have_text("Enter to send \u00b7 Shift+Enter for a new line")
        else:
            expect(hint).to_be_hidden()
        expect(page.locator(INPUT)).to_be_in_viewport()
        assert not tab.errors
    finally:
        screenshot_and_close([(context, tab)], request.node.name)
