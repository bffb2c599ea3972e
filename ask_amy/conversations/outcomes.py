"""What the bot made of each message of one conversation, read from its stored events.

Each person's message gets an *outcome*, the bot's reaction as the events show it:

* ``on_topic``     - a question about one of the advice topics (``TOPIC_INTENTS``), answered;
* ``clarified``    - the bot asked back, offering topics to choose from (``action_handle_unclear``
  setting ``offered_topics``);
* ``unclear``      - the bot fell back (``nlu_fallback``, ``action_default_fallback``, or
  ``action_handle_unclear`` with nothing to offer);
* ``out_of_scope`` - recognised as not about the wait after an interview, and redirected;
* ``other``        - greetings, thanks, the draft's details, quick replies...

A message is *unsure* (worth an editor's look) when it was clarified, fell back, was out of scope,
had a low intent confidence, or was followed by the person rephrasing it or saying that was not
what they asked. Answers to the email draft's questions are never listed: they hold the person's
details, and the name given for the draft is masked wherever it appears.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Set

from ask_amy.conversations.masking import mask
from ask_amy.conversations.store import Conversation, Event
from ask_amy.nlu.topic_choice import FALLBACK, OUT_OF_SCOPE, TOPIC_INTENTS

DRAFT_COUNT_SLOT = "draft_count"  # goes up by one with each draft written
UNCLEAR_ACTION = "action_handle_unclear"
DEFAULT_FALLBACK_ACTION = "action_default_fallback"
NAME_SLOT = "recipient_name"
LOW_CONFIDENCE = 0.6
REPHRASE_SIMILARITY = 0.5
NOT_WHAT_I_ASKED = re.compile(
    r"\b(not what i (asked|meant|said|wanted|was asking)|"
    r"(that'?s|that is|this is) not (it|what i|my question|"
    r"what i)|you (misunderstood|didn'?t understand|don'?t understand|got it wrong)|wrong answer|i meant\b|"
    r"no,? i (asked|meant|said)|that doesn'?t answer|not my question|that'?s not (right|the question)|"
    r"didn'?t ask (that|about that))",
    re.IGNORECASE,
)
_WORD = re.compile(r"<\w+>|[a-z0-9']+")
COMMON_WORDS = frozenset(
    "a an the i me my to of and or is it do does did should can could would you your "
    "in on for at be am are was that this them they what how".split()
)


@dataclass
class Message:
    """One message a person wrote, as the review shows it (masked)."""

    sender_id: str
    timestamp: float
    text: str
    intent: str
    confidence: float
    guess: str
    outcome: str
    reasons: List[str] = field(default_factory=list)


@dataclass
class Facts:
    """What one conversation (within the period) holds."""

    messages: int = 0
    outcomes: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)
    drafts: int = 0
    unsure: List[Message] = field(default_factory=list)


def words(text: str) -> List[str]:
    """Lower-case words of ``text`` (placeholders such as ``<email>`` count as one word)."""
    return _WORD.findall(text.lower())


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard similarity of two word lists (0 when either is empty)."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def rephrased(first: str, second: str) -> bool:
    """Whether ``second`` says ``first`` again in other words (their uncommon words mostly shared)."""
    a = [w for w in words(first) if w not in COMMON_WORDS]
    b = [w for w in words(second) if w not in COMMON_WORDS]
    return similarity(a, b) >= REPHRASE_SIMILARITY


def given_names(events: Sequence[Event]) -> Set[str]:
    """Every name the person gave for the email draft (the slot's values and the entity's)."""
    names: Set[str] = set()
    for event in events:
        if event.type_name == "slot" and event.data.get("name") == NAME_SLOT and event.data.get("value"):
            names.add(str(event.data["value"]))
        elif event.type_name == "user":
            for entity in (event.data.get("parse_data") or {}).get("entities") or []:
                if isinstance(entity, dict) and entity.get("entity") == NAME_SLOT and entity.get("value"):
                    names.add(str(entity["value"]))
    return names


def _guess(parse_data: Dict[str, Any], intent: str) -> str:
    """Return the intent to label the message with: under a fallback, the best real guess."""
    if intent != FALLBACK:
        return intent
    for ranked in parse_data.get("intent_ranking") or []:
        if isinstance(ranked, dict) and ranked.get("name") not in (None, FALLBACK):
            return str(ranked["name"])
    return FALLBACK


def _outcome(intent: str, actions: List[str], offered: bool) -> str:
    if UNCLEAR_ACTION in actions:
        return "clarified" if offered else "unclear"
    if intent == FALLBACK or DEFAULT_FALLBACK_ACTION in actions:
        return "unclear"
    if intent == OUT_OF_SCOPE:
        return "out_of_scope"
    if intent in TOPIC_INTENTS:
        return "on_topic"
    return "other"


@dataclass
class _Turn:
    event: Event
    in_form: bool
    actions: List[str] = field(default_factory=list)
    offered: bool = False


def _turns(events: Sequence[Event]) -> List[_Turn]:
    """List the person's messages, each with the actions that followed and whether a form was on."""
    turns: List[_Turn] = []
    form: Optional[str] = None
    for event in events:
        if event.type_name == "active_loop":
            form = event.data.get("name") or None
        elif event.type_name == "user":
            turns.append(_Turn(event, in_form=form is not None))
        elif not turns:
            continue
        elif event.type_name == "action" and event.action_name not in (None, "action_listen"):
            turns[-1].actions.append(event.action_name)
        elif event.type_name == "slot" and event.data.get("name") == "offered_topics":
            turns[-1].offered = bool(event.data.get("value"))
    return turns


