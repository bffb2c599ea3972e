"""The competing offer: ``competing_offer`` ("yes") when the person holds another offer.

"Acme offered me a job", "I was offered a position at Google", "I've got another
offer", "there's an offer on the table", "a recruiter called with an offer".  Not when
the offer is denied ("I don't actually have one"), hypothetical ("if I get an offer"),
a claim the person is thinking of making ("should I say I have an offer?"), bluffed
("pretend I have one"), or the one they are waiting for from this employer ("they
offered me the job").
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from ask_amy.nlu.facts.context import ADVERBS, COMPANY_NOUNS, NEGATIONS, _Ctx, _entity
from ask_amy.nlu.facts.cues import DEADLINE_WORDS, _bluff_in_message
from ask_amy.nlu.facts.offer_doubts import _claimed, _hypothetical, _negated_offer_anywhere
from ask_amy.nlu.facts.offer_words import (
    EMBED_STOPS,
    GENERIC_COMPANY_NOUNS,
    JOB_NOUNS,
    OFFER_DETS_DEF,
    OFFER_DETS_INDEF,
    OFFER_MAKE_VERBS,
    OFFER_MODIFIERS,
    OFFER_TYPOS,
    OTHER_COMPANY_WORDS,
    POSSESSION_VERBS,
)


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


def _passive_subject_i(ctx: _Ctx, verb: int) -> bool:
    for j in reversed(ctx.clause_left(verb)):
        word = ctx.low[j]
        if word in {"was", "been", "got", "get", "'ve", "ve", "have", "just", "recently", "also",
                    "finally", "already", "actually", "were", "has", "being", "officially"}:
            continue
        return word in {"i", "we", "ive", "i've"}
    return True


def _offer_giver_ok(ctx: _Ctx, verb: int) -> bool:
    """Tell whether the subject of ``verb`` ("X offered me", "X made me an offer") is another employer.

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


def competing_offer(ctx: _Ctx, matches: Sequence[Tuple[int, int, int]]) -> Optional[Dict[str, Any]]:
    """Return the ``competing_offer`` fact from the ``OFFER`` matches, if one is real."""
    offer_idx = sorted({s for (m, s, e) in matches if m == ctx.doc.vocab.strings["OFFER"]})
    if offer_idx:
        span = _competing_offer(ctx, offer_idx)
        if span is not None:
            return _entity("competing_offer", "yes", ctx.char_span(*span))
    return None
