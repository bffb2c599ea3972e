"""Validation of the email form's answers."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.draft_form import (
    AskForCompanyRole,
    AskForOfferDeadline,
    AskForRecipientName,
    AskForSharedMoment,
    ValidateEmailDraftForm,
)
from tests.trackers import DOMAIN, make_tracker, texts

FORM = ValidateEmailDraftForm()
ALL_SLOTS = ["recipient_name", "company_role", "shared_moment", "offer_deadline"]


def validate(slot: str, value: object):
    dispatcher = CollectingDispatcher()
    result = getattr(FORM, f"validate_{slot}")(value, dispatcher, make_tracker(), DOMAIN)
    return result[slot], texts(dispatcher)


@pytest.mark.parametrize(
    "said, name",
    [("Priya", "Priya"), ("her name is Dana Smith.", "Dana Smith"), ("it's Mr. Okafor", "Mr. Okafor"),
     ("  José  ", "José")],
)
def test_names_are_tidied(said: str, name: str) -> None:
    assert validate("recipient_name", said) == (name, [])


@pytest.mark.parametrize("said", ["", "   ", "12345", "x" * 61])
def test_bad_names_are_asked_again(said: str) -> None:
    assert validate("recipient_name", said) in [
        (None, [text]) for text in replies.variants("invalid_recipient_name")
    ]


def test_role_is_tidied_and_checked() -> None:
    assert validate("company_role", "it's the data analyst role at Acme.") == (
        "the data analyst role at Acme", []
    )
    assert validate("company_role", "!!!") in [
        (None, [text]) for text in replies.variants("invalid_company_role")
    ]


@pytest.mark.parametrize("said", ["skip", "no", "None", "nope!"])
def test_moment_can_be_skipped(said: str) -> None:
    assert validate("shared_moment", said) == ("none", [])


def test_moment_is_kept_and_bounded() -> None:
    assert validate("shared_moment", "we both love hiking") == ("we both love hiking", [])
    assert validate("shared_moment", "x " * 200) in [
        (None, [text]) for text in replies.variants("invalid_shared_moment")
    ]


def test_deadline_loses_its_preposition() -> None:
    assert validate("offer_deadline", "by Friday") == ("Friday", [])
    assert validate("offer_deadline", "") in [
        (None, [text]) for text in replies.variants("invalid_offer_deadline")
    ]


async def test_deadline_is_asked_only_with_a_real_offer() -> None:
    dispatcher = CollectingDispatcher()
    without = await FORM.required_slots(ALL_SLOTS, dispatcher, make_tracker(), DOMAIN)
    with_offer = await FORM.required_slots(
        ALL_SLOTS, dispatcher, make_tracker(slots={"has_competing_offer": "yes"}), DOMAIN
    )
    assert without == ["recipient_name", "company_role", "shared_moment"]
    assert with_offer == ALL_SLOTS


@pytest.mark.parametrize(
    "action", [AskForRecipientName(), AskForCompanyRole(), AskForSharedMoment(), AskForOfferDeadline()]
)
async def test_each_form_question_comes_from_the_replies_file(action) -> None:
    dispatcher = CollectingDispatcher()
    assert await action.run(dispatcher, make_tracker(), DOMAIN) == []
    assert action.name() == f"action_ask_{action.slot}"
    assert texts(dispatcher)[0] in replies.variants(f"ask_{action.slot}")
