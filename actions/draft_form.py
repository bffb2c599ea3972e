"""Validation of the follow-up email form (``email_draft_form``); its last answer brings the draft."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Text, Tuple

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions import replies
from actions.draft_answers import moment_in, moment_start, recipient_in, role_in
from actions.draft_writer import write_draft
from actions.email_draft import NO_MOMENT
from actions.situation import is_yes
from actions.turns import previous_user_message, said_this_turn, slot_before_latest_message
from ask_amy.nlu.facts.sender import capitalised, without_sender

MAX_FIELD = 120
HIRING_TEAM = "the hiring team"  # who the email greets when the person gives no name
_NAME_PREFIX = re.compile(
    r"^(?:(?:his|her|their|the)\s+name\s+is|it'?s|it\s+is|it\s+was|to|dear|name\s*:)\s+",
    re.IGNORECASE,
)
# "can you make it shorter", "what should I put?": a request or a question, not a field's value
_A_REQUEST = re.compile(
    r"^\s*(?:can|could|would|will)\s+you\b|\?\s*$|^\s*(?:what|how|why|make\s+it)\b", re.IGNORECASE
)
# "im kev" typed at the question who the email goes to: the person's own name, for the sign-off
_OWN_NAME = re.compile(r"^\s*(?:(?:oh|ah|um|sorry|btw|wait|haha|lol|and)[\s,!.]+)*"
                       r"(?:i'?m|im|i\s+am|this\s+is|me"
                       r"|my\s+name\s+is|my\s+name'?s)[\s,:-]+([^\W\d_][^\W\d_'\-]*)\s*[.!]?"
                       r"(?:\s*[^\W\d_][^\W\d_'\-]*(?:\s+[^\W\d_][^\W\d_'\-]*)?\s*[.!]?)?\s*(?:lol|haha)?\s*$",
                       re.IGNORECASE)
# "the sales director Fiona Hart", "send to Lorraine": lower-case words, then the name
_LOWER_THEN_NAME = re.compile(r"^(?:[a-z][\w'-]*\s+){1,4}((?:Mr|Mrs|Ms|Dr|Miss|Mx|Prof)?\.?\s*"
                              r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})$")
# "name is Soren", "Name: Henrike Vogel" once the recipient is known: the sender's name
_BARE_NAME = re.compile(r"^\s*(?:and\s+|oh,?\s+)?(?:the\s+)?name\s*(?:is|:|=|-)\s*"
                        r"([^\W\d_][^\W\d_'\-]*(?:\s+[^\W\d_][^\W\d_'\-]*)?)\s*[.!]?\s*$", re.IGNORECASE)
# "we both grew up in the same town": a sentence, not a name (a group like "the HR team" is fine)
_A_SENTENCE = re.compile(r"^(?:we|i|i'm|they|she|he|it|our|my|you)\b|^(?:\S+\s+){6,}", re.IGNORECASE)
# "Logistics analyst, Tarmac Freight": a title, then the company's capitalised name
_ROLE_COMMA_COMPANY = re.compile(
    r"^([^,]{2,60}?),\s+((?:the\s+)?[A-Z][\w&'.-]*(?:\s+(?:[A-Z&][\w&'.-]*|of|and|de))*)$"
)
# "skip. nothing was funny about that interview": skipped, with a reason
_SKIPPED = re.compile(r"^(?:skip|no|nope|none|pass)\b[.,!]", re.IGNORECASE)
_ROLE_PREFIX = re.compile(r"^(?:it'?s|it\s+is|it\s+was|the\s+job\s+is|for)\s+", re.IGNORECASE)
_DEADLINE_PREFIX = re.compile(r"^(?:by|on|before|until)\s+", re.IGNORECASE)
_SKIP = {"skip", "none", "no", "nope", "nothing", "n/a", "na", "pass", "not really", "no thanks"}


def clean(value: Any, prefix: Optional["re.Pattern[str]"] = None) -> str:
    """Trim whitespace, trailing punctuation and a conversational prefix."""
    text = " ".join(str(value or "").split()).strip(" .!,;")
    if prefix is not None:
        text = prefix.sub("", text).strip(" .!,;")
    return text


def own_name(text: str, tracker: Tracker) -> Optional[str]:
    """Return the person's own name when ``text`` introduces them ("im kev", "sign it Kev"), else None."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "sender_name" and entity.get("value"):
            return str(entity["value"])
    corrected = corrected_sender(text, tracker.get_slot("sender_name"))
    if corrected:
        return corrected
    bare = _BARE_NAME.match(text)
    if bare and tracker.get_slot("recipient_name"):
        return capitalised(bare.group(1))
    match = _OWN_NAME.match(text)
    if match and match.group(1).lower() not in {"not", "sorry", "sure", "done", "ready", "back", "confused"}:
        return match.group(1)[:1].upper() + match.group(1)[1:]
    return None


_CAPITALISED = re.compile(r"\b[A-Z][^\W\d_'\-]+(?:-[^\W\d_]+)?(?:\s+(?:[A-Z]\.?|[A-Z][^\W\d_'\-]+))?")


def corrected_sender(text: str, sender: Optional[str]) -> Optional[str]:
    """Return a longer or respelled sign-off for the same person ("actually 'Lorenzo B.' is better").

    A capitalised name that starts with the sender's first name is theirs, never the recipient's.
    """
    if not sender:
        return None
    first = str(sender).split()[0]
    for match in _CAPITALISED.finditer(text):
        name = match.group(0).strip()
        if name.split()[0] == first and name.rstrip(".") != str(sender):
            return name
    return None


def sender_in_answer(value: Any, tracker: Tracker) -> Tuple[str, Dict[Text, Any]]:
    """Split the person's own name off an answer to the form: ("Dr. Anita Sharma", {"sender_name": "Beth"}).

    "Dr. Anita Sharma. Sorry, and my name's Beth" answers who the email goes to and signs it;
    "im kev" only signs it (the answer left is empty). Without a name, the slots are ``{}``.
    """
    answer = str(value or "")
    text = str(tracker.latest_message.get("text") or answer)
    own = own_name(text, tracker)
    if not own:
        return answer, {}
    if answer.strip() == text.strip() or own.lower() in answer.lower():
        answer = "" if _OWN_NAME.match(answer) else without_sender(answer)
    rest = re.sub(re.escape(own.rstrip(".")), " ", answer, flags=re.IGNORECASE)
    if rest != answer and len(re.findall(r"[^\W\d_]+", rest)) <= 4:
        answer = ""  # "actually 'Lorenzo B.' is better", "name is Soren": only the sign-off
    return answer, {"sender_name": own}


_READERS = {"recipient_name": recipient_in, "company_role": role_in, "shared_moment": moment_in}


def details_beside(text: str, tracker: Tracker,
                   slots: Tuple[str, ...] = ("company_role", "shared_moment")) -> Dict[Text, Any]:
    """Return the draft's details ``text`` tells for ``slots``, those not filled yet.

    "its to jonathan reyes, ... the data analyst role at Brightwater Foods. we both talked about
    our dogs" answers the role and the moment too, so the form does not ask for them again; at the
    form's start, the request itself ("... with Mr. Jens Hoffmann") can name the recipient.
    """
    text = without_sender(text)  # "My name is Dana" names the sender, not the recipient
    found = {slot: _READERS[slot](text) for slot in slots if tracker.get_slot(slot) is None}
    return {slot: value for slot, value in found.items() if value}


def asked_again_already(tracker: Tracker) -> bool:
    """Tell whether the bot's last message already asked again for the recipient's name."""
    asked = set(replies.variants("invalid_recipient_name"))
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot":
            return any(str(event.get("text") or "").startswith(text) for text in asked)
    return False


def without_unchanged_slots(
    events: List[Dict[Text, Any]], before: Mapping[Text, Any]
) -> List[Dict[Text, Any]]:
    """Drop the ``slot`` events that set a slot to the value it already has in ``before``.

    ``requested_slot`` is always kept: it is how the form is told what to ask, or that it is done.
    """
    def unchanged(event: Dict[Text, Any]) -> bool:
        name = event.get("name")
        return (event.get("event") == "slot" and name != "requested_slot" and name in before
                and before[name] == event.get("value"))

    return [event for event in events if not unchanged(event)]


