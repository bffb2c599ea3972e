"""The spaCy ``Matcher`` patterns of every fact, and the cached matcher built from them.

One matcher per vocab finds all labels in a single pass: ``DURATION`` ("3 weeks"),
``RELATIVE`` ("since Tuesday"), ``DATE`` ("by Friday"), ``OFFER``, ``THANK_NOUN`` /
``THANK_VERB`` and the draft-field anchors (``FIELD_SET``, ``FIELD_IS``, ...).
Patterns match on ``LOWER`` and on the ``Token._.amy_lemma`` extension; spaCy is
imported only when :func:`get_matcher` first runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from ask_amy.nlu.facts.context import DAYS_OF_WEEK, LEMMA_EXTENSION, NUMBER_WORDS, _ensure_extension
from ask_amy.nlu.facts.draft_fields import (
    COMPANY_FIELD_NOUNS,
    FIELD_OWNERS,
    FIELD_OWNERS_ONE_TOKEN,
    FIELD_SET_VERBS,
    MOMENT_FIELD_NOUNS,
    NAME_FIELD_NOUNS,
)
from ask_amy.nlu.facts.offer_words import OFFER_TYPOS
from ask_amy.nlu.facts.thank_you import THANK_NOUNS
from ask_amy.nlu.time import durations as _dur

if TYPE_CHECKING:  # pragma: no cover
    from spacy.matcher import Matcher

MONTH_WORDS = tuple(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _low(*words: str, op: Optional[str] = None) -> Dict[str, Any]:
    spec: Dict[str, Any] = {"LOWER": {"IN": list(words)}}
    if op:
        spec["OP"] = op
    return spec


def _lem(*lemmas: str, op: Optional[str] = None) -> Dict[str, Any]:
    spec: Dict[str, Any] = {"_": {LEMMA_EXTENSION: {"IN": list(lemmas)}}}
    if op:
        spec["OP"] = op
    return spec


_NUMWORD = list(NUMBER_WORDS) + ["a", "an", "several"]
_UNIT = _low(*_dur.UNIT_WORDS)
_GLUED = {"LOWER": {"REGEX": r"^~?\d+(?:\.\d+)?(?:days?|d|wks?|weeks?|w|hrs?|hours?|h|"
                             r"months?|mos?|mths?|yrs?|years?)$"}}
_WEEKDAY = _low(*DAYS_OF_WEEK)
_MONTH = _low(*MONTH_WORDS)
_DAYNUM = {"LOWER": {"REGEX": r"^\d{1,2}(?:st|nd|rd|th)?$"}}


def _patterns() -> Dict[str, List[List[Dict[str, Any]]]]:
    num_any = {"LOWER": {"IN": _NUMWORD}}
    like_num = {"LIKE_NUM": True}
    tilde_num = {"LOWER": {"REGEX": r"^~\d+(?:\.\d+)?$"}}
    business = _low("business", "working", "work")
    durations = [
        [like_num, _UNIT],
        [tilde_num, _UNIT],
        [num_any, _UNIT],
        [num_any, num_any, _UNIT],
        [like_num, like_num, _UNIT],
        [_low("a", op="?"), _low("couple", "few", "handful", "dozen"), _low("of", op="?"), _UNIT],
        [_low("half"), _low("a", "an"), _UNIT],
        [num_any, _low("and"), _low("a"), _low("half"), _UNIT],
        [like_num, _low("and"), _low("a"), _low("half"), _UNIT],
        [num_any, _UNIT, _low("and"), _low("a"), _low("half")],
        [like_num, _UNIT, _low("and"), _low("a"), _low("half")],
        [like_num, _low("-", "to", "or"), like_num, _UNIT],
        [num_any, _low("-", "to", "or"), num_any, _UNIT],
        [like_num, business, _low("day", "days")],
        [num_any, business, _low("day", "days")],
        [like_num, _low("-"), _UNIT],
        [num_any, _low("-"), _UNIT],
        [like_num, _low("+"), _UNIT],
        [_GLUED],
        [num_any, _UNIT, _low("or"), num_any],
    ]
    relative = [
        [_low("since"), _low("last", "this", "past", op="?"), _WEEKDAY],
        [_low("since"), _low("yesterday", "today")],
        [_low("since"), _low("this"), _low("morning", "afternoon")],
        [_low("since"), _low("last"), _low("week", "month", "weekend", "year")],
        [_low("since"), _low("the"), _low("day"), _low("before"), _low("yesterday")],
        [_low("since"), _MONTH, _DAYNUM],
        [_low("since"), _low("the", op="?"), _DAYNUM, _low("of", op="?"), _MONTH],
        [_low("last", "this", "past"), _WEEKDAY],
        [_low("on"), _WEEKDAY],
        [_WEEKDAY],
        [_low("yesterday")],
        [_low("the", op="?"), _low("day"), _low("before"), _low("yesterday")],
        [_low("last"), _low("week", "month", "weekend")],
        [_low("the", op="?"), _low("week"), _low("before"), _low("last")],
        [_low("this"), _low("morning", "afternoon")],
        [_low("earlier"), _low("today")],
        [_low("on", op="?"), _MONTH, _DAYNUM],
        [_low("on", op="?"), _low("the", op="?"), _DAYNUM, _low("of", op="?"), _MONTH],
    ]
    dates = [
        [_low("next", "this", "coming", op="?"), _WEEKDAY],
        [_low("tomorrow", "tonight", "today", "eod", "cob", "eow", "midnight", "noon")],
        [_low("eod", "cob"), _low("on", op="?"), _low("next", "this", op="?"), _WEEKDAY],
        [_low("end"), _low("of"), _low("day", "business")],
        [_low("end", "close"), _low("of"), _low("day", "business"), _low("on", op="?"),
         _low("next", "this", op="?"), _WEEKDAY],
        [_low("close"), _low("of"), _low("business", "day")],
        [_low("the", op="?"), _low("end"), _low("of", "-"), _low("-", "the", "this", "next", op="?"),
         _low("day", "week", "month")],
        [_low("end"), _low("-"), _low("of"), _low("-"), _low("week", "day", "month")],
        [_low("the", op="?"), _low("weekend")],
        [_low("this", "next"), _low("week", "month", "weekend")],
        [_low("noon", "midnight", "eod", "cob"), _low("tomorrow", "today", "tonight")],
        [_MONTH, _DAYNUM],
        [_low("the", op="?"), _DAYNUM, _low("of", op="?"), _MONTH],
        [_low("the"), {"LOWER": {"REGEX": r"^\d{1,2}(?:st|nd|rd|th)$"}}],
        [{"LOWER": {"REGEX": r"^\d{1,2}/\d{1,2}$"}}],
    ]
    offer = [[_lem("offer")], [_low(*OFFER_TYPOS)]]
    thank_noun = [
        [_low("thank"), _low("-", op="?"), _low("you", "u"), _low(*THANK_NOUNS, op="?")],
        [_low("thankyou", "thanku", "thank-you", "ty"), _low(*THANK_NOUNS, op="?")],
        [_low("thanks", "thx"), _low(*THANK_NOUNS)],
    ]
    thank_verb = [[_low("thanked")], [_low("thank"), _low("them", "him", "her", "everyone",
                                                         "everybody", "the", "each", "all",
                                                         "my", "both")]]
    field_nouns = list(NAME_FIELD_NOUNS | COMPANY_FIELD_NOUNS | MOMENT_FIELD_NOUNS)
    fields = {
        # "change the name to X", "make the company X", "and the role to X"
        "FIELD_SET": [
            [_lem(*FIELD_SET_VERBS), _low("the", "my", "her", "his", "their", "our", "that",
                                          op="?"),
             _low("shared", "special", "job", "company", "recipient", "recipient's",
                  "person's", "contact", op="?"),
             _low(*field_nouns), _low("name", "title", op="?")],
            [_low("and"), _low("the"), _low(*field_nouns), _low("name", "title", op="?"),
             _low("to", "as")],
        ],
        # "her name is actually Dana", "the role is X", "company name should be Telus"
        "FIELD_IS": [
            [_low(*field_nouns), _low("name", "title", op="?"),
             _low("is", "was", "should", "'s", "s", "=", ":", "-"), _low("be", op="?"),
             _low("actually", "really", "just", "now", "definitely", op="?")],
            [_low(*FIELD_OWNERS), _low("'s", "s", "'"), _low("name"),
             _low("is", "was", "should", "'s", "s"), _low("be", op="?"),
             _low("actually", "really", "just", "now", op="?")],
            [_low(*FIELD_OWNERS_ONE_TOKEN), _low("name"),
             _low("is", "was", "should", "'s", "s"), _low("be", op="?"),
             _low("actually", "really", "just", "now", op="?")],
        ],
        # "put Jordan as the name", "Emma should be the recipient"
        "FIELD_REVERSE": [
            [_low("as", "be"), _low("the", "my", "our", op="?"),
             _low("shared", "company", "job", op="?"), _low(*field_nouns),
             _low("name", "title", op="?")],
            [_low("in", "into"), _low("the"), _low("greeting", "salutation")],
        ],
        # "address it to Carlos", "it should go to Ms. Rivera", "an email to Mr. Patel"
        "RECIPIENT_TO": [
            [_lem("address"), _low("it", "this", "the", "my", op="?"),
             _low("email", "note", "draft", "letter", "message", op="?"), _low("to")],
            [_low("addressed"), _low("to")],
            [_low("it", "this", "email", "note", "draft", "letter", "message"),
             _low("should", "can", "needs", op="?"), _low("to", op="?"), _low("be", op="?"),
             _low("go", "goes", "sent", "going"), _low("to")],
            [_low("email", "note", "message", "letter", "follow-up", "followup", "check-in",
                  "up", "in"), _low("to")],
        ],
        # "the manager is Sophie", "manager is Pete"
        "PERSON_IS": [
            [_low("manager", "recruiter", "interviewer", "contact", "director", "lead", "owner",
                  "supervisor", "boss"),
             _low("is", "was", "'s", "s")],
        ],
        # "fix the name, it's Siobhan", "wrong name, should be Aisha"
        "NAME_FIX": [
            [_low("name"), _low(","), _low("it's", "its", "it", "should", "it'll", op="?"),
             _low("'s", "is", "should", "s", "be", op="?"), _low("be", op="?")],
        ],
        # "actually it was the senior analyst role at KPMG"
        "IT_WAS_ROLE": [
            [_low("it", "this"), _low("was", "is", "'s", "s"), _low("for", op="?"),
             _low("the", "a", "an")],
            [_low("it's", "its"), _low("for", op="?"), _low("the", "a", "an")],
            [_lem("make", "change", "switch", "set"), _low("it"), _low("to", "for", op="?")],
        ],
        # "for the moment, use that we both coach little league"
        "MOMENT_USE": [
            [_low("moment"), _low(","), _low("use", "mention", "say", "go")],
        ],
    }
    return {
        "DURATION": durations,
        "RELATIVE": relative,
        "DATE": dates,
        "OFFER": offer,
        "THANK_NOUN": thank_noun,
        "THANK_VERB": thank_verb,
        **fields,
    }


_MATCHERS: Dict[int, Tuple[Any, "Matcher"]] = {}


def get_matcher(vocab: Any) -> "Matcher":
    """Return the (cached) :class:`spacy.matcher.Matcher` for ``vocab``."""
    from spacy.matcher import Matcher

    _ensure_extension()
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    matcher = Matcher(vocab, validate=True)
    for label, patterns in _patterns().items():
        matcher.add(label, patterns)
    if len(_MATCHERS) > 8:
        _MATCHERS.clear()
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher
