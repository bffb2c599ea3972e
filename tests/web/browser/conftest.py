"""Fixtures of the browser tests in this folder: one bot, two static sites, one Chromium.

Shared by this folder's tests: the action server, the Rasa server (REST and socket.io, CORS for
exactly the two page origins), a static server for ``web/`` (the demo career page with the
widget) and one for this folder (the rasa-webchat page and the npm packages), all on loopback
ports. They are package-scoped, not session-scoped: Playwright's sync API runs an event loop,
which must be gone before the asyncio tests of other modules run. Each test opens pages in fresh
browser contexts; each page is screenshotted into ``test-artifacts/`` when the test ends
(testkit/widget_page.py). Nothing outside loopback is ever requested: such a request is aborted and
recorded (:attr:`Tab.outside`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional, Tuple

import pytest

from ask_amy.cli.stack import MODEL
from ask_amy.paths import ROOT
from testkit.widget_page import (
    WEB,
    Tab,
    bot_for_pages,
    headless_chromium,
    new_context_tab,
    screenshot_and_close,
    static_sites,
)
from tests.web.browser.pages import PAGES, Site, keep_to_loopback


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The action server, the Rasa server and the two static servers."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    workdir: Path = tmp_path_factory.mktemp("browser-pages")
    with static_sites(WEB, PAGES) as origins, bot_for_pages(workdir, origins) as (_, rasa):
        yield Site(rasa, *origins)


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """One headless Chromium for this folder's tests (each page gets its own context)."""
    with headless_chromium() as browser:
        yield browser


@pytest.fixture
def new_tab(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Tab]]:
    """``new_tab(url, viewport=(w, h))``: a page in a fresh context, screenshotted at the end."""
    tabs: List[Tuple[Any, Tab]] = []

    def make(url: Optional[str] = None, viewport: Tuple[int, int] = (1280, 800)) -> Tab:
        context, tab = new_context_tab(chromium, viewport)
        keep_to_loopback(context, tab)
        tabs.append((context, tab))
        if url:
            tab.page.goto(url)
        return tab

    yield make
    screenshot_and_close(tabs, request.node.name)
