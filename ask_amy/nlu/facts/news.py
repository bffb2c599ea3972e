"""News from the employer the person waited on: ``heard_back``.

Values, strongest first: ``rejection`` ("they went with another candidate"), ``offer`` ("they
offered me the role"), ``accepted`` ("I accepted a job"), ``next_step`` (another round,
references, a test) and ``status`` (a reply with a timeline: "still interviewing, deciding by
the end of the month"). A fear or a question about news ("what if they say no?") is not news.
An offer from *another* company is the ``competing_offer`` fact, never this one.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from ask_amy.nlu.facts.clauses import first_stated, found, negated, stated
from ask_amy.nlu.facts.elsewhere import other_interview

_FLAGS = re.IGNORECASE | re.VERBOSE
_THEM = r"""(?:they|she|he|hr|(?:the\ )?recruiter|the\ company|(?:the\ )?hiring\ manager|the\ manager
            |the\ employer|the\ school|the\ team|the\ firm|the\ hospital|the\ agency|the\ store)"""

REJECTION = re.compile(
    r"""\b(?:went|going|gone|decided\ to\ go|moving|moved\ forward|move\ forward|proceeding|proceed|chose
           |chosen|picked|selected|hired|offered\ (?:it|the\ \w+)\ to|gave\ (?:it|the\ \w+)\ to)
        \s+(?:with\s+)?
        (?:someone|somebody|another|a\ different|an\ internal|the\ other|other|a\ more|an?\s+\w+\s+candidate)
      | \bnot\ (?:moving|going|to\ move)\ forward\b
      | \b(?:won't|will\ not|wont|aren't|are\ not)\ be\ (?:moving|going)\ forward\b
      | \bdecided\ (?:not\ to|to\ not)\ (?:move|go|proceed|continue|offer|hire)\b
      | \b(?:rejected|turned\ down|passed\ on)\ (?:me|my\ application)\b
      | \b(?:emailed|sent|gave|told|texted)\ me\ (?:a|their)\ (?:polite\ |firm\ |final\ )?(?:no|rejection)\b
      | \b(?:won't|will\ not|wont|can't|cannot|aren't\ able\ to|not\ be\ able\ to)\ (?:be\ able\ to\ )?
        (?:offer\ me\ the|hire\ me|move\ forward\ with\ me)\b
      | \b(?:i\ was|i've\ been|i\ have\ been|i\ got|got|received|i\ received|i've\ received|had)\ (?:rejected|turned\ down|a\ rejection
           |the\ rejection)\b
      | \b(?:a|the)\ rejection\ (?:email|letter|call|message|note)\b
      | \bi\ (?:didn't|did\ not|didnt)\ get\ (?:it|the\ job|the\ role|the\ position|the\ offer|the\ gig|in)\b
      | \b(?:they|she|he)\ (?:said|told\ me|say|says)\ no\b(?!\ way|,?\ (?:they|we)\ (?:can'?t|cannot|won'?t)) | \bit'?s\ a\ no\b
      | \b(?:position|role|job)(?:'s|\ has)?\ (?:been|was|is|got)\ (?:filled|closed)\b
      | (?:^|[.!,;]\s*|\bnvm\W+)(?:didn't|did\ not|didnt)\ get\ (?:it|the\ job|the\ role|the\ position|the\ offer)\b
      | \bfilled\ the\ (?:position|role|job)\b
      | \b(?:wasn't|was\ not|not\ been|wasnt)\ (?:selected|successful|chosen|picked)\b | \bunsuccessful\b
      | \bno\ longer\ (?:being\ )?considered\b | \bregret\ to\ inform\b | \bpursue\ other\ candidates\b
      | \b(?:going|went|go)\ (?:in|with)\ a\ different\ direction\b | \bdecided\ on\ (?:someone|somebody|another|a\ different)
      | \b(?:didn't|did\ not|didnt)\ make\ (?:it|the\ cut)\b | \b(?:they|she|he)\ passed\b
      | \bmoved\ on\ (?:with|to)\ (?:someone|somebody|another|other) | \bturned\ me\ down\b
      | \b(?:it\ was|it's|its)\ a\ no\b | \b(?:got|received|had)\ (?:a|the)\ no\b | \bnot\ (?:been\ )?(?:selected|chosen|picked)\b
      | \bmoving\ forward\ with\ (?:other|another|a\ different|someone|somebody)\b | \bpursue\ other\ (?:candidates|applicants)\b
      | \b(?:got|get|been)\ dinged\b | \b(?:got|received)\ the\ ding\b | \bno\ longer\ under\ consideration\b
      | \bgave\ (?:the\ )?(?:[\w-]+\ ){0,4}?(?:role|job|position|spot)\ to\ (?:another|someone|somebody|a\ different|an\ internal|the\ other)
      | \b(?:role|job|position|opening|requisition|vacancy)\ (?:was|has\ been|had\ been|got|is\ being|is)\ (?:cancel+ed|eliminated|scrapped
           |pulled|withdrawn|cut)\b | \b(?:cancel+ed|eliminated|scrapped|pulled)\ the\ (?:role|job|position|opening|requisition)\b
      | \b(?:role|job|position)\ (?:went|has\ gone|was\ given)\ to\b | \b(?:went|gone)\ to\ (?:someone|somebody|another|an\ internal)\b
      | \b(?:chosen|picked|selected|hired|found|chose)\ (?:a|another|the\ other)\ (?:candidate|applicant|person)\b
      | \b(?:made|extended)\ (?:an\ |the\ )?offer\ to\ (?:another|someone|somebody|a\ different|the\ other)
      | \bi\ (?:didn't|did\ not|didnt)\ get\ the\ (?:[\w-]+\ ){1,3}?(?:job|role|position|gig)\b
      | ^\W*(?:rejected|not\ chosen|nope,?\ not\ chosen)\b | \brejected\ (?:from|for|by|after|again)\b
      | (?:^|[.!;]\s*)(?:rejected|dinged|turned\ down)\b | \bauto[- ]?reject\w* | \bafter\ careful\ consideration\b
      | \bthank\ you\ for\ your\ interest\b | \b(?:sent|got|received)\ (?:me\ )?(?:a|an|the)\ (?:[\w-]+\ ){0,2}?rejection\b
      | \bhired\ (?:her|his|their)\ [\w']+ | \bnot\ (?:a|the\ right)\ (?:fit|match)\b
      | \b(?:not|aren't|are\ not|won't\ be|isn't|is\ not)\ (?:hiring|taking|offering|picking|choosing)\ me\b
      | \b(?:taking|going\ with|hired|chose|picked|went\ with)\ the\ other\ (?:guy|girl|candidate|person|applicant|one)\b
      | \bwent\ with\ (?:a|an)\ (?:[\w-]+\ ){0,3}?(?:guy|woman|man|person|candidate|applicant|volunteer|employee|internal|insider)\b
      | \bfill(?:ed)?\ the\ (?:position|role|job)\ (?:with|internally)\b | \b(?:with|chose|picked|hired)\ an\ internal\b
      | \b(?:an?\ )?(?:automated\ )?['"\u2018\u201c]?unfortunately['"\u2019\u201d]?\ (?:email|letter|message)\b""",
    _FLAGS,
)

OFFER = re.compile(
    r"""\b""" + _THEM + r"""\ (?:just\ |finally\ |officially\ |actually\ |literally\ |have\ |has\ |already\ )*
        (?:offered|made)\ me\ (?:the\ |a\ |an\ |their\ )?(?:[\w-]+\ ){0,2}?(?:job|role|position|offer|spot|place)\b
      | \b(?:i|i've|i\ have)\ (?:just\ |finally\ |officially\ |actually\ )*
        (?:got|gotten|landed|received)\ (?:the|their)\ (?:job|role|position|offer)\b
      | \b(?:i\ was|i've\ been|i\ have\ been|i\ got|i\ just\ got)\ (?:just\ |finally\ |officially\ )?
        offered\ (?:the|their)\ (?:job|role|position|spot)\b
      | \b(?:they|she|he)\ (?:want|wants|would\ like|are\ going|is\ going|are\ gonna|is\ gonna)\ to\ (?:hire|offer)\ me\b
      | \bi\ got\ (?:it|the\ job)!
      | \b""" + _THEM + r"""\ (?:just\ |finally\ |officially\ )?(?:extended|sent|emailed)\ (?:me\ )?(?:an|the|their)\ 
        (?:job\ |official\ |formal\ )?offer\b
      | \b(?:got|received)\ (?:the|their|a|an)\ (?:job\ )?offer\ from\ them\b
      | \bi\ got\ the\ (?:[\w-]+\ ){0,3}?(?:job|role|position|offer)\b(?!\ (?:from|at|with)\b)
      | \b(?:they|she|he|hr)\ (?:just\ |finally\ )?made\ me\ an\ offer\b
      | \b""" + _THEM + r"""\ (?:just\ |finally\ |also\ )?(?:made|give|gave|given|sent)\ me\ (?:an?\ |the\ |their\ )?(?:job\ )?offer\b | \boffering\ me\ the\ (?:[\w-]+\ ){0,3}?(?:job|role|position)\b
      | \b(?:they're|they\ are|she's|she\ is|he's|he\ is)\ (?:going\ to\ )?offering\ me\b | \bto\ offer\ me\ (?:the|a|an)\b
      | \b(?:they|she|he|hr)\ made\ (?:me\ )?an\ offer\b | \bwant\ me\ to\ start\b | \bthe\ job\ is\ mine\b
      | \bi\ got\ it\b(?!\ (?:wrong|from|at))
      | \b(?:they|she|he)\ (?:just\ |finally\ )?offered\ (?:it|the\ [\w-]+)\ to\ me\b
      | \b(?:they|she|he)\ (?:just\ |finally\ )?offered\b(?=\s*(?:!|\.|,|$|and\ i))
      | \b(?:called|emailed|rang|phoned|came\ back)\ (?:me\ )?with\ (?:an|the|a\ job)\ offer\b | \boffer\ came\ through\b
      | \b(?:i'm|i\ am|i\ got|i've\ been|i\ was)\ hired\b
      | \bgot\ (?:an|the)\ offer\ from\ (?:them|the\ company|the\ place|there|the\ team)\b
      | \b\w+\ (?:just\ |finally\ )?offered\ me\ the\ (?:[\w-]+\ ){0,2}?(?:job|role|position)\b
      | \boffer\ from\ (?:them|the\ (?:company|place|team|school|firm|clinic|store|hospital)\ i\ interviewed)
      | \b(?:got|received|have)\ the\ (?:job\ |written\ |verbal\ |formal\ |official\ )?offer\ (?:letter\ )?(?:from|for)\ the\ \w+
      | \b(?:got|received|just\ received)\ the\ (?:written\ |verbal\ |formal\ |official\ |job\ )?offer\b
      | \boffered\ me\ the\ (?:[\w-]+\ ){0,4}?(?:job|role|position)\b | \bmade\ me\ a\ (?:verbal\ |written\ |formal\ )?offer\b
      | (?:^\W*|\b)offer\ (?:received|came\ in|arrived)\b(?!\ from\ (?:a|an|another)\b) | \bwith\ an\ offer\ letter\b | \bmake\ me\ an\ offer\b
      | \b(?:it's|its|it\ is)\ an\ offer\b | \bthe\ offer\ letter\b
      | \b(?:they|she|he)\ (?:\w+ly\ |just\ )*offered\ me\ the\ (?:job|role|position)\b
      | (?:^|\b(?:nvm|omg|update|news|yay|yes)\W+)got\ it\b(?!\ (?:wrong|from|at))
      | \bextended\ (?:me\ )?(?:an|the|a\ job)\ offer\b
      | \b(?:sent|send|sends|emailed|gave)\ me\ (?:an?\ |the\ |their\ )?(?:written\ |formal\ |official\ |job\ )?offer\b
      | \bcall(?:ed|s)?\ (?:me\ )?with\ an?\ offer\b | (?:^|[.!]\s*)got\ (?:an?\ |the\ )?offer\b(?!\ from\ (?:a|an|another)\b)
      | \bverbal\ offer\b(?!\ from\ (?:a|an|another)\b) | \boffer\ extended\b
      | \breceived\ an?\ offer\ (?:by|via|over|through)\ (?:e-?mail|phone|mail)\b | \b(?:they|she|he)\ want\ me\s*[!.]
      | \basked\ (?:me\ )?(?:if\ i\ can\ |to\ )start\b""",
    _FLAGS,
)
# "they offered me" is the waited-on employer, unless another company is named as the one offering.
_ANOTHER = re.compile(r"\b(?:another|other|different|second|new)\ (?:company|firm|employer|place|offer|job|one|choice|option)\b|\bcompetitor\b|\belsewhere\b",
                      _FLAGS)

ACCEPTED = re.compile(
    r"""\b(?:i|i've|i\ have|i\ just|we)\ (?:just\ |already\ |finally\ |officially\ )*
        (?:accepted|took|taken|signed|said\ yes\ to)\ (?:the\ |a\ |an\ |another\ |their\ |the\ other\ |a\ different\ )?
        (?:new\ )?(?:job|role|position|offer|contract)\b
      | \bi\ (?:just\ |already\ )?accepted\b(?=\s*(?:!|\.|,|$|it\b|and\b))
      | (?:^\W*|\b(?:i|i've|i\ have|we|and|so)\ )(?:just\ |already\ |finally\ |officially\ |ended\ up\ )*
        (?:accepted|took|taken|taking|signed|said\ yes\ to)\ (?:the\ |a\ |an\ |another\ |their\ |the\ other\ |a\ different\ |that\ )?
        (?:[\w-]+\ ){0,4}?(?:job|role|position|offer|contract)\b
      | \bi\ said\ yes\b | \bi'm\ the\ new\ [\w-]+ | \bjob'?s\ mine\b
      | \bsigned\ the\ (?:papers|paperwork|offer|contract|letter)\b
      | \baccepted\ (?:already|it|right\ (?:then|away)|on\ the\ spot|immediately|today|yesterday)\b | \b(?:i\ start|i'm\ starting|i\ am\ starting|starting)\ (?:on\ )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|next\ week
        |tomorrow|in\ (?:two|2|a\ few|three|3)\ weeks)\b | \bcontract\ signed\b | \bsigned\ the\ contract\b
      | \b(?:i've|i\ have|i)\ (?:already\ )?started\ (?:at|the\ new|a\ new|my\ new)\b""",
    _FLAGS,
)

NEXT_STEP = re.compile(
    r"""\b(?:another|a\ second|a\ third|a\ final|one\ more|a\ follow-up|a\ follow\ up|the\ next|next|final
           |second|third)\ (?:round|interview|conversation|meeting|call|chat|stage)\b
      | \b(?:called|contacted|checking|checked|phoned|rang|reached\ out\ to|asked\ for|asking\ for|want|wanted
           |requested)\ (?:my\ |some\ |two\ |three\ )?
        (?:references|referees|old\ manager|former\ manager|previous\ manager|old\ boss|former\ boss)\b
      | \b(?:skills?|take-home|take\ home|coding|written|writing|assessment|personality|aptitude)\ (?:[\w-]+\ )?
        (?:test|assignment|task|exercise|challenge|assessment)\b
      | \bbackground\ check\b
      | \b(?:meet|talk\ to|speak\ with|interview\ with)\ the\ (?:team|director|ceo|founder|vp|board|panel)\b
      | \b(?:presentation|case\ study|work\ sample|portfolio\ review|trial\ (?:day|shift)|sample\ lesson|demo\ lesson)\b
      | \b(?:want|wants|wanted|invited|asked)\ me\ (?:back|to\ come\ (?:back|in))\b | \binvited\ (?:me\ )?to\ (?:a|an|the)\b
      | \b(?:panel|group|final|onsite|on-site|in-person)\ interview\b | \bmeet[- ]the[- ]team\b | \bmeet\ (?:you|me)\ again\b
      | \b(?:would\ like|want|wants)\ to\ meet\b | \b(?:wants?|asked)\ me\ to\ (?:present|do|take|complete|meet|give|fill)\b
      | \breference\ checks?\b | \b(?:asked\ for|asking\ for|requested)\ (?:[\w-]+\ ){0,2}?references\b
      | \bworking\ interview\b | \bpassed\ (?:the\ )?(?:first|initial|phone|1st)\ (?:round|screen|stage)\b
      | \bset\ up\ a\ (?:meeting|call|chat|interview)\b | \bcalendar\ invite\b
      | \b(?:schedule|book|arrange)\ (?:a|an|another)\ (?:call|meeting|chat|interview)\b
      | \bmeeting\ with\ the\ (?:[\w-]+\ )?(?:manager|director|team|ceo|owner|board)\b
      | \b(?:2nd|3rd|4th)\ (?:round|interview)\b | \b(?:messaged|emailed|texted|called|asked)\ me\ to\ come\ in\b
      | \b(?:drug\ (?:screen|test)|hiring\ paperwork|new[- ]hire\ paperwork|onboarding|pre-employment|health\ screening|ride-along)\b""",
    _FLAGS,
)
_FROM_THEM = re.compile(
    r"""\b(?:they|she|he|them|recruiter|hr|manager|company|invited|scheduled|set\ up|want|wants|asked|sent|emailed
           |called|contacted|checking|checked|phoned|rang|requested|got|employer|indicated|informed|notified|update)\b""",
    _FLAGS,
)
# "my second interview", "after the final round": a step already taken, not news of one.
_PAST_OWN = re.compile(r"(?:\bmy|\bour|\bafter\ the|\bsince\ the|\bhad\ (?:a|the)|\bdid\ (?:a|the))\ $", _FLAGS)
_SILENCE_SINCE = re.compile(
    r"""\bnothing\ (?:since|after|else|more|yet)\b | \b(?:haven't|have\ not|havent|hasn't|has\ not|not)\ (?:heard|had)\ (?:a\ )?
        (?:anything|back|a\ thing|a\ word|word|from)\b | \bno\ (?:word|news|reply|response|answer)\b | \bradio\ silence\b
      | \bheard\ nothing\b | \bghost | \bstill\ (?:nothing|no\ )
      | \b(?:i'm|i\ am|am|im)\ still\ waiting\b | \bstill\ waiting\ (?:to\ hear|for\ (?:a|an|any|news|word|them|their|her|his))\b""", _FLAGS)
# "what's the chance I got it": wondering about the offer, not having it
_WONDERED = re.compile(r"\b(?:chance|chances|odds|think|hope|wonder\w*|whether|if|know)\b[^.!?]*$", re.IGNORECASE)
_PLANNING = re.compile(r"\b(?:should\ i|can\ i|do\ i|shall\ i|would\ it|is\ it\ ok|how\ do\ i)\b", _FLAGS)

STATUS = re.compile(
    r"""\b""" + _THEM + r"""\ (?:finally\ |just\ |actually\ |already\ |today\ )?
        (?:replied|responded|wrote\ back|emailed\ back|got\ back\ to\ me|answered|called\ me\ back
           |messaged\ me\ back|emailed\ me\ back|sent\ (?:me\ )?an\ update|gave\ me\ an\ update)\b
      | \b(?:they're|they\ are|she's|she\ is|he's|he\ is)\ still\ (?:interviewing|deciding|reviewing|meeting
           |talking\ to|in\ the\ process|finalizing|finalising|waiting)\b
      | \b(?:i\ |i've\ |i\ have\ |i\ just\ |just\ |finally\ )
        (?:heard\ back|got\ a\ reply|got\ a\ response|got\ an\ answer|got\ an\ update)\b
      | \b(?:emailed|wrote|called|messaged|texted|got)\ (?:me\ )?back\b
      | \bgot\ (?:an?\ )?(?:email|reply|response|call|message|update)\ (?:back\ )?from\ (?:them|her|him|hr|the\ recruiter
           |the\ hiring\ manager|the\ company)\b
      | \b(?:update|news)\b[^.!?]{0,20}?\b(?:they|she|he|hr)\ (?:said|told\ me|say|says)\b
      | \b(?:just|finally|today)\ (?:said|told\ me)\b
      | \b(?:emailed|called|texted|messaged|wrote|replied|rang|telephoned|phoned)\ (?:me\ )?(?:saying|to\ say|that\ they)\b
      | \b(?:they're|they\ are|they)\ (?:moving|move|want\ to\ move)\ me\ forward\b
      | \b(?:they|she|he|hr|the\ recruiter|recruiter)\ (?:just\ |finally\ |today\ )?(?:said|told\ me|say|says)\ 
        (?:that\ )?(?:they're|they\ are|they'll|they\ will|she'll|he'll|it'll|it\ will|a\ decision
           |the\ decision|decisions|they're\ still|we'll|we\ will
           |they\ need|they\ hope|they're\ hoping|to\ expect|i'll\ hear|i\ should\ hear)
      | \b(?:is|are|they're|she's|he's)\ still\ (?:deciding|interviewing|reviewing|finali[sz]ing|meeting|in\ the\ process)\b
      | \b(?:hiring\ freeze|on\ hold|behind\ schedule|they're\ behind)\b
      | \bpaused\ (?:hiring|the\ (?:search|process|role|hiring))\b | \bfinalists?\b
      | \b(?:committee|panel|board)\ (?:meets|is\ meeting|will\ meet)\b | \bgoes\ to\ (?:the\ )?committee\b
      | \b(?:gave|given|sent)\ (?:me\ )?(?:a\ )?(?:timeline|timeframe|date)\b
      | \b(?:called|emailed|texted|wrote|rang|phoned)\ (?:me\ )?and\ (?:said|told\ me)\b
      | \b(?:they|she|he|hr)\ (?:said|told\ me|says)\ (?:that\ )?the\ (?:panel|committee|board|decision|recommendation)
      | \b(?:finishing|wrapping\ up)\ (?:up\ )?(?:the\ |their\ )?interviews\b
      | \b(?:is|are|been|got|was|has\ been|have\ been)\ (?:paused|delayed|postponed|pushed\ back|frozen|deferred)\b""",
    _FLAGS,
)
# What the employer said about when: news only when reported ("HR said...", "they replied that...").
STATUS_REPORTED = re.compile(
    r"""\b(?:they'll|they\ will|she'll|he'll|we'll|they'd|they\ would|she'd|he'd)\ (?:get\ back\ to\ me|let\ me\ know
           |be\ in\ touch|decide|have\ (?:a|an)\ (?:decision|answer))\b
      | \b(?:will\ be\ notified|i'll\ hear|i\ will\ hear|i\ should\ hear|i'd\ hear|no\ decision\ (?:until|before|till)
           |won't\ (?:decide|meet|have)|(?:a\ )?decision\ (?:by|on|in|after|next)|hear\ (?:something|back)\ (?:by|within|in|next|after))
      | \b(?:we're|we\ are)\ still\b | \btop\ (?:choice|candidate|pick)\b | \bstill\ waiting\ on\ (?:approval|sign-?off|budget)
      | \bneed\ (?:sign-?off|approval)\b | \b(?:has|have|needs?)\ to\ approve\b | \bby\ the\ end\ of\ the\ (?:month|week)\b""",
    _FLAGS,
)
_REPORTED = re.compile(r"\b(?:replied|answered|responded|wrote\ back|texted|emailed|update|according\ to|when\ i\ (?:called|rang|phoned|emailed|asked)|(?:said|told\ me)\ (?:today|yesterday|this\ morning))\b",
                       _FLAGS)


def heard_back(text: str) -> Optional[Dict[str, Any]]:
    """Return the ``heard_back`` entity of the strongest news the message states, if any."""
    match = first_stated(REJECTION, text, allow_negation=True, check=lambda m: not _denied(text, m))
    if match is not None:
        return found("heard_back", "rejection", match)
    match = first_stated(ACCEPTED, text, check=lambda m: not _starts_elsewhere(text, m))
    if match is not None:
        return found("heard_back", "accepted", match)
    match = first_stated(OFFER, text, check=lambda m: _ANOTHER.search(_window(text, m)) is None
                         and not _WONDERED.search(text[max(0, m.start() - 25): m.start()]))
    if match is not None:
        return found("heard_back", "offer", match)
    if _SILENCE_SINCE.search(text):  # a step or a reply followed by silence is old news: the wait goes on
        return None
    elsewhere = other_interview(text)
    match = first_stated(NEXT_STEP, _asked_if_as_said(text),
                         check=lambda m: (_said_by_them(text, m) or _news_alone(text)) and not _near(elsewhere, m))
    if match is not None:
        return found("heard_back", "next_step", match)
    match = first_stated(STATUS, text, check=lambda m: not _silence(text, m))
    if match is None:
        match = first_stated(STATUS_REPORTED, text, check=lambda m: _REPORTED.search(text, 0, m.start()) is not None)
    if match is not None:
        return found("heard_back", "status", match)
    return None


def _news_alone(text: str) -> bool:
    """Tell a next step said alone ("Oh. Reference check.") from the person's own ("I had my final round")."""
    return (len(text.split()) <= 4 and re.search(r"\b(?:i|i've|i'm|my|me)\b", text, re.IGNORECASE) is None
            and "interview" not in text.lower())


def _asked_if_as_said(text: str) -> str:
    """Read "they emailed asking if I can do a trial shift" as what they said (same length, no 'if')."""
    return _ASKED_IF.sub(lambda m: "x" * len(m.group(0)), text)


_ASKED_IF = re.compile(r"\bask(?:ed|ing)\ (?:me\ )?(?:if|whether)\b", re.IGNORECASE)


def _near(entity: Optional[Dict[str, Any]], match: "re.Match[str]") -> bool:
    """Tell whether ``match`` is in the same sentence as ``entity`` (an interview elsewhere)."""
    if entity is None:
        return False
    return match.start() < entity["end"] + 30 and entity["start"] < match.end() + 30


def _starts_elsewhere(text: str, match: "re.Match[str]") -> bool:
    """Tell "another company wants me to start Monday" (another offer) from "I start Monday"."""
    return "start" in match.group(0).lower() and _ANOTHER.search(_window(text, match)) is not None


def _window(text: str, match: "re.Match[str]") -> str:
    return text[max(0, match.start() - 60): match.end() + 30]


def _denied(text: str, match: "re.Match[str]") -> bool:
    """Tell 'they haven't said no' or 'not rejected yet' (a denial of the news) from the news."""
    said = match.group(0).lower()
    if said.startswith(("i didn't", "i did not", "i didnt", "not ", "won't", "will not", "wont", "aren't",
                        "are not", "wasn't", "was not", "not been", "wasnt", "decided")):
        return False
    return negated(text, match.start(), words=2)


def _said_by_them(text: str, match: "re.Match[str]") -> bool:
    """Tell a next step the employer asks for (news) from one the person plans or asks about."""
    clause_start = max(0, text.rfind(".", 0, match.start()) + 1)
    around = text[clause_start: match.end() + 40]
    if _PLANNING.search(text[clause_start: match.start()]) or _PAST_OWN.search(text[max(0, match.start() - 20): match.start()]):
        return False
    return _FROM_THEM.search(around) is not None and stated(text, match.start())


def _silence(text: str, match: "re.Match[str]") -> bool:
    """Tell 'they haven't replied' or 'I haven't heard back' (silence) from a status."""
    after_subject = match.start() + len(match.group(0).split()[0]) + 1
    return (negated(text, match.start(), words=3) or negated(text, after_subject, 2)
            or re.search(r"\b(?:nobody|no\ one|noone|never)\s+$", text[:match.start()], _FLAGS) is not None)
