"""The role named in a request for the draft: "write an email to Sam about the welder position at Kline".

Fields typed like a form ("Recipient: Carol Brandt. Role: night auditor.") are read by
``labelled_fields``.

A draft request often says which job it is about. ``role_in_request`` reads it as the draft's
``company_role``, so the email form does not ask again (docs/DESIGN.md).
Only in a message that asks for the email, and only a phrase that ends in a role noun.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from ask_amy.nlu.facts.clauses import found

_DRAFT_REQUEST = re.compile(
    r"\b(?:write|draft|compose|writing|drafting|composing|help\s+me\s+(?:write|with))\b[^.?!]*"
    r"\b(?:e-?mail|note|message|letter|follow[- ]?up)\b"
    r"|\bneed\s+an?\s+(?:follow[- ]?up\s+)?(?:e-?mail|note|letter)\b|^\W*draft\s+request\b"
    r"|\b(?:help\s+me\s+write|write)\s+(?:it|one|this)\b"
    r"|\b(?:e-?mail|follow[- ]?up)\s+draft\b|\b(?:e-?mail|follow[- ]?up|note)\b[^.?!]{0,20}\bdrafted\b"
    r"|\bneed\s+(?:a|the)\s+follow[- ]?up\s+(?:e-?mail|note|message)\b",
    re.IGNORECASE,
)
_COMPANY = r"(?:\s+(?:at|with)\s+(?:the\s+)?[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3})?"
ROLE_IN_REQUEST = re.compile(
    r"\b(?:for|about|regarding|concerning|re:?)\s+((?:the|my|an?)\s+(?:[\w'/-]+\s+){1,4}?"
    r"(?:role|position|job|opening|internship|post|vacancy)" + _COMPANY + r")(?=[\s,.;!?]|$)",
    re.IGNORECASE,
)


# "Recipient: Carol Brandt. Role: night auditor." typed like a form
LABELLED = re.compile(r"\b(recipient|to|role|position|job|company|employer)\s*:\s*"
                      r"((?:(?:mr|mrs|ms|dr|prof)\.\s+)?[^.;\n]{1,60}?)\s*(?=[.;\n]|\s+\d\)|$)",
                      re.IGNORECASE)
_LABEL_ENTITY = {"recipient": "recipient_name", "to": "recipient_name", "role": "company_role",
                 "position": "company_role", "job": "company_role",
                 "company": "company", "employer": "company"}


# "It's to Mr. Okonkwo about ...": the recipient named in the request, title and name capitalised
RECIPIENT_IN_REQUEST = re.compile(
    r"(?:\b(?i:it's|it\s+is|it\s+goes|send\s+it|address\s+it|email|e-mail|follow[- ]?up|note|letter)"
    r"(?i:\s+for\s+me)?\s+(?i:to)"
    r"|(?:^|[.!]\s+)(?i:to)|\b(?i:to)\s+(?i:the|my|our)\s+[\w ]{1,25},)\s+"
    r"((?:(?i:mr|mrs|ms|dr|miss|mx|prof|pastor|chef|coach)\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
# "It goes to Dr. Helen Park, about ...", "it's for Albert Finch": who it goes to, said outright
_NAMES_THE_RECIPIENT = re.compile(
    r"\b(?i:it\s+goes\s+to|it\s+should\s+go\s+to|it's\s+for|it\s+is\s+for|send\s+it\s+to|address\s+it\s+to)\s+"
    r"((?:(?i:mr|mrs|ms|dr|miss|mx|prof|pastor|chef|coach)\.?\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)")
# "at Ledgerly, product analyst role" and "bookseller job at Finch & Quill Books"
_COMPANY_NAME = r"[A-Z][\w&'.-]*(?:\s+(?:[A-Z&][\w&'.-]*|of|and))*"
_ROLE_AT = re.compile(r"\b((?:[\w-]+\s+){1,3}(?:job|role|position))\s+at\s+(" + _COMPANY_NAME + r")")
_AT_ROLE = re.compile(r"\bat\s+(" + _COMPANY_NAME + r"),\s+((?:[\w-]+\s+){0,3}(?:role|position|job))\b")


def labelled_fields(text: str) -> List[Dict[str, Any]]:
    """Return the draft's fields typed as "Recipient: ..." and "Role: ..." in a draft request."""
    told = _NAMES_THE_RECIPIENT.search(text)
    if not _DRAFT_REQUEST.search(text):
        return [found("recipient_name", told.group(1), told, 1)] + _roles(text) if told else []
    out: List[Dict[str, Any]] = []
    named = RECIPIENT_IN_REQUEST.search(text)
    if named is not None and not LABELLED.search(text):
        out.append(found("recipient_name", named.group(1), named, 1))
    for match in LABELLED.finditer(text):
        out.append(found(_LABEL_ENTITY[match.group(1).lower()], match.group(2).strip(), match, 2))
    if not any(f["entity"] in ("company_role", "company") for f in out):
        out += _roles(text)
    return _with_company(out)


def _roles(text: str) -> List[Dict[str, Any]]:
    """Return the role said with its company: "bookseller job at Finch & Quill", "at Ledgerly, a role"."""
    match = _ROLE_AT.search(text)
    if match:
        return [found("company_role", f"the {_bare(match.group(1))} at {_company(match.group(2))}", match, 1)]
    match = _AT_ROLE.search(text)
    if match:
        return [found("company_role", f"the {_bare(match.group(2))} at {_company(match.group(1))}", match, 1)]
    return []


_LEADING = re.compile(r"^(?:(?:for|about|regarding|the|a|an|my)\s+)+", re.IGNORECASE)


def _bare(role: str) -> str:
    """Return the role without the words before it: "for the sommelier position" -> "sommelier position"."""
    return _LEADING.sub("", role.strip())


def _company(name: str) -> str:
    """Return the company's name without the next sentence: "Ridgeway Freight. Can" -> "Ridgeway Freight"."""
    return re.split(r"\.\s", name)[0].rstrip(".")


def _with_company(fields: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Join "Role: X" and "Company: Y" into the one ``company_role`` "X at Y"."""
    companies = [f for f in fields if f["entity"] == "company"]
    rest = [f for f in fields if f["entity"] != "company"]
    if companies:
        roles = [f for f in rest if f["entity"] == "company_role"]
        if roles:
            roles[0]["value"] = f"{roles[0]['value']} at {companies[0]['value']}"
        else:
            rest.append({**companies[0], "entity": "company_role"})
    return rest


# "re: VP Operations at Tessaline Foods"
_RE_ROLE = re.compile(r"\bre:\s*([^.;\n]{2,60}?)\s*(?=[.;\n]|$)", re.IGNORECASE)


def role_in_request(text: str) -> Optional[Dict[str, Any]]:
    """Return the ``company_role`` entity a draft request names, or None."""
    if not _DRAFT_REQUEST.search(text):
        return None
    match = ROLE_IN_REQUEST.search(text) or _RE_ROLE.search(text)
    if match is None:
        return None
    # "for a bookkeeper job" reads "the bookkeeper job"
    value = re.sub(r"^an?\s+", "the ", match.group(1), flags=re.IGNORECASE).rstrip(".")
    return found("company_role", value, match, 1)
