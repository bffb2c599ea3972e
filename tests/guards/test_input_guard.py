"""Unit tests of ask_amy.guards.input_guard: what every channel does to a message before Rasa sees it."""

from __future__ import annotations

import unicodedata
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ask_amy.guards import input_guard
from ask_amy.guards.input_guard import (
    COMMAND,
    COMMAND_REPLY,
    EMPTY,
    GREETING,
    START_PAYLOAD,
    TOO_LONG,
    Verdict,
    check,
    guard_handler,
    is_intent_shortcut,
    max_message_chars,
    request_max_size,
    too_long_reply,
)

# -- clean-up: (sent, what Rasa gets, what check() reports as changed) -------------------------

CLEANED: Dict[str, Tuple[str, str, Tuple[str, ...]]] = {
    "plain English": ("should I call or email?", "should I call or email?", ()),
    "NUL and BEL inside words": ("sho\x00uld I ca\x07ll?", "should I call?", ("control_characters",)),
    "escape sequence": ("\x1b[31mhello", "[31mhello", ("control_characters",)),
    "DEL and C1 controls": ("a\x7fb\x80c\x9fd", "abcd", ("control_characters",)),
    "newline and tab kept": ("line one\n\tline two", "line one\n\tline two", ()),
    "CRLF and CR": ("one\r\ntwo\rthree", "one\ntwo\nthree", ("line_breaks",)),
    "vertical tab and form feed": ("one\x0btwo\x0cthree", "one\ntwo\nthree", ("line_breaks",)),
    "NEL and separators": ("a\x85b\x1cc\x1fd", "a\nb\nc\nd", ("line_breaks",)),
    "decomposed accent to NFC": ("Jose\u0301", "Jos\u00e9", ("normalised",)),
    "Hangul jamo to NFC": ("\u1100\u1161", "\uac00", ("normalised",)),
    "lone high surrogate": ("hi \ud800 there", "hi \ufffd there", ("surrogates",)),
    "lone low surrogate": ("\udfffx", "\ufffdx", ("surrogates",)),
    "emoji with zero-width joiners": ("👩\u200d💻 thanks 🙏🏽", "👩\u200d💻 thanks 🙏🏽", ()),
    "flags and keycaps": ("🇬🇧 1\ufe0f\u20e3", "🇬🇧 1\ufe0f\u20e3", ()),
    "Arabic": ("مرحبا، كيف حالك؟", "مرحبا، كيف حالك؟", ()),
    "Hebrew with bidi marks": ("\u202bשלום\u202c \u200f", "\u202bשלום\u202c \u200f", ()),
    "right-to-left override kept": ("\u202eabc", "\u202eabc", ()),
    "non-characters kept": ("a\ufffeb\uffff", "a\ufffeb\uffff", ()),
    "everything at once": ("\x00Jose\u0301\r\n\ud800", "Jos\u00e9\n\ufffd",
                           ("surrogates", "line_breaks", "control_characters", "normalised")),
}


@pytest.mark.parametrize("case", CLEANED)
def test_clean_up(case: str) -> None:
    sent, expected, changes = CLEANED[case]
    verdict = check(sent, max_chars=2000)
    assert (verdict.text, verdict.changes) == (expected, changes)
    assert verdict.problem is None and verdict.forward and verdict.reply is None


# -- empty messages are still forwarded (the NLU answers "it came through empty") ---------------

EMPTY_MESSAGES = {
    "nothing": "",
    "None": None,
    "spaces": "     ",
    "newlines and tabs": "\n\t \r\n",
    "control characters only": "\x00\x01\x07\x1b\x7f\x9f",
    "a bare slash": "/",
    "slashes and spaces": " / // ",
    "ideographic space": "\u3000",
}


@pytest.mark.parametrize("case", EMPTY_MESSAGES)
def test_empty_messages_are_forwarded_and_flagged(case: str) -> None:
    verdict = check(EMPTY_MESSAGES[case], max_chars=2000)
    assert verdict.problem == EMPTY
    assert verdict.forward and verdict.reply is None
    assert not verdict.text.strip()


# -- length -------------------------------------------------------------------------------------

LENGTHS: Dict[str, Tuple[str, int, Optional[str]]] = {
    # name: (text, limit, problem)
    "at the limit": ("a" * 2000, 2000, None),
    "one over": ("a" * 2001, 2000, TOO_LONG),
    "100 KB": ("please help " * 8600, 2000, TOO_LONG),
    "1 MB": ("x" * 1_000_000, 2000, TOO_LONG),
    "control characters do not count": ("a" * 2000 + "\x00" * 5000, 2000, None),
    "counted after NFC": ("e\u0301" * 1000, 1000, None),  # 2,000 code points sent, 1,000 after NFC
    "an emoji is one character": ("👍" * 10, 10, None),
    "a ZWJ sequence is three": ("👩\u200d💻" * 4, 11, TOO_LONG),
    "custom limit": ("a" * 51, 50, TOO_LONG),
}


