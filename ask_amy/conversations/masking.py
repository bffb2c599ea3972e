"""Personal data masked in what people wrote: email addresses, phone numbers, URLs and given names.

:func:`mask` is used by the review and its YAML; :class:`MaskingFilter`, installed on the log
handlers by :func:`install_log_masking`, does the same for every log line of the process (the
project's and Rasa's own, which quotes user messages at debug level).
"""

from __future__ import annotations

import logging
import re
from typing import Iterable, List, Optional

EMAIL = "<email>"
PHONE = "<phone>"
URL = "<url>"
NAME = "<name>"

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_TLDS = "com|org|net|io|co|uk|us|de|fr|ca|au|in|info|biz|jobs|ai|dev|app|eu|nl|es|it|me|ly|gl|gov|edu"
_URL = re.compile(
    r"\b(?:(?:https?|ftp)://|www\.)[^\s<>\"']+" rf"|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# A run of digits, spaces, dots, dashes, slashes and brackets, optionally starting with +.
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-/]{5,}\d(?!\w)")
_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$")
_TRAILING = ".,;:!?)]}"


_LOCAL = re.compile(
    r"^(?:[a-z]+://)?(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\])(?::\d+)?(?:/|$)", re.I
)


def _url(match: re.Match, keep_local: bool = False) -> str:
    text = match.group(0)
    if keep_local and _LOCAL.match(text):
        return text
    stripped = text.rstrip(_TRAILING)
    return URL + text[len(stripped) :]


def _phone(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if digits < 7 or digits > 15 or _DATE.match(text.strip()):
        return text
    return PHONE


def _name_pattern(names: Iterable[str]) -> Optional[re.Pattern]:
    words: List[str] = []
    for name in names:
        name = " ".join(str(name or "").split())
        if len(name) >= 2:
            words.append(name)
            words.extend(part for part in name.split() if len(part) >= 2)  # "Priya" of "Priya Patel"
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mask(text: str, names: Iterable[str] = (), keep_local: bool = False) -> str:
    """Return ``text`` with emails, URLs, phone numbers and each of ``names`` replaced by a placeholder.

    ``keep_local`` keeps URLs of this machine's services (localhost or an IP address), for logs.
    """
    if not text:
        return text
    text = _EMAIL.sub(EMAIL, text)
    text = _URL.sub(lambda m: _url(m, keep_local), text)
    text = _PHONE.sub(_phone, text)
    pattern = _name_pattern(names)
    return pattern.sub(NAME, text) if pattern else text


class MaskingFilter(logging.Filter):
    """Masks personal data in each log record's message (it always lets the record through).

    URLs of local services (``http://127.0.0.1:5055/webhook``) stay readable: they are not a person's.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message with its masked text."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a bad format string: leave the record to logging)
            return True
        masked = mask(message, keep_local=True)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def install_log_masking(logger: Optional[logging.Logger] = None) -> None:
    """Add a :class:`MaskingFilter` to every handler of ``logger`` (the root logger), once each."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