def drafts_written(events: Sequence[Event]) -> int:
    """Count the drafts written: each one raises the ``draft_count`` slot by one."""
    count, written = 0.0, 0
    for event in events:
        if event.type_name == "slot" and event.data.get("name") == DRAFT_COUNT_SLOT:
            value = float(event.data.get("value") or 0)
            written += value > count
            count = value
        elif event.type_name in ("restart", "session_started"):
            count = 0.0
    return written


def analyse(conversation: Conversation, low_confidence: float = LOW_CONFIDENCE) -> Facts:
    """Outcomes, topics, drafts and the unsure messages of one conversation."""
    facts = Facts()
    events = conversation.events
    facts.drafts = drafts_written(events)
    names = given_names(events)
    turns = _turns(events)
    texts = [str(t.event.data.get("text") or "") for t in turns]
    masked = [mask(text, names) for text in texts]
    for index, turn in enumerate(turns):
        parse_data = turn.event.data.get("parse_data") or {}
        intent_data = parse_data.get("intent") or {}
        intent = str(intent_data.get("name") or turn.event.intent_name or "")
        confidence = float(intent_data.get("confidence") or 0.0)
        outcome = "other" if turn.in_form else _outcome(intent, turn.actions, turn.offered)
        facts.messages += 1
        facts.outcomes[outcome] += 1
        if intent in TOPIC_INTENTS:
            facts.topics[intent] += 1
        for entity in parse_data.get("entities") or []:
            if (
                isinstance(entity, dict)
                and entity.get("entity") == "topic"
                and entity.get("value") in TOPIC_INTENTS
            ):
                facts.topics[entity["value"]] += 1
        if turn.in_form or texts[index].startswith("/"):
            continue  # the draft's details, or a quick reply's payload
        reasons = []
        if outcome in ("clarified", "unclear"):
            reasons.append("clarified" if outcome == "clarified" else "fell back")
        if outcome == "out_of_scope":
            reasons.append("out of scope")
        if intent != FALLBACK and confidence < low_confidence:
            reasons.append("low confidence")
        following = next((j for j in range(index + 1, len(turns)) if not texts[j].startswith("/")), None)
        if following is not None and not turns[following].in_form:
            if NOT_WHAT_I_ASKED.search(texts[following]):
                reasons.append("not what they asked")
            elif (
                rephrased(masked[index], masked[following])
                and masked[index].strip().lower() != masked[following].strip().lower()
            ):
                reasons.append("rephrased")
        if NOT_WHAT_I_ASKED.search(texts[index]) and len(words(texts[index])) <= 8:
            continue  # the complaint itself: its question is the one before
        if reasons:
            facts.unsure.append(
                Message(
                    conversation.sender_id,
                    turn.event.timestamp,
                    " ".join(masked[index].split()),
                    intent,
                    confidence,
                    _guess(parse_data, intent),
                    outcome,
                    reasons,
                )
            )
    return facts
