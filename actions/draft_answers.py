"""Reading a whole-sentence answer to the email form's question who the email goes to.

People answer "Who should the email go to?" with more than a name: "it's to marcus webb, the
hiring manager at larkspur museum. the job is exhibit technician", "to the warehouse ops manager,
gary", "principal is mrs. delgado". ``recipient_in`` finds the person's name in such an answer
(capitalised), and ``role_in`` the job when the same answer names it. The form's validation
(``actions/draft_form.py``) uses both; docs/DESIGN.md describes the form.
"""

from __future__ import annotations

import re
from typing import Optional

_FLAGS = re.IGNORECASE | re.VERBOSE
_WORD = r"[^\W\d_][^\W\d_'\-]*(?:-[^\W\d_][^\W\d_'\-]*)?"
_PERSON_ROLE = r"""(?:manager|director|coordinator|principal|recruiter|supervisor|curator|owner|chef|lead|head
                     |dean|partner|president|founder|officer|administrator|contact|person|boss|interviewer)"""
_TITLE = r"(?:mr|mrs|ms|miss|mx|dr|prof|pastor|rev|chef|coach)"
# Words that follow a role or a comma without being a name
_NOT_A_NAME = frozenset("""the a an at for and or but to of in on with about role job position team
    department company hiring manager director interview interviewed who is was i we she he they it
    no specific name named hr here there""".split())

RECIPIENT_PATTERNS = (
    # "mrs. delgado", "dr fenwick"
    re.compile(r"\b(" + _TITLE + r")\.?\s+(" + _WORD + r"(?:\s+" + _WORD + r")?)", _FLAGS),
    # "the hiring manager is carl ostrowski", "manager's called declan", "To: Ada Lindgren"
    re.compile(r"(?:\b(?:" + _PERSON_ROLE + r"|name)(?:'s)?\s+(?:is|was|=|:|called|named)|^\s*to\s*:)\s*("
               + _WORD + r"(?:\s+" + _WORD + r")?)",
               _FLAGS),
    # "the shelter director anne-marie", "the warehouse ops manager, gary"
    re.compile(r"\b" + _PERSON_ROLE + r",?\s+(" + _WORD + r"(?:\s+" + _WORD + r")?)"
               r"\s*(?:[,.;!]|$|(?=\s+(?:at|from|in)\b))", _FLAGS),
    # "it's to marcus webb, the hiring manager"
    re.compile(r"(?:(?:^|\bit'?s\s+|\bits\s+|\bsend\s+it\s+|\bgoes\s+|\bgo\s+)to|\bis\s+for)\s+"
               r"(?!the\b|my\b|a\b|an\b|hr\b)(" + _WORD + r"(?:\s+" + _WORD + r")?)"
               r"\s*(?:[,.;!]|$|(?=\s+(?:at|from|in)\b))", _FLAGS),
    # "Farah Siddiqui, marketing lead at Glowtech": a capitalised name opening the answer
    re.compile(r"^\s*([A-Z][^\W\d_'\-]{1,20}\s+[A-Z][^\W\d_'\-]{1,20}),"),
    # "..., jessica." at the end of a clause after a role
    re.compile(r"\b(?:" + _PERSON_ROLE + r"|hr)\b[^.;]*,\s*(" + _WORD + r")\s*(?:[.;!]|$)", _FLAGS),
)
_GROUP = re.compile(
    r"\b(?:addressed\s+to\s+hr|to\s+hr\b|hr\s+team|hiring\s+team|no\s+(?:specific\s+)?name|hr\s+person"
    r"|don'?t\s+know\s+(?:her|his|their)\s+name)\b", re.IGNORECASE
)
_ROLE = (
    re.compile(r"\bfor\s+the\s+((?:[\w'-]+\s+){1,4}?(?:role|position|job))\s+at\s+([A-Z][\w&'-]*(?:\s+[A-Z&][\w&'-]*)*)"),
    re.compile(r"\b(?:at|[Cc]ompany\s+is)\s+([A-Z][\w&'-]*(?:\s+[A-Z&][\w&'-]*)*),\s+"
               r"((?:[\w'-]+\s+){1,3}(?:role|position|job))\b"),
    re.compile(r"\b(?:job|role|position)(?:\s+(?:is|was)|\s*:)\s+(?:for\s+)?(?:the\s+|a\s+|an\s+)?([^.;,]{2,50}?)\s*(?:[.;,]|$)",
               re.IGNORECASE),
    re.compile(r"\b(?:for|about|regarding|interviewed\s+for)\s+(?:the|a|an)\s+((?:[\w'-]+\s+){0,4}?(?:role|position|job|opening))\b",
               re.IGNORECASE),
    re.compile(r"(?:^|,\s*)((?:[\w'-]+\s+){1,3}(?:role|job|position))\s*(?:[,.;]|$)", re.IGNORECASE),
    re.compile(r"\binterviewed\s+for\s+(?:the\s+)?([\w' -]{3,40}?)\s*(?:[.;,]|$)", re.IGNORECASE),
    re.compile(r"\b(?:interview(?:ed)?\s+(?:was\s+)?for|for\s+the)\s+(?:the\s+|a\s+)?"
               r"([A-Za-z][\w' -]{2,40}?\s+at\s+[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)*)"),
)


