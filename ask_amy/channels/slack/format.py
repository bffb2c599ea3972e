"""Turn the bot's Markdown replies into Slack mrkdwn (pure functions, no Slack or Rasa imports).

Slack's message text is not Markdown. It differs where our replies use it:

- bold is ``*bold*`` (Markdown ``**bold**`` or ``__bold__``);
- links are ``<url|text>`` (Markdown ``[text](url)``; autolinks ``<https://...>`` stay links);
- ``&``, ``<`` and ``>`` are control characters and must be sent as ``&amp;``, ``&lt;``, ``&gt;``
  (https://api.slack.com/reference/surfaces/formatting#escaping), everywhere, code included.

Code (fenced blocks and inline spans) is only escaped, never reformatted; a fenced block's
language tag is dropped because Slack would show it as the block's first line.
"""

from __future__ import annotations

import re
from typing import List

_CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
_FENCE_LANGUAGE = re.compile(r"^```[A-Za-z0-9_+.-]+\n")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(\s*([^\s()]+)\s*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>|]+)>")
_BOLD_STARS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BOLD_UNDERSCORES = re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


def escape(text: str) -> str:
    """Escape the three characters Slack reserves for its own markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link_target(url: str) -> str:
    """Make a URL fit inside ``<...|...>``: no raw ``<``, ``>`` or ``|``; ``&`` escaped."""
    url = url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return url.replace("&", "&amp;")


def _bold(text: str) -> str:
    text = _BOLD_STARS.sub(r"*\1*", text)
    return _BOLD_UNDERSCORES.sub(r"*\1*", text)


def _prose(text: str) -> str:
    """Format text that is not code: links first (they carry their own markup), then escape."""
    pieces: List[str] = []
    position = 0
    links = sorted(list(_LINK.finditer(text)) + list(_AUTOLINK.finditer(text)), key=lambda m: m.start())
    for match in links:
        if match.start() < position:  # overlapping matches: the earlier one wins
            continue
        pieces.append(escape(text[position : match.start()]))
        if match.re is _LINK:
            label, url = match.group(1), match.group(2)
            pieces.append(f"<{_link_target(url)}|{escape(label)}>")
        else:
            pieces.append(f"<{_link_target(match.group(1))}>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return _bold("".join(pieces))


def _code(text: str) -> str:
    """Format a code span or fenced block: escape only (and drop a fence's language tag)."""
    if text.startswith("```"):
        text = _FENCE_LANGUAGE.sub("```\n", text, count=1)
    return escape(text)


def to_mrkdwn(markdown: str) -> str:
    """Convert the bot's Markdown to Slack mrkdwn."""
    codes: List[str] = []

    def park(match: re.Match) -> str:
        codes.append(_code(match.group(0)))
        return f"\x00{len(codes) - 1}\x00"

    # Code is set aside first so that bold and links can span around it but never reach into it.
    prose = _CODE.sub(park, markdown.replace("\x00", ""))
    return _PLACEHOLDER.sub(lambda m: codes[int(m.group(1))], _prose(prose))


def split_messages(text: str) -> List[str]:
    """Split text into Slack posts at blank lines, as Rasa's SlackBot does, but never inside a code block."""
    parts: List[str] = []
    current: List[str] = []
    in_fence = False
    for line in text.strip().split("\n"):
        if not in_fence and not line.strip():
            if current:
                parts.append("\n".join(current).strip())
                current = []
            continue
        current.append(line)
        if line.count("```") % 2 == 1:
            in_fence = not in_fence
    if current:
        parts.append("\n".join(current).strip())
    return [part for part in parts if part]
