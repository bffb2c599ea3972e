"""The wait: ``wait_days``, how many days the person has been waiting to hear back.

Durations the matcher finds ("3 weeks", "almost two weeks", "10days") are classified by
:func:`classify_duration` as a wait, an offer deadline ("I have 3 days to decide") or
neither; a wait's value comes from :mod:`ask_amy.nlu.time.durations`.  Also waits with no unit
next to the number ("they said two weeks and it's been three", "it's day 8", "on the 3rd
... now it's the 20th") and past points in time ("since Tuesday", "my interview was
last week").
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import List, Optional, Sequence, Tuple

from ask_amy.nlu.facts.context import DAYS_OF_WEEK, NUMBER_WORDS, Found, Span, _Ctx, _entity, _free, _fs
from ask_amy.nlu.facts.cues import (
    DEADLINE_VERBS,
    EVENT_WORDS,
    _deadline_cue,
    _hear_back_promise,
    _negative_hearing,
    _past_event_context,
)
from ask_amy.nlu.time import durations as _dur

FUTURE = _fs("will 'll wo would 'd gonna going next tomorrow should supposed soon "
             "expect expecting")
WAIT_AFTER_NOUNS = _fs("interview interviews application call meeting screen screening "
                       "onsite conversation chat round final panel submission applying "
                       "interviewing")
BEEN_ADVERBS = _fs("already now just nearly almost like exactly about around roughly well "
                  "only officially literally basically probably easily at least over "
                  "more than")


def _extend_qualifier(ctx: _Ctx, start: int, end: int) -> Tuple[int, int]:
    """Grow a duration span over a leading qualifier and trailing "or so"/"plus"."""
    best = start
    for size in range(4, 0, -1):
        s = start - size
        if s < 0:
            continue
        phrase = " ".join(ctx.low[s:start])
        if any(phrase == q for q, _ in _dur.QUALIFIERS):
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
    """Find waits without a unit next to the number.

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


def classify_duration(ctx: _Ctx, start: int, end: int) -> Tuple[int, int, Optional[str]]:
    """Grow a duration span over its qualifier; return ``(start, end, kind)``.

    ``kind`` is "wait", "deadline" or ``None`` (the duration is about something else).
    """
    qs, qe = _extend_qualifier(ctx, start, end)
    return qs, qe, _duration_kind(ctx, qs, qe)


def wait_from_duration(ctx: _Ctx, start: int, end: int, today: _dt.date) -> Optional[Found]:
    """Return the ``wait_days`` fact of a duration span classified as a wait."""
    days = _dur.parse_duration(" ".join(ctx.low[start:end]), today)
    if days is None:
        return None
    return _entity("wait_days", days, ctx.char_span(start, end)), (start, end)


def bare_number_wait(
    ctx: _Ctx, today: _dt.date, durations: Sequence[Span], occupied: Sequence[Span]
) -> Optional[Found]:
    """Return the first wait without a unit next to its number, if its tokens are free."""
    extra = _bare_number_waits(ctx, today, durations)
    for value, (s, e) in extra[:1]:
        if _free(occupied, s, e):
            return _entity("wait_days", value, ctx.char_span(s, e)), (s, e)
    return None


def relative_wait(
    ctx: _Ctx, start: int, end: int, today: _dt.date, occupied: Sequence[Span]
) -> Optional[Found]:
    """Return the wait since a past point in time ("since Tuesday", "interview was last week")."""
    if not _free(occupied, start, end):
        return None
    words = ctx.low[start:end]
    clause = ctx.clause_tokens(start)
    prev = ctx.get(start - 1)
    if prev in {"by", "before", "until", "till", "til", "next", "this", "every"}:
        return None  # a deadline or a future/habitual time, not a past event
    if words[0] == "since":
        left = ctx.clause_left(start)
        if any(ctx.lem[j] == "offer" for j in left) and not _negative_hearing(ctx, clause):
            return None
        if any(ctx.low[j] in {"will", "'ll"} for j in left):
            return None
    else:
        if words[0] in DAYS_OF_WEEK and prev not in {"on", "last"} and \
                not _past_event_context(ctx, clause):
            return None
        if not _past_event_context(ctx, ctx.clause_tokens(start)):
            # "my interview was last week" / "I interviewed on Monday" only
            return None
    days = _dur.parse_relative_day(" ".join(words), today)
    if days is None:
        return None
    return _entity("wait_days", days, ctx.char_span(start, end)), (start, end)
