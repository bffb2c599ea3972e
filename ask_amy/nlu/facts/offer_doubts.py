"""When a mention of an offer is not an offer the person holds: denied, hypothetical or only claimed.

Used by :mod:`ask_amy.nlu.facts.offer` ("I don't actually have one", "if I get an offer", "should I
say I have an offer?").
"""

from __future__ import annotations

from ask_amy.nlu.facts.context import MODALS, _Ctx
from ask_amy.nlu.facts.offer_words import EMBED_STOPS, POSSESSION_VERBS


def _negated_offer_anywhere(ctx: _Ctx) -> bool:
    """Find a clause that denies having an offer ("I don't actually have one")."""
    for j in range(ctx.n):
        if ctx.lem[j] in POSSESSION_VERBS | {"be"} and ctx.negated_before(j, 3):
            nxt = ctx.words(range(j + 1, min(ctx.n, j + 5)))
            if ctx.lem[j] == "be" and (not nxt or nxt[0] not in {"offered", "given"}):
                continue
            if any(w in {"one", "any", "offer", "offers", "another", "it"} for w in nxt):
                if ctx.clause[j] == ctx.clause[min(ctx.n - 1, j + 1)]:
                    return True
    return False


def _hypothetical(ctx: _Ctx, verb: int, infinitive: bool = True) -> bool:
    """Tell whether ``verb`` is under a modal/conditional ("if I get", "I hope I get", "how do I get").

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


def _claimed(ctx: _Ctx, i: int) -> bool:
    """Tell whether the statement at ``i`` is a claim the person is thinking of making.

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
