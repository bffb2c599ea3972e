"""Writing the follow-up email from ``knowledge/email_draft.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from actions.salutation import addressee
from ask_amy import knowledge

NO_MOMENT = "none"
_DETERMINERS = {"the", "a", "an", "my", "your", "their", "our", "this", "that", "his", "her"}
_ROLE_NOUNS = {"role", "position", "job", "opening", "post", "vacancy", "opportunity", "internship"}
_CLAUSE_STARTS = {
    "we", "we're", "we'd", "i", "i'm", "she", "she's", "he", "he's", "they", "they're", "you", "it"
}


@dataclass(frozen=True)
class DraftDetails:
    """What the email is built from."""

    name: str
    role: str
    moment: Optional[str] = None
    deadline: Optional[str] = None
    has_offer: bool = False
    sender: Optional[str] = None


def load_template() -> Dict[str, Any]:
    """Return the email template (``knowledge/email_draft.yml``, read once)."""
    return knowledge.load("email_draft")


def render(details: DraftDetails, variant: int = 0, template: Optional[Dict[str, Any]] = None) -> str:
    """Return the email text. ``variant`` picks among the template's openings and closings.

    The deadline paragraph appears only when the person holds a real competing offer
    with a deadline; the moment line only when they gave one.
    """
    t = template or load_template()
    values = {
        "name": details.name.strip(),
        "addressee": addressee(details.name),
        "role": with_article(details.role),
        "moment": (details.moment or "").strip(),
        "deadline": (details.deadline or "").strip(),
        "sender": (details.sender or "").strip(),
    }
    opening = [t["openings"][variant % len(t["openings"])]]
    if has_moment(details):
        first_word = values["moment"].split()[0].lower()
        if first_word in _CLAUSE_STARTS and first_word != "i" and values["moment"][:1].isupper():
            values["moment"] = values["moment"][:1].lower() + values["moment"][1:]  # "how we both ..."
        opening.append(t["moment_clause"] if first_word in _CLAUSE_STARTS else t["moment"])
    interest = [t["interest"]]
    if details.has_offer and values["deadline"]:
        interest.append(t["deadline"])
    closing = t["closings"][variant % len(t["closings"])]
    paragraphs = [
        "Subject: " + t["subject"],
        t["greeting"],
        " ".join(opening),
        " ".join(interest),
        t["update"] + " " + t["feedback"],
        closing + "\n" + ("{sender}" if values["sender"] else t["signature"]),
    ]
    return "\n\n".join(p.strip().format(**values) for p in paragraphs)


def with_article(role: str) -> str:
    """Return the role as it reads in a sentence.

    "RN position on the cardiac unit" gets "the"; a bare title gets "the" and "role" too:
    "data analyst" reads "the data analyst role", "line cook at Harbour Grill" reads "the line
    cook role at Harbour Grill".
    """
    role = role.strip()
    words = role.lower().split()
    if not words or words[0] in _DETERMINERS:
        return role
    if _ROLE_NOUNS & set(words):
        return "the " + role
    title, at, place = role.partition(" at ")
    return " ".join(["the", title.strip(), "role"] + (["at", place.strip()] if at else [])).replace("  ", " ")


def has_moment(details: DraftDetails) -> bool:
    """Tell whether the draft recalls a shared moment (the person gave one and didn't skip it)."""
    moment = (details.moment or "").strip()
    return bool(moment) and moment.lower() != NO_MOMENT
