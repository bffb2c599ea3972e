"""An interview at another company (not an offer): ``other_interview`` ("true").

"I have a second interview somewhere else next week" is a real interview, not an offer: the
column covers real offers and invented ones, and says nothing about mentioning an interview
elsewhere. An offer held elsewhere is the ``competing_offer`` fact instead.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from ask_amy.nlu.facts.clauses import first_stated, found

_FLAGS = re.IGNORECASE | re.VERBOSE
OTHER_INTERVIEW = re.compile(
    r"""\b(?:also|still|meanwhile|in\ the\ meantime|too)\b[^.!?;]{0,30}?\b(?:interview|phone\ screen|screening|round|trial\ shift
        |portfolio\ review|assessment|process|stages?|sim\ check)\w*\ (?:at|with)\ (?:a|an|another|the\ other)\b
      | \b(?:still|also)\ interviewing\ (?:at|with)\ (?:a|an)\b | \balso\ waiting\ (?:to\ hear\ )?(?:on|from)\ (?:a|an|another)\b
      | \bexpecting\ an\ offer\ from\ (?:another|a\ different)\b | \b(?:also|still)\ talking\ to\ (?:a|another)\b
      | \b(?:interview(?:s|ing)?|rounds?|stages?|process|onsite|on-site|phone\ screen|screening\ call)\b[^.!?;]{0,40}?\b(?:somewhere\ else|elsewhere|a\ competitor
        |at\ (?:another|a\ different|other)
        |with\ (?:another|a\ different|other)|for\ (?:another|a\ different|other))\b
      | \b(?:another|a\ different|other)\ (?:company|firm|employer|place|job|role|position|school|hospital)
        [^.!?;]{0,40}?\binterview(?!ed)
      | \binterviewing\ (?:elsewhere|somewhere\ else|with\ other|at\ other|around|at\ (?:two|three|a\ few|a\ couple)
        |with\ (?:two|three|a\ few|a\ couple))\b
      | \bother\ interviews\b | \binterviews?\ lined\ up\b
      | \b(?:also|too)\ interviewing\ (?:at|with)\ (?:a|an)\b | \binterviewing\ (?:at|with)\ (?:a|an)\ [\w-]+\ (?:too|as\ well)\b
      | \b(?:rounds?|interviews?|process(?:es)?)\ (?:at|with)\ (?:two\ |three\ |a\ few\ |a\ couple\ of\ )?other\b
      | \b(?:i\ have|i've\ got|i\ got|i\ have\ got|got)\ (?:another|an|a\ second|a\ final|a\ first|one\ more)\ 
        (?:interview|round|final\ round)\ (?:at|with)\ (?!them\b|the\ same\b|you\b)""",
    _FLAGS,
)


def other_interview(text: str) -> Optional[Dict[str, Any]]:
    """Return the ``other_interview`` entity when the message says they interview elsewhere."""
    match = first_stated(OTHER_INTERVIEW, text)
    return None if match is None else found("other_interview", "true", match)
