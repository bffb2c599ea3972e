"""What the person thinks of the last answer: ``feedback`` ("negative" or "positive").

"That's not what I asked", "that didn't help", "you're not listening", "useless" are negative;
"thanks, that helped", "that's helpful" are positive. Only short messages about the answer
count: a letter that says "useless" about an employer is not feedback on the bot. The bot repairs a
negative one (actions/feedback.py); docs/DESIGN.md describes the loop.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from ask_amy.nlu.facts.clauses import found

_FLAGS = re.IGNORECASE | re.VERBOSE
NEGATIVE = re.compile(
    r"""\b(?:that'?s|that\ is|this\ is|thats|it'?s|its)\ not\ (?:what\ i\ (?:asked|meant|said|wanted
           |was\ asking)|my\ question|it|right|helpful|helping|useful|an\ answer)\b
      | \bnot\ what\ i\ (?:asked|meant|said|wanted|was\ asking)\b
      | \b(?:that|this|it)\ (?:didn'?t|did\ not|doesn'?t|does\ not)\ (?:help|answer\ my\ question
           |answer\ that)\b
      | \b(?:you'?re|you\ are|youre)\ not\ (?:listening|getting\ it|understanding|answering|helping)\b
      | \byou\ (?:didn'?t|did\ not|don'?t)\ (?:answer|understand|get\ it|listen|read)\b
      | ^\W*(?:useless|unhelpful|not\ helpful|wrong\ answer|that'?s\ wrong|wrong|no\ that'?s\ not\ it
           |not\ really\ helpful|irrelevant|that'?s\ irrelevant|off\ topic)\W*$
      | \b(?:wrong|irrelevant|useless|unhelpful)\ (?:answer|reply|response)\b""",
    _FLAGS,
)
POSITIVE = re.compile(
    r"""\b(?:that|this|it|you)\ (?:really\ |actually\ |totally\ )?(?:helped|helps)\b
      | \b(?:that'?s|that\ is|this\ is|very|so|really|super)\ (?:really\ |very\ )?(?:helpful|useful)\b
      | ^\W*(?:helpful|useful|great\ answer|good\ answer|perfect)\W*$""",
    _FLAGS,
)
_SHORT = 90  # longer messages are questions or stories, not a verdict on the answer


def feedback(text: str) -> Optional[Dict[str, Any]]:
    """Return the ``feedback`` entity of a short message that judges the last answer, or None."""
    if len(text.strip()) > _SHORT:
        return None
    for value, pattern in (("negative", NEGATIVE), ("positive", POSITIVE)):
        match = pattern.search(text)
        if match is not None:
            return found("feedback", value, match)
    return None
