"""Email addresses, phone numbers, URLs and given names are masked; ordinary words and numbers are not."""

from __future__ import annotations

import logging

import pytest

from ask_amy.conversations.masking import MaskingFilter, install_log_masking, mask


@pytest.mark.parametrize(
    "text, expected",
    [
        ("write to priya.patel+jobs@acme-corp.co.uk please", "write to <email> please"),
        ("my email is Dana_K@example.com.", "my email is <email>."),
        ("call me on +44 20 7946 0958 tomorrow", "call me on <phone> tomorrow"),
        ("my number is (555) 123-4567, after 5", "my number is <phone>, after 5"),
        ("ring 07700 900123", "ring <phone>"),
        ("the ad is at https://jobs.acme.com/listing?id=42.", "the ad is at <url>."),
        ("see www.acme.com/careers for it", "see <url> for it"),
        ("I applied via acme.io/jobs", "I applied via <url>"),
        ("(link: http://localhost:8080/x)", "(link: <url>)"),
    ],
)
def test_personal_data_is_masked(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "they said two weeks, it has been 15 days",
        "the interview was on 2024-05-01 at 10:30",
        "I applied on 12/05/2024 and heard nothing",
        "salary 85,000 to 95,000",
        "conversation amy-0123456789abcdef0123456789abcdef",
        "e.g. the thank-you note",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert mask(text) == text


def test_the_given_name_is_masked_wherever_it_appears() -> None:
    names = ["Priya Patel"]
    assert mask("Hi, it's for Priya Patel", names) == "Hi, it's for <name>"
    assert mask("make it priya instead", names) == "make it <name> instead"
    assert mask("the Patel family business", names) == "the <name> family business"
    assert mask("Priyanka said no", names) == "Priyanka said no"  # whole words only


def test_log_records_are_masked_and_local_service_urls_kept(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.masking")
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.DEBUG, logger="test.masking"):
        logger.debug("Received user message '%s'", "mail me at jo@example.org or 555-123-4567")
        logger.info("action server at http://127.0.0.1:5055/webhook failed")
    assert caplog.messages == [
        "Received user message 'mail me at <email> or <phone>'",
        "action server at http://127.0.0.1:5055/webhook failed",
    ]


def test_install_adds_one_filter_to_each_handler() -> None:
    logger = logging.getLogger("test.masking.install")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    try:
        install_log_masking(logger)
        install_log_masking(logger)
        assert sum(isinstance(f, MaskingFilter) for f in handler.filters) == 1
    finally:
        logger.removeHandler(handler)
