"""The review as one self-contained HTML page: escaped, no external resource, a topic chart."""

from __future__ import annotations

import re
from collections import Counter

from ask_amy.conversations.grouping import group
from ask_amy.conversations.outcomes import Message
from ask_amy.conversations.report_html import render
from ask_amy.conversations.review import Review


def test_the_page_is_self_contained_escaped_and_charts_the_topics() -> None:
    unsure = [
        Message(
            "s",
            0.0,
            "<script>alert(1)</script> & <email>",
            "ask_feedback",
            0.3,
            "ask_feedback",
            "unclear",
            ["fell back"],
        )
    ]
    review = Review(
        0.0,
        86400.0,
        "SQLite var/trackers.db",
        conversations=2,
        messages=5,
        outcomes=Counter(on_topic=3, unclear=2),
        topics=Counter(ask_call_or_email=4, ask_feedback=2),
        lengths=[2, 3],
        groups=group(unsure),
    )
    page = render(review)
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;email&gt;" in page
    assert not re.search(r"""(src|href)=|@import|url\(""", page)  # nothing fetched from anywhere
    bars = re.findall(
        r'<span>([a-z_]+)</span>\s*<span><span class="bar" style="display:block;width:([\d.]+)%"', page
    )
    assert bars == [("ask_call_or_email", "100.0"), ("ask_feedback", "50.0")]
    assert "<th>Share answered on topic</th><td>60.0%</td>" in page
