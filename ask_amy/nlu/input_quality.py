"""Detect messages the bot cannot read: empty, keyboard mashing, or not English.

``classify_input(text, doc)`` returns ``"empty"``, ``"gibberish"``, ``"non_english"`` or
``None`` (normal English, including short chat like "hi", "thx", "pls help" and
English with typos such as "shoud i emial them after intervew").

How it decides (simple, deterministic):

1. No letter or digit at all (whitespace, punctuation, control characters, emoji
   only) -> ``"empty"``.
2. More than half of the letters are in a non-Latin script (Chinese, Arabic,
   Cyrillic, ...) -> ``"non_english"``.
3. Each alphabetic word is classified as *English* (in the vocabulary, or one edit away
   from a vocabulary word when it is at least 4 letters long, or an elongation like
   "sooo"), *foreign* (a function word of Spanish/French/German/Italian/Portuguese/Dutch
   that is not also an English word, or a word with accents that is not English), a
   *name* (Title-case word that does not look mashed: ignored) or *unknown*.
   A word that is only one typo away from English (5+ letters; a swapped pair for
   4-letter words; never for words that look mashed) counts half English, half unknown.
   Messages with at most two letters ("k", "n", "ok") are never flagged.
   If at least half of the counted words are English (and English words are not
   outnumbered by foreign ones) -> ``None``.  Otherwise two or more foreign words (or
   one that is at least a quarter of the words) make it ``"non_english"``, and
   anything else is ``"gibberish"``.

The vocabulary is :mod:`ask_amy.nlu.vocabulary`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, List, Optional

from ask_amy.nlu.vocabulary import core_english, english_vocabulary, foreign_function_words

__all__ = [
    "EMPTY",
    "GIBBERISH",
    "NON_ENGLISH",
    "classify_input",
    "is_english_word",
    "word_tokens",
]

EMPTY = "empty"
GIBBERISH = "gibberish"
NON_ENGLISH = "non_english"

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_CONTRACTION_SUFFIXES = frozenset({"s", "t", "m", "d", "ll", "re", "ve"})
_ELISION_PREFIXES = frozenset({"l", "d", "j", "qu", "c", "s", "n", "m", "t", "dell", "all", "nell"})
_VOWELS = frozenset("aeiouy")


# --------------------------------------------------------------------------- words


def word_tokens(text: str) -> List[str]:
    """Alphabetic words of ``text`` (keeping internal apostrophes), original case."""
    return _WORD_RE.findall(text or "")


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _edits1(word: str) -> Iterable[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]  # deletion
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]  # transposition
        for c in letters:
            if right:
                yield left + c + right[1:]  # substitution
            yield left + c + right  # insertion


def _collapsed_variants(word: str) -> List[str]:
    """All spellings with every run of 2+ equal letters cut to 1 or 2 letters."""
    parts = [m.group(0) for m in re.finditer(r"(.)\1*", word)]
    variants = [""]
    for part in parts:
        options = [part] if len(part) == 1 else [part[0], part[0] * 2]
        variants = [v + o for v in variants for o in options]
        if len(variants) > 64:
            break
    return variants


def _english_match(word: str) -> int:
    """2 = English word, 1 = one typo away from an English word, 0 = not English."""
    vocab = english_vocabulary()
    w = word.lower().replace("\u2019", "'")
    if not w:
        return 0
    if w in vocab:
        return 2 if (len(w) > 1 or w in {"i", "a", "u", "k", "r", "y"}) else 0
    if "'" in w:
        parts = w.split("'")
        base, suffix = parts[0], parts[-1]
        if w.replace("'", "") in vocab:
            return 2
        if suffix in _CONTRACTION_SUFFIXES and (
            base in vocab or (suffix == "t" and base.endswith("n") and base[:-1] in vocab)
        ):
            return 2
        return 0
    # Elongations: "sooo", "pleeease", "hmmmm", "helloooo" (each run of 3+ letters
    # shortened to one or two letters).
    if re.search(r"(.)\1\1", w):
        for collapsed in _collapsed_variants(w):
            if len(set(collapsed)) > 1 and collapsed in vocab and len(collapsed) > 1:
                return 2
        return 0
    if len(w) < 4 or not w.isascii() or _looks_mashed(w):
        return 0
    if len(w) == 4:
        # short words: only a swapped pair of letters ("wiht" -> "with")
        swaps = (w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(len(w) - 1))
        return 1 if any(c in vocab for c in swaps) else 0
    return 1 if any(c in vocab for c in _edits1(w)) else 0


def is_english_word(word: str) -> bool:
    """Tell whether ``word`` (any case) is English, allowing one typo (a swap for 4-letter words).

    >>> is_english_word("intervew")
    True
    """
    return _english_match(word) > 0


def _looks_mashed(word: str) -> bool:
    """Heuristic for keyboard mashing in a single word."""
    w = word.lower()
    if len(w) < 3:
        return False
    if re.search(r"(.)\1\1", w):
        return True
    letters = [c for c in w if c.isalpha()]
    if letters and not any(c in _VOWELS for c in letters):
        return True
    if re.search(r"[^aeiouy\W]{5,}", w):
        return True
    return False


def _is_name_like(word: str) -> bool:
    return (
        len(word) >= 2
        and word[0].isupper()
        and word[1:].islower()
        and word.isalpha()
        and not _looks_mashed(word)
    )


def _is_foreign(word: str) -> bool:
    w = word.lower().replace("\u2019", "'")
    foreign = foreign_function_words()
    if w in foreign:
        return True
    if "'" in w:
        parts = w.split("'")
        if parts[0] in _ELISION_PREFIXES:
            return True
        return parts[0] in foreign or parts[-1] in foreign
    if not w.isascii():
        stripped = _strip_accents(w)
        if stripped in english_vocabulary():
            return False  # café, résumé, naïve
        return True
    return False


def _letter_scripts(text: str) -> tuple:
    latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        try:
            name = unicodedata.name(ch)
        except ValueError:
            other += 1
            continue
        if name.startswith("LATIN"):
            latin += 1
        else:
            other += 1
    return latin, other


# --------------------------------------------------------------------------- main


def classify_input(text: Optional[str], doc: Optional[Any] = None) -> Optional[str]:
    """Classify a user message as ``"empty"``, ``"gibberish"``, ``"non_english"`` or ``None``.

    Args:
        text: The raw message text (original casing).  When ``None`` the text of
            ``doc`` is used.
        doc: Optional spaCy ``Doc`` of the same message.  Only used as a fallback source
            of text; classification works on ``text`` so results do not depend on how
            the pipeline tokenised or lower-cased it.

    Returns:
        The problem label, or ``None`` for normal (readable English) input.

    """
    if text is None and doc is not None:
        text = getattr(doc, "text", None)
    if text is None:
        return EMPTY
    if not any(ch.isalnum() for ch in text):
        return EMPTY

    latin, other = _letter_scripts(text)
    if other > 0 and other >= latin:
        return NON_ENGLISH

    words = word_tokens(text)
    if not words:
        return None  # digits only, e.g. "10" or "2024"
    if sum(len(w) for w in words) <= 2:
        return None  # "k", "n", "ty", "ok": too short to judge

    # Exact English words score 1, words one typo away from English 0.5 (so Spanish or
    # Italian words that happen to be near an English word do not make a sentence English).
    english = 0.0
    foreign = 0
    unknown = 0.0
    names = 0
    core = core_english()
    for index, word in enumerate(words):
        lower = word.lower()
        if lower in core:
            english += 1
            continue
        if index > 0 and _is_name_like(word) and lower not in english_vocabulary():
            names += 1  # "Fatima Al-Sayed", "Bright Smiles": a name, not a language
            continue
        if _is_foreign(word):
            foreign += 1
            continue
        match = _english_match(word)
        if match == 2:
            english += 1
        elif match == 1:
            english += 0.5
            unknown += 0.5
        elif _is_name_like(word):
            names += 1
        else:
            unknown += 1

    counted = english + foreign + unknown
    if counted == 0:
        return None  # only names ("Priya Patel", "Shopify")
    if english * 2 >= counted and english >= foreign:
        return None
    if foreign >= 2 or (foreign >= 1 and foreign * 4 >= counted):
        return NON_ENGLISH
    return GIBBERISH