def finishes_the_form(events: List[Dict[Text, Any]]) -> bool:
    """Whether these validation events end the form: the last ``requested_slot`` they set is None."""
    asked = [e for e in events if e.get("event") == "slot" and e.get("name") == REQUESTED_SLOT]
    return bool(asked) and asked[-1].get("value") is None


def acknowledge_the_sender(
    dispatcher: CollectingDispatcher, tracker: Tracker, events: List[Dict[Text, Any]]
) -> None:
    """Say back the person's own name when this message gave it and the draft is still to come.

    "write it to Marco, sign it Marisol" is followed by the next question; without a word about
    the name, the person cannot tell it was taken as theirs and not the recipient's.
    """
    given = [e.get("value") for e in tracker.latest_message.get("entities") or []
             if e.get("entity") == "sender_name" and e.get("value")]
    given += [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "sender_name"
              and e.get("value")]
    if not given:
        return
    said = [str(m.get("text") or "") for m in dispatcher.messages] + said_this_turn(tracker)
    if not any(given[-1] in text for text in said):
        dispatcher.utter_message(text=sender_noted(given[-1], tracker.get_slot("recipient_name")))


def sender_noted(name: str, recipient: Optional[str]) -> str:
    """Say back the sender's name, and the recipient's when it is known ("... to Lucinda Marsh from you")."""
    if recipient and recipient != HIRING_TEAM:
        return replies.say("sender_name_noted_to").format(name=name, recipient=recipient)
    return replies.say("sender_name_noted").format(name=name)


def bare_name_signs(text: str, tracker: Tracker) -> Optional[str]:
    """Return the name in "Name: Henrike Vogel" when the draft greets someone already and is unsigned.

    With the recipient known and "[Your name]" still under the draft, a bare name fills the gap.
    """
    bare = _BARE_NAME.match(text)
    if bare is None or tracker.get_slot("sender_name"):
        return None
    if not slot_before_latest_message(tracker, "recipient_name"):
        return None
    return capitalised(bare.group(1))


