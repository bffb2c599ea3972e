"""Slot events only for what changes: an unchanged value would add an event and change nothing.

Every stored event is read back on every later message of the conversation (the tracker store
loads the whole conversation) and featurized by the policy, so a turn that re-sets a slot to its
current value costs CPU for the rest of the conversation.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet


def slots_that_change(tracker: Tracker, **values: Any) -> List[Dict[Text, Any]]:
    """Return ``SlotSet`` events for the ``values`` that differ from the tracker's, in order."""
    return [SlotSet(slot, value) for slot, value in values.items() if tracker.get_slot(slot) != value]
