"""Writing the follow-up email draft from the form's slots (the form's last answer sends it)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import advice, email_draft, replies
from actions.situation import is_yes
from actions.slots import slots_that_change

DRAFT_ENTRY = "email_draft"  # the knowledge-base entry that introduces the draft, and its source


def draft_details(tracker: Tracker) -> email_draft.DraftDetails:
    """Return the draft's details from the form's slots."""
    return email_draft.DraftDetails(
        name=tracker.get_slot("recipient_name") or "",
        role=tracker.get_slot("company_role") or "",
        moment=tracker.get_slot("shared_moment"),
        deadline=tracker.get_slot("offer_deadline"),
        has_offer=is_yes(tracker.get_slot("has_competing_offer") or False),
        sender=tracker.get_slot("sender_name"),
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


def write_draft(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Send the next variant of the draft and what comes next; return the slots that change."""
    count = int(tracker.get_slot("draft_count") or 0)
    entry = advice.load().get(DRAFT_ENTRY)
    details = draft_details(tracker)
    if entry is not None:
        intro = entry.answer.strip() if email_draft.has_moment(details) else None
        dispatcher.utter_message(text=intro or replies.say("draft_intro_no_moment"))
    send_draft(dispatcher, tracker, email_draft.render(details, variant=count))
    dispatcher.utter_message(text=replies.say("draft_next_steps"))
    return slots_that_change(tracker, draft_count=count + 1, last_advice=DRAFT_ENTRY, offered_draft=False)
