"""Clause-level cues for the facts of a conversation that moves on (news, what was done, asks).

These facts are read from the message text with patterns, one clause at a time: a cue counts
only when the clause around it states it, not when it wonders about it ("what if they say no",
"should I call?", "I'm afraid they went with someone else"). Each fact module (``news``,
``done``, ``elsewhere``, ``asks``, ``sender``) uses :func:`stated` and :func:`found`.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional, Pattern

# Where a clause starts: a sentence end, a comma or semicolon, or a joining word.
_CLAUSE_START = re.compile(r"[.!?;,\n:]|\b(?:but|and|so|then|because|though|although)\b")
# Words that make a clause a wish, a fear or a question about what might happen.
_WONDERING = re.compile(
    r"\b(?:if|whether|what if|in case|afraid|scared|worried|worry|fear|might|maybe|probably|"
    r"perhaps|assume|guess|suppose|hope|hoping|would|could|will|'ll|should|shall|can|do you think|"
    r"does that mean|did they|do they|have they|has anyone|unless|wonder\w*)\b"
)
_NEGATION = re.compile(r"\b(?:not|never|no|n't|nt|havent|hasnt|didnt|dont|haven't|hasn't|didn't|don't)\b|n't\b")


def clause_before(text: str, start: int) -> str:
    """Return the part of ``start``'s clause that comes before it (lower case)."""
    head = text[:start].lower()
    cut = 0
    for match in _CLAUSE_START.finditer(head):
        cut = match.end()
    return head[cut:]


def stated(text: str, start: int) -> bool:
    """Tell whether the clause before ``start`` states the cue rather than wondering about it."""
    return _WONDERING.search(clause_before(text, start)) is None


def negated(text: str, start: int, words: int = 3) -> bool:
    """Tell whether one of the ``words`` words before ``start`` in its clause is a negation."""
    before = clause_before(text, start).split()[-words:]
    return bool(_NEGATION.search(" ".join(before)))


def found(entity: str, value: Any, match: "re.Match[str]", group: int = 0) -> Dict[str, Any]:
    """Return the Rasa entity dict for a cue matched in the message text (or for one ``group`` of it)."""
    return {"entity": entity, "value": value, "start": match.start(group), "end": match.end(group),
            "confidence": 1.0}


def first_stated(pattern: Pattern[str], text: str, *, allow_negation: bool = False,
                 check: Optional[Any] = None) -> Optional["re.Match[str]"]:
    """Return the first match of ``pattern`` in ``text`` that its clause states (and not negates)."""
    for match in pattern.finditer(text):
        if not stated(text, match.start()):
            continue
        if not allow_negation and negated(text, match.start()):
            continue
        if check is not None and not check(match):
            continue
        return match
    return None