# "we both talked about our dogs", "she liked my tote bag": the moment, told in the same answer
_MOMENT = re.compile(
    r"(?:^|[.!;,:]\s*(?:and\s+|also\s+|plus\s+)?|\bmention\s+(?:that\s+)?)((?:we|she|he|they)\s+(?:both\s+|all\s+)?(?:talked|laughed|joked|bonded|discovered"
    r"|found\s+out|like|liked|love|loved|shared|showed|noticed|talk|grew\s+up|went|have|had|hate|cracked)\b[^.!;]{3,150}"
    r"|we\s+(?:both|all)\s+(?!work\b|want\b|need\b)[a-z]+\b[^.!;]{3,150})",
    re.IGNORECASE,
)
_NO_MOMENT = re.compile(
    r"\bskip\s+(?:the\s+)?(?:memorable|memory|moment|that)|\b(?:nothing|no|not\s+really\s+a|didn'?t\s+really\s+have\s+a)\s+"
    r"(?:really\s+)?(?:memorable|special|moment|memory)",
    re.IGNORECASE,
)


def moment_in(answer: str) -> Optional[str]:
    """Return the shared moment an answer tells beside other details, "none" when it skips it, else None."""
    if _NO_MOMENT.search(answer):
        return "none"
    match = _MOMENT.search(answer)
    return match.group(1).strip() if match else None


def moment_start(answer: str) -> Optional[int]:
    """Where a moment told after other details begins ("sales associate. and we laughed ..."), if past 0."""
    match = _MOMENT.search(answer)
    return match.start() if match and match.start() > 0 else None


def _title_case(name: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in name.split("-"))


def recipient_in(answer: str) -> Optional[str]:
    """Return the person's name an answer to "who should it go to?" gives, capitalised, if any.

    A group ("addressed to hr, no specific name") gives "the hiring team".
    """
    for number, pattern in enumerate(RECIPIENT_PATTERNS):
        for match in pattern.finditer(answer):
            if number == 0:
                title, name = match.group(1), match.group(2)
                words = name.split()
                if words[-1].lower() in _NOT_A_NAME:  # "Ms. Patterson in HR"
                    name = words[0]
                if name.lower() in _NOT_A_NAME:
                    continue
                name = " ".join(_title_case(w) for w in name.split())
                return f"{title[:1].upper()}{title[1:].lower()}. {name}".replace("Miss.", "Miss")
            words = [w for w in match.group(1).split() if w.lower() not in _NOT_A_NAME]
            if words and len(words) == len(match.group(1).split()):
                return " ".join(_title_case(w) for w in words)
    if _GROUP.search(answer):
        return "the hiring team"
    return None


def role_in(answer: str) -> Optional[str]:
    """Return the job an answer names beside the person ("the job is exhibit technician"), if any."""
    for pattern in _ROLE:
        match = pattern.search(answer)
        if match and pattern is _ROLE[0]:
            return f"the {match.group(1).strip()} at {match.group(2)}"
        if match and pattern is _ROLE[1]:
            return f"the {match.group(2).strip()} at {match.group(1)}"
        if match:
            role = match.group(1).strip()
            if pattern is _ROLE[3] and not role.lower().startswith(("the ", "my ")):
                return f"the {role}"
            return role
    return None
