"""The sender's own name for the draft's sign-off: ``sender_name``.

"Sign it Dana", "my name is Dana Okafor", "put my name, Dana, at the end" give the name that
replaces "[Your name]" under the draft, never the greeting's recipient.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

_WORD = r"[^\W\d_][^\W\d_'\-]*(?:-[^\W\d_]+)*"  # "Hyun-woo" too
_NAME = r"[\"'\u201c\u2018]?(" + _WORD + r"(?:\s+" + _WORD + r")?)"
# a name that may carry its title: "Dr. Ana Ruiz"
_TITLED = r"[\"'\u201c\u2018]?((?:(?:dr|mr|mrs|ms|prof)\.?\s+)?" + _WORD + r"(?:\s+" + _WORD + r")?)"
_CAP = r"(?-i:[A-Z])[^\W\d_'\-]*(?:-[^\W\d_]+)*"  # a capitalised word
SENDER = re.compile(
    r"\bsign\s+(?:it|the\s+email|the\s+draft|off|it\s+off)\s+(?:as\s+|with\s+|from\s+|to\s+)?" + _NAME
    + r"|\bsign(?:ed|ing)?\s+(?:as\s+)?(?!it\b|off\b|the\b|up\b|in\b|with\b)" + _NAME
    + r"|\bfrom\s+" + _NAME + r"\s+to\s+(?:the|my|her|him|them|mr|mrs|ms|dr)\b"
    + r"|\bmy\s+name(?:\s+is|'s|(?=\s+(?-i:[A-Z])))\s+" + _NAME
    + r"|\b(?:it's|it\s+is|this\s+is)\s+from\s+" + _NAME
    + r"|\b(?:add|use|put|include)\s+my\s+name\s+(?:at\s+the\s+(?:end|bottom)|on\s+it|under\s+it)"
      r"\s*[:,?\-\u2013]?\s+"
      r"(?:(?:it'?s|it\s+is|as)\s+)?" + _NAME
    + r"|\b(?:add|use|put|include)\s+my\s+(?:full\s+)?name[:,]?\s+(?:as\s+)?" + _NAME
    + r"|\bsign\s+with\s+" + _NAME
    + r"|\b(?:my\s+name|the\s+name\s+(?:at|on)\s+the\s+(?:bottom|end))\s+(?:should\s+be|is|will\s+be)\s+"
    + _NAME
    + r"|^\s*(?:oh,?\s+|and\s+)?(?:i'?m|im|i\s+am)\s+" + _NAME + r"\s+(?:by\s+the\s+way|btw)\b"
    + r"|\bfrom\s+me,?\s+" + _NAME + r"\b(?=\s*(?:,|to\b|$))"
    + r"|(?:^|[.!,]\s*)from\s+" + _NAME + r"\s*[.!]?\s*$"
    + r"|\b(?:sender(?:'s)?(?:\s+name)?|from|sign|signed|signature|sign-?off(?:\s+name)?|your\s+name)\s*:\s*"
    + _NAME
    + r"|(?:^|(?<=[.,;!?]\s)|(?<=\bbtw\s)|(?<=\band\s))name'?s\s+" + _NAME
    + r"|\b(?:replace|swap)\s+\[?your\s+name\]?\s+(?:with|for)\s+" + _NAME
    + r"|\binstead\s+of\s+\[?your\s+name\]?,?\s+(?:put|use|write|say)\s+" + _NAME
    + r"|\bchange\s+\[?your\s+name\]?\s+to\s+" + _NAME
    + r"|\bmy\s+name,?\s+" + _NAME + r",?\s+(?:at|to|in|on|under)\b"
    + r"|\b(?:sign[\s-]?off|signature)\s+(?:to|should\s+be|should\s+say|says|as|is)\s+" + _NAME
    + r"|\bput\s+" + _NAME + r"\s+(?:at\s+the\s+(?:end|bottom)|as\s+the\s+(?:sign|signature))"
    + r"|\bsignature\s+(?:should\s+)?(?:read|say)s?\s+" + _TITLED
    + r"|\b(?:make|write)\s+(?:it|this|the\s+(?:email|draft|mail|message))\s+(?:as\s+)?from\s+" + _NAME
    + r"|\bi\s+go\s+by\s+" + _NAME
    + r"|\buse\s+" + _NAME + r"\s+as\s+(?:the\s+|my\s+)?(?:sign[\s-]?off|signature|name)"
    + r"|\bmy\s+names\s+" + _NAME
    + r"|[\"\u201c](?:best|regards|kind\s+regards|best\s+regards|warm\s+regards|thanks|many\s+thanks|cheers"
      r"|sincerely"
      r"|warmly|all\s+the\s+best)[,!]?\s+" + _NAME + r"[\"\u201d]"
    + r"|^\W*(?:hi,?\s+|hello,?\s+|hey,?\s+)?(?:it'?s\s+)?(" + _CAP + r")\s+here\b"
    + r"|\b(" + _CAP + r"(?:\s+" + _CAP + r")?)\s+is\s+my\s+name\b"
    + r"|^\W*(" + _WORD + r")[.,!]?\s+(?:that'?s|thats|that\s+is)\s+my\s+name\b"
    + r"|^\W*(?:my\s+)?name\s*:\s*" + _NAME + r"(?=\s*[.,!]\s*\S*\s*(?:help|write|draft|e-?mail|need))",
    re.IGNORECASE,
)
# "draft it to Carla for the barista job, I'm Jess": an introduction closing the message (in lower
# case only in a message about the email, and only a word that does not read as a mood: "i'm nervous")
SELF_INTRO = re.compile(
    r"(?:[,.;!?]\s*|\band\s+)(?:[Ii]'?m|I\s+am|[Tt]his\s+is)\s+([^\W\d_][^\W\d_]+)"
    r"(?:\s*[.!]?\s*$|,\s+(?:that's|that\s+is|use|sign|please\s+sign|put\s+(?:that|it|me)\s+at)\b"
    r"|\s*[.!]\s*[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_'-]+)?\s*[.!]?\s*$|\s+(?:btw|lol|here)\b)"
)
# "Hi there! I'm Rohan. I'd love help with a follow-up email": an introduction opening a sentence of a
# message that asks for the email ("i'm bongani." in lower case too, when the word does not read as a mood)
OPENING_INTRO = re.compile(
    r"(?:^|[.!?]\s+)\s*(?:(?:hi|hello|hey|hola|bonjour|good\s+\w+)(?:\s+there)?\s*[,!.]*\s*)?"
    r"(?:i'?m|i\s+am|im|this\s+is|soy|je\s+suis|ich\s+bin|sono)\s+"
    r"(" + _WORD + r"(?:\s+(?-i:[A-Z])" + _WORD + r")?)(?:\s*[.,!]|\s+from\s+(?-i:[A-Z])|\s+and\s+i\b)",
    re.IGNORECASE,
)
# "Hello, I'm Anneliese, I interviewed for ...": a greeting, then a capitalised name, introduces the person
_GREETED = re.compile(r"^\W*(?:hi|hello|hey|hola|bonjour|dear\s+amy|good\s+(?:morning|afternoon|evening))\b",
                      re.IGNORECASE)
_DEMONYM = re.compile(r"(?:ian|ese|ish|ean|ican)$", re.IGNORECASE)
_ASKS_FOR_EMAIL = re.compile(r"\b(?:e-?mail|draft|write|mail|message|note|sign)\b", re.IGNORECASE)
# lower-case words after "i'm" that describe a state, not a name ("i'm desperate", "i'm unemployed")
_A_STATE = re.compile(r"(?:ous|ed|ing|ful|ive|ant|ent|able|ible|less|al|ic|y|ate|ish)$")
_STATES = frozenset("broke sad upset fine ok okay good bad sick late early free available unemployed "
                    "jobless so just still not also really very here there going trying writing".split())
# what is left around a removed sender phrase: joining words and asides
_DEBRIS = re.compile(r"(?:\b(?:and|also|oh|btw|period|please|pls|thanks|sorry|obviously"
                     r"|in\s+case\s+you\s+need\s+it"
                     r"|your\s+favou?rite\s+candidate)\b[,.!]?\s*)+(?=[,.;!]|$)|\s+(?:and|also)\s*$",
                     re.IGNORECASE)
_SKIPS = frozenset({"skip", "no", "none", "nope", "n/a", "pass", "nothing"})  # an answer to the form
_NOT_NAMES = frozenset(
    "i it the a an at me my your yours regards best thanks thank that this so like x xx xo xoxo use".split())
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
    if not intro or not _plausible(intro.group(1)):
        return None
    return intro if intro.group(1)[:1].isupper() or _ASKS_FOR_EMAIL.search(text) else None


def capitalised(name: str) -> str:
    """Return ``name`` with each word's first letter in capitals, the rest as typed ("ravi k" -> "Ravi K")."""
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def _plausible(word: str) -> bool:
    """Tell whether a word after "I'm" can be a name: capitalised, or lower case and not a state."""
    low = word.lower()
    if low in _NOT_INTRO | _NOT_NAMES | _COMMON | _STATES:
        return False
    return word[:1].isupper() or not _A_STATE.search(low)


