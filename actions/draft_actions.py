"""The action that revises the follow-up email draft ("make the name Priya").

The form's validation writes the first draft (actions/draft_form.py, actions/draft_writer.py).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import email_draft, replies
from actions.draft_form import ValidateEmailDraftForm, bare_name_signs, corrected_sender
from actions.draft_writer import DRAFT_ENTRY, draft_details, send_draft
from actions.slots import slots_that_change
from actions.turns import slot_before_latest_message
from ask_amy.nlu.facts.sender import without_sender

FIELD_LABELS = {
    "recipient_name": "the name",
    "company_role": "the role",
    "shared_moment": "the shared moment",
    "offer_deadline": "the deadline",
    "sender_name": "your name at the end",
}


def label(field: str, tracker: Tracker) -> str:
    """Name the changed field; the sender's name is said back, so they see it was taken as theirs."""
    if field == "sender_name" and tracker.get_slot("sender_name"):
        return f"{FIELD_LABELS[field]} (signed {tracker.get_slot('sender_name')})"
    return FIELD_LABELS[field]


class ActionReviseDraft(Action):
    """Applies a change such as "make the name Priya" and shows the updated draft."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "action_revise_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Acknowledge the change; re-render the draft if one exists."""
        changed = [
            e["entity"] for e in tracker.latest_message.get("entities", []) if e.get("entity") in FIELD_LABELS
        ]
        requested = tracker.get_slot("requested_slot")
        text = str(tracker.latest_message.get("text") or "")
        events: List[Dict[Text, Any]] = []
        signs = bare_name_signs(text, tracker) if changed == ["recipient_name"] else None
        if signs:  # "Name: Henrike Vogel" under a draft that greets someone and is unsigned
            kept = slot_before_latest_message(tracker, "recipient_name")
            tracker.slots["recipient_name"] = kept
            changed, events = [], [SlotSet("recipient_name", kept)]
        corrected = signs or corrected_sender(text, tracker.get_slot("sender_name"))
        if not changed and corrected:  # "actually 'Lorenzo B.' is better"
            tracker.slots["sender_name"] = corrected
            changed, events = ["sender_name"], events + [SlotSet("sender_name", corrected)]
        if not changed and tracker.active_loop.get("name") and requested:
            # No field named ("the analyst role at Acme"): it answers the form's question.
            validate = getattr(ValidateEmailDraftForm(), f"validate_{requested}")
            result = validate(tracker.latest_message.get("text"), dispatcher, tracker, domain)
            return [SlotSet(slot, value) for slot, value in result.items()]
        if not changed:
            dispatcher.utter_message(text=replies.say("ask_which_field"))
            return []
        labels = " and ".join(label(f, tracker) for f in dict.fromkeys(changed))
        if tracker.active_loop.get("name"):
            recipient = tracker.get_slot("recipient_name")
            to = f" The email goes to {recipient}." if recipient and "sender_name" in changed else ""
            dispatcher.utter_message(text=f"Got it, I've updated {labels}.{to}")
            rest = without_sender(text)
            if requested and set(changed) == {"sender_name"} and len(rest.split()) > 1:
                # "it's to Fergus Doyle, the ops director. sign off as Declan": the form's answer too
                validate = getattr(ValidateEmailDraftForm(), f"validate_{requested}")
                result = validate(rest, dispatcher, tracker, domain)
                events += [SlotSet(slot, value) for slot, value in result.items() if slot != "sender_name"]
            return events
        if not all(tracker.get_slot(f) for f in ("recipient_name", "company_role")):
            dispatcher.utter_message(
                text=f"Noted {labels}. Say \"write the email for me\" when you'd like the draft."
            )
            return events
        dispatcher.utter_message(text=f"Done, I've changed {labels}. Here's the updated draft:")
        count = max(int(tracker.get_slot("draft_count") or 1) - 1, 0)
        send_draft(dispatcher, tracker, email_draft.render(draft_details(tracker), variant=count))
        return events + slots_that_change(tracker, last_advice=DRAFT_ENTRY)
