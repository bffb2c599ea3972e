"""An interview at another company (not an offer): ``other_interview`` ("true").

"I have a second interview somewhere else next week" is a real interview, not an offer: the
column covers real offers and invented ones, and says nothing about mentioning an interview
elsewhere. An offer held elsewhere is the ``competing_offer`` fact instead.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from ask_amy.nlu.facts.clauses import clause_before, found, negated

_FLAGS = re.IGNORECASE | re.VERBOSE
# "a final interview with the CEO": someone at the employer they wait on, not another employer
_THEIR_PEOPLE = r"the\ (?:ceo|director|manager|hiring|team|panel|founder|owner|head|vp|president|boss|partner|principal|board)\b"
OTHER_INTERVIEW = re.compile(
    r"""\b(?:also|still|meanwhile|in\ the\ meantime|too)\b[^.!?;]{0,30}?\b(?:interview|phone\ screen|screening|round|trial\ shift
        |portfolio\ review|assessment|process|stages?|sim\ check)\w*\ (?:at|with)\ (?:a|an|another|the)\b
      | \binterview\ (?:scheduled|booked|lined\ up|set\ up)\ (?:at|with)\ (?:an?|another)\b | \balso\ interviewed\ (?:at|with)\b
      | \banother\ interview\b[^.!?]{0,40}?\b(?:at|with)\ (?:an?|the)\b
      | \binterviewing\ (?:at|with)\ (?:an?|another)\b[^.!?]{0,30}?\b(?:tomorrow|next|this\ week|(?:mon|tues|wednes|thurs|fri)day)\b
      | \b(?:still|also)\ interviewing\ (?:at|with)\ (?:a|an)\b
      | \b(?:got|have|booked|scheduled|lined\ up|landed|set\ up)\ (?:an?|my)\ (?:[\w-]+\ ){0,2}(?:interview|tryout|phone\ screen
        |screen|onsite|on-site|trial\ shift|stage|first\ conversation)\ (?:at|with)\ (?!them\b|her\b|him\b|you\b|the\ same\b
        |""" + _THEIR_PEOPLE + r""")
        [^.!?]{0,50}?\b(?:tomorrow|tmrw|tmr|tonight|next\ week|this\ week|(?:mon|tues|wednes|thurs|fri|satur|sun)day
        |next\ \w+)\b
      | \b(?:wants?|want)\ to\ interview\ me\b | \binvit\w*\ (?:me\ )?(?:in\ )?(?:to|for)\ (?:an?\ )?interview\ (?:at|with)\b
      | \binterview\w*\ (?:with|at)\ (?:their|a|the)\ competitor\b | \bcompany\ b\b | \balso\ waiting\ (?:to\ hear\ )?(?:on|from)\ (?:a|an|another)\b
      | \bexpecting\ an\ offer\ from\ (?:another|a\ different)\b | \b(?:also|still)\ talking\ to\ (?:a|another)\b
      | \b(?:a\ real|just\ an|only\ an?|only\ have|all\ i\ have\ is\ an?)\ interviews?\b | \bmy\ other\ interviews?\b
      | \binterviews?,?\ (?:not|no)\ (?:an?\ )?offers?\b | \bno\ offers?\b[^.?!]{0,40}\b(?:just\ |only\ )?(?:an?\ )?interviews?\b
      | \b(?:at|with)\ (?:two|three|several|multiple)\ (?:other\ )?(?:companies|places|firms|employers)\b
      | \b(?:also\ )?talking\ (?:to|with)\ other\ (?:companies|employers|places)\b
      | \b(?:interview(?:s|ing|ed)?|rounds?|stages?|process|onsite|on-site|phone\ screen|screening\ call)\b[^.!?;]{0,40}?\b(?:somewhere\ else|elsewhere|a\ competitor
        |(?:at|in)\ (?:another|a\ different|other|a\ second|a\ competitor)
        |with\ (?:another|a\ different|other|a\ second|a\ competitor)|for\ (?:another|a\ different|other))\b
      | \b(?:another|a\ different|other)\ (?:company|firm|employer|place|job|role|position|school|hospital|restaurant
        |agency|bank|store|hotel|clinic|district|shop|team)
        [^.!?;]{0,40}?\b(?:interview(?!ed)|wants\ me\ (?:for|to\ come)|invited\ me|called\ me\ in|stage\b|trial
        |scheduled\ me|onsite|on-site|final\ round)
      | \binterviewing\ (?:elsewhere|somewhere\ else|with\ other|at\ other|around|at\ (?:two|three|a\ few|a\ couple)
        |with\ (?:two|three|a\ few|a\ couple))\b
      | \bother\ interviews\b | \binterviews?\ lined\ up\b
      | \b(?:also|too)\ interviewing\ (?:at|with)\ (?:a|an)\b | \binterviewing\ (?:at|with)\ (?:a|an)\ [\w-]+\ (?:too|as\ well)\b
      | \b(?:rounds?|interviews?|process(?:es)?)\ (?:at|with)\ (?:two\ |three\ |a\ few\ |a\ couple\ of\ )?other\b
      | \b(?:i\ have|i've\ got|i\ got|i\ have\ got|got)\ (?:another|an|a\ second|a\ final|a\ first|one\ more)\ 
        (?:interview|round|final\ round)\ (?:at|with)\ (?!them\b|the\ same\b|you\b|""" + _THEIR_PEOPLE + r""")
      | \babout\ (?:the|my)\ (?:[\w-]+\ ){0,2}?(?:interviews\b|interview\ (?:with|at)\ (?!them\b|you\b|the\ same\b))
      | \b(?:the|my|these|those)\ (?:other\ )?interviews?\ as\ leverage\b | \bapply\ to\ (?:an?\ )?interviews?\b
      | \b(?:at|with)\ (?:\d+|two|three|four|several|multiple)\ other\ [\w-]+
      | \b(?:round|stage)\ \d\ (?:at|with)\ (?:a|an|another)\b
      | \b(?:interview(?:s|ing|ed)?|rounds?|stages?|process(?:es)?|assessment(?:\ (?:day|centre|center))?|panel|discussions
           |(?:coding\ |take-home\ |online\ |psychometric\ )?(?:test|challenge|assessment)|case\ study)\b[^.!?;]{0,40}?
        \b(?:at|with|w/?|for)\ (?:another|a\ different|others?|a\ rival|a\ competitor|one\ more|two\ more|a\ third)\b
      | \b(?:also|too)\ interviewing\ (?:at|with)\ (?-i:[A-Z]) | \binterviewing\ (?:at|with)\ \w+\ and\ \w+\b
      | \bother\ (?:pipelines|processes)\b | \bin\ (?:final\ )?(?:rounds|discussions)\ (?:at|with)\ (?:a|another|one\ more)\b
      | \bassessment\ (?:day|centre|center)\ (?:at|with)\ (?:a|an)\b""",
    _FLAGS,
)


# An interview elsewhere is real even when the clause asks what to do about it ("should I tell them
# I'm in final rounds with another company?"); only a clause that supposes one doesn't hold one.
_BLUFFING = re.compile(r"\b(?:pretend\w*|fake|lie|lying|make\ up|made\ up|invent\w*|exaggerat\w*|fib)\b", _FLAGS)
# the person says they are waiting on an employer: another interview at "a" place is elsewhere
_WAITING_ON = re.compile(r"\b(?:waiting\ (?:on|for|to\ hear)|has\ had\ me\ waiting|still\ (?:nothing|waiting|no\ word)|haven't\ heard"
                         r"|hasn'?t\ (?:gotten|got|called|replied|come\ back)|wait\ answer|gone\ quiet|ghosted"
                         r"|(?:interviewed|i\ interviewed)\ (?:with|at)\ first)\b", _FLAGS)
ELSEWHERE_WHILE_WAITING = re.compile(r"\b(?:interview\w*|rounds?|panel|assessment|case\ study)\b[^.!?]{0,40}?"
                                     r"\b(?:at|with|w/?)\ (?:an?|another)\ ", _FLAGS)
_ASKED = re.compile(r"\b(?:should|can|could|do|would|shall)\ i\ $", _FLAGS)  # "should I interview elsewhere?"
_SUPPOSING = re.compile(r"\b(?:what\ if|in\ case|might|maybe|hope|hoping|hopefully|suppose|hypothetical\w*)\b"
                        r"|\bmy\ (?:co-?worker|colleague|friend|roommate|flatmate|sister|brother|cousin)\b"
                        r"|\bif\ i\ (?:get|land|manage|could\ get)\b", _FLAGS)
_NOT_BEFORE = re.compile(r"\b(?:not|no|don'?t|dont|never|isn'?t|wasn'?t)\s+(?:\w+\s+){0,5}$", _FLAGS)


def other_interview(text: str) -> Optional[Dict[str, Any]]:
    """Return the ``other_interview`` entity when the message says they interview elsewhere."""
    # "should I pretend I'm interviewing elsewhere?": the invented kind ("I'm not lying" is not)
    if any(not _NOT_BEFORE.search(text[:m.start()]) for m in _BLUFFING.finditer(text)):
        return None
    matches = list(OTHER_INTERVIEW.finditer(text))
    if _WAITING_ON.search(text):
        matches += list(ELSEWHERE_WHILE_WAITING.finditer(text))
    for match in matches:
        before = clause_before(text, match.start())
        if not _SUPPOSING.search(before) and not _ASKED.search(before) and not negated(text, match.start()):
            return found("other_interview", "true", match)
    return None
