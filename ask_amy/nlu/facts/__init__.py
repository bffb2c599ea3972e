"""Rule-based extraction of interview facts from a spaCy ``Doc``.

``extract_facts(doc, today)`` runs a spaCy :class:`~spacy.matcher.Matcher` (patterns on
``LOWER`` and on a lemma attribute, so "weeks"/"week" and "offered"/"offer" match) and
a few small context rules, and returns Rasa-style entity dicts::

    {"entity": "wait_days", "value": 21, "start": 9, "end": 20, "confidence": 1.0}

``start``/``end`` are character offsets into ``doc.text`` (which has the same length as
the original message when Rasa's ``SpacyNLP`` lower-cases it; pass ``text=`` to get
values such as names with their original capitalisation).

Entities: ``wait_days`` (int), ``competing_offer`` ("yes"), ``offer_deadline`` (text),
``thank_you_sent`` ("yes"/"no"), ``recipient_name``, ``company_role``, ``shared_moment``; and, for a
conversation that moves on, read clause by clause from the text (:mod:`~ask_amy.nlu.facts.clauses`):
``heard_back`` (news), ``followed_up``/``called``/``told_offer`` (what was done),
``other_interview``, ``request`` and ``what_if`` (asks), ``sender_name`` (the draft's sign-off).

The lemma attribute is the custom token extension ``Token._.amy_lemma``: the token's
lookup lemma (from the pipeline's lookup lemmatizer when the token is lower case,
otherwise from the same ``spacy-lookups-data`` table), lower-cased.  It makes the rules
work the same on lower-cased and original-case docs, with or without a lemmatizer.

One module per fact: :mod:`~ask_amy.nlu.facts.wait`, :mod:`~ask_amy.nlu.facts.deadline`,
:mod:`~ask_amy.nlu.facts.offer`, :mod:`~ask_amy.nlu.facts.thank_you` and
:mod:`~ask_amy.nlu.facts.draft_fields`; they share the token context
(:mod:`~ask_amy.nlu.facts.context`), the cues in :mod:`~ask_amy.nlu.facts.cues` and the matcher
(:mod:`~ask_amy.nlu.facts.patterns`).  Importing the package does not import spaCy.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from ask_amy.nlu.facts.asks import asks
from ask_amy.nlu.facts.context import LEMMA_EXTENSION, Found, Span, _Ctx, _spans, token_lemma
from ask_amy.nlu.facts.deadline import deadline_from_dates, deadline_from_duration
from ask_amy.nlu.facts.done import already_done
from ask_amy.nlu.facts.draft_fields import draft_fields
from ask_amy.nlu.facts.elsewhere import other_interview
from ask_amy.nlu.facts.feedback import feedback
from ask_amy.nlu.facts.news import heard_back
from ask_amy.nlu.facts.offer import competing_offer
from ask_amy.nlu.facts.patterns import get_matcher
from ask_amy.nlu.facts.request_role import labelled_fields, role_in_request
from ask_amy.nlu.facts.sender import sender_name
from ask_amy.nlu.facts.thank_you import thank_you_note
from ask_amy.nlu.facts.wait import bare_number_wait, classify_duration, relative_wait, wait_from_duration

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "ENTITY_NAMES",
    "LEMMA_EXTENSION",
    "extract_facts",
    "get_matcher",
    "token_lemma",
]

ENTITY_NAMES = (
    "wait_days",
    "competing_offer",
    "offer_deadline",
    "thank_you_sent",
    "recipient_name",
    "company_role",
    "shared_moment",
    "heard_back",
    "followed_up",
    "called",
    "told_offer",
    "other_interview",
    "request",
    "what_if",
    "sender_name",
)


def extract_facts(
    doc: "Doc", today: Optional[_dt.date] = None, text: Optional[str] = None
) -> List[Dict[str, Any]]:
    """Extract interview facts from ``doc`` as Rasa entity dicts.

    Args:
        doc: A spaCy ``Doc`` (typically from Rasa's ``SpacyNLP``, i.e. lower-cased).
        today: Reference date for "since Tuesday"/"last week"; defaults to today.
        text: The original message text.  When it has the same length as ``doc.text`` it
            is used to return values (names, companies, moments) with their original
            capitalisation and to spot capitalised company names.

    Returns:
        Entity dicts ``{"entity", "value", "start", "end", "confidence": 1.0}`` sorted by
        ``start``; character offsets refer to ``doc.text``.

    """
    if doc is None or len(doc) == 0:
        return []
    today = today or _dt.date.today()
    source = text if text is not None and len(text) == len(doc.text) else doc.text
    matcher = get_matcher(doc.vocab)
    ctx = _Ctx(doc, source)
    matches = matcher(doc)
    entities: List[Dict[str, Any]] = []
    # token spans already taken by a wait or a deadline
    occupied: List[Span] = []

    def add(found: Optional[Found]) -> bool:
        if found is None:
            return False
        entities.append(found[0])
        occupied.append(found[1])
        return True

    # ---- durations: wait vs deadline ----------------------------------------------
    durations = _spans(matches, doc, "DURATION")
    deadline_found = False
    for start, end in durations:
        qs, qe, kind = classify_duration(ctx, start, end)
        if kind == "wait":
            add(wait_from_duration(ctx, qs, qe, today))
        elif kind == "deadline" and not deadline_found:
            deadline_found = add(deadline_from_duration(ctx, start, end, qs, qe))

    # ---- "they said two weeks and it's been three", "it's day 8", "on the 3rd ... now the 20th"
    if not any(e["entity"] == "wait_days" for e in entities):
        add(bare_number_wait(ctx, today, durations, occupied))

    # ---- relative points in time ("since Tuesday", "last week") --------------------
    for start, end in _spans(matches, doc, "RELATIVE"):
        add(relative_wait(ctx, start, end, today, occupied))

    # ---- deadline dates ("by Friday", "expires tomorrow") --------------------------
    if not deadline_found:
        add(deadline_from_dates(ctx, _spans(matches, doc, "DATE"), occupied))

    # ---- competing offer, thank-you note, draft fields ----------------------------
    for entity in (competing_offer(ctx, matches), thank_you_note(ctx, matches)):
        if entity is not None:
            entities.append(entity)
    entities.extend(draft_fields(ctx, matches))
    for field in labelled_fields(source):  # typed like a form: these win over what else was read
        entities[:] = [e for e in entities if e["entity"] != field["entity"]] + [field]
    if not any(e["entity"] == "company_role" for e in entities):
        role = role_in_request(source)
        if role is not None:
            entities.append(role)
    entities.extend(moving_on(source, entities))

    entities.sort(key=lambda e: (e["start"], e["entity"]))
    return entities


# "they offered me the job ... I also have an offer from another firm": two offers, both kept
_ANOTHER_OFFER = re.compile(r"\b(?:another|other|second|competing|different)\b|\belsewhere\b|\btwo\ offers\b",
                            re.IGNORECASE | re.VERBOSE)


def moving_on(text: str, found: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Return the facts of a conversation that moves on: news, what was done, asks, the sender's name.

    An offer from the employer waited on is never also another company's offer: when the message
    states one, a ``competing_offer`` found in the same words is left to the news.
    """
    out: List[Dict[str, Any]] = []
    news = heard_back(text)
    if news is not None:
        out.append(news)
    out.extend(already_done(text))
    if not any(e["entity"] == "competing_offer" for e in found):
        elsewhere = other_interview(text)
        if elsewhere is not None:
            out.append(elsewhere)
    out.extend(asks(text))
    verdict = feedback(text)
    if verdict is not None:
        out.append(verdict)
    sender = sender_name(text)
    if sender is not None:
        out.append(sender)
        # "put my name, Dana, at the end": the sign-off, never also the greeting's recipient
        found[:] = [e for e in found if not (e["entity"] == "recipient_name"
                                             and str(e["value"]).lower().startswith(sender["value"].lower()))]
    if any(e["entity"] == "told_offer" for e in out):
        # "they can't decide before the 15th": the employer's own date, not the other offer's deadline
        found[:] = [e for e in found if e["entity"] != "offer_deadline"]
    if news is not None and news["value"] in ("offer", "accepted") and not _ANOTHER_OFFER.search(text):
        found[:] = [e for e in found if e["entity"] != "competing_offer"]
    return out
