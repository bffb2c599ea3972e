"""Actions that answer questions with the column's advice."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import advice, buttons, replies, topics
from actions.draft_actions import ActionReviseDraft
from actions.situation import Situation, is_yes
from actions.slots import slots_that_change
from actions.turns import slot_before_latest_message
from ask_amy.nlu import topic_choice

# Details of the draft a message can give outside the form: read as a change to the draft.
DRAFT_DETAILS = frozenset({"sender_name", "recipient_name", "company_role", "shared_moment"})
# What the NLU's input check found wrong with a message -> the reply that says so.
UNCLEAR_REPLIES = {"empty": "empty_message", "gibberish": "gibberish", "non_english": "non_english"}


def latest_entity(tracker: Tracker, name: str) -> Any:
    """Return the value of the last entity called ``name`` in the latest message, if any."""
    values = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]
    return values[-1] if values else None


class ActionGiveAdvice(Action):
    """Answers the latest question with the knowledge-base entry that fits it best."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Choose an entry for the intent and what we know, and say it."""
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        return advise(dispatcher, tracker, intent, latest_entity(tracker, "also_asked"))


def advice_buttons(tracker: Tracker, entry: advice.Entry) -> List[Dict[str, str]]:
    """Return the quick replies under an answer: draft it, see the source; in the form, the source."""
    if (tracker.active_loop or {}).get("name"):
        return buttons.group("source")
    return buttons.group("draft_offer" if entry.offers_draft else "source")


def advise(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, also: Any = None
) -> List[Dict[Text, Any]]:
    """Say the advice for ``intent``; offer the message's second question ``also`` with a button."""
    entities = tracker.latest_message.get("entities", [])
    situation = Situation.from_tracker(tracker.slots, entities)
    corrected = offer_slot_correction(tracker, situation, entities)
    if corrected:
        situation = dataclasses.replace(situation, has_offer=is_yes(corrected[0]["value"] or False))
    entry = advice.load().choose(intent, situation)
    if entry is None:  # out of scope with no ask the advice speaks to: the usual redirect
        redirect = "utter_out_of_scope" if intent == "out_of_scope" else "utter_capabilities"
        dispatcher.utter_message(response=redirect)
        return corrected + slots_that_change(tracker, offered_draft=False, offered_topics=[])
    if entry.id == tracker.get_slot("last_advice"):
        choices = topics.next_topics(intent)
        recap = entry.short.format(**situation.placeholders()) if entry.short else first_sentence(
            entry.render(situation))
        dispatcher.utter_message(**topics.nothing_new(choices, recap))
        return corrected + slots_that_change(
            tracker, offered_draft=False, offered_topics=choices + [topics.SOMETHING_ELSE]
        )
    dispatcher.utter_message(text=acknowledged(entry, situation), buttons=advice_buttons(tracker, entry))
    offered = [t for t in topics.choices_from_entity(also, list(topics.load()["topics"])) if t != intent]
    if situation.says_something_new:
        offered = []
    if len(offered) == 1:
        dispatcher.utter_message(**topics.also_asked(offered[0]))
    elif offered:
        dispatcher.utter_message(**topics.also_asking(offered))
    return corrected + slots_that_change(
        tracker, last_advice=entry.id, offered_draft=entry.offers_draft, offered_topics=offered
    )


def first_sentence(text: str) -> str:
    """Return the first sentence of an answer: the gist, said again instead of the whole answer."""
    match = re.match(r"(.+?[.!?])(?:\s|$)", text.strip(), re.DOTALL)
    return (match.group(1) if match else text).strip()


def acknowledged(entry: advice.Entry, situation: Situation) -> str:
    """Return the entry's answer, led by a word on the message's news when the entry doesn't speak to it.

    "They said no. Is any of the advice still useful?" is answered as the question it asks, after
    "I'm sorry it was a no." (``knowledge/replies.yml``, ``news_heard_<kind>``).
    """
    text = entry.render(situation)
    key = f"news_heard_{situation.news}"
    if not situation.news or "news" in entry.when or "heard_back" in entry.when or key not in replies.load():
        return text
    return replies.say(key) + " " + text


def offer_slot_correction(
    tracker: Tracker, situation: Situation, entities: List[Dict[Text, Any]]
) -> List[Dict[Text, Any]]:
    """Undo a competing offer read from the words alone when the message is about another thing.

    "They offered me the role!" or "I have an interview elsewhere" may be classified as news of a
    competing offer, which sets ``has_competing_offer``; the offer of the employer waited on is
    never a competing one, and an interview is not an offer.
    """
    if situation.news not in ("offer", "accepted") and not situation.other_interview:
        return []
    if any(e.get("entity") == "competing_offer" for e in entities):
        return []
    before = slot_before_latest_message(tracker, "has_competing_offer")
    if tracker.get_slot("has_competing_offer") == before:
        return []
    return [SlotSet("has_competing_offer", before)]


class ActionShowSource(Action):
    """Shows the column passage behind the last answer."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "action_show_source"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Quote the passages of the entry named by the ``last_advice`` slot."""
        kb = advice.load()
        entry = kb.get(tracker.get_slot("last_advice") or "")
        if entry is None:
            dispatcher.utter_message(text=replies.say("no_source_yet"))
        else:
            dispatcher.utter_message(text=advice.cite(entry, kb.source))
        return []


class ActionHandleUnclear(Action):
    """Replies to messages the bot could not understand, saying why when it knows."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "action_handle_unclear"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Pick the reply for an empty, gibberish, foreign or merely unclear message."""
        problem = latest_entity(tracker, "input_problem")
        choices = topics.choices_from_entity(
            latest_entity(tracker, "topic_choices"), list(topics.load()["topics"])
        )
        text = str(tracker.latest_message.get("text") or "")
        entities = tracker.latest_message.get("entities") or []
        draft_details = {e.get("entity") for e in entities} & DRAFT_DETAILS
        in_form = bool((tracker.active_loop or {}).get("name"))
        if problem in UNCLEAR_REPLIES:
            dispatcher.utter_message(text=replies.say(UNCLEAR_REPLIES[problem]))
        elif draft_details and not in_form:
            # "Perfect, but sign it Thandiwe Nkosi please": a change to the draft, said with more words
            return await ActionReviseDraft().run(dispatcher, tracker, domain)
        elif not in_form and topic_choice.STATES_THE_WAIT.search(text):
            # "Waiting on Ashgrove Council": the wait told with no question, read as a form's answer
            return advise(dispatcher, tracker, topic_choice.WAIT_INTENT)
        elif choices:
            dispatcher.utter_message(**topics.clarify(choices))
            return slots_that_change(tracker, offered_topics=choices + [topics.SOMETHING_ELSE])
        else:
            dispatcher.utter_message(response="utter_default")
        return []


class ActionAnswerChosenTopic(Action):
    """Answers the topic a person picked from the bot's quick replies."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "action_answer_chosen_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Answer a topic the bot offered; anything else gets a plain "not open any more"."""
        topic = latest_entity(tracker, "topic")
        offered = tracker.get_slot("offered_topics") or []
        words = topics.load()
        if topic not in offered:
            dispatcher.utter_message(text=words["not_offered"].strip())
            return []
        if topic == topics.SOMETHING_ELSE:
            dispatcher.utter_message(text=words["something_else_reply"].strip())
            return slots_that_change(tracker, offered_topics=[])
        return advise(dispatcher, tracker, topic)
