"""Actions that answer questions with the column's advice."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import advice, replies
from actions.situation import Situation

# What the NLU's input check found wrong with a message -> the reply that says so.
UNCLEAR_REPLIES = {"empty": "empty_message", "gibberish": "gibberish", "non_english": "non_english"}


def latest_entity(tracker: Tracker, name: str) -> Any:
    """The value of the last entity called ``name`` in the latest message, if any."""
    values = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]
    return values[-1] if values else None


class ActionGiveAdvice(Action):
    """Answers the latest question with the knowledge-base entry that fits it best."""

    def name(self) -> Text:
        """The action's name in the domain."""
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Choose an entry for the intent and what we know, and say it."""
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        situation = Situation.from_slots(tracker.slots)
        entry = advice.load().choose(intent, situation)
        if entry is None:
            dispatcher.utter_message(response="utter_capabilities")
            return [SlotSet("offered_draft", False)]
        dispatcher.utter_message(text=entry.render(situation))
        return [SlotSet("last_advice", entry.id), SlotSet("offered_draft", entry.offers_draft)]


class ActionShowSource(Action):
    """Shows the column passage behind the last answer."""

    def name(self) -> Text:
        """The action's name in the domain."""
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
        """The action's name in the domain."""
        return "action_handle_unclear"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Pick the reply for an empty, gibberish, foreign or merely unclear message."""
        problem = latest_entity(tracker, "input_problem")
        if problem in UNCLEAR_REPLIES:
            dispatcher.utter_message(text=replies.say(UNCLEAR_REPLIES[problem]))
        else:
            dispatcher.utter_message(response="utter_default")
        return []
