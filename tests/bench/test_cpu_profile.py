"""bench/floor.py and bench/cpu_profile.py: Rasa's floor project, the load it gets, the rounds."""

import pytest

from bench import cpu_profile, floor


def test_floor_project_makes_every_load_message_a_keyword(tmp_path):
    folder = floor.write_floor_project(tmp_path)
    nlu = (folder / "data" / "nlu.yml").read_text()
    for text, _ in floor.load.CONVERSATION:
        assert f"      - {text}\n" in nlu
    assert "KeywordIntentClassifier" in (folder / "config.yml").read_text()
    assert floor.FLOOR_REPLY in (folder / "floor_actions" / "__init__.py").read_text()


def test_floor_messages_expect_the_floor_reply_and_are_restored():
    before = list(floor.crowd.CONVERSATION)
    with floor.floor_messages():
        conversation = floor.crowd.CONVERSATION
        assert all(expected == (floor.FLOOR_REPLY,) for _, expected in conversation)
    assert floor.crowd.CONVERSATION == before


def step(answers: int, **cpu_s: float):
    return cpu_profile.crowd.Step(people=60, duration=40.0, answers=answers, cpu_s=cpu_s, other_cores=0.1)


def test_each_round_compares_ours_without_the_encoder_with_the_floor_of_the_same_round() -> None:
    # Round 1: the Rasa server 30 ms a message, a tenth of its busy samples in the encoder (3 ms).
    first = cpu_profile.Profile(step(100, rasa=3.0, gateway=0.2), {cpu_profile.ENCODER: 10, "other": 90},
                                cpu_profile.Counter())
    second = cpu_profile.Profile(step(200, rasa=4.0, gateway=0.4), {"other": 50}, cpu_profile.Counter())
    rounds = cpu_profile.Rounds([first, second], [step(100, floor=2.0), step(100, floor=1.5)])
    assert [round(r, 3) for r in rounds.ratios()] == [round((32.0 - 3.0) / 20.0, 3), round(22.0 / 15.0, 3)]
    pooled = rounds.pooled_ours()
    assert pooled.step.answers == 300 and pooled.step.cpu_s == pytest.approx({"rasa": 7.0, "gateway": 0.6})
    assert pooled.samples == {cpu_profile.ENCODER: 10, "other": 140}