def _opening(text: str) -> Optional["re.Match[str]"]:
    """Return the introduction opening a message that asks for the email, if its word can be a name."""
    intro = OPENING_INTRO.search(text)
    if intro is None or not _plausible(intro.group(1).split()[0]):
        return None
    first = intro.group(1).split()[0]
    # "I'm Ji-woo, could you ...", not "I am Ukrainian, ..."
    opens = intro.start() < 3 and not _DEMONYM.search(first)
    greeted = (_GREETED.match(text) or opens) and intro.start() < 30 and first[:1].isupper()
    return intro if _ASKS_FOR_EMAIL.search(text) or greeted else None


def sender_phrases(text: str) -> List[Tuple[int, int]]:
    """Where the message gives the sender's name: the cue and the name ("sign it Renee")."""
    spans = [(match.start(), match.end()) for match, _ in _cued(text)]
    for intro in (_introduction(text), _opening(text)):
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
        name = capitalised(" ".join(words))
        if name:
            return {"entity": "sender_name", "value": name, "start": match.start(group),
                    "end": match.start(group) + len(name), "confidence": 1.0}
    intro = _introduction(text) or _opening(text)
    if not intro:
        return None
    name = capitalised(intro.group(1))
    return {"entity": "sender_name", "value": name, "start": intro.start(1), "end": intro.end(1),
            "confidence": 1.0}
