"""What the person says of the last answer: "that's not what I asked" is repaired, "that helped" thanked.

The NLU reads the verdict (``ask_amy/nlu/facts/feedback.py``) and routes it to ``give_feedback``.
A negative one gets a one-line apology and the likeliest other topics of the message before, as
buttons with "Something else"; never a list of what the bot can do, never the email form. Inside the
form it also ends the form, its answers dropped (data/rules.yml). Each verdict is kept with the
advice entry it judges in ``answer_ratings`` (docs/DESIGN.md).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies, topics
from actions.slots import slots_that_change
from actions.turns import previous_user_message
from ask_amy.nlu.topic_choice import CHOOSABLE

DRAFT_SLOTS = ("recipient_name", "company_role", "shared_moment", "requested_slot")
MAX_CHOICES = 3


def verdict(tracker: Tracker) -> str:
    """Return "negative" or "positive", as the NLU read the latest message ("negative" if unsure)."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "feedback":
            return str(entity.get("value"))
    return "negative"


def other_topics(tracker: Tracker) -> List[str]:
    """Return the likeliest topics of the person's message before this one, the one answered left out."""
    parse = previous_user_message(tracker).get("parse_data") or {}
    answered = str((parse.get("intent") or {}).get("name") or "")
    names = [str(r.get("name")) for r in parse.get("intent_ranking") or []]
    shown = [n for n in names if n in CHOOSABLE and n != answered]
    shown += [t for t in topics.next_topics(answered) if t not in shown]
    return shown[:MAX_CHOICES]


class ActionTakeFeedback(Action):
    """Says sorry and offers other topics after "not what I asked"; thanks after "that helped"."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "action_take_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Answer the verdict and keep it with the advice entry it judges."""
        rated = verdict(tracker)
        in_form = bool((tracker.active_loop or {}).get("name"))
        advice_id = "email_draft_form" if in_form else tracker.get_slot("last_advice") or "none"
        ratings = list(tracker.get_slot("answer_ratings") or []) + [f"{advice_id}:{rated}"]
        events: List[Dict[Text, Any]] = [SlotSet("answer_ratings", ratings)]
        if rated == "positive":
            dispatcher.utter_message(text=replies.say("feedback_thanks"))
            return events
        choices = other_topics(tracker)
        buttons = [topics.button(c) for c in choices] + [topics.button(topics.SOMETHING_ELSE)]
        dispatcher.utter_message(text=replies.say("feedback_sorry"), buttons=buttons)
        if in_form:  # the form's answers are not kept
            events += [SlotSet(slot, None) for slot in DRAFT_SLOTS if tracker.get_slot(slot) is not None]
        return events + slots_that_change(tracker, offered_topics=choices + [topics.SOMETHING_ELSE])

