"""Rule-based spaCy NLU helpers for Ask Amy.

Sub-modules (import them explicitly; this package imports nothing heavy):

* :mod:`amy_nlu.durations`      - number/duration parsing into whole days (pure Python).
* :mod:`amy_nlu.facts`          - ``extract_facts(doc, today)`` with spaCy ``Matcher``.
* :mod:`amy_nlu.input_quality`  - ``classify_input(text, doc)`` (empty/gibberish/non-English).
* :mod:`amy_nlu.component`      - the Rasa ``InterviewFactsExtractor`` graph component.
"""

__all__ = ["durations", "facts", "input_quality", "component"]
