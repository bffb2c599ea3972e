"""Actions that write and revise the follow-up email draft."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import advice, email_draft, replies
from actions.draft_form import ValidateEmailDraftForm
from actions.situation import is_yes
from actions.slots import slots_that_change

DRAFT_FIELDS = ("recipient_name", "company_role", "shared_moment")
FIELD_LABELS = {
    "recipient_name": "the name",
    "company_role": "the role",
    "shared_moment": "the shared moment",
    "offer_deadline": "the deadline",
}


def draft_details(tracker: Tracker) -> email_draft.DraftDetails:
    """Return the draft's details from the form's slots."""
    return email_draft.DraftDetails(
        name=tracker.get_slot("recipient_name") or "",
        role=tracker.get_slot("company_role") or "",
        moment=tracker.get_slot("shared_moment"),
        deadline=tracker.get_slot("offer_deadline"),
        has_offer=is_yes(tracker.get_slot("has_competing_offer") or False),
    )


def send_draft(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> None:
    """Send the draft: on Slack as one copyable code block, elsewhere as plain text.

    Rasa's channels split a text message at blank lines; on Slack that would break the
    code block into several posts, so there it goes as one custom ``chat.postMessage``.
    """
    if tracker.get_latest_input_channel() == "slack":
        dispatcher.utter_message(json_message={"text": f"```\n{text}\n```"})
    else:
        dispatcher.utter_message(text=text)


class ActionWriteDraft(Action):
    """Writes the follow-up email once the form has what it needs."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "action_write_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Render the next variant of the draft and explain what comes next."""
        count = int(tracker.get_slot("draft_count") or 0)
        entry = advice.load().get("email_draft")
        if entry is not None:
            dispatcher.utter_message(text=entry.answer.strip())
        send_draft(dispatcher, tracker, email_draft.render(draft_details(tracker), variant=count))
        dispatcher.utter_message(text=replies.say("draft_next_steps"))
        return slots_that_change(
            tracker, draft_count=count + 1, last_advice="email_draft", offered_draft=False
        )


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
        if not changed and tracker.active_loop.get("name") and requested:
            # No field named ("the analyst role at Acme"): it answers the form's question.
            validate = getattr(ValidateEmailDraftForm(), f"validate_{requested}")
            result = validate(tracker.latest_message.get("text"), dispatcher, tracker, domain)
            return [SlotSet(slot, value) for slot, value in result.items()]
        if not changed:
            dispatcher.utter_message(text=replies.say("ask_which_field"))
            return []
        labels = " and ".join(FIELD_LABELS[f] for f in dict.fromkeys(changed))
        if tracker.active_loop.get("name"):
            dispatcher.utter_message(text=f"Got it, I've updated {labels}.")
            return []
        if not all(tracker.get_slot(f) for f in ("recipient_name", "company_role")):
            dispatcher.utter_message(
                text=f"Noted {labels}. Say \"write the email for me\" when you'd like the draft."
            )
            return []
        dispatcher.utter_message(text=f"Done, I've changed {labels}. Here's the updated draft:")
        count = max(int(tracker.get_slot("draft_count") or 1) - 1, 0)
        send_draft(dispatcher, tracker, email_draft.render(draft_details(tracker), variant=count))
        return slots_that_change(tracker, last_advice="email_draft")
