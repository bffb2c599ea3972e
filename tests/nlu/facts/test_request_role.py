"""ask_amy/nlu/facts/request_role.py: the role a draft request names."""

from __future__ import annotations

from typing import Optional

import pytest

from ask_amy.nlu.facts.request_role import labelled_fields, role_in_request


def role(text: str) -> Optional[str]:
    found = role_in_request(text)
    return None if found is None else found["value"]


@pytest.mark.parametrize("text, expected", [
    ("write an email to Sam about the welder position at Kline", "the welder position at Kline"),
    ("draft a follow-up to Carla for the barista job, I'm Jess", "the barista job"),
    ("can you help me write a follow-up for my night shift nurse role?", "my night shift nurse role"),
])
def test_the_role_of_a_draft_request_is_read(text: str, expected: str) -> None:
    assert role(text) == expected


@pytest.mark.parametrize("text", [
    "should I follow up about the analyst job at Acme?",  # not a request for the draft
    "write the email for the job please",  # no role named
    "draft an email for me",
])
def test_no_role_without_a_draft_request_and_a_named_role(text: str) -> None:
    assert role(text) is None


def test_fields_typed_like_a_form_are_read() -> None:
    found = {(e["entity"], e["value"]) for e in labelled_fields(
        "Write a short follow-up email. Recipient: the HR team at Brightwater. Role: night auditor.")}
    assert found == {("recipient_name", "the HR team at Brightwater"), ("company_role", "night auditor")}


def test_the_recipient_named_in_the_request_is_read() -> None:
    found = labelled_fields("I'd like a follow-up email drafted. It's to Mr. Okonkwo about the site job.")
    assert [(e["entity"], e["value"]) for e in found] == [("recipient_name", "Mr. Okonkwo")]
    assert labelled_fields("It's to Mr. Okonkwo I spoke") == []  # not a request for the draft


def test_a_role_with_a_or_an_reads_with_the() -> None:
    assert role("I need a follow-up email for a bookkeeper job") == "the bookkeeper job"
