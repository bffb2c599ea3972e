"""ask_amy/nlu/facts/request_role.py: the role a draft request names."""

from __future__ import annotations

from typing import Optional

import pytest

from ask_amy.nlu.facts.request_role import role_in_request


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
