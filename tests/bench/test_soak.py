"""The soak's arithmetic: memory growth after the warm-up, the windows, and the verdict (no servers)."""

from __future__ import annotations

from bench.crowd import Step
from bench.soak import Sample, Soak, growth, verdict, window_lines


def sample(at: float, rasa: float, actions: float = 100.0, answers: int = 0, errors: int = 0,
           replies: int = 0) -> Sample:
    return Sample(at, {"rasa0": rasa, "actions": actions}, answers, errors, 0, 0, replies)


def test_growth_counts_from_the_first_sample_after_the_warm_up() -> None:
    samples = [sample(0, 500), sample(300, 700), sample(600, 720), sample(900, 714)]
    grown = growth(samples, after_s=300)
    assert round(grown["rasa0"], 4) == round(720 / 700 - 1, 4)  # the largest after, not the last
    assert grown["actions"] == 0.0


def test_growth_is_empty_when_no_sample_is_after_the_warm_up() -> None:
    assert growth([sample(0, 500), sample(60, 510)], after_s=300) == {}


def test_windows_give_rate_p95_and_the_failures_of_each_window() -> None:
    latencies = [10.0] * 19 + [400.0] + [20.0] * 10
    samples = [sample(0, 500), sample(60, 500, answers=60, replies=20),
               sample(120, 510, answers=90, errors=2, replies=30)]
    lines = window_lines(samples, latencies)
    assert lines[2] == "| 1.0 | 1.0 | 10 | 0 | 0 | 0 | 600 |"
    assert lines[3] == "| 2.0 | 0.5 | 20 | 2 | 0 | 0 | 610 |"


def test_verdict_is_met_only_with_no_failures_and_growth_within_the_target() -> None:
    samples = [sample(0, 500), sample(300, 700), sample(1800, 730)]  # +4.3%
    clean = Soak(120, Step(120, answers=1000, latencies_ms=[50.0] * 1000), samples)
    assert verdict(clean)[-1].endswith(": met")
    failing = Soak(120, Step(120, answers=1000, errors=1, latencies_ms=[50.0] * 1000), samples)
    assert verdict(failing)[-1].endswith(": missed")
    grown = Soak(120, Step(120, answers=1000), [sample(0, 500), sample(300, 700), sample(1800, 740)])
    lines = verdict(grown)
    assert lines[-1].endswith(": missed")
    assert any("rasa0: memory +5.7%" in line and "OVER" in line for line in lines)


def test_a_run_shorter_than_the_warm_up_is_not_called_met() -> None:
    short = Soak(10, Step(10, answers=50, latencies_ms=[5.0] * 50), [sample(0, 500), sample(60, 500)])
    lines = verdict(short)
    assert lines[0].startswith("- memory growth: no sample after 5 min")
    assert lines[-1].endswith(": missed")
