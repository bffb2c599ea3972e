"""Rasa's own validation of the training data and domain: no errors, and only the expected warnings.

The expected warnings, all about things the validator cannot see:

- ``choose_topic`` has no NLU examples, on purpose. It arrives only as the bot's own
  quick-reply payload (see actions/topics.py); an example would let typed text trigger it.
- ``inform_news``, ``request_unavailable`` and ``give_feedback`` have no NLU examples either: the
  NLU's facts set them (ask_amy/nlu/topic_choice.py, ``route_turn``) for news, deeds, requests and
  a verdict on the last answer, whatever the words.
- ``utter_default`` is in no rule: Rasa's own ``action_default_fallback`` (the core fallback)
  and ``action_handle_unclear`` send it.
- the email form's questions (``utter_ask_<slot>``) are in no rule: Rasa's form sends each one
  itself when it asks for that slot (``email_draft_form`` in domain.yml). The validator lists
  these in no fixed order, so the warnings are compared as a sorted list.
"""

import re

from testkit.rasa_cli import rasa

FORM_QUESTIONS = ["recipient_name", "company_role", "shared_moment", "offer_deadline"]
EXPECTED = sorted([
    *(f"The intent '{intent}' is listed in the domain file, but is not found in the NLU training data."
      for intent in ("choose_topic", "inform_news", "request_unavailable", "give_feedback")),
    "The utterance 'utter_default' is not used in any story or rule.",
    *(f"The utterance 'utter_ask_{slot}' is not used in any story or rule." for slot in FORM_QUESTIONS),
])


def warnings_in(output: str) -> list:
    return re.findall(r"UserWarning: (.*)", output)


def test_rasa_data_validate_is_clean() -> None:
    result = rasa("data", "validate", "--data", "data", "--domain", "domain.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert sorted(warnings_in(output)) == EXPECTED, output[-4000:]


def test_the_warning_filter_sees_warnings() -> None:
    assert warnings_in("x.py:1: UserWarning: something\n") == ["something"]
