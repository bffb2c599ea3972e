"""The sender's own name for the draft's sign-off: ``sender_name``.

"Sign it Dana", "my name is Dana Okafor", "put my name, Dana, at the end" give the name that
replaces "[Your name]" under the draft, never the greeting's recipient.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ask_amy.nlu.facts.clauses import found

_WORD = r"[^\W\d_][^\W\d_'\-]*"
_NAME = r"[\"'\u201c\u2018]?(" + _WORD + r"(?:\s+" + _WORD + r")?)"
SENDER = re.compile(
    r"\bsign\s+(?:it|the\s+email|the\s+draft|off|it\s+off)\s+(?:as\s+|with\s+|from\s+)?" + _NAME
    + r"|\bsign(?:ed)?\s+(?:as\s+)?(?!it\b|off\b|the\b|up\b|in\b)" + _NAME
    + r"|\bfrom\s+" + _NAME + r"\s+to\s+(?:the|my|her|him|them|mr|mrs|ms|dr)\b"
    + r"|\bmy\s+name(?:\s+is|'s)\s+" + _NAME
    + r"|\b(?:it's|it\s+is|this\s+is)\s+from\s+" + _NAME
    + r"|\b(?:add|use|put|include)\s+my\s+name\s+(?:at\s+the\s+(?:end|bottom)|on\s+it|under\s+it)"
      r"\s*[:,?\-\u2013]?\s+"
      r"(?:(?:it'?s|it\s+is|as)\s+)?" + _NAME
    + r"|\b(?:add|use|put|include)\s+my\s+(?:full\s+)?name[:,]?\s+(?:as\s+)?" + _NAME
    + r"|\bsign\s+with\s+" + _NAME
    + r"|\bmy\s+name\s+should\s+be\s+" + _NAME
    + r"|\bfrom\s+me,?\s+" + _NAME + r"\b(?=\s*(?:,|to\b|$))"
    + r"|(?:^|[.!,]\s*)from\s+" + _NAME + r"\s*[.!]?\s*$"
    + r"|\b(?:sender(?:'s)?(?:\s+name)?|from|signed|signature|sign-?off(?:\s+name)?|your\s+name)\s*:\s*"
    + _NAME
    + r"|(?:^|(?<=[.,;!]\s)|(?<=\bbtw\s)|(?<=\band\s))name'?s\s+" + _NAME
    + r"|\b(?:replace|swap)\s+\[?your\s+name\]?\s+(?:with|for)\s+" + _NAME
    + r"|\binstead\s+of\s+\[?your\s+name\]?,?\s+(?:put|use|write|say)\s+" + _NAME
    + r"|\bchange\s+\[?your\s+name\]?\s+to\s+" + _NAME
    + r"|\bmy\s+name,?\s+" + _NAME + r",?\s+(?:at|to|in|on|under)\b"
    + r"|\b(?:sign-?off|signature)\s+(?:to|should\s+be|should\s+say|says|as|is)\s+" + _NAME
    + r"|\bput\s+" + _NAME + r"\s+(?:at\s+the\s+(?:end|bottom)|as\s+the\s+(?:sign|signature))",
    re.IGNORECASE,
)
# "draft it to Carla for the barista job, I'm Jess": an introduction closing the message, the name
# capitalised (lower case, "i'm nervous" is a mood, not a name)
SELF_INTRO = re.compile(
    r"(?:[,.;!?]\s*|\band\s+)(?:[Ii]'?m|I\s+am|[Tt]his\s+is)\s+([A-Z][^\W\d_]+)"
    r"(?:\s*[.!]?\s*$|,\s+(?:that's|that\s+is|use|sign|please\s+sign)\b"
    r"|\s*[.!]\s*[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_'-]+)?\s*[.!]?\s*$|\s+(?:btw|lol|here)\b)"
)
# what is left around a removed sender phrase: joining words and asides
_DEBRIS = re.compile(r"(?:\b(?:and|also|oh|btw|period|please|pls|thanks|sorry|obviously"
                     r"|in\s+case\s+you\s+need\s+it"
                     r"|your\s+favou?rite\s+candidate)\b[,.!]?\s*)+(?=[,.;!]|$)|\s+(?:and|also)\s*$",
                     re.IGNORECASE)
_SKIPS = frozenset({"skip", "no", "none", "nope", "n/a", "pass", "nothing"})  # an answer to the form
_NOT_NAMES = frozenset("i it the a an at me my your yours regards best thanks thank".split())
# Words that follow "my name is" or "sign it" without being a name.
_COMMON = frozenset("on in please pls plz and with as off instead at to there here correct wrong missing not "
                    "spelled spelt fine ok okay right below above yet now too also btw lol thanks "
                    "thx".split())
# Capitalised words after "I'm" that are not names
_NOT_INTRO = frozenset("sorry sure done ready back new confused lost nervous worried stuck home "
                       "monday tuesday wednesday thursday friday saturday sunday".split())


def _cued(text: str) -> Iterator[Tuple["re.Match[str]", int]]:
    """Yield each cue of ``SENDER`` in ``text`` whose name is not a common word, with the name's group."""
    for match in SENDER.finditer(text):
        group = next(i for i in range(1, SENDER.groups + 1) if match.group(i))
        if match.group(group).split()[0].lower() not in _NOT_NAMES | _COMMON:
            yield match, group


