"""An axe-core audit of the demo page with the widget open, in Chromium, against the real bot.

Three points of one conversation: the panel just opened (only the greeting), mid-conversation
with a row of topic buttons, and with an email draft shown. At each, no serious or critical
violation anywhere on the page. The full axe report of each point is saved as JSON beside the
test's screenshot in ``test-artifacts/`` (``<test>-<point>.axe.json``).
"""

from __future__ import annotations

from typing import Callable, Dict, List

import pytest

from testkit.widget_page import ARTIFACTS, INPUT, expect, open_panel, send
from tests.web.browser import axe_audit
from tests.web.browser.pages import Site, Tab

pytestmark = [pytest.mark.browser, pytest.mark.live]

DRAFT_CONVERSATION = [
    ("write the follow-up email for me", "Who should the email go to?"),
    ("Priya", "Which role and company"),
    ("the analyst role at Acme", "moment in the interview"),
    ("skip", "Subject:"),
]


def test_no_serious_or_critical_violations_empty_with_buttons_and_with_a_draft(
    site: Site, new_tab: Callable[..., Tab], request: pytest.FixtureRequest
) -> None:
    tab = new_tab(site.demo())
    page = tab.page
    found: Dict[str, List[str]] = {}

    def audit(point: str) -> None:
        result = axe_audit.run(page, ARTIFACTS / f"{request.node.name}-{point}.axe.json")
        assert result["passes"], "axe-core checked nothing"
        found[point] = axe_audit.summary(axe_audit.blocking(result))

    open_panel(page)
    audit("empty")

    assert send(page, "help with my interview situation").startswith("Do you want to know")
    expect(page.get_by_role("group", name="Reply options")).to_have_count(1)
    audit("buttons")

    for message, expected in DRAFT_CONVERSATION:
        assert expected in send(page, message), message
    expect(page.locator(".askamy-msg--draft")).to_have_count(1)
    page.focus(INPUT)
    audit("draft")

    assert found == {"empty": [], "buttons": [], "draft": []}
    assert not tab.errors and not tab.outside


def test_the_audit_finds_a_control_without_a_name(
    site: Site, new_tab: Callable[..., Tab], request: pytest.FixtureRequest
) -> None:
    """The audit above can fail: an unlabelled text box in the panel is a critical violation."""
    tab = new_tab(site.demo())
    page = tab.page
    open_panel(page)
    page.evaluate(
        "() => document.querySelector('#askamy-form').appendChild(document.createElement('textarea'))"
    )
    result = axe_audit.run(page, ARTIFACTS / f"{request.node.name}.axe.json")
    assert [v["id"] for v in axe_audit.blocking(result)] == ["label"], axe_audit.summary(result["violations"])
