"""Rasa's own validation of the training data and domain: no errors, and no warnings but two.

The expected warnings, both about things the validator cannot see:

- ``choose_topic`` has no NLU examples, on purpose. It arrives only as the bot's own
  quick-reply payload (see actions/topics.py); an example would let typed text trigger it.
- ``utter_default`` is in no rule: Rasa's own ``action_default_fallback`` (the core fallback)
  and ``action_handle_unclear`` send it.
"""

import re

from tests.rasa_cli import rasa

EXPECTED = [
    "The intent 'choose_topic' is listed in the domain file, but is not found in the NLU training data.",
    "The utterance 'utter_default' is not used in any story or rule.",
]


def warnings_in(output: str) -> list:
    return re.findall(r"UserWarning: (.*)", output)


def test_rasa_data_validate_is_clean() -> None:
    result = rasa("data", "validate", "--data", "data", "--domain", "domain.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert warnings_in(output) == EXPECTED, output[-4000:]


def test_the_warning_filter_sees_warnings() -> None:
    assert warnings_in("x.py:1: UserWarning: something\n") == ["something"]
