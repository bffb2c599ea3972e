"""Validation of the email form's answers."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.draft_form import ValidateEmailDraftForm
from actions.email_draft import NO_MOMENT
from ask_amy.nlu.facts.sender import sender_name
from testkit.live_servers import project_domain
from testkit.trackers import DOMAIN, make_tracker, texts

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


@pytest.mark.parametrize("said", ["", "   ", "12345", "x" * 61,
                                  "can you make it shorter", "who do I send it to?"])
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


def test_each_form_question_is_a_response_of_the_domain_not_a_custom_action() -> None:
    """Rasa's form asks utter_ask_<slot> itself: no round trip to the action server for a question."""
    domain = project_domain()
    for slot in ALL_SLOTS:
        assert domain["responses"][f"utter_ask_{slot}"][0]["text"].strip()
        assert f"action_ask_{slot}" not in domain["actions"]


def form_turn(candidate: str, active: bool):
    """The tracker Rasa's form sends to validate: the candidate slot event last, where rasa-sdk reads it."""
    from rasa_sdk import Tracker

    events = [
        {"event": "user", "text": candidate, "parse_data": {"intent": {"name": "inform"}, "entities": []}},
        {"event": "slot", "name": "requested_slot", "value": "recipient_name"},
        {"event": "action", "name": "email_draft_form"},
        {"event": "slot", "name": "recipient_name", "value": candidate},
    ]
    return Tracker("test", {"recipient_name": candidate, "requested_slot": "recipient_name"},
                   {"intent": {"name": "inform"}, "entities": [], "text": candidate}, events, False, None,
                   {"name": "email_draft_form"} if active else {}, "email_draft_form")


FORM_DOMAIN = {"forms": {"email_draft_form": {"required_slots": ALL_SLOTS}}}


async def test_an_answer_kept_as_given_is_not_set_again_but_a_tidied_one_is() -> None:
    kept = await FORM.run(CollectingDispatcher(), form_turn("Priya Patel", active=True), FORM_DOMAIN)
    assert kept == [{"event": "slot", "timestamp": None, "name": "requested_slot", "value": "company_role"}]
    tidied = await FORM.run(CollectingDispatcher(), form_turn("her name is Dana Smith", True), FORM_DOMAIN)
    assert {"event": "slot", "timestamp": None, "name": "recipient_name", "value": "Dana Smith"} in tidied
    invalid = await FORM.run(CollectingDispatcher(), form_turn("1234", active=True), FORM_DOMAIN)
    assert {"event": "slot", "timestamp": None, "name": "recipient_name", "value": None} in invalid


async def test_at_the_form_s_activation_every_validated_slot_is_returned() -> None:
    events = await FORM.run(CollectingDispatcher(), form_turn("Priya Patel", active=False), FORM_DOMAIN)
    assert {"event": "slot", "timestamp": None, "name": "recipient_name", "value": "Priya Patel"} in events


def activation(slots: dict):
    """The tracker Rasa's form sends to validate at its activation, with ``slots`` already known."""
    from rasa_sdk import Tracker

    events = [{"event": "user", "text": "write the email for me",
               "parse_data": {"intent": {"name": "request_email_draft"}, "entities": []}}]
    return Tracker("test", dict(slots), {"intent": {"name": "request_email_draft"}, "entities": []}, events,
                   False, None, {}, "action_listen")


@pytest.mark.parametrize(
    "slots, first",
    [
        ({}, "recipient_name"),
        ({"has_competing_offer": "yes"}, "recipient_name"),  # every slot of the domain's form required
        ({"recipient_name": "Priya", "company_role": "the analyst role"}, "shared_moment"),
        ({"recipient_name": "Priya", "company_role": "the analyst role", "shared_moment": "none"}, None),
    ],
)
async def test_every_answer_names_the_slot_to_ask_next(slots: dict, first: object) -> None:
    """With no event in its answer at the activation, Rasa's form would call validation twice."""
    events = await FORM.run(CollectingDispatcher(), activation(slots), FORM_DOMAIN)
    asked = [e["value"] for e in events if e["event"] == "slot" and e["name"] == "requested_slot"]
    assert asked == [first]


def last_answer(moment: str):
    """The tracker Rasa's form sends to validate the answer to its last question."""
    from rasa_sdk import Tracker

    slots = {"recipient_name": "Priya", "company_role": "the analyst role at Acme", "shared_moment": moment,
             "requested_slot": "shared_moment", "draft_count": 0.0}
    events = [
        {"event": "user", "text": moment, "parse_data": {"intent": {"name": "inform"}, "entities": []}},
        {"event": "slot", "name": "requested_slot", "value": "shared_moment"},
        {"event": "action", "name": "email_draft_form"},
        {"event": "slot", "name": "shared_moment", "value": moment},
    ]
    latest = {"intent": {"name": "inform"}, "entities": [], "text": moment}
    form = {"name": "email_draft_form"}
    return Tracker("test", slots, latest, events, False, None, form, "email_draft_form")


