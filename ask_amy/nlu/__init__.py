"""Rule-based spaCy NLU helpers for Ask Amy.

Sub-modules (import them explicitly; this package imports nothing heavy):

* :mod:`ask_amy.nlu.time.durations`      - number/duration parsing into whole days (pure Python).
* :mod:`ask_amy.nlu.time.duration_words` - its word tables (numbers, units, weekdays, months, qualifiers).
* :mod:`ask_amy.nlu.time.calendar_days`  - days since "Tuesday", "last week", "June 5"; business days.
* :mod:`ask_amy.nlu.facts`          - ``extract_facts(doc, today)`` with spaCy ``Matcher``.
* :mod:`ask_amy.nlu.input_quality`  - ``classify_input(text, doc)`` (empty/gibberish/non-English).
* :mod:`ask_amy.nlu.component`      - the Rasa ``InterviewFactsExtractor`` graph component.
"""

__all__ = ["durations", "facts", "input_quality", "component"]
