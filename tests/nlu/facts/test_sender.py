"""ask_amy/nlu/facts/sender.py: the sender's own name for the draft's sign-off."""

from __future__ import annotations

from typing import Optional

import pytest

from ask_amy.nlu.facts.sender import sender_name


def name(text: str) -> Optional[str]:
    found = sender_name(text)
    return None if found is None else found["value"]


@pytest.mark.parametrize("text, expected", [
    ("Put my name, Dana, at the end instead of [Your name]", "Dana"),
    ("sign it Dana Okafor", "Dana Okafor"),
    ("my name is Priya", "Priya"),
    ("please sign off as Tomás", "Tomás"),
])
def test_the_sender_s_name_is_read(text: str, expected: Optional[str]) -> None:
    assert name(text) == expected


@pytest.mark.parametrize("text", ["make the name Priya", "send it to Dana", "sign it please",
                                  "my name is on it"])
def test_the_recipient_and_other_words_are_not_the_sender(text: str) -> None:
    assert name(text) is None


@pytest.mark.parametrize("text, expected", [
    ("sign it dana", "Dana"),
    ("my name's ravi btw", "Ravi"),
    ("it's from jo", "Jo"),
    ("use my name, Amara", "Amara"),
    ("my name should be Lee", "Lee"),
    ("replace [your name] with Ines", "Ines"),
    ('sign it "Kofi"', "Kofi"),
    ("sign it as jen k", "Jen K"),
])
def test_a_name_typed_in_lower_case_after_a_clear_cue_is_taken(text: str, expected: str) -> None:
    assert name(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("write the email for me. put my name at the end, it's Femi", "Femi"),
    ("draft a follow-up to Carla for the barista job, I'm Jess", "Jess"),
    ("can you write the email? I'm Marguerite.", "Marguerite"),
])
def test_a_name_given_with_the_request_is_the_sender(text: str, expected: str) -> None:
    assert name(text) == expected


@pytest.mark.parametrize("text", ["should I email them? I'm nervous", "thanks, I'm Sorry to bother",
                                  "I'm Canadian", "it's been a week and I'm Done"])
def test_a_mood_is_not_a_name(text: str) -> None:
    assert name(text) is None


@pytest.mark.parametrize("text, expected", [
    ("write a follow-up email from me, Rafael, to the restaurant manager", "Rafael"),
    ("Write my follow-up email. Sender name: Yusuf. Recipient: Carol Brandt.", "Yusuf"),
    ("I need a follow-up email. I'm Bartholomew, that's the name to sign with.", "Bartholomew"),
])
def test_the_sender_given_in_other_words(text: str, expected: str) -> None:
    assert name(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("looks good. put my name at the bottom - it's marisol", "Marisol"),
    ("yeah just leave that part out. from mateo", "Mateo"),
    ("can you add my name at the end? it's noor", "Noor"),
])
def test_the_sign_off_asked_for_after_the_draft(text: str, expected: str) -> None:
    assert name(text) == expected


@pytest.mark.parametrize("text", ["send it from Acme", "I heard from Dana"])
def test_from_is_not_always_the_sender(text: str) -> None:
    assert name(text) is None


@pytest.mark.parametrize("text, expected", [
    ("sign as Farhan", "Farhan"),
    ("help me write a follow up email signed Giulia", "Giulia"),
    ("Can you write a follow up email from Petra to the hiring manager?", "Petra"),
    ("can you write my follow up email? im Priyanka btw", "Priyanka"),
])
def test_more_ways_to_sign(text: str, expected: str) -> None:
    assert name(text) == expected


@pytest.mark.parametrize("text", ["sign up for alerts", "I signed the contract"])
def test_signing_something_else_is_not_a_name(text: str) -> None:
    assert name(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Hi there! I'm Rohan. I'd love help writing a follow up email after my interview", "Rohan"),
    ("i'm bongani. need a follow up email to Thabo Nkosi at Jacaranda Media", "Bongani"),
    ("Please write a follow-up email. I am Zoltan Kovacs, I interviewed for Data Engineer",
     "Zoltan Kovacs"),
    ("i want to email the recruiter to follow up. i'm bartosz", "Bartosz"),
    ("memorable thing we both like bubble tea. my name Hyun-woo Lee", "Hyun-woo Lee"),
    ("email to follow up, plz. signing as Imani", "Imani"),
    ("Please sign with Ulrike Baumann.", "Ulrike Baumann"),
    ("change the sign off to Dagny", "Dagny"),
    ("no memorable moment. I'm Fatoumata, sign it that", "Fatoumata"),
])
def test_an_introduction_or_a_sign_off_in_a_request_gives_the_sender(text: str, expected: str) -> None:
    assert name(text) == expected


@pytest.mark.parametrize("text", ["i'm desperate. can you write the email",
                                  "It's been two weeks. I'm worried. Should I email?",
                                  "i'm waiting to hear back. should i email",
                                  "I'm so nervous. Should I email them?"])
def test_a_state_after_i_m_is_not_a_name(text: str) -> None:
    assert name(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Hello, I'm Anneliese, I interviewed for a grant writer job at the Marlowe Foundation.", "Anneliese"),
    ("It's for Agnieszka Nowak, the customs broker role. I'm Kasia, put that at the end.", "Kasia"),
    ("Job: chef de partie at Le Cormoran. We laugh about burnt croissants. Sign: Quentin", "Quentin"),
])
def test_a_greeting_s_introduction_and_a_sign_label_give_the_sender(text: str, expected: str) -> None:
    assert name(text) == expected


def test_a_greeting_before_a_mood_is_not_an_introduction() -> None:
    assert name("Hello, I'm so stressed, should I email?") is None