def _introduction(text: str) -> Optional["re.Match[str]"]:
    """Return the closing introduction ("..., I'm Jess") of ``text`` if its word is a name."""
    intro = SELF_INTRO.search(text)
    return intro if intro and intro.group(1).lower() not in _NOT_INTRO | _NOT_NAMES | _COMMON else None


def sender_phrases(text: str) -> List[Tuple[int, int]]:
    """Where the message gives the sender's name: the cue and the name ("sign it Renee")."""
    spans = [(match.start(), match.end()) for match, _ in _cued(text)]
    intro = _introduction(text)
    if intro:
        spans.append((intro.start(), intro.end(1)))
    return spans


def without_sender(text: str) -> str:
    """Return ``text`` without the phrases that give the sender's name, tidied.

    "Logistics analyst, Tarmac Freight. And sign it Renee" -> "Logistics analyst, Tarmac Freight".
    """
    for start, end in sorted(sender_phrases(text), reverse=True):
        text = text[:start] + " " + text[end:]
    text = _DEBRIS.sub(" ", text)
    return " ".join(text.split()).strip(" .,;:!-")


def names_only_the_sender(text: str) -> bool:
    """Tell whether giving the sender's name is all the message does ("oh, and sign it Dana please")."""
    rest = without_sender(text)
    words = rest.split()
    named = [w for i, w in enumerate(words)
             if w[:1].isupper() and i and not words[i - 1].endswith((".", "!", "?")) and w != "I"]
    skipped = rest.lower().strip(" .!") in _SKIPS
    return bool(sender_phrases(text)) and len(words) <= 4 and not named and not skipped


def sender_name(text: str) -> Optional[Dict[str, Any]]:
    """Return the ``sender_name`` entity when the message gives the sender's own name.

    People type names in lower case too ("sign it dana"): after these explicit cues the name is
    taken and capitalised, unless it is a common word ("my name is on it").
    """
    for match, group in _cued(text):
        words = [w for w in match.group(group).split() if w.lower() not in _NOT_NAMES | _COMMON]
        if words and not words[0][:1].isupper():
            # "my name's ravi btw": a name typed in lower case is one word, or a word and an initial
            words = words[:2] if len(words) > 1 and len(words[1]) == 1 else words[:1]
        name = " ".join(w[:1].upper() + w[1:] for w in words)
        if name:
            return {"entity": "sender_name", "value": name, "start": match.start(group),
                    "end": match.start(group) + len(name), "confidence": 1.0}
    intro = _introduction(text)
    return found("sender_name", intro.group(1), intro, 1) if intro else None
