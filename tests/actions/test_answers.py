"""The advice, source and fallback actions, run with a real tracker and dispatcher."""

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.answers import ActionGiveAdvice, ActionHandleUnclear, ActionShowSource
from testkit.trackers import DOMAIN, make_tracker, texts


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return texts(dispatcher), events


async def test_three_weeks_gets_reach_out_now() -> None:
    tracker = make_tracker("ask_wait_or_reach_out", slots={"wait_days": 21.0})
    said, events = await run(ActionGiveAdvice(), tracker)
    assert len(said) == 1 and said[0].startswith("It's been three weeks")
    assert SlotSet("last_advice", "reach_out_now") in events
    assert SlotSet("offered_draft", True) in events


async def test_short_wait_is_honest_about_no_fixed_number() -> None:
    said, _ = await run(ActionGiveAdvice(), make_tracker("ask_wait_or_reach_out", slots={"wait_days": 5.0}))
    assert said[0].startswith("It's been five days") and "doesn't give a number of days" in said[0]


async def test_real_offer_with_deadline() -> None:
    tracker = make_tracker(
        "inform_competing_offer", slots={"has_competing_offer": "yes", "offer_deadline": "Friday"}
    )
    said, events = await run(ActionGiveAdvice(), tracker)
    assert "(Friday)" in said[0] and "answer by Friday" in said[0]
    assert SlotSet("last_advice", "offer_with_deadline") in events


async def test_bluff_question_gets_truthfulness_and_no_draft_offer() -> None:
    said, events = await run(ActionGiveAdvice(), make_tracker("ask_bluff_offer"))
    assert "be truthful" in said[0]
    assert SlotSet("offered_draft", False) in events


async def test_intent_without_entry_lists_capabilities() -> None:
    said, events = await run(ActionGiveAdvice(), make_tracker("greet"))
    assert said == ["utter_capabilities"]
    assert events == [SlotSet("offered_draft", False), SlotSet("offered_topics", [])]


async def test_out_of_scope_with_an_ask_gets_the_column_s_word_and_without_one_the_redirect() -> None:
    salary = [{"entity": "what_if", "value": "salary"}]
    said, _ = await run(ActionGiveAdvice(), make_tracker("out_of_scope", entities=salary))
    assert "doesn't cover salary" in said[0]
    said, _ = await run(ActionGiveAdvice(), make_tracker("out_of_scope"))
    assert said == ["utter_out_of_scope"]


async def test_news_is_acknowledged_before_an_answer_that_does_not_speak_to_it() -> None:
    reminder = {"entity": "request", "value": "reminder"}
    rejection = [{"entity": "heard_back", "value": "rejection"}, reminder]
    said, _ = await run(ActionGiveAdvice(), make_tracker("request_unavailable", entities=rejection))
    assert said[0].startswith(replies.variants("news_heard_rejection")[0]) and "remind" in said[0]
    said, _ = await run(ActionGiveAdvice(), make_tracker("request_unavailable", entities=[reminder]))
    assert not said[0].startswith(replies.variants("news_heard_rejection")[0])


async def test_show_source_quotes_the_last_answer() -> None:
    tracker = make_tracker("ask_source", slots={"last_advice": "email_not_phone"})
    said, events = await run(ActionShowSource(), tracker)
    assert "reach out by email rather than by phone" in said[0] and "June 11, 2018" in said[0]
    assert events == []


async def test_show_source_before_any_answer() -> None:
    said, _ = await run(ActionShowSource(), make_tracker("ask_source"))
    assert len(said) == 1 and said[0] in replies.variants("no_source_yet")


async def test_unclear_message_reply_depends_on_the_problem() -> None:
    problems = [("empty", "empty_message"), ("gibberish", "gibberish"), ("non_english", "non_english")]
    for problem, reply in problems:
        entities = [{"entity": "input_problem", "value": problem}]
        said, _ = await run(ActionHandleUnclear(), make_tracker("nlu_fallback", entities=entities))
        assert len(said) == 1 and said[0] in replies.variants(reply)
    said, _ = await run(ActionHandleUnclear(), make_tracker("nlu_fallback"))
    assert said == ["utter_default"]


async def test_the_wait_told_with_no_question_gets_the_advice_on_waiting_outside_the_form() -> None:
    told = make_tracker("inform", text="Waiting on Ashgrove Council")
    said, events = await run(ActionHandleUnclear(), told)
    assert said != ["utter_default"] and "email" in said[0]
    in_form = make_tracker("inform", text="Waiting on Ashgrove Council", active_loop="email_draft_form")
    said, _ = await run(ActionHandleUnclear(), in_form)
    assert said == ["utter_default"]


async def test_the_same_answer_again_is_a_one_line_recap_with_other_topics() -> None:
    tracker = make_tracker("ask_call_or_email", slots={"last_advice": "email_not_phone"})
    said, events = await run(ActionGiveAdvice(), tracker)
    assert said == ["In short: email, not the phone. That's all the column says on it. "
                    "Is there something else on your mind?"]
    assert SlotSet("offered_draft", False) in events


async def test_news_is_answered_as_news_whatever_the_question() -> None:
    tracker = make_tracker("ask_wait_or_reach_out", entities=[{"entity": "heard_back", "value": "rejection"}],
                           slots={"heard_back": "rejection"})
    said, events = await run(ActionGiveAdvice(), tracker)
    assert said[0].startswith("I'm sorry") and "ask for an update" not in said[0]
    assert SlotSet("last_advice", "news_rejection") in events
