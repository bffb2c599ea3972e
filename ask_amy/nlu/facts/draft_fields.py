"""The draft's fields: ``recipient_name``, ``company_role`` and ``shared_moment``.

Corrections to the thank-you/follow-up draft: "change the name to Priya", "her name is
actually Dana", "address it to Ms. Rivera", "make the company Shopify", "actually it
was the senior analyst role at KPMG", "for the moment, use that we both coach little
league".  A role and a company given together become one ``company_role`` ("X at Y").
Values keep the original capitalisation when the original text is passed.
"""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

from ask_amy.nlu.facts.context import _Ctx, _entity, _fs

NAME_TITLES = _fs("mr mrs ms miss dr prof mx sir madam")
VALUE_STOPS = _fs(". ! ? ; please pls plz instead thanks thx thank rather ( ) \" "
                  "because since")
NAME_STOPS = VALUE_STOPS | _fs(", and but not in on at for from with so or the to "
                               "then too as is was instead about regarding re")
NAME_REJECT = _fs("the a an my her his their our your it this that more less shorter "
                  "longer bigger smaller bold formal informal capitalized capitalised "
                  "lowercase uppercase right correct wrong different same blank empty "
                  "field bit part something someone anything nothing")
ROLE_NOUNS = _fs("role position job opening post title gig")
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
    """Find a person's name (or, for "recipient", a group like "the HR team")."""
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


def draft_fields(ctx: _Ctx, matches: Sequence[Tuple[int, int, int]]) -> List[Dict[str, Any]]:
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
