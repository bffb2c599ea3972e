"""Rule-based spaCy NLU helpers for Ask Amy.

Sub-modules (import them explicitly; this package imports nothing heavy):

* :mod:`amy_nlu.durations`      - number/duration parsing into whole days (pure Python).
* :mod:`amy_nlu.duration_words` - its word tables (numbers, units, weekdays, months, qualifiers).
* :mod:`amy_nlu.calendar_days`  - days since "Tuesday", "last week", "June 5"; business days.
* :mod:`amy_nlu.facts`          - ``extract_facts(doc, today)`` with spaCy ``Matcher``.
* :mod:`amy_nlu.input_quality`  - ``classify_input(text, doc)`` (empty/gibberish/non-English).
* :mod:`amy_nlu.component`      - the Rasa ``InterviewFactsExtractor`` graph component.
"""

__all__ = ["durations", "facts", "input_quality", "component"]
