"""The thank-you note: ``thank_you_sent``, "yes" or "no".

"I sent a thank-you note", "a thank you email went out", "I thanked them" -> "yes";
"I didn't send a thank you", "I forgot to send one", "should have sent a thank-you
note" -> "no".  Gratitude ("thank you!"), questions ("did you get my thank you?") and
other people's notes give nothing.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Tuple

from ask_amy.nlu.facts.context import MODALS, _Ctx, _entity, _fs, _spans

THANK_NOUNS = _fs("note notes email emails e-mail mail card cards letter letters message "
                  "messages text dm")
SEND_VERBS = _fs("send write email mail drop shoot fire do follow type pen post leave "
                 "text message dm")
SEND_PAST = _fs("sent wrote written emailed mailed dropped shot fired did done followed "
                "typed penned posted left texted messaged dm'd")


def _elliptical_denial_after(ctx: _Ctx, index: int) -> bool:
    """Find a later sentence that only says "I didn't" / "I haven't" / "I never did"."""
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


def thank_you_note(ctx: _Ctx, matches: Sequence[Tuple[int, int, int]]) -> Optional[Dict[str, Any]]:
    """Return the ``thank_you_sent`` fact from the ``THANK_NOUN``/``THANK_VERB`` matches."""
    tnoun = _spans(matches, ctx.doc, "THANK_NOUN")
    tverb = _spans(matches, ctx.doc, "THANK_VERB")
    if tnoun or tverb:
        result = _thank_you_sent(ctx, tnoun, tverb)
        if result is not None:
            return _entity("thank_you_sent", result[0], result[1])
    return None