async def test_the_form_s_last_answer_brings_the_draft_in_the_same_round_trip() -> None:
    dispatcher = CollectingDispatcher()
    events = await FORM.run(dispatcher, last_answer("we both laughed about the coffee machine"), FORM_DOMAIN)
    said = texts(dispatcher)
    assert said[0].startswith("Here's your draft") and "Hi Priya," in said[1] and "coffee machine" in said[1]
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events
    assert {"event": "slot", "timestamp": None, "name": "draft_count", "value": 1} in events
    assert {"event": "slot", "timestamp": None, "name": "last_advice", "value": "email_draft"} in events


async def test_no_draft_while_an_answer_is_still_missing() -> None:
    dispatcher = CollectingDispatcher()
    events = await FORM.run(dispatcher, last_answer("x " * 200), FORM_DOMAIN)  # too long: asked again
    assert texts(dispatcher) in [[text] for text in replies.variants("invalid_shared_moment")]
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": "shared_moment"} in events
    assert not any(e["name"] == "draft_count" for e in events)


async def test_a_form_started_with_every_answer_known_is_answered_with_the_draft() -> None:
    dispatcher = CollectingDispatcher()
    known = {"recipient_name": "Priya", "company_role": "the analyst role", "shared_moment": "none"}
    events = await FORM.run(dispatcher, activation(known), FORM_DOMAIN)
    assert "Hi Priya," in texts(dispatcher)[1]
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events


@pytest.mark.parametrize("said, own", [("im kev", "Kev"), ("I'm Ana.", "Ana"), ("my name is Tomás", "Tomás"),
                                       ("this is Lee", "Lee")])
def test_the_person_s_own_name_signs_the_draft_and_the_recipient_is_asked_again(said: str, own: str) -> None:
    dispatcher = CollectingDispatcher()
    result = FORM.validate_recipient_name(said, dispatcher, make_tracker(), DOMAIN)
    assert result == {"recipient_name": None, "sender_name": own}
    assert own in texts(dispatcher)[0]


def test_a_name_after_dear_is_the_recipient() -> None:
    assert validate("recipient_name", "Dear Ms Lin") == ("Ms Lin", [])


def test_a_recipient_given_beside_the_sender_s_name_is_kept() -> None:
    tracker = make_tracker(entities=[{"entity": "recipient_name", "value": "Carla"},
                                     {"entity": "sender_name", "value": "Jess"}])
    dispatcher = CollectingDispatcher()
    assert FORM.validate_recipient_name("Carla", dispatcher, tracker, DOMAIN) == {"recipient_name": "Carla",
                                                                                   "sender_name": "Jess"}


@pytest.mark.parametrize("said", ["We both grew up in the same small town in Nova Scotia",
                                  "i think it was the manager but not sure"])
def test_a_sentence_is_not_a_name(said: str) -> None:
    assert validate("recipient_name", said)[0] is None


def test_a_skipped_role_reads_the_role() -> None:
    assert validate("company_role", "skip") == ("the role", [])
    assert validate("recipient_name", "the HR team at Brightwater") == ("the HR team at Brightwater", [])


@pytest.mark.parametrize("slot, said, value, own", [
    ("recipient_name", "Dr. Anita Sharma. Sorry, and my name's Beth, in case you need it.",
     "Dr. Anita Sharma", "Beth"),
    ("recipient_name", "oh im Kev", None, "Kev"),
    ("company_role", "Logistics analyst, Tarmac Freight. And sign it Renee, obviously.",
     "Logistics analyst at Tarmac Freight", "Renee"),
    ("shared_moment", "we both hate cilantro lol. sign it Marco", "we both hate cilantro lol", "Marco"),
    ("shared_moment", "Skip. I'm Lee.", NO_MOMENT, "Lee"),
])
def test_an_answer_that_also_signs_the_email_gives_both(slot: str, said: str, value: object,
                                                         own: str) -> None:
    found = sender_name(said)
    tracker = make_tracker("inform", text=said, entities=[found] if found else [])
    result = getattr(FORM, f"validate_{slot}")(said, CollectingDispatcher(), tracker, DOMAIN)
    assert result == {slot: value, "sender_name": own}


def test_a_whole_sentence_answer_gives_the_name_and_the_role() -> None:
    said = "it's to marcus webb, the hiring manager at larkspur museum. the job is exhibit technician"
    tracker = make_tracker("inform", text=said)
    assert FORM.validate_recipient_name(said, CollectingDispatcher(), tracker, DOMAIN) == {
        "recipient_name": "Marcus Webb", "company_role": "exhibit technician"}


