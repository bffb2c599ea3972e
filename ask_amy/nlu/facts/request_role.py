"""The role named in a request for the draft: "write an email to Sam about the welder position at Kline".

A draft request often says which job it is about. ``role_in_request`` reads it as the draft's
``company_role``, so the email form does not ask again (docs/DESIGN.md).
Only in a message that asks for the email, and only a phrase that ends in a role noun.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

_DRAFT_REQUEST = re.compile(
    r"\b(?:write|draft|compose|help\s+me\s+(?:write|with))\b[^.?!]*\b(?:e-?mail|note|message|follow-?up)\b"
    r"|\b(?:e-?mail|follow-?up)\s+draft\b",
    re.IGNORECASE,
)
_COMPANY = r"(?:\s+(?:at|with)\s+(?:the\s+)?[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3})?"
ROLE_IN_REQUEST = re.compile(
    r"\b(?:for|about|regarding|re)\s+((?:the|my)\s+(?:[\w'/-]+\s+){1,4}?"
    r"(?:role|position|job|opening|internship|post|vacancy)" + _COMPANY + r")(?=[\s,.;!?]|$)",
    re.IGNORECASE,
)


def role_in_request(text: str) -> Optional[Dict[str, Any]]:
    """Return the ``company_role`` entity a draft request names, or None."""
    if not _DRAFT_REQUEST.search(text):
        return None
    match = ROLE_IN_REQUEST.search(text)
    if match is None:
        return None
    return {"entity": "company_role", "value": match.group(1), "start": match.start(1),
            "end": match.end(1), "confidence": 1.0}
