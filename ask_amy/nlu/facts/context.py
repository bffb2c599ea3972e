"""The token context every fact reads, and the word lists several facts share.

``_Ctx`` wraps one spaCy ``Doc``: lower-cased words, lemmas (the ``Token._.amy_lemma``
extension, see :func:`token_lemma`), clause and sentence numbers, and the cues most
rules ask about (a negation or a modal before a token, an "I"/"we" subject).  Also here:
``_entity`` (the Rasa entity dict), ``_spans`` (matcher spans of one label) and
``_free`` (is a token span still unused?).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Iterable, List, Sequence, Tuple

from ask_amy.nlu.time import durations as _dur
from ask_amy.nlu.vocabulary import lemma_lookup_table

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

#: A token span ``(start, end)``, ``end`` exclusive.
Span = Tuple[int, int]
#: One found fact: its entity dict and the token span it takes up.
Found = Tuple[Dict[str, Any], Span]

LEMMA_EXTENSION = "amy_lemma"


def _fs(words: str) -> FrozenSet[str]:
    return frozenset(words.split())


# word lists the context and more than one fact use
NEGATIONS = _fs("not n't nt never no nothing none nobody without neither nor dont didnt "
                "havent hasnt hadnt cant wont isnt wasnt aint")
MODALS = _fs("if whether would could might may will 'll wo should shall can ca wish hope "
             "hoping hopefully want wanna wanted gonna once unless suppose supposing "
             "imagine how maybe possibly perhaps expect expecting waiting await "
             "awaiting eventually")
CLAUSE_BREAKS = _fs(", . ! ? ; : ... -- but though although however because cause cuz "
                    "so and while whereas yet plus also then")
SENTENCE_BREAKS = _fs(". ! ? ; ...")
SUBJECT_OK = _fs("i we")
SKIP_BEFORE_VERB = _fs("have 've has 's had just also already actually recently finally "
                       "now then been was were am 'm do did does really luckily "
                       "fortunately still currently even both only since apparently "
                       "officially literally basically today yesterday suddenly somehow "
                       "kind sort of totally")
ADVERBS = _fs("just also already actually recently finally officially now even really "
              "suddenly then today yesterday luckily fortunately apparently literally "
              "basically totally technically")
COMPANY_NOUNS = _fs("company firm employer startup business organization organisation org "
                    "place agency team bank corporation competitor recruiter brand shop "
                    "studio agency lab school hospital")
DAYS_OF_WEEK = tuple(
    "monday tuesday wednesday thursday friday saturday sunday tues thurs weds".split()
)
NUMBER_WORDS = tuple(_dur.NUMBER_WORDS)


def token_lemma(token: "Token") -> str:
    """Lower-case lookup lemma of ``token`` (value of ``Token._.amy_lemma``)."""
    lower = token.lower_
    lemma = token.lemma_
    if lemma and token.text == lower:
        return lemma.lower()
    return lemma_lookup_table().get(lower, lower).lower()


def _ensure_extension() -> None:
    from spacy.tokens import Token

    if not Token.has_extension(LEMMA_EXTENSION):
        Token.set_extension(LEMMA_EXTENSION, getter=token_lemma)


class _Ctx:
    """Token-level helpers over one doc (lower text, lemmas, clauses, sentences)."""

    def __init__(self, doc: "Doc", text: str) -> None:
        self.doc = doc
        self.text = text
        self.low: List[str] = [t.lower_.replace("\u2019", "'") for t in doc]
        self.lem: List[str] = [t._.get(LEMMA_EXTENSION) for t in doc]
        self.n = len(doc)
        self.clause: List[int] = []
        self.sent: List[int] = []
        clause = sent = 0
        for i, tok in enumerate(doc):
            word = self.low[i]
            is_break = word in CLAUSE_BREAKS or "\n" in tok.text or tok.is_space
            if is_break:
                clause += 1
            if word in SENTENCE_BREAKS or "\n" in tok.text:
                sent += 1
            self.clause.append(clause)
            self.sent.append(sent)
            if is_break:
                clause += 1
            if word in SENTENCE_BREAKS:
                sent += 1

    # windows ------------------------------------------------------------------
    def clause_left(self, i: int) -> List[int]:
        """Return the indices before ``i`` in the same clause (nearest last)."""
        out = []
        j = i - 1
        while j >= 0 and self.clause[j] == self.clause[i]:
            out.append(j)
            j -= 1
        return list(reversed(out))

    def clause_right(self, i: int) -> List[int]:
        """Return the indices after ``i`` in the same clause."""
        out = []
        j = i + 1
        while j < self.n and self.clause[j] == self.clause[i]:
            out.append(j)
            j += 1
        return out

    def clause_tokens(self, i: int) -> List[int]:
        return [j for j in range(self.n) if self.clause[j] == self.clause[i]]

    def sentence_tokens(self, i: int) -> List[int]:
        return [j for j in range(self.n) if self.sent[j] == self.sent[i]]

    def sentence_left(self, i: int) -> List[int]:
        return [j for j in range(i) if self.sent[j] == self.sent[i]]

    def words(self, idx: Iterable[int]) -> List[str]:
        return [self.low[j] for j in idx]

    def lemmas(self, idx: Iterable[int]) -> List[str]:
        return [self.lem[j] for j in idx]

    def get(self, i: int) -> str:
        return self.low[i] if 0 <= i < self.n else ""

    def char_span(self, start: int, end: int) -> Tuple[int, int]:
        """Character offsets of tokens ``start``..``end`` (exclusive)."""
        first = self.doc[start]
        last = self.doc[end - 1]
        return first.idx, last.idx + len(last.text)

    def original(self, start: int, end: int) -> str:
        s, e = self.char_span(start, end)
        return self.text[s:e]

    # cues ---------------------------------------------------------------------
    def negated_before(self, i: int, window: int = 4) -> bool:
        """Tell whether a negation comes within ``window`` tokens before ``i`` in its clause."""
        left = self.clause_left(i)[-window:]
        for j in left:
            if self.low[j] in NEGATIONS:
                # "not only", "no doubt" are not negations of the verb
                if self.low[j] == "no" and self.get(j + 1) in {"doubt", "wonder"}:
                    continue
                return True
        return False

    def strongly_negated(self, j: int) -> bool:
        """Tell whether the cue at ``j`` is itself negated ("not bluffing", "don't want to lie")."""
        for k in range(max(0, j - 4), j):
            if self.low[k] in NEGATIONS and self.clause[k] == self.clause[j]:
                return True
        return False

    def has_modal_before(self, i: int) -> bool:
        left = self.clause_left(i)
        words = set(self.words(left))
        if words & MODALS:
            return True
        if any(self.low[j] == "going" and self.get(j + 1) == "to" for j in left):
            return True
        if any(self.low[j] == "what" and self.get(j + 1) == "if" for j in self.sentence_left(i)):
            return True
        # infinitive: "to have an offer", "to get an offer"
        if i - 1 >= 0 and self.low[i - 1] == "to":
            return True
        return False

    def subject_ok(self, verb: int) -> bool:
        """Tell whether the subject of the verb at ``verb`` is "I"/"we" or omitted."""
        j = verb - 1
        while j >= 0 and self.clause[j] == self.clause[verb]:
            word = self.low[j]
            if word in SKIP_BEFORE_VERB or word in NEGATIONS:
                j -= 1
                continue
            if word == "got" and j + 1 < self.n:
                j -= 1
                continue
            return word in SUBJECT_OK or word in {"'ve", "'m"} or word in CLAUSE_BREAKS
        return True  # clause start: subject dropped ("Got an offer from Acme!")


def _entity(entity: str, value: Any, span: Tuple[int, int]) -> Dict[str, Any]:
    return {"entity": entity, "value": value, "start": span[0], "end": span[1],
            "confidence": 1.0}


def _spans(matches: Sequence[Tuple[int, int, int]], doc: "Doc", label: str) -> List[Tuple[int, int]]:
    """Longest non-overlapping (start, end) token spans for ``label``."""
    key = doc.vocab.strings[label]
    found = sorted(
        ((s, e) for (m, s, e) in matches if m == key), key=lambda se: (-(se[1] - se[0]), se[0])
    )
    chosen: List[Tuple[int, int]] = []
    for s, e in found:
        if all(e <= cs or s >= ce for cs, ce in chosen):
            chosen.append((s, e))
    return sorted(chosen)


def _free(occupied: Sequence[Span], start: int, end: int) -> bool:
    """Tell whether tokens ``start``..``end`` overlap none of the ``occupied`` spans."""
    return all(end <= os_ or start >= oe for os_, oe in occupied)
