"""The review as one self-contained HTML page: no script, no external file, a bar chart of topics.

Every text from the store is escaped; the messages shown are the masked ones of the review.
"""

from __future__ import annotations

from html import escape
from typing import List

from ask_amy.conversations.review_model import Review, format_time

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;margin:2rem auto;
max-width:64rem;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;
border-bottom:1px solid #dde2ea;vertical-align:top}th{background:#f3f5f8}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.chart{display:grid;grid-template-columns:max-content 1fr max-content;gap:.3rem .6rem;align-items:center}
.bar{background:#3a6ea5;height:1rem;border-radius:2px;min-width:2px}
.why{color:#5a6473;font-size:.9em}.muted{color:#5a6473}
"""


def _chart(review: Review) -> List[str]:
    if not review.topics:
        return ['<p class="muted">No topic was asked in this period.</p>']
    top = max(review.topics.values())
    parts = ['<div class="chart" role="img" aria-label="Topics asked, by number of messages">']
    for topic, count in review.topics.most_common():
        width = 100 * count / top
        parts += [
            f"<span>{escape(topic)}</span>",
            f'<span><span class="bar" style="display:block;width:{width:.1f}%"></span></span>',
            f'<span class="n">{count:,}</span>',
        ]
    parts.append("</div>")
    return parts


def render(review: Review) -> str:
    """Return the whole page."""
    title = f"Ask Amy review, {format_time(review.since)} to {format_time(review.until)}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">Read from {escape(review.store)}. Personal data is masked.</p>',
        "<h2>Summary</h2>",
        "<table>",
    ]
    parts += [
        f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in review.summary_rows()
    ]
    parts += ["</table>", "<h2>Topics asked</h2>"] + _chart(review)
    parts += [
        f"<h2>What the bot was unsure about ({review.unsure:,} messages, {len(review.groups):,} groups)</h2>",
        "<table><thead><tr><th>Count</th><th>Bot's guess</th><th>Confidence</th><th>Example</th></tr>"
        "</thead><tbody>",
    ]
    for g in review.groups:
        parts.append(
            f'<tr><td class="n">{g.count:,}</td><td>{escape(g.guess)}</td>'
            f'<td class="n">{g.confidence:.2f}</td>'
            f'<td>{escape(g.example.text)}<div class="why">{escape(", ".join(g.reasons))}</div></td></tr>'
        )
    parts += ["</tbody></table>", "</body></html>"]
    return "\n".join(parts) + "\n"
