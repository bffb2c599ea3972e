"""What the person already did: ``followed_up``, ``called`` and ``told_offer`` (each "true").

"I emailed the hiring manager last week and nothing came back" -> ``followed_up``; "I rang her
yesterday" -> ``called``; "I told them about my other offer" or "they said they can't move
faster" -> ``told_offer``. Plans and questions ("should I call?", "I might email") and the
thank-you note (its own fact) give nothing; neither does the employer calling the person.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from ask_amy.nlu.facts.clauses import first_stated, found

_FLAGS = re.IGNORECASE | re.VERBOSE
# "I emailed ...", and the chat style that drops the pronoun ("emailed them last week, nothing").
_I = r"""(?:\bi\ |\bi've\ |\bi\ have\ |\bi\ had\ |\bi'd\ |\bi\ (?!lied|pretended|bluffed|fibbed)(?:\w+\ ){1,2}and\ |^\s*|(?<=[.!?,;:]\ )|\balready\ )
         (?:already\ |just\ |actually\ |finally\ |also\ |even\ )*"""

FOLLOWED_UP = re.compile(
    _I + r"""(?:did\ )?(?:emailed|e-mailed|messaged|texted|send\ (?:them|her|him)\ (?:an?\ )?e-?mail|wrote\ to|written\ to|wrote\ (?:them|her|him)|reached\ out|checked\ in
             |followed\ up|followed-up|(?<=did\ )follow\ up|pinged|asked\ (?:them\ |her\ |him\ )?for\ an\ update
             |sent\ (?:a|an|them\ a|her\ a|him\ a|my)\ (?:follow[- ]?up|email|e-mail|message|check-in|note|inmail))\b
      | \b(?:my|the)\ follow[- ]?up\ (?:email\ |e-mail\ |message\ )?
        (?:went|got|has\ gone|is|was|has\ been|sat|got\ no|went\ un|went\ without)
      | \bno\ (?:reply|response|answer)\ (?:to|from)\ (?:my|that)\ (?:follow[- ]?up|email|e-mail|message)
      | \b(?:since|after)\ (?:my|i\ sent\ my|sending\ my|i\ sent\ the|the)\ follow[- ]?up
      | \b(?:after|sent)\ (?:two|three|several|multiple|a\ couple\ of)\ (?:follow[- ]?up\ )?(?:emails|messages|follow[- ]?ups)\b
      | \b(?:reply|response|answer|replied|responded)\ to\ my\ (?:follow[- ]?up|email|e-mail|message|check-in|note|inmail)
      | \bin\ my\ follow[- ]?up\b | \bdid\ a\ follow[- ]?up\b
      | """ + _I + r"""(?:sent|wrote)\ (?:them\ |her\ |him\ |the\ [\w']+\ (?:[\w']+\ )?)?(?:a|an|my|the|another|one)\ (?:[\w'!,-]+\ ){0,4}?
        (?:email|e-mail|message|note|follow[- ]?up|nudge|inmail|check[- ]in)\b
      | """ + _I + r"""sent\ (?:them|her|him|the\ recruiter|hr|the\ hiring\ manager)?\ ?(?:a|an|my|another|one)?\ ?
        (?:quick\ |short\ |polite\ |friendly\ |little\ |follow[- ]?up\ |check[- ]in\ |linkedin\ )*
        (?:email|e-mail|message|note|follow[- ]?up|nudge|inmail|one|check[- ]in)\b
      | """ + _I + r"""sent\ (?:two|three|several|multiple|a\ couple\ of)\ (?:follow[- ]?up\ )?(?:emails|messages|follow[- ]?ups|notes)\b
      | \b(?:already|i)\ (?:did|done)\ (?:that|it|this)(?:\ already)?\b | \bi\ already\ did\b
      | \b(?:i\ )?did\ already\b | \bi\ did\ send\ (?:a|an|one|the|my)\b
      | """ + _I + r"""sent\ (?:it|that|the\ email|the\ e-mail|the\ follow[- ]?up|the\ draft|mine)(?:\ off)?\b
      | \b(?:it's|it\ is|it\ was|email)\ sent\b
      | \b(?:did|done|tried)\ that\ already\b | \balready\ (?:sent|tried|did)\ (?:one|it|that)\b
      | """ + _I + r"""(?:wrote|written|did)\ (?:an?\ |the\ |my\ )?(?:[\w,-]+\ ){0,3}?(?:follow[- ]?up\ )?(?:e-?mail|mail)\b
        (?![^.!?]{0,25}\b(?:draft|haven't\ sent|have\ not\ sent|didn't\ send|not\ sent))
      | \bhaving\ (?:sent|emailed|e-mailed|followed\ up|written)\b
      | \bthen\ (?:(?:\w+\ ){0,3}later,?\ )?(?:a|an|my)\ (?:[\w,-]+\ ){0,2}?follow[- ]?up\b(?!\ call)
      | \bmy\ follow[- ]?up\b[^.!?]{0,60}?\b(?:no\ reply|no\ response|no\ answer|unanswered|ignored)\b
      | \bfollow[- ]?up\ (?:email\ |e-mail\ |message\ )?(?:sent|done)\b""",
    _FLAGS,
)
CALLED = re.compile(
    _I + r"""(?:did\ )?(?:called|call|phoned|telephoned|rang|rung|phone\ (?:them|her|him)|gave\ (?:them|her|him|hr|the\ \w+)\ a\ (?:call|ring)
             |tried\ (?:calling|phoning|to\ call|to\ phone)|left\ (?:a|them\ a|her\ a|him\ a)\ (?:voicemail|voice\ mail
             |message\ on\ (?:their|her|his)\ phone))\b
      | """ + _I + r"""left\ (?:two|three|several|multiple|a\ couple\ of)\ (?:voicemails|voice\ mails|messages)\b
      | \bleft\ (?:a|them\ a|her\ a|him\ a)\ message\ on\ the\ (?:\w+\ )?(?:line|phone|voicemail)\b
      | \bcalled\ once\b | \band\ a\ phone\ call\b | \bphone\ call\ to\ (?:hr|the|them|her|him)\b
      | \b(?:called|phoned|rang)\ (?:them|her|him|hr|the\ recruiter|the\ hiring\ manager|the\ company|the\ office)\b
      | \b(?:went|go|goes|got\ sent)\ (?:straight\ )?to\ (?:a\ |the\ |her\ |his\ |their\ )?(?:general\ )?voice\ ?mail\b
      | \bgot\ (?:[\w']+\ ){0,3}voice\ ?mail\b
      | """ + _I + r"""(?:told|asked|spoke\ to|talked\ to|informed)\ (?:[\w'-]+\ ){1,3}?(?:on|over)\ the\ phone\b""",
    _FLAGS,
)
_NOT_THEM = re.compile(r"\s+(?:my\ (?:mom|dad|mum|friend|references?|sister|brother|partner|wife|husband)|in\ sick|a\ friend)",
                       _FLAGS)
TOLD_OFFER = re.compile(
    _I + r"""(?:told|informed|disclosed|let\ (?:them|her|him|the\ \w+|hr)\ know|mentioned|explained|said(?!\ yes))\b[^.!?;]{0,60}?
        \b(?:offer\w*|deadline)\b
      | \b(?:and|,)\ (?:also\ )?(?:told|mentioned|informed|let\ (?:them|her|him|the\ \w+|hr)\ know)\b[^.!?;]{0,40}?\boffer\w*
      | \b(?:phoned|called|emailed|wrote|messaged|texted|rang)\ [^.!?;]{0,30}?\bto\ (?:tell|inform|let)\ (?:them|her|him|the\ \w+|hr)\b
        [^.!?;]{0,40}?\boffer\w*
      | \b(?:emailed|wrote|messaged|phoned|called)\b[^.!?;]{0,40}?\b(?:since|because|to\ say)\b[^.!?;]{0,30}?\b(?:offer|deadline)\b
      | \bupfront\ with\b[^.!?;]{0,60}?\boffer
      | (?:^|[.!?;,]\s*|\bi\ (?:have\ )?|\bi've\ )(?:already\ )?(?:told|informed|disclosed\ it\ to|notified|let)\ (?:the\ |my\ )?
        [\w'-]+(?:\ [\w'-]+){0,2}?(?:\ know)?\b[^.!?]{0,40}?(?:\.\s*|,\s*|\ and\ )[^.!?]{0,90}?
        (?:can't|cannot|can\ not|cant|unable|won't|no\ promises|not\ before|only\ after|after\ my\ deadline|until
        |not\ in\ a\ position|need\ more\ time|needs\ more\ time|earliest|cannot\ rush|can't\ rush|declined
        |stays\ the\ same|process\ is\ their\ process|nope)\b
      | \bwas\ told\ about\ my\ offer\b | \bthey\ know\ (?:about\ )?my\ (?:offer|deadline)\b
      | \boffer\w*\b.{0,150}?(?:\b(?:i|and)\ |,\ )(?:already\ |also\ )?(?:told|informed|notified|did\ tell
        |let\ (?:the\ )?[\w'-]+(?:\ [\w'-]+)?\ know)\b
      | \b(?:told|informed)\ (?:them|her|him|the\ [\w-]+(?:\ [\w-]+)?)\ about\ it\b
      | \b(?:can't|cannot|unable\ to|not\ able\ to)\ (?:speed\ (?:it\ |things\ )?up|expedite|accelerate|move\ (?:any\ )?faster
        |decide\ (?:that\ fast|faster|sooner|before))
      | \b(?:they|she|he|the\ company|the\ recruiter|hr)\ (?:said\ |says\ |told\ me\ )?(?:they|she|he)?\s*
        (?:can't|cannot|can\ not|couldn't|won't|will\ not|are\ not\ able\ to|aren't\ able\ to|isn't\ able\ to)\ 
        (?:speed|move|hurry|decide|go|make\ a\ decision|give\ me\ an\ answer|match|meet|rush|commit|have\ an\ answer)
      | \b(?:they|she|he)\ (?:said\ |says\ )?(?:they|she|he)?\s*(?:need|needs)\ (?:more\ time|another|two\ more|a\ few\ more
           |at\ least|until)
      | \b(?:they|she|he|the\ recruiter|hr|the\ company)\b[^.!?]{0,40}?(?:can't|cannot|won't|unable\ to|not\ able\ to|no\ way\ to
           |not\ possible\ to)\b[^.!?]{0,30}?\b(?:faster|sooner|quicker|in\ time|by\ then|before\ (?:then|my|the|that)
           |speed|hurry|rush|match|deadline|until|till|promise|commit|guarantee|expedite|accelerate|fast-track
           |change\ (?:it|that|this|the\ (?:date|timeline|schedule|process)))
      | \b(?:timeline|schedule|process|date)\ (?:is|was)\ (?:fixed|set|final)\b
      | \b(?:it'll|it\ will|it's\ going\ to)\ (?:be|take)\ (?:at\ least\ )?(?:another|a\ few|two|three|more|a\ couple)
      | \b(?:timeline|schedule|process)\ (?:won't|can't|isn't\ going\ to|will\ not|cannot)\ (?:change|move|budge|speed)
      | \basked\ (?:me\ )?(?:if\ i\ (?:could|can)\ |to\ )wait\b""",
    _FLAGS,
)
_THANKS = re.compile(r"thank", re.IGNORECASE)
# "sent a thank-you, then a follow-up": the follow-up after the note is one
_THEN_A_FOLLOW_UP = re.compile(r"\bthen\b.*\bfollow[- ]?up\b", re.IGNORECASE)
# "they called me and it went to voicemail": their call, not the person's
_THEY_CALLED_ME = re.compile(r"\b(?:they|she|he|someone|recruiter|hr|manager)\s+(?:called|rang|phoned|tried\s+to\s+call)"
                             r"\s+me\b|\bmissed\s+(?:their|her|his|a)\s+call\b", re.IGNORECASE)
_THEY_CALLED = re.compile(r"\b(?:they|she|he|someone|somebody|recruiter|manager|hr)\s*$", re.IGNORECASE)


def already_done(text: str) -> List[Dict[str, Any]]:
    """Return ``followed_up``, ``called`` and ``told_offer`` entities for what the message says was done."""
    out: List[Dict[str, Any]] = []
    match = first_stated(FOLLOWED_UP, text, check=lambda m: not _THANKS.search(text[m.start(): m.end() + 25])
                         or _THEN_A_FOLLOW_UP.search(m.group(0)) is not None)
    if match is not None:
        out.append(found("followed_up", "true", match))
    match = first_stated(CALLED, text, check=lambda m: _NOT_THEM.match(text, m.end()) is None
                         and not _THEY_CALLED.search(text[max(0, m.start() - 12): m.start()])
                         and not ("voice" in m.group(0).lower() and _THEY_CALLED_ME.search(text)))
    if match is not None:
        out.append(found("called", "true", match))
    match = first_stated(TOLD_OFFER, text, allow_negation=True,
                         check=lambda m: not m.group(0).lower().startswith(("i", "i'")) or _not_negated_i(m))
    if match is not None:
        out.append(found("told_offer", "true", match))
    return out


def _not_negated_i(match: "re.Match[str]") -> bool:
    return re.match(r"i\S*\s+(?:haven't|have\ not|didn't|did\ not|never)", match.group(0), _FLAGS) is None
