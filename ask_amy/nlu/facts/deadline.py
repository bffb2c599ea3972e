"""The offer deadline: ``offer_deadline``, by when the person must answer an offer.

From a duration ("I have 3 days to decide" -> "in 3 days", classified in
:mod:`ask_amy.nlu.facts.wait`) or from a date phrase next to deadline talk ("they need an
answer by Friday", "the offer expires end of day tomorrow"), normalised by
:func:`_date_value`.  Nothing is taken from a message about a bluffed offer.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from ask_amy.nlu.facts.context import DAYS_OF_WEEK, Found, Span, _Ctx, _entity, _free
from ask_amy.nlu.facts.cues import (
    DEADLINE_VERBS,
    DEADLINE_WORDS,
    _bluff_in_message,
    _deadline_cue,
    _hear_back_promise,
    _past_event_context,
)
from ask_amy.nlu.time import durations as _dur

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def _deadline_value_from_duration(ctx: _Ctx, start: int, end: int) -> Optional[str]:
    parts = _dur.parse_duration_parts(" ".join(ctx.low[start:end]))
    if parts is None:
        return None
    return "in " + _dur.format_duration(parts.amount, parts.unit)


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


def deadline_from_duration(ctx: _Ctx, start: int, end: int, qs: int, qe: int) -> Optional[Found]:
    """Return the ``offer_deadline`` of a duration classified as a deadline.

    ``start``/``end`` is the matched duration, ``qs``/``qe`` the same span grown over its
    qualifier; a leading "in"/"within" joins the entity's span.
    """
    value = _deadline_value_from_duration(ctx, start, end)
    if value is None or _bluff_in_message(ctx):
        return None
    p1 = ctx.get(qs - 1)
    s = qs - 1 if p1 in {"in", "within"} else qs
    return _entity("offer_deadline", value, ctx.char_span(s, qe)), (s, qe)


def deadline_from_dates(
    ctx: _Ctx, dates: Sequence[Span], occupied: Sequence[Span]
) -> Optional[Found]:
    """Return the first date span that is a deadline ("by Friday", "expires tomorrow")."""
    if _bluff_in_message(ctx):
        return None
    for start, end in dates:
        if not _free(occupied, start, end):
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
        return _entity("offer_deadline", value, ctx.char_span(start, end)), (start, end)
    return None
