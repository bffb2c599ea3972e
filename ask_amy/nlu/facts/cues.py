"""Cues more than one fact reads: deadline talk, hearing back, past events, bluffing.

* :func:`_deadline_cue` - the tokens talk about *my* answer deadline ("decide by", "the
  offer expires"); the wait and the offer deadline both ask it.
* :func:`_hear_back_promise` / :func:`_negative_hearing` - the employer will get back to
  me / I have heard nothing ("haven't heard", "ghosted").
* :func:`_past_event_context` - the clause reports a past interview or application.
* :func:`_bluff_in_message` - the message is about a made-up or hypothetical offer,
  so neither a competing offer nor its deadline is taken from it.
"""

from __future__ import annotations

from typing import Optional, Sequence

from ask_amy.nlu.facts.context import ADVERBS, COMPANY_NOUNS, NEGATIONS, _Ctx, _fs

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


def _wants_hear_back(ctx: _Ctx, j: int) -> bool:
    """"they want to hear back (from me) by Friday": the employer waits for *my* answer."""
    return ctx.lem[j] == "hear" and ctx.get(j - 1) == "to" and ctx.lem[max(j - 2, 0)] in {
        "want", "need", "expect", "like"
    }


def _deadline_cue(ctx: _Ctx, idx: Sequence[int], near: Optional[int] = None) -> bool:
    """Tell whether the tokens ``idx`` talk about *my* decision/answer deadline.

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
