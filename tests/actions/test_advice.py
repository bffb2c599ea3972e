"""The knowledge base: every entry is well-formed, quotes the column and is reachable."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from actions import advice
from actions.situation import Situation
from ask_amy.build.column_fingerprint import occurs_in
from ask_amy.paths import ROOT
from testkit.live_servers import project_domain

KB = advice.load()
FINGERPRINT = [
    line for line in (ROOT / "knowledge" / "column.fingerprint").read_text().splitlines()
    if line and not line.startswith("#")
]
DOMAIN = project_domain()
RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())


def intents_routed_to(action: str) -> set:
    """Intents that some rule sends to ``action``."""
    found = set()
    for rule in RULES["rules"]:
        steps = rule["steps"]
        for step, following in zip(steps, steps[1:], strict=False):
            if following.get("action") != action:
                continue
            if "intent" in step:
                found.add(step["intent"])
            for alternative in step.get("or", []):
                found.add(alternative["intent"])
    return found


@pytest.mark.parametrize("entry", KB.entries, ids=lambda e: e.id)
def test_every_passage_occurs_in_the_column(entry: advice.Entry) -> None:
    assert entry.passages, "an entry must rest on at least one passage"
    for passage in entry.passages:
        assert occurs_in(passage, FINGERPRINT), f"not in the column: {passage!r}"


def test_a_passage_that_is_not_in_the_column_is_caught() -> None:
    assert not occurs_in("My advice is to reach out by phone rather than by email.", FINGERPRINT)
    assert not occurs_in("Always tell them you have another offer.", FINGERPRINT)


@pytest.mark.parametrize("entry", KB.entries, ids=lambda e: e.id)
def test_every_entry_answers_known_intents(entry: advice.Entry) -> None:
    assert set(entry.intents) - {advice.ANY_INTENT} <= set(DOMAIN["intents"])


@pytest.mark.parametrize("entry", KB.entries, ids=lambda e: e.id)
def test_every_entry_is_reachable(entry: advice.Entry) -> None:
    """Some intent routed to the advice action chooses this entry in some situation."""
    if entry.id == "email_draft":  # the form's last answer introduces the draft with it
        from actions.draft_writer import DRAFT_ENTRY

        assert entry.id == DRAFT_ENTRY and "email_draft_form" in DOMAIN["forms"]
        return
    routed = intents_routed_to("action_give_advice")
    intents = routed if advice.ANY_INTENT in entry.intents else [i for i in entry.intents if i in routed]
    assert any(KB.choose(i, s) == entry for i in intents for s in SITUATIONS)


BASE = [
    Situation(wait_days=w, has_offer=o, deadline=d, thank_you_sent=t)
    for w in (None, 3, 21)
    for o in (False, True)
    for d in (None, "Friday")
    for t in (None, True)
]
# One thing heard, done or asked on top of each base situation.
TURNS = (
    [{"news": n} for n in ("rejection", "offer", "accepted", "next_step", "status")]
    + [{"heard_back": n} for n in ("rejection", "offer", "next_step", "status")]
    + [{"did": frozenset([d])} for d in ("followed_up", "called", "told_offer")]
    + [{"followed_up": True}, {"called": True}, {"told_offer": True}, {"other_interview": True}]
    + [{"request": r} for r in ("reminder", "notify", "access", "call", "human")]
    + [{"what_if": w}
       for w in ("no_reply", "rejection", "timing", "recipient", "salary", "accept", "silence", "mistake",
                 "call_again", "next")]
    + [{"interviewing_elsewhere": True}, {"what_if": "silence", "followed_up": True},
       {"what_if": "no_reply", "heard_back": "status"}, {"what_if": "mistake", "called": True},
       {"what_if": "mention", "interviewing_elsewhere": True}, {"what_if": "call_again", "called": True},
       {"what_if": "reply_status"}, {"what_if": "found_out"}, {"what_if": "length"}, {"what_if": "subject"},
       {"what_if": "moment"}, {"news": "status", "did": frozenset(["called"])}, {"what_if": "numbers"},
       {"what_if": "attach"}, {"what_if": "criticism"}, {"what_if": "emoji"}, {"what_if": "sign"},
       {"what_if": "irons"}, {"what_if": "channel"}, {"what_if": "bad_news"},
       {"what_if": "mistake", "told_offer": True}, {"what_if": "no_reply", "called": True},
       {"what_if": "salary", "heard_back": "offer"}]
)
SITUATIONS = BASE + [dataclasses.replace(s, **turn) for s in BASE for turn in TURNS]


@pytest.mark.parametrize("entry", KB.entries, ids=lambda e: e.id)
def test_every_answer_renders_without_leftover_placeholders(entry: advice.Entry) -> None:
    text = entry.render(Situation(wait_days=10, has_offer=True, deadline="Friday"))
    assert "{" not in text and "}" not in text
    assert len(text) < 1200


def test_after_an_unanswered_email_the_column_s_silence_on_calling_is_said() -> None:
    situation = Situation(followed_up=True)
    entry = KB.choose("ask_call_or_email", situation)
    assert entry.id == "after_following_up_channel" and "doesn't say" in entry.render(situation)


def test_no_answer_after_a_call_is_to_call_again() -> None:
    situation = Situation(called=True)
    text = KB.choose("inform_news", dataclasses.replace(situation, what_if="no_reply")).render(situation)
    assert "email" in text and "try the phone again" in text


def test_every_advice_intent_has_an_answer() -> None:
    for intent in set(intents_routed_to("action_give_advice")) - {"out_of_scope"}:  # see test_answers
        assert KB.choose(intent, Situation()) is not None, intent


def test_three_weeks_of_silence_means_reach_out_by_email_with_no_invented_threshold() -> None:
    entry = KB.choose("ask_wait_or_reach_out", Situation(wait_days=21))
    text = entry.render(Situation(wait_days=21))
    assert entry.id == "reach_out_now"
    assert text.startswith("It's been three weeks") and "email" in text
    assert "doesn't set a number of days" in text and "long enough" not in text


@pytest.mark.parametrize("days", [9, 12, 14, 16, 21, 30])
def test_no_wait_is_called_long_enough_and_no_reader_is_in_the_exact_spot(days: int) -> None:
    for intent in ("ask_wait_or_reach_out", "ask_why_no_response", "ask_call_or_email"):
        situation = Situation(wait_days=days)
        text = KB.choose(intent, situation).render(situation)
        assert "long enough" not in text and "exact spot" not in text


def test_the_column_reader_is_named_only_for_a_wait_like_theirs_with_a_thank_you_note() -> None:
    like = Situation(wait_days=21, thank_you_sent=True)
    assert KB.choose("ask_wait_or_reach_out", like).id == "like_the_column_reader"
    for other in (Situation(wait_days=21), Situation(wait_days=12, thank_you_sent=True),
                  Situation(wait_days=40, thank_you_sent=True)):
        assert KB.choose("ask_wait_or_reach_out", other).id != "like_the_column_reader"


def test_unknown_wait_admits_the_column_gives_no_number() -> None:
    text = KB.choose("ask_wait_or_reach_out", Situation()).render(Situation())
    assert "doesn't give an exact number of days" in text


def test_real_offer_with_deadline_mentions_the_deadline() -> None:
    situation = Situation(has_offer=True, deadline="Friday")
    entry = KB.choose("inform_competing_offer", situation)
    assert entry.id == "offer_with_deadline"
    assert "Friday" in entry.render(situation)


def test_offer_without_deadline_asks_for_it() -> None:
    entry = KB.choose("inform_competing_offer", Situation(has_offer=True))
    assert entry.id == "offer_without_deadline"


def test_bluffing_is_never_encouraged() -> None:
    text = KB.choose("ask_bluff_offer", Situation()).render(Situation())
    assert "truthful" in text and text.startswith("Please don't")


def test_malformed_entries_are_rejected() -> None:
    document = {"source": {"title": "t", "date": "d", "author": "a"}, "entries": [
        {"id": "x", "intents": ["greet"], "answer": "a", "passages": ["p"], "when": {"moon_phase": 1}},
    ]}
    with pytest.raises(ValueError, match="unknown conditions"):
        advice.parse(document)
    duplicate = {"id": "x", "intents": ["greet"], "answer": "a", "passages": ["p"]}
    with pytest.raises(ValueError, match="unique"):
        advice.parse({"source": document["source"], "entries": [duplicate, duplicate]})


def test_cite_names_the_column_and_quotes_the_passages() -> None:
    entry = KB.get("email_not_phone")
    text = advice.cite(entry, KB.source)
    assert "Making Contact Post Job Interview" in text and "June 11, 2018" in text
    assert "reach out by email rather than by phone" in text


def test_call_or_email_after_three_weeks_also_says_reach_out_now() -> None:
    assert KB.choose("ask_call_or_email", Situation(wait_days=21)).id == "reach_out_now"
    assert KB.choose("ask_call_or_email", Situation()).id == "email_not_phone"
