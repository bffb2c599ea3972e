"""Fixtures of the browser tests in this folder: one bot, two static sites, one Chromium.

Shared by this folder's tests: the action server, the Rasa server (REST and socket.io, CORS for
exactly the two page origins), a static server for ``web/`` (the demo career page with the
widget) and one for this folder (the rasa-webchat page and the npm packages), all on loopback
ports. They are package-scoped, not session-scoped: Playwright's sync API runs an event loop,
which must be gone before the asyncio tests of other modules run. Each test opens pages in fresh
browser contexts; each page is screenshotted into ``test-artifacts/`` when the test ends, as in
tests/test_browser.py. Nothing outside loopback is ever requested: such a request is aborted and
recorded (:attr:`Tab.outside`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional, Tuple

import pytest

from tests.browser.pages import PAGES, Site, Tab, keep_to_loopback
from tests.live_servers import MODEL, ROOT, start_action_server, start_rasa_server, write_endpoints
from tests.test_browser import (
    ARTIFACTS,
    launch_chromium,
    playwright_api,
    start_web_server,
    warm_up,
    watch,
    web_origin,
)


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The action server, the Rasa server and the two static servers."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train`")
    workdir: Path = tmp_path_factory.mktemp("browser-pages")
    web, pages = start_web_server(), start_web_server(PAGES)
    actions = rasa = None
    try:
        actions = start_action_server(workdir)
        origins = [web_origin(web), web_origin(pages)]
        endpoints = write_endpoints(workdir, actions.url)
        rasa = start_rasa_server(workdir, endpoints, extra_args=["--cors", *origins])
        warm_up(rasa.url)
        yield Site(rasa, *origins)
    finally:
        if rasa is not None:
            rasa.stop()
        if actions is not None:
            actions.stop()
        for httpd in (web, pages):
            httpd.shutdown()
            httpd.server_close()


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """One headless Chromium for this folder's tests (each page gets its own context)."""
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_tab(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Tab]]:
    """``new_tab(url, viewport=(w, h))``: a page in a fresh context, screenshotted at the end."""
    tabs: List[Tuple[Any, Tab]] = []

    def make(url: Optional[str] = None, viewport: Tuple[int, int] = (1280, 800)) -> Tab:
        context = chromium.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        watched = watch(page)
        tab = Tab(page, watched.dialogs, watched.errors)
        keep_to_loopback(context, tab)
        tabs.append((context, tab))
        if url:
            page.goto(url)
        return tab

    yield make
    ARTIFACTS.mkdir(exist_ok=True)
    for i, (context, tab) in enumerate(tabs):
        suffix = f"-{i + 1}" if len(tabs) > 1 else ""
        try:
            tab.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}{suffix}.png"))
        finally:
            context.close()