@pytest.mark.parametrize("case", LENGTHS)
def test_length_limit(case: str) -> None:
    text, limit, problem = LENGTHS[case]
    verdict = check(text, max_chars=limit)
    assert verdict.problem == problem
    assert verdict.forward is (problem is None)
    if problem == TOO_LONG:
        assert verdict.text == "" and verdict.length > limit
        assert verdict.reply == too_long_reply(limit)
    else:
        assert len(verdict.text) == verdict.length <= limit


def test_too_long_reply_text() -> None:
    assert too_long_reply(2000) == (
        "That message is too long for me (over 2,000 characters). "
        "Could you ask your question in a few sentences?"
    )
    assert "(over 150 characters)" in too_long_reply(150)


def test_over_long_shortcut_is_too_long_not_a_command() -> None:
    assert check("/greet" + "{" + "x" * 3000 + "}", max_chars=2000).problem == TOO_LONG


# -- intent shortcuts ---------------------------------------------------------------------------

COMMANDS = {
    "restart": "/restart",
    "intent with slots": '/inform_competing_offer{"has_competing_offer":"yes"}',
    "intent with slots and spaces": '/inform_competing_offer {"has_competing_offer": "yes"}',
    "intent with a confidence": "/greet@0.99",
    "intent with confidence and entities": '/affirm@1.0{"x": 1}',
    "list entities": '/inform[{"entity": "x"}]',
    "leading whitespace": "   /greet",
    "tab and newline first": "\t\n/stop",
    "several slashes": "///session_start",
    "slash, space, intent": "/ restart",
    "control characters around": "\x00/restart\x07",
    "NEL first (Python whitespace)": "\x85/restart",
    "ideographic space first": "\u3000/restart",
    "non-ASCII intent name": "/über",
    "trailing whitespace": "/greet  \n",
    "dotted and dashed names": "/a.b-c:d",
    "multi-line JSON": '/inform_competing_offer{\n"has_competing_offer":\n"yes"}',
}


def verdict_text_before_the_check(text: str) -> str:
    """The text as check() has cleaned it when it looks for a shortcut."""
    return input_guard.clean(text)[0]


@pytest.mark.parametrize("case", COMMANDS)
def test_intent_shortcuts_are_answered_not_forwarded(case: str) -> None:
    verdict = check(COMMANDS[case], max_chars=2000)
    assert verdict.problem == COMMAND and not verdict.forward
    assert verdict.text == "" and verdict.reply == COMMAND_REPLY
    assert "intent_shortcut" in verdict.changes
    assert is_intent_shortcut(verdict_text_before_the_check(COMMANDS[case]))


@pytest.mark.parametrize("payload", ["/get_started", "/greet"])
def test_a_chat_clients_start_payload_is_a_greeting(payload: str) -> None:
    verdict = check(payload, max_chars=2000)
    assert verdict.forward and verdict.problem is None and verdict.reply is None
    assert verdict.text == GREETING == "/greet"
    assert verdict.changes == (START_PAYLOAD,)


NOT_START_PAYLOADS = {
    "entities": '/greet{"name": "x"}',
    "empty entities": "/get_started{}",
    "confidence": "/get_started@1.0",
    "two slashes": "//get_started",
    "another intent": "/restart",
    "a start-like name": "/get_started_now",
    "upper case": "/GREET",
    "leading space": " /get_started",
    "trailing newline": "/get_started\n",
    "control character inside": "/get\x00_started",
}


@pytest.mark.parametrize("case", NOT_START_PAYLOADS)
def test_only_the_exact_start_payloads_are_greetings(case: str) -> None:
    verdict = check(NOT_START_PAYLOADS[case], max_chars=2000)
    assert verdict.problem == COMMAND and not verdict.forward and verdict.reply == COMMAND_REPLY
    assert START_PAYLOAD not in verdict.changes


SLASHED_TEXT = {
    # sent: what Rasa gets
    "/ should I call them?": "should I call them?",
    "//  it's been two weeks, should I email?": "it's been two weeks, should I email?",
    "/s I love waiting": "s I love waiting",
    "/greet me please": "greet me please",
    '/{"intent": "greet"}': '{"intent": "greet"}',
    " / / hello there": "hello there",
}


@pytest.mark.parametrize("sent", SLASHED_TEXT)
def test_other_text_starting_with_a_slash_loses_the_slash(sent: str) -> None:
    verdict = check(sent, max_chars=2000)
    assert verdict.forward and verdict.problem is None
    assert verdict.text == SLASHED_TEXT[sent]
    assert verdict.changes == ("intent_shortcut",)


@pytest.mark.parametrize("text", ["a/b", "and/or", "http://x.org", "1/2 an hour", "what about /restart?"])
def test_slashes_elsewhere_are_left_alone(text: str) -> None:
    verdict = check(text, max_chars=2000)
    assert (verdict.text, verdict.changes, verdict.forward) == (text, (), True)


def test_non_text_is_a_type_error() -> None:
    for value in (5, ["hi"], {"text": "hi"}, b"hi"):
        with pytest.raises(TypeError):
            check(value, max_chars=2000)  # type: ignore[arg-type]


def test_verdict_defaults() -> None:
    verdict = Verdict("hi")
    assert verdict.forward and verdict.reply is None and verdict.changes == ()


# -- configuration -----------------------------------------------------------------------------

