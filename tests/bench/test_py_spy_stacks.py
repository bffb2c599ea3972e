"""bench/py_spy_stacks.py: reading, busy or idle, and the stages, on a small synthetic py-spy raw file."""

from collections import Counter

import pytest

from bench import py_spy_stacks as stacks_of

START = ("<module> (rasa:8);main (rasa/__main__.py:133);run (sanic/app.py:1204);"
         "serve (sanic/server/runners.py:155)")
HANDLER = (f"{START};handle_request (sanic/app.py:900);handler (rasa/core/channels/channel.py:90);"
           "handle_message (rasa/core/agent.py:400);handle_message (rasa/core/processor.py:160)")
ACTION_LINES = (645, 800)

RAW = "\n".join([
    f"{START} 900",  # uvloop waiting in C: idle
    f"{START};_run (asyncio/events.py:80);select (selectors.py:469) 50",  # idle
    f"{HANDLER};parse_message (rasa/core/processor.py:720);"
    "process (ask_amy/nlu/encoder/sentence_featurizer.py:120);"
    "encode (ask_amy/nlu/encoder/sentence_encoder.py:60) 40",
    f"{HANDLER};parse_message (rasa/core/processor.py:720);process (ask_amy/nlu/intent_classifier.py:170) 10",
    f"{HANDLER};parse_message (rasa/core/processor.py:720);"
    "process (rasa/nlu/utils/spacy_utils.py:250);__call__ (spacy/language.py:1000) 6",
    f"{HANDLER};parse_message (rasa/core/processor.py:720);run (rasa/engine/runner/dask.py:100) 4",
    f"{HANDLER};get_tracker (rasa/core/processor.py:380);retrieve (rasa/core/tracker_store.py:1200);"
    "execute (sqlalchemy/engine/base.py:1000) 8",
    f"{HANDLER};save_tracker (rasa/core/processor.py:1090);save (rasa/core/tracker_store.py:1340);"
    "dumps (json/__init__.py:231) 7",
    f"{HANDLER};_predict_next_with_tracker (rasa/core/processor.py:1100);"
    "run (rasa/engine/runner/dask.py:100) 3",
    f"{HANDLER};_run_action (rasa/core/processor.py:980);run (rasa/core/actions/action.py:700);"
    "post (rasa/utils/endpoints.py:150);_request (aiohttp/client.py:500) 5",
    f"{HANDLER};_run_action (rasa/core/processor.py:980);run (rasa/core/actions/action.py:700);"
    "validate (jsonschema/validators.py:300) 2",
    f"{HANDLER};run_action_extract_slots (rasa/core/processor.py:190);"
    "run (rasa/core/actions/action.py:1100) 4",  # a built-in action, not a round trip
    f"{START};handle_request (sanic/app.py:900);post (ask_amy/channels/rest.py:60);"
    "dumps (json/__init__.py:231) 3",
    f"{START};_run (asyncio/events.py:80) 1",
    "garbage line without a count",
])


@pytest.fixture
def stacks() -> Counter:
    return stacks_of.parse_raw(RAW)


def test_parse_frame_splits_function_file_and_line():
    assert stacks_of.parse_frame("save (rasa/core/tracker_store.py:1340)") == (
        "save", "rasa/core/tracker_store.py", 1340)
    assert stacks_of.parse_frame("<module> (rasa:8)") == ("<module>", "rasa", 8)
    assert stacks_of.parse_frame("odd") == ("odd", "", 0)


def test_parse_raw_counts_samples_and_skips_lines_without_a_count(stacks):
    assert sum(stacks.values()) == 900 + 50 + 40 + 10 + 6 + 4 + 8 + 7 + 3 + 5 + 2 + 4 + 3 + 1
    assert len(stacks) == 14


def test_idle_stacks_are_dropped(stacks):
    samples = stacks_of.attribute(stacks, ACTION_LINES)
    assert sum(samples.values()) == 40 + 10 + 6 + 4 + 8 + 7 + 3 + 5 + 2 + 4 + 3 + 1


def test_each_stage_gets_its_samples(stacks):
    samples = stacks_of.attribute(stacks, ACTION_LINES)
    assert samples == {
        stacks_of.ENCODER: 40,
        "NLU: LinearIntentClassifier (both)": 10,
        "NLU: SpacyNLP": 6,
        "NLU: other (graph, parse, spaCy doc)": 4,
        "tracker store read (retrieve, deserialise)": 8,
        "tracker store write (save, serialise)": 7,  # its json is the write's, not the channel's
        "policy prediction (RulePolicy, graph run)": 3,
        "custom action round trips (HTTP, validation)": 5 + 2,
        "other: Rasa processor (events, slots, locks)": 4,
        "channel (sanic, ask_amy/channels/, json)": 3,
        "other": 1,
    }


def test_a_builtin_action_is_no_round_trip_without_remote_action_lines(stacks):
    samples = stacks_of.attribute(stacks, (0, 0))
    # Only the HTTP client and the validation frames mark a round trip then.
    assert samples["custom action round trips (HTTP, validation)"] == 7
    assert samples["other: Rasa processor (events, slots, locks)"] == 4


def test_remote_action_lines_are_read_from_the_installed_rasa():
    first, last = stacks_of.remote_action_lines()
    assert 0 < first < last


def test_cpu_by_stage_splits_the_process_figure_by_share():
    per_stage = stacks_of.cpu_by_stage({"a": 30, "b": 10}, 20.0)
    assert per_stage == {"a": 15.0, "b": 5.0}
    assert stacks_of.cpu_by_stage({}, 20.0) == {}


def test_flame_svg_has_a_rectangle_per_busy_frame(stacks):
    busy = Counter({s: n for s, n in stacks.items() if not stacks_of.is_idle(s)})
    svg = stacks_of.flame_svg(busy, title="t")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "encode (ask_amy/nlu/encoder/sentence_encoder.py)" in svg
    assert "select (selectors.py)" not in svg
    assert f"({sum(busy.values())} busy samples)" in svg


def test_samples_with_counts_busy_stacks_with_that_file(stacks):
    assert stacks_of.samples_with(stacks, "jsonschema/") == 2
    assert stacks_of.samples_with(stacks, "selectors.py") == 0  # idle
