"""Rule-based extraction of interview facts from a spaCy ``Doc``.

``extract_facts(doc, today)`` runs a spaCy :class:`~spacy.matcher.Matcher` (patterns on
``LOWER`` and on a lemma attribute, so "weeks"/"week" and "offered"/"offer" match) and
a few small context rules, and returns Rasa-style entity dicts::

    {"entity": "wait_days", "value": 21, "start": 9, "end": 20, "confidence": 1.0}

``start``/``end`` are character offsets into ``doc.text`` (which has the same length as
the original message when Rasa's ``SpacyNLP`` lower-cases it; pass ``text=`` to get
values such as names with their original capitalisation).

Entities: ``wait_days`` (int), ``competing_offer`` ("yes"), ``offer_deadline`` (text),
``thank_you_sent`` ("yes"/"no"), ``recipient_name``, ``company_role``, ``shared_moment``.

The lemma attribute is the custom token extension ``Token._.amy_lemma``: the token's
lookup lemma (from the pipeline's lookup lemmatizer when the token is lower case,
otherwise from the same ``spacy-lookups-data`` table), lower-cased.  It makes the rules
work the same on lower-cased and original-case docs, with or without a lemmatizer.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from amy_nlu import durations as _dur
from amy_nlu.input_quality import lemma_lookup_table

if TYPE_CHECKING:  # pragma: no cover
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Token

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
)

LEMMA_EXTENSION = "amy_lemma"


def _fs(words: str) -> FrozenSet[str]:
    return frozenset(words.split())


# ----------------------------------------------------------------------- word lists

NEGATIONS = _fs("not n't nt never no nothing none nobody without neither nor dont didnt "
                "havent hasnt hadnt cant wont isnt wasnt aint")
MODALS = _fs("if whether would could might may will 'll wo should shall can ca wish hope "
             "hoping hopefully want wanna wanted gonna once unless suppose supposing "
             "imagine how maybe possibly perhaps expect expecting waiting await "
             "awaiting eventually")
FUTURE = _fs("will 'll wo would 'd gonna going next tomorrow should supposed soon "
             "expect expecting")
CLAUSE_BREAKS = _fs(", . ! ? ; : ... -- but though although however because cause cuz "
                    "so and while whereas yet plus also then")
SENTENCE_BREAKS = _fs(". ! ? ; ...")
SUBJECT_OK = _fs("i we")
SKIP_BEFORE_VERB = _fs("have 've has 's had just also already actually recently finally "
                       "now then been was were am 'm do did does really luckily "
                       "fortunately still currently even both only since apparently "
                       "officially literally basically today yesterday suddenly somehow "
                       "kind sort of totally")
OFFER_DETS_INDEF = _fs("a an another one two three four 2 3 4 other competing second "
                       "multiple several some couple few")
OFFER_DETS_DEF = _fs("the this that their his her its your")
OFFER_MODIFIERS = _fs("job verbal written formal official real actual new great good solid "
                      "full time - full-time part part-time counter better higher bigger "
                      "firm signed nice decent amazing awesome really pretty very strong "
                      "contract permanent remote hybrid tentative conditional final "
                      "generous interesting attractive employment work position role "
                      "outside external alternative alternate backup other competing "
                      "second rival")
OTHER_COMPANY_WORDS = _fs("another other different second competing rival new outside "
                          "elsewhere competitor")
COMPANY_NOUNS = _fs("company firm employer startup business organization organisation org "
                    "place agency team bank corporation competitor recruiter brand shop "
                    "studio agency lab school hospital")
GENERIC_COMPANY_NOUNS = _fs("company firm employer team recruiter place business "
                            "organization organisation org")
OFFER_TYPOS: Dict[str, str] = {
    "ofer": "offer", "offr": "offer", "ofers": "offers", "offerd": "offered",
    "ofered": "offered", "oferred": "offered", "offred": "offered",
}
ADVERBS = _fs("just also already actually recently finally officially now even really "
              "suddenly then today yesterday luckily fortunately apparently literally "
              "basically totally technically")
EMBED_STOPS = _fs("know tell told let say said think thought mention inform explain realize "
                  "handle ask asked that since because cause as given considering believe "
                  "believing bring show prove use leverage negotiate approach")
POSSESSION_VERBS = _fs("have get receive hold land accept secure take sit snag score bag "
                       "win obtain")
OFFER_MAKE_VERBS = _fs("make extend give send present email mail text hand")
STRONG_BLUFF = _fs("pretend bluff fake invent fabricate lie fib exaggerate hypothetical "
                   "hypothetically imaginary fictional nonexistent non-existent made-up "
                   "fictitious phantom bogus dishonest deceive mislead imaginery overstate "
                   "embellish")
BLUFF_PHRASES = (
    " not true ", " isn't true ", " is n't true ", " not real ", " is n't real ",
    " there is n't one ", " there isn't one ", " there is no offer ", " does n't exist ",
    " doesn't exist ", " dont exist ", " do n't exist ", " nobody has ", " no one has ",
    " noone has ", " white lie ", " stretch the truth ", " stretching the truth ",
    " overstate ", " zero other offers ", " zero offers ", " just to see if ",
    " do n't have one ", " don't have one ", " do nt have one ",
)
DEADLINE_VERBS = _fs("decide respond reply accept answer sign confirm choose commit "
                     "think consider decline")
DEADLINE_NOUNS = _fs("answer decision response reply signature yes")
DEADLINE_WORDS = _fs("deadline expire expiry expiration due")
HEAR_WORDS = _fs("hear heard respond response responses reply replies word news update "
                 "updates answer feedback callback contact peep anything call email "
                 "emails message follow-up followup back touch thing")
EVENT_WORDS = _fs("interview apply application speak talk meet chat hear contact screen "
                  "call email submit onsite conversation meeting round final panel phone "
                  "zoom")
PAST_MARKERS = _fs("interviewed applied spoke talked met chatted heard contacted called "
                   "emailed submitted was were had did last went sent finished completed "
                   "wrapped")
WAIT_AFTER_NOUNS = _fs("interview interviews application call meeting screen screening "
                       "onsite conversation chat round final panel submission applying "
                       "interviewing")
BEEN_ADVERBS = _fs("already now just nearly almost like exactly about around roughly well "
                  "only officially literally basically probably easily at least over "
                  "more than")
DAYS_OF_WEEK = tuple(
    "monday tuesday wednesday thursday friday saturday sunday tues thurs weds".split()
)
MONTH_WORDS = tuple(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
NUMBER_WORDS = tuple(_dur.NUMBER_WORDS)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
THANK_NOUNS = _fs("note notes email emails e-mail mail card cards letter letters message "
                  "messages text dm")
SEND_VERBS = _fs("send write email mail drop shoot fire do follow type pen post leave "
                 "text message dm")
SEND_PAST = _fs("sent wrote written emailed mailed dropped shot fired did done followed "
                "typed penned posted left texted messaged dm'd")
NAME_TITLES = _fs("mr mrs ms miss dr prof mx sir madam")
VALUE_STOPS = _fs(". ! ? ; please pls plz instead thanks thx thank rather ( ) \" "
                  "because since")
NAME_STOPS = VALUE_STOPS | _fs(", and but not in on at for from with so or the to "
                               "then too as is was instead")
NAME_REJECT = _fs("the a an my her his their our your it this that more less shorter "
                  "longer bigger smaller bold formal informal capitalized capitalised "
                  "lowercase uppercase right correct wrong different same blank empty "
                  "field bit part something someone anything nothing")
ROLE_NOUNS = _fs("role position job opening post title gig")
JOB_NOUNS = _fs("job jobs role roles position positions offer offers contract place spot "
                "opportunity internship gig post opening seat")
NAME_FIELD_NOUNS = _fs("name recipient addressee greeting salutation")
COMPANY_FIELD_NOUNS = _fs("company employer organization organisation org firm role position "
                          "job title")
MOMENT_FIELD_NOUNS = _fs("moment memory anecdote detail highlight story callback reference "
                         "part bit")
FIELD_OWNERS = ("recruiter", "interviewer", "manager", "person", "contact", "recipient", "hr",
                "interviewers", "recruiters", "director", "lead", "boss")
FIELD_OWNERS_ONE_TOKEN = ("her", "his", "their", "recruiter's", "interviewer's", "manager's",
                          "person's", "contact's", "recipient's", "director's", "boss's")
DETERMINERS = _fs("the a an")
COMPANY_STOPS = _fs(", and not rather instead but")
COMPANY_ONLY_NOUNS = _fs("company employer organization organisation org firm")
FIELD_SET_VERBS = _fs("make change set switch update put use swap replace fix correct "
                      "edit alter modify rename")


# ----------------------------------------------------------------------- lemma ext


def token_lemma(token: "Token") -> str:
    """Lower-case lookup lemma of ``token`` (value of ``Token._.amy_lemma``)."""
    lower = token.lower_
    lemma = token.lemma_
    if lemma and token.text == lower:
        return lemma.lower()
    return lemma_lookup_table().get(lower, lower).lower()


def _ensure_extension() -> None:
    from spacy.tokens import Token

    if not Token.has_extension(LEMMA_EXTENSION):
        Token.set_extension(LEMMA_EXTENSION, getter=token_lemma)


# ----------------------------------------------------------------------- matcher


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


# ----------------------------------------------------------------------- context


class _Ctx:
    """Token-level helpers over one doc (lower text, lemmas, clauses, sentences)."""

    def __init__(self, doc: "Doc", text: str) -> None:
        self.doc = doc
        self.text = text
        self.low: List[str] = [t.lower_.replace("\u2019", "'") for t in doc]
        self.lem: List[str] = [t._.get(LEMMA_EXTENSION) for t in doc]
        self.n = len(doc)
        self.clause: List[int] = []
        self.sent: List[int] = []
        clause = sent = 0
        for i, tok in enumerate(doc):
            word = self.low[i]
            is_break = word in CLAUSE_BREAKS or "\n" in tok.text or tok.is_space
            if is_break:
                clause += 1
            if word in SENTENCE_BREAKS or "\n" in tok.text:
                sent += 1
            self.clause.append(clause)
            self.sent.append(sent)
            if is_break:
                clause += 1
            if word in SENTENCE_BREAKS:
                sent += 1

    # windows ------------------------------------------------------------------
    def clause_left(self, i: int) -> List[int]:
        """Indices before ``i`` in the same clause (nearest last)."""
        out = []
        j = i - 1
        while j >= 0 and self.clause[j] == self.clause[i]:
            out.append(j)
            j -= 1
        return list(reversed(out))

    def clause_right(self, i: int) -> List[int]:
        """Indices after ``i`` in the same clause."""
        out = []
        j = i + 1
        while j < self.n and self.clause[j] == self.clause[i]:
            out.append(j)
            j += 1
        return out

    def clause_tokens(self, i: int) -> List[int]:
        return [j for j in range(self.n) if self.clause[j] == self.clause[i]]

    def sentence_tokens(self, i: int) -> List[int]:
        return [j for j in range(self.n) if self.sent[j] == self.sent[i]]

    def sentence_left(self, i: int) -> List[int]:
        return [j for j in range(i) if self.sent[j] == self.sent[i]]

    def words(self, idx: Iterable[int]) -> List[str]:
        return [self.low[j] for j in idx]

    def lemmas(self, idx: Iterable[int]) -> List[str]:
        return [self.lem[j] for j in idx]

    def get(self, i: int) -> str:
        return self.low[i] if 0 <= i < self.n else ""

    def char_span(self, start: int, end: int) -> Tuple[int, int]:
        """Character offsets of tokens ``start``..``end`` (exclusive)."""
        first = self.doc[start]
        last = self.doc[end - 1]
        return first.idx, last.idx + len(last.text)

    def original(self, start: int, end: int) -> str:
        s, e = self.char_span(start, end)
        return self.text[s:e]

    # cues ---------------------------------------------------------------------
    def negated_before(self, i: int, window: int = 4) -> bool:
        """A negation within ``window`` tokens before ``i`` in the same clause."""
        left = self.clause_left(i)[-window:]
        for j in left:
            if self.low[j] in NEGATIONS:
                # "not only", "no doubt" are not negations of the verb
                if self.low[j] == "no" and self.get(j + 1) in {"doubt", "wonder"}:
                    continue
                return True
        return False

    def strongly_negated(self, j: int) -> bool:
        """Is the cue at ``j`` itself negated ("not bluffing", "don't want to lie")?"""
        for k in range(max(0, j - 4), j):
            if self.low[k] in NEGATIONS and self.clause[k] == self.clause[j]:
                return True
        return False

    def has_modal_before(self, i: int) -> bool:
        left = self.clause_left(i)
        words = set(self.words(left))
        if words & MODALS:
            return True
        if any(self.low[j] == "going" and self.get(j + 1) == "to" for j in left):
            return True
        if any(self.low[j] == "what" and self.get(j + 1) == "if" for j in self.sentence_left(i)):
            return True
        # infinitive: "to have an offer", "to get an offer"
        if i - 1 >= 0 and self.low[i - 1] == "to":
            return True
        return False

    def subject_ok(self, verb: int) -> bool:
        """The subject of the verb at ``verb`` is "I"/"we" or omitted."""
        j = verb - 1
        while j >= 0 and self.clause[j] == self.clause[verb]:
            word = self.low[j]
            if word in SKIP_BEFORE_VERB or word in NEGATIONS:
                j -= 1
                continue
            if word == "got" and j + 1 < self.n:
                j -= 1
                continue
            return word in SUBJECT_OK or word in {"'ve", "'m"} or word in CLAUSE_BREAKS
        return True  # clause start: subject dropped ("Got an offer from Acme!")


# ----------------------------------------------------------------------- utilities


def _entity(entity: str, value: Any, span: Tuple[int, int]) -> Dict[str, Any]:
    return {"entity": entity, "value": value, "start": span[0], "end": span[1],
            "confidence": 1.0}


def _spans(matches: Sequence[Tuple[int, int, int]], doc: "Doc", label: str) -> List[Tuple[int, int]]:
    """Longest non-overlapping (start, end) token spans for ``label``."""
    key = doc.vocab.strings[label]
    found = sorted(
        ((s, e) for (m, s, e) in matches if m == key), key=lambda se: (-(se[1] - se[0]), se[0])
    )
    chosen: List[Tuple[int, int]] = []
    for s, e in found:
        if all(e <= cs or s >= ce for cs, ce in chosen):
            chosen.append((s, e))
    return sorted(chosen)


def _extend_qualifier(ctx: _Ctx, start: int, end: int) -> Tuple[int, int]:
    """Grow a duration span over a leading qualifier and trailing "or so"/"plus"."""
    best = start
    for size in range(4, 0, -1):
        s = start - size
        if s < 0:
            continue
        phrase = " ".join(ctx.low[s:start])
        if any(phrase == q for q, _ in _dur._QUALIFIERS):
            best = s
            break
    start = best
    if ctx.get(end) in {"plus", "+"}:
        end += 1
    elif ctx.get(end) == "or" and ctx.get(end + 1) in {"so", "more", "longer"}:
        end += 2
    elif ctx.get(end) == "ish":
        end += 1
    return start, end


def _bluff_in_message(ctx: _Ctx) -> bool:
    """Strong bluff/hypothetical cues anywhere ("pretend", "fake", "even though I don't")."""
    text = " " + " ".join(ctx.low) + " "
    if any(phrase in text for phrase in BLUFF_PHRASES):
        return True
    for j in range(ctx.n):
        word, lemma = ctx.low[j], ctx.lem[j]
        if (word in STRONG_BLUFF or lemma in STRONG_BLUFF) and not ctx.strongly_negated(j):
            if lemma == "lie" and ctx.get(j + 1) in {"down", "low"}:
                continue
            return True
        if lemma == "make" and (ctx.get(j + 1) == "up" or
                                (ctx.get(j + 1) == "-" and ctx.get(j + 2) == "up")) and \
                not ctx.strongly_negated(j):
            return True
        # "even though I don't", "when I'm really not", "but there isn't one"
        if word in {"though", "although", "when", "while", "but", "if", "even"}:
            k = j + 1
            if ctx.get(k) in {"i", "we", "there", "it", "it's", "nobody", "noone"}:
                if ctx.get(k) in {"nobody", "noone"}:
                    return True
                k += 1
                while ctx.get(k) in {"do", "did", "have", "has", "really", "actually", "truly",
                                     "'ve", "ve", "'m", "m", "am", "is", "'s", "s", "was",
                                     "technically", "honestly"}:
                    k += 1
                if ctx.get(k) in {"n't", "not", "nt"}:
                    rest = ctx.words(range(k + 1, min(ctx.n, k + 4)))
                    if not rest or rest[0] in {".", "!", "?", ",", ";", "actually", "really",
                                                "have", "got", "one", "any", "true", "real",
                                                "received", "gotten", "exist"}:
                        return True
        # a sentence that is just "I'm not really." / "I haven't really." / "I don't."
        if word == "i" and (j == 0 or ctx.sent[j - 1] != ctx.sent[j]):
            sentence = [w for w in ctx.words(ctx.sentence_tokens(j)) if w not in {".", "!", "?"}]
            k = 1
            while k < len(sentence) and sentence[k] in {
                "do", "did", "have", "'ve", "ve", "'m", "m", "am", "was", "really", "actually",
                "technically", "honestly", "truly"
            }:
                k += 1
            if k < len(sentence) and sentence[k] in {"n't", "not", "nt"} and all(
                w in {"really", "actually", "yet", "though", "one", "lol"} for w in sentence[k + 1:]
            ):
                return True
        if word == "what" and ctx.get(j + 1) == "if":
            return True
    return False


def _negated_offer_anywhere(ctx: _Ctx) -> bool:
    """A clause that denies having an offer ("I don't actually have one")."""
    for j in range(ctx.n):
        if ctx.lem[j] in POSSESSION_VERBS | {"be"} and ctx.negated_before(j, 3):
            nxt = ctx.words(range(j + 1, min(ctx.n, j + 5)))
            if ctx.lem[j] == "be" and (not nxt or nxt[0] not in {"offered", "given"}):
                continue
            if any(w in {"one", "any", "offer", "offers", "another", "it"} for w in nxt):
                if ctx.clause[j] == ctx.clause[min(ctx.n - 1, j + 1)]:
                    return True
    return False


# ----------------------------------------------------------------------- durations


def _wants_hear_back(ctx: _Ctx, j: int) -> bool:
    """"they want to hear back (from me) by Friday": the employer waits for *my* answer."""
    return ctx.lem[j] == "hear" and ctx.get(j - 1) == "to" and ctx.lem[max(j - 2, 0)] in {
        "want", "need", "expect", "like"
    }


def _deadline_cue(ctx: _Ctx, idx: Sequence[int], near: Optional[int] = None) -> bool:
    """Do the tokens ``idx`` talk about *my* decision/answer deadline?

    ``near`` is the index of the date/duration: "let them know" and "get back to them"
    only count when they come right before it ("let them know by Friday"), not in
    "should I let them know my contract is up in 2 weeks".
    """
    idxs = list(idx)
    for j in idxs:
        word, lemma = ctx.low[j], ctx.lem[j]
        prev = ctx.get(j - 1)
        if lemma in DEADLINE_WORDS or word in DEADLINE_WORDS or word == "deadline's":
            return True
        if word in DEADLINE_NOUNS and prev in {"an", "a", "the", "my", "our", "final", "quick",
                                               "firm", "definite", "your"}:
            before = ctx.lemmas(range(max(0, j - 5), j))
            if set(before) & {"want", "need", "expect", "require", "ask", "owe", "demand",
                              "give", "send"} and not set(before) & {"promise", "hear",
                                                                    "receive", "wait"}:
                return True
        if lemma in DEADLINE_VERBS and prev in {"to", "i", "must", "i'll", "or", "and"}:
            obj = ctx.words(range(j + 1, min(ctx.n, j + 4)))
            if obj[:1] in (["on"], ["about"]) and not set(obj[1:]) & {
                "it", "this", "that", "them", "offer", "offers", "job", "position", "role"
            }:
                continue  # "decide on grad school by the 1st" is not about the offer
            return True
        if word == "say" and ctx.get(j + 1) == "yes":
            return True
        if word == "yes" and ctx.get(j + 1) == "or" and ctx.get(j + 2) == "no":
            return True
        if _wants_hear_back(ctx, j):
            return True
        close = near is None or 0 <= near - j <= 6
        if lemma == "let" and ctx.get(j + 1) in {"them", "him", "her", "the", "hr"} and \
                "know" in ctx.words(range(j + 1, min(ctx.n, j + 5))) and close:
            return True
        if lemma == "get" and ctx.get(j + 1) == "back" and ctx.get(j + 2) == "to" and \
                ctx.get(j + 3) in {"them", "him", "her", "the", "hr"} and close:
            return True
        if lemma == "give" and ctx.get(j + 1) in {"them", "him", "her"} and \
                ctx.get(j + 2) in {"an", "my", "a"}:
            return True
        if word == "know" and prev == "to" and ctx.lem[max(j - 2, 0)] in {"want", "need"}:
            k = j - 3
            while k >= 0 and ctx.low[k] in ADVERBS:
                k -= 1
            if k < 0 or ctx.low[k] in {"they", "he", "she", "them"} or \
                    ctx.lem[k] in COMPANY_NOUNS | {"manager", "interviewer", "hr"}:
                return True
        if word in {"until", "till", "til"} and prev in {"have", "got", "'ve", "has",
                                                         "me", "given"}:
            return True
        if lemma == "offer" and word != "offered":
            return True
    return False


def _hear_back_promise(ctx: _Ctx, idx: Sequence[int]) -> bool:
    """Employer promises ("they'll get back to me by Friday", "I'll hear back by Monday")."""
    idxs = list(idx)
    for j in idxs:
        lemma = ctx.lem[j]
        if lemma == "hear" and ctx.get(j + 1) in {"back", "from"} and not _wants_hear_back(ctx, j):
            return True
        if lemma == "get" and ctx.get(j + 1) == "back" and ctx.get(j + 2) == "to" and \
                ctx.get(j + 3) in {"me", "us", "you"}:
            return True
        if lemma == "let" and ctx.get(j + 1) in {"me", "us", "you"} and ctx.get(j + 2) == "know":
            return True
    return False


def _negative_hearing(ctx: _Ctx, idx: Sequence[int]) -> bool:
    """"haven't heard", "no response", "nothing", "ghosted", "radio silence"..."""
    idxs = list(idx)
    for j in idxs:
        word, lemma = ctx.low[j], ctx.lem[j]
        if word in {"ghosted", "ghosting", "silence", "crickets", "silent", "nothing", "radio",
                    "quiet", "mia", "dark"}:
            return True
        if lemma in HEAR_WORDS or word in HEAR_WORDS:
            for k in range(max(0, j - 4), j):
                if ctx.low[k] in NEGATIONS:
                    return True
    return False


def _duration_kind(ctx: _Ctx, start: int, end: int) -> Optional[str]:
    """Classify a duration span as "wait", "deadline" or ``None`` (unrelated)."""
    n1, n2, n3 = ctx.get(end), ctx.get(end + 1), ctx.get(end + 2)
    left_clause = ctx.clause_left(start)
    left_words = ctx.words(left_clause)
    p1 = left_words[-1] if left_words else ""
    p2 = left_words[-2] if len(left_words) > 1 else ""
    sentence = ctx.sentence_tokens(start)
    right_clause = ctx.clause_right(end - 1)
    clause_all = left_clause + list(range(start, end)) + right_clause
    span_words = ctx.low[start:end]

    if n1 == "ago" or (n1 in {"back", "now"} and n2 == "ago"):
        clause_lemmas = set(ctx.lemmas(clause_all))
        if clause_lemmas & {"offer", "thank", "thankyou"} and not (
            clause_lemmas & (EVENT_WORDS - {"email", "call"})
        ):
            return None
        return "wait"

    # --- deadlines --------------------------------------------------------------
    right = [n1, n2, n3]
    for k, word in enumerate(right):
        if word == "to" and k + 1 < 3 and (
            ctx.lem[end + k + 1] in DEADLINE_VERBS
            or ctx.get(end + k + 1) in {"decide", "respond", "answer", "accept", "think",
                                        "consider", "reply", "sign", "give", "get", "let",
                                        "make", "choose", "tell", "commit", "confirm"}
        ) if end + k + 1 < ctx.n else False:
            return "deadline"
    if n1 == "left" and (_deadline_cue(ctx, sentence) or "offer" in ctx.lemmas(sentence)):
        return "deadline"
    if n1 in {"deadline", "deadlines", "window", "limit"} or (n1 == "-" and n2 == "deadline"):
        return "deadline"
    if p1 in {"in", "within"} or (p1 == "than" and p2 in {"less", "more"}):
        if _deadline_cue(ctx, clause_all, near=start) and not _negative_hearing(ctx, clause_all) and \
                not _hear_back_promise(ctx, clause_all):
            return "deadline"
    if p1 == "for" and any(w in {"valid", "good", "open"} for w in left_words) and \
            "offer" in ctx.lemmas(sentence):
        return "deadline"
    if any(ctx.lem[j] == "give" for j in left_clause[-3:]) and \
            any(ctx.low[j] in {"me", "us"} for j in left_clause[-3:]) and \
            _deadline_cue(ctx, sentence):
        return "deadline"

    # --- waits ------------------------------------------------------------------
    if any(ctx.lem[j] == "offer" for j in left_clause) and not _negative_hearing(ctx, clause_all):
        return None
    # "my thank-you note went out 3 days later / a week after the interview" dates the
    # note, not the wait (but "it's been 10 days" in the same clause still counts)
    if set(ctx.lemmas(clause_all)) & {"thank", "thankyou", "thank-you"} and p1 != "been":
        return None
    future = any(w in FUTURE for w in left_words) or any(
        ctx.low[j] == "going" and ctx.get(j + 1) == "to" for j in left_clause)
    qual_words = " ".join(span_words[:2])
    if qual_words in {"going on", "coming up"} or " ".join(span_words[:3]) == "coming up on":
        return "wait"
    k = len(left_words) - 1
    while k >= 0 and left_words[k] in BEEN_ADVERBS:
        k -= 1
    if k >= 0 and left_words[k] == "been":
        return "wait"
    if p1 in {"for", "over", "about", "around", "like"} or p1 in {"waiting", "waited", "ghosted"}:
        waiting = any(w in {"waiting", "waited", "ghosted", "wait"} and (
            w != "wait" or ctx.get(left_clause[left_words.index(w)] - 1) in {"'ve", "been"})
            for w in left_words)
        if waiting and not future:
            return "wait"
    if p1 in {"waiting", "waited"} and not future:
        return "wait"
    if not future:
        if n1 in {"now", "already"} and n2 not in {"to"}:
            return "wait"
        if n1 == "since":
            return "wait"
        if n1 == "of" and n2 in {"silence", "waiting", "nothing", "radio", "no", "crickets",
                                 "ghosting", "being"}:
            return "wait"
        if n1 == "without":
            return "wait"
        if n1 in {"after", "post", "past", "from"} and (
            n2 in WAIT_AFTER_NOUNS or n3 in WAIT_AFTER_NOUNS or n2 in {"i", "we"}
        ):
            return "wait"
        if n1 == "post" or (n1 == "post-interview"):
            return "wait"
        if n1 == "later":
            return "wait"
        if n1 == "and" and (n2 in {"no", "nothing", "not", "still", "counting", "zero"} or
                            n3 in {"no", "nothing", "not"}):
            return "wait"
        if n1 in {"have", "has", "'ve"} and n2 in {"passed", "gone", "elapsed", "went"}:
            return "wait"
        if n1 in {"passed", "went", "elapsed", "gone"}:
            return "wait"
        if p1 in {"in", "for", "over", "after", "within", "than", "about", "around", "nearly",
                  "almost", "the", "past", "last"} and _negative_hearing(ctx, sentence):
            return "wait"
        if p1 in {"past", "last"} and p2 == "the" and _negative_hearing(ctx, sentence):
            return "wait"
    return None


def _bare_number_waits(
    ctx: _Ctx, today: _dt.date, durations: Sequence[Tuple[int, int]]
) -> List[Tuple[int, Tuple[int, int]]]:
    """Waits without a unit next to the number.

    * "they told me two weeks and it's been three" (unit from the earlier duration),
    * "It's day 8" / "day 8 of waiting",
    * "my interview was on the 3rd and now it's the 20th" (day-of-month difference; with
      no "now it's the Nth" the date is counted back from ``today``).
    """
    found: List[Tuple[int, Tuple[int, int]]] = []
    number_words = set(NUMBER_WORDS)
    for j in range(ctx.n):
        word = ctx.low[j]
        is_number = ctx.doc[j].like_num and re.fullmatch(r"\d+|[a-z]+", word) is not None
        if not is_number or word in {"one"} and ctx.get(j + 1) in {"of"}:
            continue
        nxt = ctx.get(j + 1)
        if nxt in _dur.UNIT_WORDS or nxt in {"-", "+", "or", "to", "and"}:
            continue
        value = _dur.parse_number(word)
        if value is None:
            continue
        # "it's been three" -> unit of the closest earlier duration
        if ctx.get(j - 1) == "been" or (ctx.get(j - 1) in BEEN_ADVERBS and ctx.get(j - 2) == "been"):
            unit = None
            for ds, de in durations:
                if de <= j:
                    parts = _dur.parse_duration_parts(" ".join(ctx.low[ds:de]))
                    if parts is not None:
                        unit = parts.unit
            if unit is not None and (word in number_words or word.isdigit()):
                days = _dur.round_days(value * _dur.UNIT_DAYS[unit])
                found.append((days, (j, j + 1)))
                continue
        # "it's day 8", "day 8 of waiting"
        if ctx.get(j - 1) == "day" and (
            ctx.get(j - 2) in {"'s", "s", "is", "it's", "its", "on"} or
            (ctx.get(j + 1) == "of" and ctx.get(j + 2) in {"waiting", "silence", "nothing"})
        ):
            found.append((int(value), (j - 1, j + 1)))
    # "interview was on the 3rd and now it's the 20th" / "interview was the 8th, today is the 22nd"
    ordinals = [j for j in range(ctx.n)
                if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", ctx.low[j]) and ctx.get(j - 1) == "the"
                and ctx.get(j + 1) in {"", ",", ".", "!", "?", ";", "and", "but", "so", "now",
                                       "today", "-", "..."}]
    event = next((j for j in ordinals if _past_event_context(ctx, ctx.clause_tokens(j))
                  or ctx.lem[max(j - 3, 0)] == "interview" or "interview" in
                  ctx.lemmas(ctx.clause_left(j))), None)
    if event is not None and not found:
        event_day = int(re.match(r"\d+", ctx.low[event]).group(0))
        now = next((j for j in ordinals if j > event and any(
            w in {"now", "today"} for w in ctx.words(range(max(0, j - 4), min(ctx.n, j + 2)))
        )), None)
        if now is not None:
            now_day = int(re.match(r"\d+", ctx.low[now]).group(0))
            diff = now_day - event_day
            if diff < 0:
                diff += 30
            found.append((diff, (event - 1, event + 1)))
        elif 1 <= event_day <= 31:
            diff = today.day - event_day
            if diff < 0:
                previous_month_end = today.replace(day=1) - _dt.timedelta(days=1)
                diff = (today - previous_month_end.replace(
                    day=min(event_day, previous_month_end.day))).days
            found.append((diff, (event - 1, event + 1)))
    return found


def _deadline_value_from_duration(ctx: _Ctx, start: int, end: int) -> Optional[str]:
    parts = _dur.parse_duration_parts(" ".join(ctx.low[start:end]))
    if parts is None:
        return None
    return "in " + _dur.format_duration(parts.amount, parts.unit)


# ----------------------------------------------------------------------- dates


def _date_value(words: Sequence[str]) -> Optional[str]:
    """Normalise a deadline date phrase ("by the end of the week" -> "the end of the week")."""
    ws = [w for w in words if w not in {"-", "on", "by"}]
    text = " ".join(ws)
    if not ws:
        return None
    if ws[0] == "the" and len(ws) > 1 and ws[1] != "end" and ws[1] != "weekend":
        if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", ws[1]) and len(ws) == 2:
            return "the " + ws[1]
        ws = ws[1:]
    first = ws[0]
    for day in ("tomorrow", "tonight", "today"):
        if day in ws:
            return day
    if first in {"midnight", "noon"}:
        return first
    if ws[-1] in {"week", "month", "weekend"} and len(ws) == 2 and ws[0] in {"this", "next"}:
        return " ".join(ws)
    weekday_map = {
        "tues": "Tuesday", "thurs": "Thursday", "weds": "Wednesday",
    }
    for i, w in enumerate(ws):
        if w in DAYS_OF_WEEK:
            name = weekday_map.get(w, w.capitalize())
            if i > 0 and ws[i - 1] == "next":
                return "next " + name
            return name
    if first in {"eod", "cob"} or text in {"end of day", "end of business", "close of business",
                                         "close of day"}:
        return "the end of the day"
    if first == "eow":
        return "the end of the week"
    if "end" in ws:
        rest = ws[ws.index("end") + 1:]
        rest = [w for w in rest if w not in {"of", "the", "this"}]
        if rest[:1] == ["next"]:
            return "the end of next " + " ".join(rest[1:])
        return "the end of the " + " ".join(rest) if rest else None
    if "weekend" in ws:
        return "the weekend"
    month = next((w for w in ws if w in _dur.MONTHS), None)
    day = next((re.match(r"\d{1,2}", w).group(0) for w in ws
                if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w)), None)
    if month and day:
        full = _MONTH_NAMES[_dur.MONTHS[month] - 1]
        return f"{full} {int(day)}"
    if re.fullmatch(r"\d{1,2}/\d{1,2}", first):
        return first
    return None


def _past_event_context(ctx: _Ctx, idx: Sequence[int]) -> bool:
    idxs = list(idx)
    lemmas = set(ctx.lemmas(idxs))
    words = set(ctx.words(idxs))
    if words & {"will", "'ll", "wo", "going", "gonna", "next", "tomorrow", "'d", "would",
                "supposed", "should", "scheduled", "upcoming"}:
        return False
    if "offer" in lemmas:
        return False
    return bool(lemmas & EVENT_WORDS) and bool(words & PAST_MARKERS)


# ----------------------------------------------------------------------- offers


def _offer_np_start(ctx: _Ctx, offer: int) -> Tuple[int, List[str]]:
    """Walk left from an "offer" noun over determiners/modifiers; return (start, words)."""
    j = offer - 1
    mods: List[str] = []
    while j >= 0 and ctx.clause[j] == ctx.clause[offer]:
        word = ctx.low[j]
        if word in OFFER_DETS_INDEF or word in OFFER_DETS_DEF or word in OFFER_MODIFIERS or \
                word in {"my", "our", "no", "any", "some"} or ctx.doc[j].like_num or \
                (word in {"'s", "s"} and j > 0 and ctx.low[j - 1] not in {
                    "there", "it", "that", "what", "here", "he", "she", "who", "where", "this",
                    "let"}) or (j > 0 and ctx.low[j - 1] in OFFER_DETS_INDEF | {"my"}
                                        and ctx.doc[j].is_alpha and word not in POSSESSION_VERBS
                                        and ctx.lem[j] not in POSSESSION_VERBS and len(mods) < 3
                                        and word not in {"i", "have", "got", "had"}):
            mods.append(word)
            j -= 1
            if len(mods) > 5:
                break
            continue
        break
    return j + 1, list(reversed(mods))


def _offer_is_elsewhere(ctx: _Ctx, offer: int) -> bool:
    """"offer from another company", "offer elsewhere", "offer at Google"."""
    right = ctx.clause_right(offer)[:5]
    words = ctx.words(right)
    if not words:
        return False
    if words[0] in {"elsewhere"}:
        return True
    if words[0] in {"from", "at", "with", "by"} and len(words) > 1:
        nxt = words[1]
        if nxt in {"them", "they", "you", "it", "this", "the"} and not (
            nxt == "the" and len(words) > 2 and words[2] in OTHER_COMPANY_WORDS
        ):
            return False
        return True
    return False


def _offer_word(ctx: _Ctx, i: int) -> str:
    """Lower-case token text with common misspellings of "offer(ed)" corrected."""
    return OFFER_TYPOS.get(ctx.low[i], ctx.low[i])


def _hypothetical(ctx: _Ctx, verb: int, infinitive: bool = True) -> bool:
    """Is the verb at ``verb`` under a modal/conditional ("if I get", "I hope I get", "how do I get")?

    Walks left through the clause and stops at verbs that introduce a reported fact
    ("let them know | I have ...", "since | I've got ..."), so the modal of the main clause
    does not leak into it.
    """
    if infinitive and verb > 0 and ctx.low[verb - 1] == "to":
        return True
    for j in reversed(ctx.clause_left(verb)):
        word = ctx.low[j]
        if word in MODALS:
            return True
        if word == "going" and ctx.get(j + 1) == "to":
            return True
        if word in EMBED_STOPS or ctx.lem[j] in EMBED_STOPS:
            return False
    return False


def _other_company_in_sentence(ctx: _Ctx, i: int) -> bool:
    """"another company", "a different employer", "the other place", "elsewhere"..."""
    for j in ctx.sentence_tokens(i):
        word = ctx.low[j]
        if word in {"elsewhere", "competitor", "competitors"}:
            return True
        if word in OTHER_COMPANY_WORDS | {"another"} and (
            ctx.get(j + 1) in COMPANY_NOUNS or ctx.lem[min(j + 1, ctx.n - 1)] in COMPANY_NOUNS
        ):
            return True
        if word == "else" and ctx.get(j - 1) in {"someone", "somebody", "somewhere", "someplace"}:
            return True
    return False


def _competing_offer(ctx: _Ctx, offer_tokens: Sequence[int]) -> Optional[Tuple[int, int]]:
    """Return the token span of a real competing offer statement, if any."""
    if _bluff_in_message(ctx) or _negated_offer_anywhere(ctx):
        return None
    for i in offer_tokens:
        word = _offer_word(ctx, i)
        if word == "offered":
            span = _offered_verb(ctx, i)
            if span is not None:
                return span
            continue
        if word not in {"offer", "offers", "offer's"}:
            continue
        span = _offer_noun(ctx, i, word)
        if span is not None:
            return span
    return None


def _offered_verb(ctx: _Ctx, i: int) -> Optional[Tuple[int, int]]:
    """"another company offered me a job", "I was offered a position at Google"."""
    left = ctx.clause_left(i)
    core = [j for j in left if ctx.low[j] not in ADVERBS]
    prev = ctx.low[core[-1]] if core else ""
    nxt = ctx.get(i + 1)
    if ctx.negated_before(i, 4) or _hypothetical(ctx, i) or _claimed(ctx, i):
        return None
    if prev in {"was", "been", "got", "get", "were", "getting", "being"}:
        if not _passive_subject_i(ctx, i):
            return None
        obj = ctx.words(ctx.clause_right(i)[:5])
        jobish = bool(set(obj) & JOB_NOUNS) or any(
            _offer_is_elsewhere(ctx, k) for k in range(i + 1, min(ctx.n, i + 5)))
        if not jobish:
            return None  # "I was offered a promotion / a coffee"
        if obj and obj[0] in {"a", "an", "another", "two", "multiple", "one", "other", "some",
                              "several", "positions", "jobs", "roles"}:
            return _span_min(ctx, left, i)
        if obj and obj[0] in {"the", "this", "that", "their"} and (
            "elsewhere" in obj or any(_offer_is_elsewhere(ctx, k) for k in range(i + 1, i + 4))
            or _other_company_in_sentence(ctx, i)
        ):
            return _span_min(ctx, left, i)
        return None
    if nxt in {"me", "us"} and _offer_giver_ok(ctx, i):
        return _subject_start(ctx, i), min(ctx.n, i + 2)
    return None


def _offer_noun(ctx: _Ctx, i: int, word: str) -> Optional[Tuple[int, int]]:
    """Decide whether the noun "offer" at ``i`` is a real offer the person holds."""
    np_start, mods = _offer_np_start(ctx, i)
    modset = set(mods)
    if modset & {"no"} or (modset & {"any"} and ctx.negated_before(np_start, 4)):
        return None
    definite = bool(modset & OFFER_DETS_DEF) and not (modset & OTHER_COMPANY_WORDS)
    other = bool(modset & (OTHER_COMPANY_WORDS | {"another"}))
    elsewhere = _offer_is_elsewhere(ctx, i)
    possessive = bool(modset & {"my", "our"})

    # "my other offer", "the competing offer", "the other company's offer"
    if (possessive and (other or elsewhere or modset & {"current", "existing", "job"})) or \
            (modset & OFFER_DETS_DEF and other):
        if not ctx.negated_before(np_start, 3):
            return np_start, i + 1
        return None
    # "because of another offer", "due to my other offer"
    if other and ctx.get(np_start - 1) in {"of", "to"} and \
            ctx.get(np_start - 2) in {"because", "due"}:
        return np_start, i + 1
    # "I have 3 days to decide on another offer", "another offer expires Friday",
    # "The other firm gave me until Friday to accept their offer"
    if (other or (definite and _other_company_in_sentence(ctx, i))) and \
            not ctx.negated_before(np_start, 4) and \
            not _hypothetical(ctx, np_start, infinitive=False) and not _claimed(ctx, np_start):
        lemmas = set(ctx.lemmas(ctx.sentence_tokens(i)))
        if lemmas & (DEADLINE_WORDS | {"decide", "respond", "weigh", "evaluate", "compare",
                                       "accept", "answer", "sign"}):
            return np_start, i + 1
    # "An offer came in from Acme", "Surprise offer came through"
    nxt_lemma = ctx.lem[i + 1] if i + 1 < ctx.n else ""
    if nxt_lemma in {"come", "arrive"} and not definite and \
            not _hypothetical(ctx, i, infinitive=False):
        return np_start, i + 2
    # relative clause: "the offer I have / got / received"
    after = ctx.words(range(i + 1, min(ctx.n, i + 4)))
    if after[:1] == ["that"]:
        after = after[1:]
    if len(after) >= 2 and after[0] in {"i", "we"} and after[1] in {
        "have", "got", "received", "'ve", "ve", "accepted", "hold", "'m", "m"
    }:
        tail = ctx.words(range(i + 1, min(ctx.n, i + 6)))
        if not _hypothetical(ctx, i, infinitive=False) and not ctx.negated_before(i + 3, 2) \
                and not set(tail) & NEGATIONS and not _claimed(ctx, i):
            return np_start, min(ctx.n, i + 3)

    # the verb governing the noun phrase
    verb = np_start - 1
    while verb >= 0 and ctx.clause[verb] == ctx.clause[i] and (
        ctx.low[verb] in ADVERBS | {"on", "in", "out", "since"}
    ):
        verb -= 1
    if verb > 0 and ctx.low[verb] in {"me", "us"} and ctx.lem[verb - 1] in OFFER_MAKE_VERBS:
        verb -= 1
    if verb < 0 or ctx.clause[verb] != ctx.clause[i]:
        # no verb: "offer from another company, deadline friday"
        if (elsewhere or other) and not definite and not ctx.negated_before(np_start, 3) and \
                not _hypothetical(ctx, np_start, infinitive=False) and not _claimed(ctx, i):
            return np_start, i + 1
        return None
    vword, vlemma = ctx.low[verb], ctx.lem[verb]

    # "there's another offer on the table"
    if vword in {"'s", "is", "are", "s"} and ctx.get(verb - 1) == "there":
        if definite or ctx.negated_before(verb, 3) or _hypothetical(ctx, verb):
            return None
        return verb - 1, i + 1
    # "A recruiter from another company called with an offer"
    if vword == "with" and verb > 0 and ctx.lem[verb - 1] in {"call", "come", "reach", "get",
                                                              "phone", "ring"}:
        giver = verb - 1
        if ctx.get(giver - 1) == "back":
            giver -= 1
        if not definite and _offer_giver_ok(ctx, verb - 1) and \
                not ctx.negated_before(verb - 1, 3) and not _hypothetical(ctx, verb - 1):
            return _subject_start(ctx, verb - 1), i + 1
        return None
    if vlemma == "sit" and ctx.low[verb + 1:np_start][:1] == ["on"]:
        vlemma = "hold"
    if vword == "given" and ctx.get(verb - 1) in {"been", "was", "were", "got"}:
        vlemma = "get"

    # "Acme made me an offer", "The other company just emailed me an offer"
    if vlemma in OFFER_MAKE_VERBS:
        if ctx.negated_before(verb, 3) or _hypothetical(ctx, verb) or _claimed(ctx, verb):
            return None
        if definite and not elsewhere and not _other_company_in_sentence(ctx, verb):
            return None
        if _offer_giver_ok(ctx, verb):
            return _subject_start(ctx, verb), i + 1
        return None

    if vlemma not in POSSESSION_VERBS and vword not in {"'ve", "ve", "got", "have", "has"}:
        return None
    if vword in {"'d", "d"}:
        return None
    if definite and not (elsewhere or other or _other_company_in_sentence(ctx, i)):
        return None
    if not mods and word == "offer" and not elsewhere:
        return None  # "I have offer" without a determiner is too unusual to trust
    if ctx.negated_before(verb, 4) or _hypothetical(ctx, verb) or _claimed(ctx, verb):
        return None
    if vword == "having" and (ctx.get(verb - 1) in {"with", "since", "by", "handle", "manage"}
                              or ctx.lem[max(verb - 1, 0)] in EMBED_STOPS | {"handle", "manage",
                                                                             "deal"}):
        return verb, i + 1
    if not ctx.subject_ok(verb):
        return None
    return verb, i + 1


def _claimed(ctx: _Ctx, i: int) -> bool:
    """Is the statement at ``i`` a claim the person is thinking of making?

    "should I say I have ...", "claiming I have ...", "imply/hint that ...", "make them
    think ...".  Telling/mentioning/letting them know is *not* a bluff cue by itself
    ("how do I let them know I have another offer?") unless it comes with a purpose such
    as "just to see if it speeds things up".
    """
    sentence = ctx.sentence_tokens(i)
    words = ctx.words(sentence)
    text = " ".join(words)
    for j in ctx.sentence_left(i):
        word, lemma = ctx.low[j], ctx.lem[j]
        if word in {"say", "saying"} or lemma in {"claim", "imply", "suggest", "hint", "pretend",
                                                  "insinuate", "act"}:
            if lemma == "suggest" and ctx.get(j - 1) in {"they", "she", "he", "recruiter"}:
                continue
            return True
        if lemma in {"let", "make"} and any(
            ctx.low[k] in {"think", "believe"} for k in range(j, min(ctx.n, j + 4))
        ):
            return True
        if lemma in {"tell", "mention", "inform"} and (
            " just to " in f" {text} " or " to see if " in f" {text} "
            or " to see whether " in f" {text} " or " just so " in f" {text} "
        ):
            return True
    return False


def _passive_subject_i(ctx: _Ctx, verb: int) -> bool:
    for j in reversed(ctx.clause_left(verb)):
        word = ctx.low[j]
        if word in {"was", "been", "got", "get", "'ve", "ve", "have", "just", "recently", "also",
                    "finally", "already", "actually", "were", "has", "being", "officially"}:
            continue
        return word in {"i", "we", "ive", "i've"}
    return True


def _offer_giver_ok(ctx: _Ctx, verb: int) -> bool:
    """Is the subject of ``verb`` ("X offered me", "X made me an offer") another employer?

    Pronouns ("they offered me the job") and the bare generic "the company" / "the
    recruiter" usually mean the employer the person is waiting on, unless the sentence
    mentions another company.  Any other noun phrase ("Google", "a startup", "my second
    choice", "the company I did my second interview with") counts.
    """
    left = [j for j in ctx.clause_left(verb)]
    while left and ctx.low[left[-1]] in ADVERBS | {"have", "'ve", "has", "'s", "had", "did"}:
        left = left[:-1]
    if not left:
        return False
    last = left[-1]
    word = ctx.low[last]
    if word in {"i", "we", "you", "u", "it", "them", "me", "us", "someone's"}:
        return False
    if word in {"they", "he", "she", "who", "that", "which"}:
        return _other_company_in_sentence(ctx, verb)
    if word in GENERIC_COMPANY_NOUNS or ctx.lem[last] in GENERIC_COMPANY_NOUNS or word in {
        "manager", "interviewer", "hr", "panel", "boss"
    }:
        before = ctx.words(left[-4:-1])
        if any(w in OTHER_COMPANY_WORDS | {"another", "a", "an", "one", "second", "backup"}
               for w in before):
            return True
        return _other_company_in_sentence(ctx, verb)
    return True


def _subject_start(ctx: _Ctx, verb: int) -> int:
    left = ctx.clause_left(verb)
    start = verb
    for j in reversed(left[-4:]):
        if ctx.low[j] in {"i", "we", "they"}:
            break
        start = j
    return start


def _span_min(ctx: _Ctx, left: Sequence[int], i: int) -> Tuple[int, int]:
    start = i
    for j in reversed(list(left)[-3:]):
        if ctx.low[j] in {"i", "we"}:
            start = j
            break
    return start, min(ctx.n, i + 2)


# ----------------------------------------------------------------------- thank-you


def _elliptical_denial_after(ctx: _Ctx, index: int) -> bool:
    """A later sentence that only says "I didn't" / "I haven't" / "I never did"."""
    for j in range(index, ctx.n):
        if ctx.low[j] != "i" or (j > 0 and ctx.sent[j - 1] == ctx.sent[j]):
            continue
        words = ctx.words(k for k in ctx.sentence_tokens(j) if ctx.clause[k] == ctx.clause[j])
        words = [w for w in words if w not in {".", "!", "?", ","}]
        if len(words) <= 4 and words[:1] == ["i"] and (
            words[1:3] in (["did", "n't"], ["did", "nt"], ["have", "n't"], ["have", "nt"],
                           ["never", "did"], ["did", "not"], ["have", "not"])
            or words[1:] == ["never"]
        ):
            return True
    return False


def _thank_you_sent(ctx: _Ctx, noun_spans: Sequence[Tuple[int, int]],
                    verb_spans: Sequence[Tuple[int, int]]) -> Optional[Tuple[str, Tuple[int, int]]]:
    for start, end in noun_spans:
        # "thank you" used as gratitude (no determiner, no note/email) is not a note
        has_noun = ctx.low[end - 1] in THANK_NOUNS
        prev = ctx.get(start - 1)
        if not has_noun and prev not in {"a", "an", "the", "my", "any", "no", "them", "him",
                                         "her", "quick", "short"}:
            continue
        # passive: "a thank you note was sent", "the thank-you email went out"
        after = ctx.words(range(end, min(ctx.n, end + 4)))
        if after[:2] in (["was", "sent"], ["went", "out"], ["has", "been"], ["is", "sent"]) or \
                after[:3] == ["has", "been", "sent"]:
            if not ctx.negated_before(end + 1, 2) and "not" not in after[:3] and \
                    "n't" not in after[:3]:
                return "yes", ctx.char_span(start, min(ctx.n, end + 2))
        left = ctx.clause_left(start)
        verb = None
        for j in reversed(left[-6:]):
            if ctx.lem[j] in SEND_VERBS or ctx.low[j] in SEND_PAST:
                verb = j
                break
            if ctx.low[j] in {"forgot", "forget", "forgotten"}:
                verb = j
                break
        if verb is None:
            continue
        vword = ctx.low[verb]
        span = ctx.char_span(min(verb, start), end)
        left_of_verb = ctx.words(ctx.clause_left(verb))
        # "after (already) sending a thank you note"
        if vword in {"sending", "writing"} and "after" in left_of_verb[-2:]:
            return "yes", span
        if vword in {"forgot", "forget", "forgotten"} and not ctx.has_modal_before(verb):
            return "no", span
        if ctx.get(verb - 1) == "to" and ctx.get(verb - 2) in {"forgot", "forget",
                                                                "neglected", "failed"}:
            return "no", ctx.char_span(verb - 2, end)
        if ctx.get(verb - 1) == "to" and ctx.get(verb - 2) == "late":
            return "no", ctx.char_span(verb - 3 if verb >= 3 else verb, end)
        if ctx.get(verb - 1) == "have" and ctx.get(verb - 2) in {"should", "could", "would"} \
                and vword in SEND_PAST:
            return "no", ctx.char_span(verb - 2, end)
        if ctx.get(verb - 1) in {"'ve", "have"} and ctx.get(verb - 2) in {"should", "could"}:
            return "no", ctx.char_span(verb - 2, end)
        negated = ctx.negated_before(verb, 4)
        subject_bad = any(w in {"you", "u", "they", "he", "she"} for w in left_of_verb[-2:])
        if subject_bad:
            continue
        modal = set(left_of_verb) & (MODALS - {"ever"})
        if negated and not modal:
            return "no", span
        if negated and modal & {"ca", "can"} and vword in SEND_PAST:
            continue
        if vword in SEND_PAST and not modal and not negated:
            if vword == "did" and ctx.get(verb + 1) in {"i", "you"}:
                continue  # "did I send ..." / "did you send ..." question
            if vword in {"left"} and not has_noun:
                continue
            return "yes", span
        # "I did send a thank you"
        if ctx.get(verb - 1) == "did" and not negated and not modal and \
                ctx.get(verb - 2) in {"i", "we", "already"}:
            return "yes", span
        # "Should I have sent a thank you note? I didn't."
        if modal and _elliptical_denial_after(ctx, end):
            return "no", span
    for start, end in verb_spans:
        word = ctx.low[start]
        span = ctx.char_span(start, end)
        left = ctx.words(ctx.clause_left(start))
        if any(w in {"you", "u", "they", "he", "she"} for w in left[-2:]):
            continue
        negated = ctx.negated_before(start, 4)
        modal = set(left) & (MODALS - {"ever"})
        if word == "thanked":
            if negated and not modal:
                return "no", span
            if not negated and not modal:
                return "yes", span
        elif word == "thank":
            if left[-1:] == ["to"] and len(left) > 1 and left[-2] in {"forgot", "forget",
                                                                       "neglected"}:
                return "no", span
            if negated and not modal and (left[-2:-1] in (["did"], ["do"]) or
                                          "never" in left[-3:]):
                return "no", span
    return None


# ----------------------------------------------------------------------- draft fields


def _value_tokens(ctx: _Ctx, start: int, stops: FrozenSet[str], limit: int) -> Tuple[int, int]:
    end = start
    while end < ctx.n and end - start < limit:
        word = ctx.low[end]
        if word in stops or "\n" in ctx.doc[end].text:
            break
        if word == "," and ctx.get(end + 1) in {"please", "pls", "thanks", "thx", "not"}:
            break
        end += 1
    # strip trailing punctuation / fillers
    while end > start and (ctx.low[end - 1] in {",", "-", "'s", "instead", "now", "then",
                                                 "too", "please", "pls", "there", "ok",
                                                 "okay"} or ctx.doc[end - 1].is_punct):
        if ctx.low[end - 1] == "'s" and end - 1 > start:
            break
        end -= 1
    return start, end


def _name_value(ctx: _Ctx, start: int) -> Optional[Tuple[int, int]]:
    if start >= ctx.n:
        return None
    first = ctx.low[start]
    if first in NAME_REJECT or not (ctx.doc[start].is_alpha or first.rstrip(".") in NAME_TITLES or
                                    "'" in first or "-" in first):
        return None
    end = start
    while end < ctx.n and end - start < 5:
        word = ctx.low[end]
        tok = ctx.doc[end]
        if word == "." and end > start and ctx.low[end - 1] in NAME_TITLES:
            end += 1
            continue
        if word in NAME_STOPS:
            break
        if word == "-" and end > start and end + 1 < ctx.n and ctx.doc[end + 1].is_alpha and \
                not ctx.doc[end].whitespace_:
            end += 1
            continue
        if not (tok.is_alpha or "'" in word or (word.rstrip(".") in NAME_TITLES)):
            break
        end += 1
    if end == start:
        return None
    return start, end


def _field_of(word: str) -> Optional[str]:
    if word in NAME_FIELD_NOUNS:
        return "recipient_name"
    if word in COMPANY_FIELD_NOUNS:
        return "company_role"
    if word in MOMENT_FIELD_NOUNS:
        return "shared_moment"
    return None


def _capitalised(ctx: _Ctx, i: int) -> bool:
    return ctx.original(i, i + 1)[:1].isupper()


def _company_value(
    ctx: _Ctx, start: int, need_role_noun: bool = False
) -> Optional[Tuple[int, int, Optional[int]]]:
    """Company/role text from ``start``: "senior designer at Acme", "Shopify".

    Returns ``(start, end, drop)`` token indices; ``drop`` is a role noun inside the
    value to leave out ("senior analyst role at KPMG" -> "senior analyst at KPMG").
    """
    while start < ctx.n and ctx.low[start] in DETERMINERS | {"for", "actually"}:
        start += 1
    rs, re_ = _value_tokens(ctx, start, VALUE_STOPS | COMPANY_STOPS, 10)
    if re_ <= rs:
        return None
    words = ctx.low[rs:re_]
    if need_role_noun and not any(w in ROLE_NOUNS for w in words[1:]):
        return None  # "it's the job I really want" names no role
    # "data analyst role" -> "data analyst"; "senior analyst role at KPMG" keeps "at KPMG"
    role_idx = next((k for k in range(rs + 1, re_) if ctx.low[k] in ROLE_NOUNS and
                     (k == re_ - 1 or ctx.low[k + 1] in {"at", "with", "for", "@"})), None)
    if role_idx is not None and role_idx == re_ - 1:
        re_ -= 1
    if re_ <= rs:
        return None
    drop = role_idx if role_idx is not None and role_idx < re_ - 1 else None
    return rs, re_, drop


def _moment_value(ctx: _Ctx, after: int, verb_lemma: str) -> Optional[Tuple[int, int]]:
    """Shared-moment text after a moment anchor ending at ``after``."""
    j = after
    connector = ctx.get(j)
    if connector in {"we", "i"} and ctx.get(j + 1) in {"shared", "had"}:
        j += 2
        connector = ctx.get(j)
    if connector in {"should", "is", "was", "'s", "s"}:
        k = j + 1
        if ctx.get(k) == "be":
            k += 1
        if ctx.get(k) in {"actually", "now"}:
            k += 1
        vstart = k
    elif connector in {"about", "of", "from"}:
        # "use the moment about X (instead)" -> X ; "change the moment about X to Y" -> Y
        to_idx = next((k for k in range(j + 2, ctx.n) if ctx.low[k] in {"to", "with"} and
                       ctx.clause[k] == ctx.clause[j]), None)
        vstart = (to_idx + 1) if to_idx is not None and verb_lemma != "use" else j + 1
    elif connector in {"when", "where"}:
        to_idx = next((k for k in range(j + 2, ctx.n) if ctx.low[k] == "to" and
                       ctx.clause[k] == ctx.clause[j] and ctx.get(k + 1) in
                       {"the", "our", "when", "where", "that", "how"}), None)
        vstart = (to_idx + 1) if to_idx is not None and verb_lemma != "use" else j
    elif connector in {"to", "with", "as", "into"}:
        vstart = j + 1
    elif verb_lemma in {"use", "mention"} and connector and connector not in VALUE_STOPS:
        vstart = j
    else:
        return None
    rs, re_ = _value_tokens(ctx, vstart, VALUE_STOPS, 14)
    if re_ <= rs:
        return None
    return rs, re_


def _recipient_value(ctx: _Ctx, start: int, allow_group: bool,
                     need_capital: bool) -> Optional[Tuple[int, int]]:
    """A person's name (or, for "recipient", a group like "the HR team")."""
    if ctx.get(start) in {"dear", "hi", "hello", "hey"}:
        start += 1  # "change the greeting to Dear Omar"
    if start < ctx.n and allow_group and ctx.low[start] in DETERMINERS:
        rs, re_ = _value_tokens(ctx, start + 1, VALUE_STOPS | _fs(", and but not"), 5)
        return (rs, re_) if re_ > rs else None
    rng = _name_value(ctx, start)
    if rng is None:
        return None
    if need_capital and not _capitalised(ctx, rng[0]):
        return None
    return rng


def _field_values(ctx: _Ctx, matches: Sequence[Tuple[int, int, int]]) -> List[Dict[str, Any]]:
    """recipient_name / company_role / shared_moment values for draft corrections."""
    strings = ctx.doc.vocab.strings
    labels = {strings[name]: name for name in (
        "FIELD_SET", "FIELD_IS", "FIELD_REVERSE", "RECIPIENT_TO", "PERSON_IS", "NAME_FIX",
        "IT_WAS_ROLE", "MOMENT_USE")}
    best: Dict[Tuple[str, int], int] = {}
    for m, s, e in matches:
        if m in labels:
            key = (labels[m], s)
            best[key] = max(best.get(key, -1), e)
    anchors = sorted(best.items(), key=lambda kv: (kv[0][1], -kv[1]))

    found: List[Tuple[str, Tuple[int, int], Optional[int], Optional[str]]] = []
    for (label, s), e in anchors:
        words = ctx.low[s:e]
        kind = "company" if set(words) & COMPANY_ONLY_NOUNS else (
            "role" if set(words) & ROLE_NOUNS else None)
        entity: Optional[str] = None
        rng: Optional[Tuple[int, ...]] = None  # (start, end) or (start, end, drop)
        if label == "FIELD_SET":
            noun = next((w for w in reversed(words) if _field_of(w)), None)
            if noun is None or (noun == "name" and "company" in words) or (
                noun == "name" and any(w in {"job", "role"} for w in words)
            ):
                noun = "company" if "company" in words else noun
            entity = _field_of(noun or "")
            verb_lemma = ctx.lem[s]
            after = e
            if entity == "shared_moment":
                rng = _moment_value(ctx, after, verb_lemma)
            else:
                # "make the name Priya", "change the company name to Shopify"
                if ctx.get(after) in {"to", "as", "into", "with", "from"}:
                    after += 1
                if entity == "recipient_name":
                    if ctx.get(after - 1) == "from":
                        continue
                    rng = _recipient_value(ctx, after, allow_group=noun != "name",
                                           need_capital=False)
                elif entity == "company_role":
                    rng = _company_value(ctx, after)
        elif label == "FIELD_IS":
            noun = next((w for w in words if _field_of(w)), "")
            if words[0] in {"name", "recipient"} or noun in {"name", "recipient"}:
                noun = "name" if "name" in words else noun
            entity = _field_of(noun)
            prev = ctx.get(s - 1)
            if entity == "recipient_name" and prev in {"my", "your", "what", "what's", "whats",
                                                       "company", "job", "role", "file", "user",
                                                       "product", "team", "domain"}:
                continue
            if entity == "company_role" and (
                ctx.low[s + 1] in {"'s", "s"} or prev in {"a", "this", "that", "every", "each",
                                                          "any", "which", "what", "whose"}
                or any(w in {"'s", "s"} for w in words[1:2])
            ):
                continue
            if entity == "company_role" and words[-1] in {"'s", "s"}:
                continue
            if entity == "shared_moment":
                rng = _moment_value(ctx, s + 1, "")
            elif entity == "recipient_name":
                rng = _recipient_value(ctx, e, allow_group=noun == "recipient",
                                       need_capital=False)
            elif entity == "company_role":
                if prev not in {"the", "my", "", ".", ",", "actually", "oops", "and", "but",
                                "so", "ok", "okay", "no", "sorry", "wait", "oh"} and \
                        ctx.clause[s - 1] == ctx.clause[s]:
                    continue
                rng = _company_value(ctx, e)
        elif label == "FIELD_REVERSE":
            noun = next((w for w in reversed(words) if _field_of(w)), "")
            entity = _field_of(noun)
            if entity is None or s == 0:
                continue
            # value: from after the verb ("put", "use", "swap in") or clause start to here
            end_v = s - 1 if words[0] == "be" and ctx.get(s - 1) in {"should", "could",
                                                                    "will", "can"} else s
            left = [j for j in ctx.clause_left(s) if j < end_v]
            if not left:
                continue
            vs = left[0]
            for j in left:
                if ctx.lem[j] in FIELD_SET_VERBS | {"swap"}:
                    vs = j + 1
            while vs < end_v and ctx.low[vs] in {"in", "the"} and entity != "shared_moment":
                vs += 1
            if ctx.low[vs:end_v][:1] == ["in"]:
                vs += 1
            if end_v - vs <= 0 or end_v - vs > 10:
                continue
            rng = (vs, end_v)
            if entity == "recipient_name" and not any(_capitalised(ctx, j) for j in range(vs, end_v)):
                continue
        elif label == "RECIPIENT_TO":
            entity = "recipient_name"
            if words[0] in {"up", "in"} and ctx.get(s - 1) not in {"follow", "check", "-"}:
                continue
            rng = _recipient_value(ctx, e, allow_group=False, need_capital=True)
        elif label == "PERSON_IS":
            entity = "recipient_name"
            if ctx.low[s + 1] in {"'s", "s"} and not _capitalised(ctx, min(e, ctx.n - 1)):
                continue
            rng = _recipient_value(ctx, e, allow_group=False, need_capital=True)
        elif label == "NAME_FIX":
            entity = "recipient_name"
            rng = _recipient_value(ctx, e, allow_group=False, need_capital=False)
        elif label == "IT_WAS_ROLE":
            entity = "company_role"
            rng = _company_value(ctx, e, need_role_noun=True)
        elif label == "MOMENT_USE":
            entity = "shared_moment"
            rng = _moment_value(ctx, e, "use")
        if entity is None or rng is None:
            continue
        found.append((entity, (rng[0], rng[1]), rng[2] if len(rng) > 2 else None, kind))

    out: List[Dict[str, Any]] = []
    seen_spans: List[Tuple[int, int]] = []
    seen_entities: set = set()
    kinds: List[Optional[str]] = []
    for entity, (rs, re_), drop, kind in found:
        if entity in seen_entities and entity != "company_role":
            continue
        if any(not (re_ <= a or rs >= b) for a, b in seen_spans):
            continue
        char = ctx.char_span(rs, re_)
        value = ctx.text[char[0]:char[1]]
        if drop is not None:  # "senior analyst role at KPMG" -> "senior analyst at KPMG"
            d0, d1 = ctx.char_span(drop, drop + 1)
            value = (ctx.text[char[0]:d0].rstrip() + " " + ctx.text[d1:char[1]].lstrip()).strip()
        stripped = value.rstrip(" .,;:!?")
        if entity == "recipient_name" and value.endswith(".") and \
                value[:-1].lower().split()[-1:] and value[:-1].lower().split()[-1] in NAME_TITLES:
            stripped = value  # a lone title keeps its period ("Dr.")
        if drop is None:
            char = (char[0], char[0] + len(stripped))
        value = stripped.strip()
        if not value or value.lower() in {"it", "this", "that", "them", "one"}:
            continue
        seen_spans.append((rs, re_))
        seen_entities.add(entity)
        out.append(_entity(entity, value, char))
        kinds.append(kind if entity == "company_role" else None)
    return _merge_role_and_company(out, kinds)


def _merge_role_and_company(
    entities: List[Dict[str, Any]], kinds: List[Optional[str]]
) -> List[Dict[str, Any]]:
    """"change the role to X and the company to Y" -> one ``company_role`` "X at Y".

    The draft has a single company/role slot (Rasa keeps only the last entity of a type
    for a text slot), so a role and a company given together are combined.
    """
    roles = [i for i, k in enumerate(kinds) if k == "role"]
    companies = [i for i, k in enumerate(kinds) if k == "company"]
    if len(roles) != 1 or len(companies) != 1:
        return entities
    role, company = entities[roles[0]], entities[companies[0]]
    merged = _entity(
        "company_role",
        f"{role['value']} at {company['value']}",
        (min(role["start"], company["start"]), max(role["end"], company["end"])),
    )
    keep = [e for i, e in enumerate(entities) if i not in (roles[0], companies[0])]
    return keep + [merged]


# ----------------------------------------------------------------------- main


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

    # ---- durations: wait vs deadline ----------------------------------------------
    occupied: List[Tuple[int, int]] = []
    durations = _spans(matches, doc, "DURATION")
    relative = _spans(matches, doc, "RELATIVE")
    dates = _spans(matches, doc, "DATE")
    deadline_found = False
    for start, end in durations:
        qs, qe = _extend_qualifier(ctx, start, end)
        kind = _duration_kind(ctx, qs, qe)
        if kind == "wait":
            days = _dur.parse_duration(" ".join(ctx.low[qs:qe]), today)
            if days is not None:
                entities.append(_entity("wait_days", days, ctx.char_span(qs, qe)))
                occupied.append((qs, qe))
        elif kind == "deadline" and not deadline_found:
            value = _deadline_value_from_duration(ctx, start, end)
            if value is not None and not _bluff_in_message(ctx):
                p1 = ctx.get(qs - 1)
                s = qs - 1 if p1 in {"in", "within"} else qs
                entities.append(_entity("offer_deadline", value, ctx.char_span(s, qe)))
                deadline_found = True
                occupied.append((s, qe))

    def free(s: int, e: int) -> bool:
        return all(e <= os_ or s >= oe for os_, oe in occupied)

    # ---- "they said two weeks and it's been three", "it's day 8", "on the 3rd ... now the 20th"
    if not any(e["entity"] == "wait_days" for e in entities):
        extra = _bare_number_waits(ctx, today, durations)
        for value, (s, e) in extra[:1]:
            if free(s, e):
                entities.append(_entity("wait_days", value, ctx.char_span(s, e)))
                occupied.append((s, e))

    # ---- relative points in time ("since Tuesday", "last week") --------------------
    for start, end in relative:
        if not free(start, end):
            continue
        words = ctx.low[start:end]
        clause = ctx.clause_tokens(start)
        prev = ctx.get(start - 1)
        if prev in {"by", "before", "until", "till", "til", "next", "this", "every"}:
            continue  # a deadline or a future/habitual time, not a past event
        if words[0] == "since":
            left = ctx.clause_left(start)
            if any(ctx.lem[j] == "offer" for j in left) and not _negative_hearing(ctx, clause):
                continue
            if any(ctx.low[j] in {"will", "'ll"} for j in left):
                continue
        else:
            if words[0] in DAYS_OF_WEEK and prev not in {"on", "last"} and \
                    not _past_event_context(ctx, clause):
                continue
            if not _past_event_context(ctx, ctx.clause_tokens(start)):
                # "my interview was last week" / "I interviewed on Monday" only
                continue
        days = _dur.parse_relative_day(" ".join(words), today)
        if days is None:
            continue
        entities.append(_entity("wait_days", days, ctx.char_span(start, end)))
        occupied.append((start, end))

    # ---- deadline dates ("by Friday", "expires tomorrow") --------------------------
    if not deadline_found and not _bluff_in_message(ctx):
        for start, end in dates:
            if not free(start, end):
                continue
            clause = ctx.clause_tokens(start)
            left = ctx.clause_left(start)
            prev = ctx.get(start - 1)
            if prev in {"since", "last", "ago"} or ctx.get(end) == "ago":
                continue
            if _hear_back_promise(ctx, clause):
                continue
            if _past_event_context(ctx, clause) and not _deadline_cue(ctx, clause, near=start):
                continue
            strong_prep = prev in {"by", "before", "until", "till", "til", "through", "thru"} or \
                (prev == "than" and ctx.get(start - 2) == "later")
            cue = _deadline_cue(ctx, clause, near=start) or (strong_prep and _deadline_cue(
                ctx, ctx.sentence_tokens(start), near=start))
            if not cue:
                continue
            if not strong_prep and prev not in {"is", "'s", "on", "expires", "expire", "due",
                                                "deadline", "of", "be", "was", "for", "until",
                                                ":"} and not any(
                ctx.lem[j] in DEADLINE_WORDS | DEADLINE_VERBS | {"answer", "know", "decision"}
                for j in left[-4:]
            ):
                continue
            value = _date_value(ctx.low[start:end])
            if value is None:
                continue
            entities.append(_entity("offer_deadline", value, ctx.char_span(start, end)))
            occupied.append((start, end))
            break

    # ---- competing offer -------------------------------------------------------
    offer_idx = sorted({s for (m, s, e) in matches if m == doc.vocab.strings["OFFER"]})
    if offer_idx:
        span = _competing_offer(ctx, offer_idx)
        if span is not None:
            entities.append(_entity("competing_offer", "yes", ctx.char_span(*span)))

    # ---- thank-you note -----------------------------------------------------------
    tnoun = _spans(matches, doc, "THANK_NOUN")
    tverb = _spans(matches, doc, "THANK_VERB")
    if tnoun or tverb:
        result = _thank_you_sent(ctx, tnoun, tverb)
        if result is not None:
            entities.append(_entity("thank_you_sent", result[0], result[1]))

    # ---- draft fields -------------------------------------------------------------
    entities.extend(_field_values(ctx, matches))

    entities.sort(key=lambda e: (e["start"], e["entity"]))
    return entities
