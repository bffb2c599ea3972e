"""Writing the follow-up email from ``knowledge/email_draft.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from actions.salutation import addressee
from ask_amy import knowledge

NO_MOMENT = "none"
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
        "role": details.role.strip(),
        "moment": (details.moment or "").strip(),
        "deadline": (details.deadline or "").strip(),
    }
    opening = [t["openings"][variant % len(t["openings"])]]
    if values["moment"] and values["moment"].lower() != NO_MOMENT:
        first_word = values["moment"].split()[0].lower()
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
        closing + "\n" + t["signature"],
    ]
    return "\n\n".join(p.strip().format(**values) for p in paragraphs)
