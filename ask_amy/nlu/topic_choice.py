"""What to do with a message whose topic the classifier is unsure of (pure logic, no Rasa).

A message is *about the wait after an interview* when it states an interview fact (a
wait, a real offer, a deadline, a thank-you note), uses the domain's words (interview,
recruiter, hiring manager, heard back...), or the classifier puts most of its weight on
the advice topics. For such a message the bot never says "I didn't understand":

* if one topic is clearly ahead, it answers that topic;
* otherwise it asks back, offering the two or three likeliest topics as choices.

Only a message with none of that evidence is left to the out-of-scope redirect or the
"could you put it another way?" reply. :func:`second_topic` finds the other question of a
two-question message, so that the bot can offer to answer it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Mapping, Optional, Sequence, Tuple

from ask_amy.nlu.facts.sender import names_only_the_sender

TOPIC_INTENTS = (
    "ask_wait_or_reach_out",
    "ask_call_or_email",
    "ask_what_to_write",
    "request_email_draft",
    "ask_why_no_response",
    "inform_competing_offer",
    "ask_bluff_offer",
    "ask_share_personal_pressure",
    "ask_keep_searching",
    "ask_feedback",
    "ask_thank_you_note",
    "express_anxiety",
)
# Topics a person can pick from a list: the draft is offered by the advice itself.
CHOOSABLE = tuple(t for t in TOPIC_INTENTS if t != "request_email_draft")
SOMETHING_ELSE = "something_else"
FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
# Facts of a conversation that moves on: the message is news or says what was done, whatever
# its words look like to the classifier (:func:`route_turn`).
NEWS_FACTS = frozenset({"heard_back", "followed_up", "called", "told_offer", "other_interview", "what_if"})
DOMAIN_FACTS = frozenset({"wait_days", "competing_offer", "offer_deadline", "thank_you_sent"}) | NEWS_FACTS
INFORM_NEWS = "inform_news"
GIVE_FEEDBACK = "give_feedback"  # "that's not what I asked": a verdict on the last answer
REQUEST_UNAVAILABLE = "request_unavailable"
CHANGE_DRAFT_FIELD = "change_draft_field"
# Intents a message keeps even when it carries news: its question is answered with the news in mind.
KEEPS_ITS_INTENT = frozenset(TOPIC_INTENTS) | {"cancel"}
DRAFT_FIELDS = frozenset({"recipient_name", "company_role", "shared_moment", "sender_name"})
OFFER_INTENTS = frozenset({"inform_competing_offer", "ask_bluff_offer"})
DRAFT_INTENT = "request_email_draft"
ASKS_FOR_A_DRAFT = re.compile(
    r"\b(?:write|draft|template|compose|help\ (?:me\ )?with|help\ me\ (?:word|write)|another\ one)\b"
    r"|\bneed\ (?:an?|the|my)\ (?:follow[- ]?up\ )?(?:e-?mail|mail|message|note)\b"
    r"|^\W*(?:an?\ )?e-?mail\ to\b"
    r"|\bsign\ it\b",
    re.IGNORECASE,
)

# "I think I'll follow up by email next week": a plan to write, not a request for the draft
STATES_A_PLAN = re.compile(
    r"\b(?:i'll|i\ will|i'm\ going\ to|im\ going\ to|i\ am\ going\ to|gonna|i\ plan\ to|i'm\ planning\ to"
    r"|planning\ to|i\ intend\ to)\b",
    re.IGNORECASE,
)
WHAT_TO_WRITE = "ask_what_to_write"
# "I interviewed for the host job at a restaurant.": the wait told, with no question in it
STATES_THE_WAIT = re.compile(
    r"^(?!.*\?)(?=.*\b(?:interviewed|interviewing"
    r"|had\ (?:an?|my|the|a\ final|a\ second)\ (?:\w+\ ){0,2}interview"
    r"|waiting\ (?:on|for|to\ hear)|applied\ for|still\ waiting)\b)",
    re.IGNORECASE | re.DOTALL,
)
WAIT_INTENT = "ask_wait_or_reach_out"
# A question, however it is typed: "?", or a question's opening ("should I", "what now", "wondering if")
ASKS = re.compile(
    r"\?|\b(?:should|shall|can|could|would|will|do|does|did|is|are|am|was|what|how|why|when|who|which|whether"
    r"|wondering|any\s+(?:tips|advice|ideas))\s+(?:i|we|they|it|you|he|she|that|this|there|my|a|an|the|now|next|to)\b"
    r"|^\W*(?:now\s+what|what\s+now|what\s+next|help|advice|thoughts|ideas)\W*$",
    re.IGNORECASE,
)
# "Draft a follow-up to Margaret Osei ...", "can you write the email for me": the draft, asked for outright
ORDERS_THE_DRAFT = re.compile(
    r"(?:^\W*(?:please\s+|ok(?:ay)?,?\s+|fine,?\s+)?|\b(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|just\s+)?"
    r"(?:help\s+me\s+)?)(?:draft|write|compose)\b(?:\s+[\w'-]+){0,4}?\s+"
    r"(?:e-?mail|follow[- ]?up|note|message|it)\b(?!.*\b(?:cover\s+letter|resume|cv|linkedin|thank[- ]you))"
    r"|^\W*(?:an?\s+)?(?:follow[- ]?up\s+)?e-?mail\s+(?:pls|please|plz)\b",
    re.IGNORECASE,
)
# "would it be rude to write and ask how it's going?": whether to write, not a request for the draft
ASKS_WHETHER_TO_WRITE = re.compile(
    r"\b(?:should\ i|can\ i|may\ i"
    r"|is\ it\ (?:ok|okay|alright|all\ right|rude|bad|wise|appropriate|fine|too\ soon)"
    r"|would\ it\ be\ (?:\w+\ ){0,2}?(?:ok|okay|rude|bad|wise|appropriate|fine|all\ right))\ (?:to\ )?"
    r"(?:write|email|e-mail|send|reach\ out|contact|drop)\b",
    re.IGNORECASE,
)
_NOT_A_STATEMENT_S_INTENT = frozenset({DRAFT_INTENT, OUT_OF_SCOPE, FALLBACK})

_DOMAIN_WORDS = re.compile(
    r"\b(interview\w*|recruiter\w*|hiring|hired|hr|offer(s|ed)?|applica\w+|applied|candidate\w*|"
    r"position|employer\w*|panel|phone screen|callback|call back|references?|ghost\w*|reject\w*|"
    r"hear(d)? back|hearing back|follow(ing|ed)?[- ]?up|thank[- ]you (note|email|card)|the job|"
    r"this job|that job|job search|final round|second round|first round|onsite|on-site)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Settings:
    """Thresholds on the classifier's confidences (each between 0 and 1)."""

    answer_min: float = 0.30  # a top topic at least this sure ...
    answer_ratio: float = 1.6  # ... and this many times the runner-up is answered directly
    out_of_scope_sure: float = 0.60  # an out-of-scope guess above this is trusted, evidence or not
    topic_mass: float = 0.50  # topics holding this much of the weight count as evidence
    choice_min: float = 0.05  # topics below this are not offered as choices
    second_min: float = 0.20  # a second question needs this confidence ...
    second_ratio: float = 0.40  # ... and this share of the main topic's
    long_message_chars: int = 150  # a message this long may ask three things: two others are offered ...
    long_other_min: float = 0.10  # ... each holding this much weight (twice what a clarifying choice needs)


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class Decision:
    """``keep`` the classifier's intent, ``answer`` a topic, or ``clarify`` between topics."""

    kind: str
    intent: Optional[str] = None
    choices: Tuple[str, ...] = ()