def test_the_name_is_asked_again_once_then_the_hiring_team_is_greeted() -> None:
    said = "i honestly couldn't tell you, it was a panel"
    first, dispatcher = make_tracker("inform", text=said), CollectingDispatcher()
    assert FORM.validate_recipient_name(said, dispatcher, first, DOMAIN) == {"recipient_name": None}
    again = make_tracker("inform", text=said)
    again.events.append({"event": "bot", "text": texts(dispatcher)[0]})
    dispatcher = CollectingDispatcher()
    result = FORM.validate_recipient_name(said, dispatcher, again, DOMAIN)
    assert result == {"recipient_name": "the hiring team"}
    assert texts(dispatcher) and "hiring team" in texts(dispatcher)[0]
    assert validate("recipient_name", "skip") == ("the hiring team", [])


def test_an_answer_with_every_detail_fills_the_form_at_once() -> None:
    said = ("its to jonathan reyes, hiring manager for the data analyst role at Brightwater Foods. "
            "we both talked about our dogs for like 5 min")
    tracker = make_tracker("inform", text=said)
    result = FORM.validate_recipient_name(said, CollectingDispatcher(), tracker, DOMAIN)
    assert result == {"recipient_name": "Jonathan Reyes",
                      "company_role": "the data analyst role at Brightwater Foods",
                      "shared_moment": "we both talked about our dogs for like 5 min"}


async def test_the_details_of_the_request_itself_are_not_asked_again() -> None:
    said = "I need a follow-up email. I had interview for Software Tester at Quantix with Mr. Jens Hoffmann."
    # at its activation Rasa's form already names itself the active loop; no question has been asked yet
    tracker = make_tracker("request_email_draft", text=said, active_loop="email_draft_form")
    events = await FORM.run(CollectingDispatcher(), tracker, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["recipient_name"] == "Mr. Jens Hoffmann"
    assert slots["company_role"] == "Software Tester at Quantix"


async def test_a_name_given_while_the_form_still_asks_is_said_back() -> None:
    said = "email to follow up, plz. signing as Imani"
    tracker = make_tracker("request_email_draft", text=said, entities=[sender_name(said)],
                           active_loop="email_draft_form")
    dispatcher = CollectingDispatcher()
    await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert any("Imani" in text for text in texts(dispatcher))
    already = make_tracker("change_draft_field", text=said, entities=[sender_name(said)],
                           active_loop="email_draft_form", requested_slot="recipient_name")
    already.events.append({"event": "bot", "text": "Got it, I've updated your name (signed Imani)."})
    dispatcher = CollectingDispatcher()
    await FORM.run(dispatcher, already, FORM_DOMAIN)
    assert not any("Imani" in text for text in texts(dispatcher)), "said once a turn, not twice"


def test_a_role_answer_that_goes_on_to_the_moment_gives_both() -> None:
    said = "sales associate. and we laughed because my phone rang"
    tracker = make_tracker("inform", text=said, requested_slot="company_role")
    assert FORM.validate_company_role(said, CollectingDispatcher(), tracker, DOMAIN) == {
        "company_role": "sales associate", "shared_moment": "we laughed because my phone rang"}


def test_a_corrected_sign_off_is_the_sender_s_not_the_recipient() -> None:
    said = "actually 'Lorenzo B.' is better"
    tracker = make_tracker("inform", text=said, slots={"sender_name": "Lorenzo"},
                           requested_slot="recipient_name")
    assert FORM.validate_recipient_name(said, CollectingDispatcher(), tracker, DOMAIN) == {
        "recipient_name": None, "sender_name": "Lorenzo B."}


async def test_the_sender_is_said_back_with_the_recipient_once_both_are_known() -> None:
    said = "sign it Priya Raman"
    tracker = make_tracker("inform", text=said, entities=[sender_name(said)],
                           active_loop="email_draft_form", requested_slot="company_role",
                           slots={"recipient_name": "Lucinda Marsh"})
    dispatcher = CollectingDispatcher()
    await FORM.run(dispatcher, tracker, FORM_DOMAIN)
    assert "Thanks, Priya Raman: I'll sign the email to Lucinda Marsh from you." in texts(dispatcher)


async def test_a_request_after_a_message_that_told_the_details_reads_them_too() -> None:
    told = "I need to email the recruiter, Lucinda Marsh, about the financial analyst role. We love Leeds."
    tracker = make_tracker("request_email_draft", text="Write it please", active_loop="email_draft_form")
    tracker.events.insert(0, {"event": "user", "text": told})
    events = await FORM.run(CollectingDispatcher(), tracker, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["recipient_name"] == "Lucinda Marsh"
    assert slots["company_role"] == "the financial analyst role"
