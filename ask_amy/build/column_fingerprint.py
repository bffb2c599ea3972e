"""Fingerprint the source column so tests can check quotes without storing the column.

The repository quotes the column sparingly (only in ``knowledge/advice.yml``). To prove
each quoted passage really occurs in the column, we keep a fingerprint instead of the
text: the hashes of every run of five consecutive words. A passage whose every
five-word run is in the fingerprint, in order and adjacent, occurs in the column.

Usage: ``python -m ask_amy.build.column_fingerprint COLUMN.txt > knowledge/column.fingerprint``
"""

from __future__ import annotations

import hashlib
import re
import sys
from typing import Iterable, List

SHINGLE = 5
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> List[str]:
    """Lower-cased words of ``text``, with typographic apostrophes made plain."""
    return _WORD.findall(text.translate(_QUOTES).lower())


def shingle_hashes(text: str) -> List[str]:
    """Hashes of every run of ``SHINGLE`` consecutive words, in order."""
    w = words(text)
    return [
        hashlib.sha256(" ".join(w[i : i + SHINGLE]).encode()).hexdigest()[:16]
        for i in range(len(w) - SHINGLE + 1)
    ]


def occurs_in(passage: str, fingerprint: Iterable[str]) -> bool:
    """Tell whether ``passage`` occurs word for word in the fingerprinted text."""
    sequence = list(fingerprint)
    wanted = shingle_hashes(passage)
    if not wanted:
        return False
    positions = {h: [] for h in wanted}
    for index, h in enumerate(sequence):
        if h in positions:
            positions[h].append(index)
    return any(
        all(start + k < len(sequence) and sequence[start + k] == h for k, h in enumerate(wanted))
        for start in positions[wanted[0]]
    )


def main(argv: List[str]) -> int:
    """Print the fingerprint of the column file named in ``argv``."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        text = handle.read()
    print(f"# Fingerprint of the Ask Amy column: sha256 of each {SHINGLE}-word run, in order.")
    print("\n".join(shingle_hashes(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