def domain_words(text: str) -> bool:
    """Return True if the text uses the words of the time after an interview."""
    return bool(_DOMAIN_WORDS.search(text or ""))


def topic_ranking(ranking: Iterable[Mapping[str, object]]) -> List[Tuple[str, float]]:
    """Return the advice topics of an intent ranking, best first, as (intent, confidence)."""
    pairs = [(str(r.get("name")), float(r.get("confidence") or 0.0)) for r in ranking]
    return sorted([p for p in pairs if p[0] in TOPIC_INTENTS], key=lambda p: -p[1])


def has_evidence(
    text: str,
    entity_types: Iterable[str],
    ranking: Sequence[Mapping[str, object]],
    settings: Settings = DEFAULT_SETTINGS,
) -> bool:
    """Return whether the message is about the wait after an interview (facts, words or weight)."""
    if states_the_domain(text, entity_types):
        return True
    return sum(c for _, c in topic_ranking(ranking)) >= settings.topic_mass


def states_the_domain(text: str, entity_types: Iterable[str]) -> bool:
    """Return whether the text itself shows the domain: an interview fact or the domain's words."""
    return bool(DOMAIN_FACTS & set(entity_types)) or domain_words(text)


def decide(
    intent: str,
    confidence: float,
    ranking: Sequence[Mapping[str, object]],
    evidence: bool,
    settings: Settings = DEFAULT_SETTINGS,
) -> Decision:
    """Return what to do with a message the classifier labelled ``intent`` (see the module docstring)."""
    unsure = intent == FALLBACK or (intent == OUT_OF_SCOPE and confidence < settings.out_of_scope_sure)
    if not unsure or not evidence:
        return Decision("keep")
    topics = topic_ranking(ranking)
    if not topics:
        return Decision("keep")
    best, best_confidence = topics[0]
    runner_up = topics[1][1] if len(topics) > 1 else 0.0
    if best_confidence >= settings.answer_min and best_confidence >= settings.answer_ratio * runner_up:
        return Decision("answer", best)
    offered = [(name, c) for name, c in topics if name in CHOOSABLE]
    choices = tuple(name for name, c in offered[:3] if c >= settings.choice_min) or tuple(
        n for n, _ in offered[:1]
    )
    return Decision("clarify", choices=choices) if choices else Decision("answer", best)


