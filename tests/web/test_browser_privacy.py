"""The widget's "Delete this conversation" in headless Chromium, against the real bot and its SQLite store."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from ask_amy.cli.stack import MODEL
from testkit.live_servers import sqlite_tracker_store
from testkit.rest_chat import RestChat
from testkit.widget_page import (
    BOT_TEXT,
    USER_TEXT,
    WEB,
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

DELETED = "Your conversation was deleted from the server. This is a new conversation."
FAILED = "Couldn't delete this conversation right now. Nothing was changed; try again."


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    """Action server, Rasa server (SQLite store, CORS for the page) and the web server."""
    if not MODEL.exists():
        pytest.fail("no trained model at models/ask-amy.tar.gz: run `make train`")
    workdir: Path = tmp_path_factory.mktemp("browser-privacy")
    db = workdir / "trackers.db"
    with static_sites(WEB) as (origin,), bot_for_pages(
        workdir, [origin], tracker_store=sqlite_tracker_store(db)
    ) as (_, rasa):
        yield {"rasa": rasa, "url": demo_url(origin, rasa.url), "db": db}


@pytest.fixture
def page(bot: Dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Any]:
    """The demo page in a fresh browser context, screenshotted at the end."""
    with headless_chromium() as browser:
        context, tab = new_context_tab(browser)
        tab.page.goto(bot["url"])
        yield tab
        screenshot_and_close([(context, tab)], request.node.name)
        assert tab.errors == [] and tab.dialogs == []


def rows(db: Path) -> Dict[str, List[tuple]]:
    connection = sqlite3.connect(db)
    try:
        by_sender: Dict[str, List[tuple]] = {}
        for row in connection.execute("SELECT * FROM events ORDER BY id"):
            by_sender.setdefault(row[1], []).append(row)
        return by_sender
    finally:
        connection.close()


def delete_from_menu(page: Any) -> None:
    page.click("#askamy-menu-button")
    expect(page.locator("#askamy-menu")).to_be_visible()
    expect(page.locator("#askamy-menu-button")).to_have_attribute("aria-expanded", "true")
    page.click("#askamy-delete")


def test_delete_this_conversation_removes_it_on_the_server_and_starts_afresh(
    page: Any, bot: Dict[str, Any]
) -> None:
    other = RestChat(bot["rasa"].url, "amy-" + "0" * 32)
    assert other.say("should I send a thank-you note?")
    tab = page.page
    open_panel(tab)
    assert send(tab, "should I call or email them?")
    old_id = tab.evaluate("AskAmy.sessionId")
    assert re.fullmatch(r"amy-[0-9a-f]{32}", old_id)  # 128 random bits
    before = rows(bot["db"])
    assert old_id in before

    delete_from_menu(tab)
    expect(tab.locator(BOT_TEXT).last).to_have_text(DELETED)
    expect(tab.locator(USER_TEXT)).to_have_count(0)
    expect(tab.locator("#askamy-menu")).to_be_hidden()
    new_id = tab.evaluate("AskAmy.sessionId")
    assert new_id != old_id and re.fullmatch(r"amy-[0-9a-f]{32}", new_id)
    after = rows(bot["db"])
    assert old_id not in after
    assert after == {k: v for k, v in before.items() if k != old_id}  # nothing else changed

    # The fresh conversation works, under the new id only.
    assert send(tab, "should I keep applying while I wait?")
    assert new_id in rows(bot["db"]) and old_id not in rows(bot["db"])
    tab.reload()
    expect(tab.locator(USER_TEXT)).to_have_count(1)  # the transcript kept is the new one


def test_when_the_server_cannot_delete_the_conversation_is_kept(page: Any, bot: Dict[str, Any]) -> None:
    tab = page.page
    tab.route(
        "**/webhooks/privacy/forget",
        lambda route: route.fulfill(status=503, content_type="application/json", body='{"error": "down"}'),
    )
    open_panel(tab)
    assert send(tab, "should I call or email them?")
    session = tab.evaluate("AskAmy.sessionId")
    delete_from_menu(tab)
    expect(tab.locator(".askamy-delete-error")).to_have_text(FAILED)
    expect(tab.locator(USER_TEXT)).to_have_count(1)
    assert tab.evaluate("AskAmy.sessionId") == session
    assert session in rows(bot["db"])


def test_escape_closes_the_menu_and_keeps_the_panel_open(page: Any) -> None:
    tab = page.page
    open_panel(tab)
    tab.click("#askamy-menu-button")
    expect(tab.locator("#askamy-delete")).to_be_focused()
    tab.keyboard.press("Escape")
    expect(tab.locator("#askamy-menu")).to_be_hidden()
    expect(tab.locator("#askamy-panel")).to_be_visible()
    expect(tab.locator("#askamy-menu-button")).to_be_focused()