MAX_CHARS_ENV: Dict[str, Any] = {
    "": 2000,
    "  ": 2000,
    "500": 500,
    " 4000 ": 4000,
    "1_500": 1500,
    "1,500": 1500,
    "0": ValueError,
    "-1": ValueError,
    "2.5": ValueError,
    "lots": ValueError,
    "1e3": ValueError,
}


@pytest.mark.parametrize("value", MAX_CHARS_ENV)
def test_max_message_chars_from_the_environment(value: str) -> None:
    expected = MAX_CHARS_ENV[value]
    environ = {"ASK_AMY_MAX_MESSAGE_CHARS": value}
    if expected is ValueError:
        with pytest.raises(ValueError, match="ASK_AMY_MAX_MESSAGE_CHARS"):
            max_message_chars(environ)
    else:
        assert max_message_chars(environ) == expected
    assert max_message_chars({}) == 2000


def test_check_uses_the_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASK_AMY_MAX_MESSAGE_CHARS", "10")
    assert check("a" * 11).problem == TOO_LONG
    assert check("a" * 10).problem is None
    monkeypatch.delenv("ASK_AMY_MAX_MESSAGE_CHARS")
    assert check("a" * 2000).problem is None and check("a" * 2001).problem == TOO_LONG


def test_request_body_limit_defers_to_sanic_request_max_size() -> None:
    assert request_max_size({}) == 1_000_000
    assert request_max_size({"SANIC_REQUEST_MAX_SIZE": ""}) == 1_000_000
    assert request_max_size({"SANIC_REQUEST_MAX_SIZE": "5000"}) is None  # Sanic applies it itself


async def test_cap_request_body_sets_the_app_limit_at_start() -> None:
    class Blueprint:
        def __init__(self) -> None:
            self.listeners: List[Any] = []

        def listener(self, event: str) -> Any:
            return lambda handler: self.listeners.append((event, handler))

    class App:
        def __init__(self) -> None:
            self.config = type("Config", (), {"REQUEST_MAX_SIZE": 100_000_000})()  # Sanic's default

    for environ, expected in (({}, 1_000_000), ({"SANIC_REQUEST_MAX_SIZE": "5000"}, 100_000_000)):
        blueprint, app = Blueprint(), App()
        assert input_guard.cap_request_body(blueprint, environ) is blueprint  # type: ignore[arg-type]
        [(event, handler)] = blueprint.listeners
        assert event == "before_server_start"
        await handler(app, None)
        assert app.config.REQUEST_MAX_SIZE == expected


# -- the channel glue ---------------------------------------------------------------------------


class Output:
    def __init__(self) -> None:
        self.sent: List[Tuple[str, str]] = []

    async def send_text_message(self, recipient_id: str, text: str, **_: Any) -> None:
        self.sent.append((recipient_id, text))


class Message:
    def __init__(self, text: Any, sender_id: str = "u1") -> None:
        self.text = text
        self.sender_id = sender_id
        self.output_channel = Output()


DELIVERED = {
    # sent: (what Rasa gets or None, what the channel answers itself or None)
    "hi\x00 there": ("hi there", None),
    "": ("", None),
    "x" * 2001: (None, too_long_reply(2000)),
    "/restart": (None, COMMAND_REPLY),
    "/ should I call?": ("should I call?", None),
}


@pytest.mark.parametrize("sent", DELIVERED, ids=lambda s: repr(s[:20]))
async def test_deliver(sent: str) -> None:
    received: List[Any] = []

    async def on_new_message(message: Any) -> None:
        received.append(message)

    message = Message(sent)
    await guard_handler(on_new_message, max_chars=2000)(message)
    to_rasa, answer = DELIVERED[sent]
    assert [m.text for m in received] == ([] if to_rasa is None else [to_rasa])
    assert message.output_channel.sent == ([] if answer is None else [("u1", answer)])


# -- properties ---------------------------------------------------------------------------------

ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and control characters included
TRICKY = st.sampled_from(
    list("/ \t\n\r\x00\x07\x0b\x1b\x7f\x85\x9f\u200d\u200f\u202e\u3000{}@\"é👍") + ["e\u0301"]
)
MESSAGES = st.one_of(
    st.text(ANY_CHARACTER, max_size=300),
    st.lists(TRICKY, max_size=40).map("".join),
    st.tuples(st.lists(TRICKY, max_size=5).map("".join), st.text(ANY_CHARACTER, max_size=50)).map("".join),
)


@settings(max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MESSAGES, limit=st.integers(min_value=1, max_value=200))
def test_what_reaches_rasa_is_always_clean(text: str, limit: int) -> None:
    verdict = check(text, max_chars=limit)
    if not verdict.forward:
        assert verdict.text == "" and verdict.reply
        return
    cleaned = verdict.text
    assert len(cleaned) <= limit
    assert not cleaned.strip().startswith("/")  # Rasa would read an intent
    assert all(c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs") for c in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    cleaned.encode("utf-8")  # no lone surrogates left
    again = check(cleaned, max_chars=limit)
    assert (again.text, again.problem, again.changes) == (cleaned, verdict.problem, ())  # idempotent
