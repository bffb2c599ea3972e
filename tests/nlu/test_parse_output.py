"""Tests for ask_amy.nlu.parse_output: what a message's parse keeps once the pipeline has decided."""

from __future__ import annotations

from typing import List

import yaml
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message

from ask_amy.cli.stack import MODEL
from ask_amy.nlu.parse_output import ParseOutputTrimmer
from ask_amy.paths import ROOT
from testkit import nlu_sets

RANKING = [{"name": f"intent_{i}", "confidence": round(0.5 / (i + 1), 3)} for i in range(10)]


def tokenised(text: str) -> Message:
    """A message as Rasa's NLU message converter makes it, tokenised, with a ranking set."""
    message = Message(data={TEXT: text}, output_properties={TEXT_TOKENS})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    message.set(INTENT, dict(RANKING[0]), add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(r) for r in RANKING], add_to_output=True)
    return message


def output_of(message: Message) -> dict:
    return message.as_dict(only_output_properties=True)


def test_without_the_trimmer_the_output_holds_every_token_and_ten_intents() -> None:
    """The control: what the trimmer has to cut is really there."""
    out = output_of(tokenised("it has been three weeks since my interview"))
    assert len(out[TEXT_TOKENS]) == 8
    assert len(out[INTENT_RANKING_KEY]) == 10


def test_keeps_the_leading_intents_in_their_order_and_the_intent() -> None:
    message = tokenised("it has been three weeks since my interview")
    ParseOutputTrimmer({"ranking_length": 3}).process([message])
    out = output_of(message)
    assert out[INTENT_RANKING_KEY] == RANKING[:3]
    assert out[INTENT] == RANKING[0]
    assert out[TEXT] == "it has been three weeks since my interview"


def test_drops_the_token_offsets_from_the_output_only() -> None:
    message = tokenised("should I call or email")
    ParseOutputTrimmer({}).process([message])
    assert TEXT_TOKENS not in output_of(message)
    assert len(message.get(TEXT_TOKENS)) == 5  # later readers of the message still see the tokens


def test_token_offsets_can_be_kept() -> None:
    message = tokenised("should I call or email")
    ParseOutputTrimmer({"token_offsets": True}).process([message])
    assert len(output_of(message)[TEXT_TOKENS]) == 5


def test_a_short_or_missing_ranking_is_left_alone() -> None:
    short = tokenised("hi")
    short.set(INTENT_RANKING_KEY, RANKING[:2], add_to_output=True)
    bare = Message(data={TEXT: "hi"})
    ParseOutputTrimmer({"ranking_length": 3}).process([short, bare])
    assert output_of(short)[INTENT_RANKING_KEY] == RANKING[:2]
    assert INTENT_RANKING_KEY not in output_of(bare)


def pipeline_names() -> List[str]:
    return [step["name"] for step in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]]


def test_the_trimmer_runs_last_after_everything_that_reads_the_ranking() -> None:
    """The topic decisions and the fallback read the whole ranking, so the trimmer must come after them."""
    names = pipeline_names()
    assert names[-1] == "ask_amy.nlu.parse_output.ParseOutputTrimmer"
    assert names.index("FallbackClassifier") < names.index("ask_amy.nlu.component.InterviewFactsExtractor")


def test_the_trained_bot_stores_a_trimmed_parse() -> None:
    assert MODEL.exists(), "no trained model: run `make train`"
    long = ("I interviewed for the analyst job three weeks ago, the manager said I'd hear within days "
            "and I have heard nothing since. Should I call her or send an email?")
    parsed = nlu_sets.parse_all([long], MODEL)[0]
    assert TEXT_TOKENS not in parsed
    assert 1 <= len(parsed[INTENT_RANKING_KEY]) <= 3
