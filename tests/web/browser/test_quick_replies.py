"""The widget's quick replies in Chromium, against the real bot: by mouse, by keyboard, after a reload.

The bot sends topic buttons when it asks back about an unclear on-topic message. A row is a
labelled group of real buttons; choosing one shows its title as the person's message, sends its
payload, and disables the whole row, also after a reload.
"""

from __future__ import annotations

from typing import Any, Callable, List

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
    send,
)
from tests.web.browser.pages import Site, Tab

pytestmark = [pytest.mark.browser, pytest.mark.live]

VAGUE = "help with my interview situation"  # the bot asks back, with a button per topic
ROW = ".askamy-quick-replies"
NOT_OPEN = "That choice isn't open any more"


def ask_for_buttons(page: Any) -> Any:
    """Send the vague message and return the row of buttons the bot answers with."""
    assert send(page, VAGUE).startswith("Do you want to know"), "the bot did not ask back"
    rows = page.get_by_role("group", name="Reply options")
    expect(rows).to_have_count(1)
    return rows.first  # this row, not the rows of the answers that come after it


def titles(row: Any) -> List[str]:
    """The buttons' titles, in order."""
    return row.locator("button").all_text_contents()


def assert_answered(page: Any, row: Any, chosen: int) -> None:
    """Every button of ``row`` is disabled and only the ``chosen`` one is marked."""
    buttons = row.locator("button")
    for i in range(buttons.count()):
        expect(buttons.nth(i)).to_be_disabled()
    marked = row.locator("button[data-chosen]")
    expect(marked).to_have_count(1)
    expect(marked).to_have_text(titles(row)[chosen])


def wait_for_the_answer(page: Any, bots_before: int) -> str:
    """Wait until the bot has answered the choice; return the answer's text."""
    expect(page.locator(BOT_TEXT).nth(bots_before)).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(TYPING)).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
    answer = "\n".join(page.locator(BOT_TEXT).all_text_contents()[bots_before:])
    assert NOT_OPEN not in answer and not answer.startswith("Sorry"), answer
    return answer


def test_a_click_answers_the_row_and_a_reload_keeps_it_answered(
    site: Site, new_tab: Callable[..., Tab]
) -> None:
    tab = new_tab(site.demo())
    page = tab.page
    open_panel(page)
    row = ask_for_buttons(page)
    names = titles(row)
    assert len(names) >= 2 and names[-1] == "Something else", names
    assert row.locator("button").evaluate_all("bs => bs.map(b => b.tagName + ':' + b.type)") == (
        ["BUTTON:button"] * len(names)
    )
    expect(page.locator(MESSAGES)).to_have_attribute("aria-live", "polite")

    users_before, bots_before = page.locator(USER_TEXT).count(), page.locator(BOT_TEXT).count()
    row.get_by_role("button", name=names[0]).click()
    expect(page.locator(USER_TEXT)).to_have_count(users_before + 1)
    expect(page.locator(USER_TEXT).last).to_have_text(names[0])  # the choice is the person's message
    assert_answered(page, row, 0)
    answer = wait_for_the_answer(page, bots_before)

    # A second choice in the same row does nothing (the buttons are disabled; the widget checks too).
    row.locator("button").nth(1).dispatch_event("click")
    send(page, "should I call or email?")  # confirmed by a reply, not by waiting
    assert page.locator(USER_TEXT).all_text_contents()[users_before:] == [names[0], "should I call or email?"]

    rows = page.get_by_role("group", name="Reply options")
    rows_before = rows.count()  # the answers offered buttons of their own, after the topic row
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    expect(rows).to_have_count(rows_before)
    row = rows.first
    assert titles(row) == names
    assert_answered(page, row, 0)
    assert answer in "\n".join(page.locator(BOT_TEXT).all_text_contents())
    assert not tab.errors


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_the_keyboard_alone_reaches_the_buttons_in_order_and_chooses_one(
    site: Site, new_tab: Callable[..., Tab], key: str
) -> None:
    tab = new_tab(site.demo())
    page = tab.page
    page.focus(LAUNCHER)
    page.keyboard.press("Enter")
    expect(page.locator(INPUT)).to_be_focused()
    page.keyboard.type(VAGUE)
    page.keyboard.press("Enter")
    expect(page.locator(TYPING)).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
    rows = page.get_by_role("group", name="Reply options")
    expect(rows).to_have_count(1)
    row = rows.first  # the answer to the choice brings a row of its own, after this one
    names = titles(row)

    # Shift+Tab back to the conversation log, then Tab forward: the buttons come next, in order.
    for _ in range(len(names) + 5):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.id") == "askamy-messages":
            break
    expect(page.locator(MESSAGES)).to_be_focused()
    reached = []
    for _ in range(len(names)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent"))
    assert reached == names
    page.keyboard.press("Tab")
    expect(page.locator(INPUT)).to_be_focused()

    for _ in range(len(names) - 1):  # back to the second button
        page.keyboard.press("Shift+Tab")
    chosen = row.get_by_role("button", name=names[1])
    expect(chosen).to_be_focused()
    bots_before = page.locator(BOT_TEXT).count()
    page.keyboard.press(key)
    expect(page.locator(USER_TEXT).last).to_have_text(names[1])
    assert_answered(page, row, 1)
    expect(page.locator(INPUT)).to_be_focused()  # focus is not lost with the disabled button
    wait_for_the_answer(page, bots_before)
    assert_answered(page, row, 1)  # still so, with the answer's own row of buttons below it
    assert not tab.errors