class ValidateEmailDraftForm(FormValidationAction):
    """Checks and tidies each answer the email form collects."""

    def name(self) -> Text:
        """Return the action's name in the domain."""
        return "validate_email_draft_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        """Validate, leave out the slots kept exactly as given; with nothing left to ask, write the draft.

        Rasa has already set those slots this turn, from the form's slot mappings; setting them
        again only adds events to store, send and check on every later turn. At the form's
        activation every event is kept. The draft comes in this same answer, not from a custom
        action of its own after the form: one round trip to the action server fewer.
        """
        before = dict(tracker.slots)
        starting = tracker.get_slot(REQUESTED_SLOT) is None  # no question asked yet: the request itself
        told: Dict[Text, Any] = {}
        if starting:  # "Write it please" after a message that told who and what: both are read
            before = str(previous_user_message(tracker).get("text") or "")
            for text in (str(tracker.latest_message.get("text") or ""), before):
                told = {**details_beside(text, tracker, tuple(_READERS)), **told}
        tracker.slots.update(told)
        events = await super().run(dispatcher, tracker, domain)  # the tracker's slots now validated
        events = [SlotSet(slot, value) for slot, value in told.items()] + events
        if (tracker.active_loop or {}).get("name"):
            events = without_unchanged_slots(events, before)
        if finishes_the_form(events):
            events += write_draft(dispatcher, tracker)
        else:
            acknowledge_the_sender(dispatcher, tracker, events)
        return events

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Optional[EventType]:
        """Name the slot to ask next (``None``: the form is done) in every answer, not only some.

        rasa-sdk names it only when ``required_slots`` left a slot out. Without it, at the form's
        activation with nothing to validate, the answer has no events, and Rasa's form calls this
        action a second time in the same turn to find out what to ask.
        """
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return SlotSet(REQUESTED_SLOT, next((s for s in required if tracker.slots.get(s) is None), None))

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        """Ask about a deadline only when the person has a real competing offer."""
        slots = [s for s in domain_slots if s != "offer_deadline"]
        if is_yes(tracker.get_slot("has_competing_offer") or False):
            slots.append("offer_deadline")
        return slots

    def validate_recipient_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Validate the name: non-empty, short, no 'her name is'; the person's own name signs the draft."""
        answer, signed = sender_in_answer(value, tracker)
        if signed and not clean(answer):
            kept = slot_before_latest_message(tracker, "recipient_name")
            dispatcher.utter_message(text=sender_noted(signed["sender_name"], kept))
            return {"recipient_name": kept, **signed}
        name = clean(answer, _NAME_PREFIX)
        named = _LOWER_THEN_NAME.match(name)
        if named:  # "sales director Fiona Hart", "send to Lorraine": the capitalised name
            name = named.group(1)
        if name.lower() in _SKIP:
            return {"recipient_name": HIRING_TEAM, **signed}
        if not name or len(name) > 60 or not re.search(r"[^\W\d_]", name) or _A_REQUEST.search(answer) \
                or _A_SENTENCE.match(name):
            found = recipient_in(answer)
            if found:  # "it's to marcus webb, the hiring manager ... the job is exhibit technician"
                return {"recipient_name": found, **details_beside(answer, tracker), **signed}
            if asked_again_already(tracker):  # never the same question a third time
                dispatcher.utter_message(text=replies.say("recipient_defaulted"))
                return {"recipient_name": HIRING_TEAM, **signed}
            dispatcher.utter_message(text=replies.say("invalid_recipient_name"))
            return {"recipient_name": None, **details_beside(answer, tracker), **signed}
        beside = details_beside(str(tracker.latest_message.get("text") or ""), tracker)
        return {"recipient_name": name, **beside, **signed}

    def validate_company_role(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Validate the role or company: non-empty, short; "Analyst, Meridian Bank" reads "Analyst at ..."."""
        answer, signed = sender_in_answer(value, tracker)
        role = _ROLE_COMMA_COMPANY.sub(r"\1 at \2", clean(answer, _ROLE_PREFIX))
        if role.lower() in _SKIP:  # the draft can name "the role" without its title
            return {"company_role": "the role", **signed}
        if not role or len(role) > MAX_FIELD or not re.search(r"[^\W\d_]", role) \
                or _A_REQUEST.search(answer):
            found = role_in(answer)
            if found:  # "Position is Credit Analyst. We talked about Lagos."
                moment = details_beside(answer, tracker, ("shared_moment",))
                return {"company_role": found, **moment, **signed}
            dispatcher.utter_message(text=replies.say("invalid_company_role"))
            return {"company_role": None, **signed}
        moment = moment_start(role)
        if moment:  # "sales associate. and we laughed because my phone rang"
            told = details_beside(role, tracker, ("shared_moment",))
            return {"company_role": clean(role[:moment]).removesuffix(" and").strip(" .,;"), **told, **signed}
        return {"company_role": role, **signed}

    def validate_shared_moment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Validate the optional moment: 'skip' or 'no' means none."""
        answer, signed = sender_in_answer(value, tracker)
        moment = clean(answer)
        if not moment or moment.lower() in _SKIP or _SKIPPED.match(moment):
            return {"shared_moment": NO_MOMENT, **signed}
        if len(moment) > 2 * MAX_FIELD:
            dispatcher.utter_message(text=replies.say("invalid_shared_moment"))
            return {"shared_moment": None, **signed}
        return {"shared_moment": moment, **signed}

    def validate_offer_deadline(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Validate the other offer's deadline, as the person said it."""
        deadline = clean(value, _DEADLINE_PREFIX)
        if not deadline or len(deadline) > 60:
            dispatcher.utter_message(text=replies.say("invalid_offer_deadline"))
            return {"offer_deadline": None}
        return {"offer_deadline": deadline}