def choices_for_plain_answer(ranking: Sequence[Mapping[str, object]]) -> Tuple[str, ...]:
    """Return the topics to offer for a bare on-topic phrase ("my interview") outside the form.

    The classifier reads such a phrase as a form answer (``inform``); with no form open the
    bot asks which topic it is about instead of saying it did not understand.
    """
    return tuple(name for name, _ in topic_ranking(ranking) if name in CHOOSABLE)[:3]


def other_topics(
    intent: str,
    ranking: Sequence[Mapping[str, object]],
    entity_types: Iterable[str],
    most: int = 1,
    settings: Settings = DEFAULT_SETTINGS,
) -> Tuple[str, ...]:
    """Return the other questions of a message that asks more than one thing, at most ``most``.

    A real competing offer that the main answer does not cover is always worth offering, and in a
    long message so is the thank-you note it speaks of; otherwise each runner-up topic, in order,
    must be close enough to the main one. A long
    message (``most`` above 1) is offered each topic that holds real weight of its own; news
    (``inform_news``) in a long message is answered and its likeliest topics offered.
    """
    if intent not in TOPIC_INTENTS and intent != INFORM_NEWS:
        return ()
    found: List[str] = []
    types = set(entity_types)
    if "competing_offer" in types and intent not in {
        "inform_competing_offer",
        "ask_bluff_offer",
        "request_email_draft",
    }:
        found.append("inform_competing_offer")
    if most > 1 and "thank_you_sent" in types and intent != "ask_thank_you_note":
        found.append("ask_thank_you_note")  # a letter that speaks of the thank-you note
    confidences = dict(topic_ranking(ranking))
    main = confidences.get(intent, 1.0)
    for name, confidence in topic_ranking(ranking):
        if len(found) >= most:
            break
        if name == intent or name not in CHOOSABLE or name in found:
            continue
        enough = (settings.long_other_min, 0.0) if most > 1 else (settings.second_min, settings.second_ratio)
        if confidence < enough[0] or confidence < enough[1] * main:
            break
        found.append(name)
    return tuple(found[:most])


def second_topic(
    intent: str,
    ranking: Sequence[Mapping[str, object]],
    entity_types: Iterable[str],
    settings: Settings = DEFAULT_SETTINGS,
) -> Optional[str]:
    """Return the other question of a two-question message, if there is one (see ``other_topics``)."""
    others = other_topics(intent, ranking, entity_types, 1, settings)
    return others[0] if others else None


