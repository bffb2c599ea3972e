"""How the email greets its recipient: "Hi Dana," for Dana Lee, "Hi Dr. Lee," for Dr. Dana Lee.

The person gives the name the way they would say it to us ("Dana Lee", "dr lee", "Ms. Okafor",
"the hiring team"). An email to someone met in an interview uses the first name, or, when the
person used a title, the title and the surname, the way they chose to address them.
"""

from __future__ import annotations

import re
from typing import List

# Titles as people type them -> as the greeting writes them (US style, with a full stop).
TITLES = {
    "mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "mx": "Mx.", "miss": "Miss",
    "dr": "Dr.", "doctor": "Dr.", "prof": "Prof.", "professor": "Professor",
    "pastor": "Pastor", "rev": "Rev.", "reverend": "Reverend", "chef": "Chef", "coach": "Coach",
}
# Words that start a surname of several words ("Ms. Ana de la Cruz" -> "Ms. de la Cruz").
SURNAME_PARTICLES = frozenset(
    "van von der den de del della da di du la le dos das bin ben al el ter ten st st.".split()
)
# Letters after a name that are not part of it ("Dr. Lee, PhD", "Martin King Jr.").
SUFFIXES = frozenset("jr sr ii iii iv phd md esq mba dds".split())
# A group or a role rather than a person: greeted as written ("Hi hiring team,").
GROUP_WORDS = frozenset(
    "team manager managers recruiter recruiters committee panel department hr recruiting hiring "
    "talent people everyone all sir madam".split()
)
_LEADING_DETERMINER = re.compile(r"^(?:the|my|our)\s+", re.IGNORECASE)
_INITIAL = re.compile(r"^[^\W\d_]\.?$")


def _bare(word: str) -> str:
    """Return ``word`` without dots or commas, in lower case, to compare with the word lists."""
    return word.strip(".,").lower()


def _capitalised(word: str) -> str:
    """``word`` with a capital first letter when it was typed all in lower case."""
    return word[:1].upper() + word[1:] if word.islower() else word


def _surname(words: List[str]) -> str:
    """Return the surname among the words after a title: from a particle on, else the last word."""
    start = next(
        (i for i, word in enumerate(words[:-1]) if _bare(word) in SURNAME_PARTICLES), len(words) - 1
    )
    return " ".join(w if _bare(w) in SURNAME_PARTICLES else _capitalised(w) for w in words[start:])


def addressee(name: str) -> str:
    """Return how the greeting names the recipient called ``name``.

    - a title and a name: the title and the surname ("dr dana lee" -> "Dr. Lee");
    - a name alone: the first name ("Dana Lee" -> "Dana"), unless it is an initial
      ("J. Smith" stays "J. Smith");
    - a group or a role ("the hiring team"): as written, without "the";
    - credentials and suffixes after the name (", PhD", "Jr.") are left out.

    A name typed in lower case gets its capital letters.
    """
    text = " ".join(name.split()).strip(" ,")
    words = text.split(" ")
    if not text or any(_bare(w) in GROUP_WORDS for w in words):
        return _LEADING_DETERMINER.sub("", text)
    words = [w for w in text.split(",")[0].split(" ") if _bare(w) not in SUFFIXES] or words
    title = TITLES.get(_bare(words[0]))
    if title:
        return f"{title} {_surname(words[1:])}" if len(words) > 1 else text
    if _INITIAL.match(words[0]) and len(words) > 1:
        return " ".join(_capitalised(w) for w in words)
    return _capitalised(words[0])