@dataclass(frozen=True)
class Cues:
    """What a message's words say about what kind of message it is, for ``route_turn``.

    The defaults are those of a message that gives no cue either way; ``Cues.of`` reads them.
    """

    asks_for_a_draft: bool = True
    states_a_plan: bool = False
    states_the_wait: bool = False
    only_the_sender: bool = True
    asks_whether_to_write: bool = False
    orders_the_draft: bool = False
    only_tells: bool = False  # short, with no question: "I emailed the recruiter, still nothing"

    @classmethod
    def of(cls, text: str) -> "Cues":
        """Read the cues of ``text``."""
        return cls(
            asks_for_a_draft=bool(ASKS_FOR_A_DRAFT.search(text)),
            states_a_plan=bool(STATES_A_PLAN.search(text)),
            states_the_wait=bool(STATES_THE_WAIT.search(text)),
            only_the_sender=names_only_the_sender(text),
            asks_whether_to_write=bool(ASKS_WHETHER_TO_WRITE.search(text)),
            orders_the_draft=bool(ORDERS_THE_DRAFT.search(text)),
            only_tells=len(text) < DEFAULT_SETTINGS.long_message_chars and not ASKS.search(text),
        )


NO_CUES = Cues()


def route_turn(intent: str, facts: Iterable[Tuple[str, object]], cues: Cues = NO_CUES) -> Optional[str]:
    """Return the intent a message's facts (type and value pairs) call for instead of ``intent``, if any.

    A request the bot can't fulfil yet ("remind me on Monday") is ``request_unavailable``, whatever
    it looks like; news or what the person already did, classified as anything but a question
    about the wait, is ``inform_news``, and so is the employer's own offer or an interview
    elsewhere read as a competing offer (which would set that slot); the sender's own name alone
    is a change to the draft (with more in the message, it stays an answer to the draft's
    question). A plan to write ("I'll email them next week"), read as a request for
    the draft, gets the advice on what to write, with the draft offered, not the email form. The
    wait told with no question ("I interviewed for the host job last week."), read as a request
    for the draft, out of scope or not understood, gets the advice on waiting or reaching out.
    """
    found = dict(facts)
    if "feedback" in found and not set(found) & (NEWS_FACTS | {"request"}):
        return GIVE_FEEDBACK
    # salary and negotiating: answered when asked as a question about the wait, else out of scope
    types = {t for t, v in found.items() if not (t == "what_if" and v == "salary")}
    if "request" in types:
        return REQUEST_UNAVAILABLE
    cancel_with_news = intent == "cancel"  # "forget it, they said no", "I write again?"
    if types & NEWS_FACTS and (intent not in KEEPS_ITS_INTENT or cancel_with_news):
        return INFORM_NEWS
    if types & NEWS_FACTS and intent == DRAFT_INTENT and not cues.asks_for_a_draft:
        return INFORM_NEWS  # "I sent a follow-up email last week": news, not a request for one
    if types & (NEWS_FACTS - {"what_if"}) and cues.only_tells and intent in TOPIC_INTENTS:
        return INFORM_NEWS  # "I emailed the recruiter and still nothing back": told, not asked
    if intent == DRAFT_INTENT and cues.states_a_plan and not cues.asks_for_a_draft:
        return WHAT_TO_WRITE
    if intent == DRAFT_INTENT and cues.asks_whether_to_write:
        return WAIT_INTENT
    drafting = intent in (DRAFT_INTENT, CHANGE_DRAFT_FIELD)
    if cues.orders_the_draft and not types & (NEWS_FACTS | {"request"}) and not drafting:
        return DRAFT_INTENT
    asked_for = cues.asks_for_a_draft or cues.orders_the_draft
    if intent == DRAFT_INTENT and not asked_for and types & DRAFT_FIELDS - {"sender_name"}:
        return "inform"  # "the hiring manager is carl ostrowski, role is ...": the form's answer
    if intent == "nlu_fallback" and types & DRAFT_FIELDS and not types & NEWS_FACTS:
        return "inform"  # unsure, but it names the draft's details: the form's answer if one is open
    if cues.states_the_wait and not types & NEWS_FACTS and intent in _NOT_A_STATEMENT_S_INTENT \
            and not (intent == DRAFT_INTENT and cues.asks_for_a_draft):
        return WAIT_INTENT
    not_a_competing_offer = found.get("heard_back") in ("offer", "accepted") or "other_interview" in types
    if intent in OFFER_INTENTS and not_a_competing_offer:
        return INFORM_NEWS
    if "sender_name" in types and cues.only_the_sender and intent not in KEEPS_ITS_INTENT \
            and intent != CHANGE_DRAFT_FIELD:
        return CHANGE_DRAFT_FIELD  # the name alone; "the analyst role, sign it Dana" is an answer
    return None
