"""bench/peer_model.py: which model of Rasa's default pipeline the bench may use instead of training one."""

from __future__ import annotations

import io
import json
import os
import tarfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ask_amy.paths import ROOT
from bench import peer_model


def model_archive(path: Path, **meta: object) -> Path:
    """A gzipped tar holding only metadata.json, the way Rasa names it (with a leading slash)."""
    payload = json.dumps(meta).encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("/metadata.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    return path


def utc_now() -> datetime:
    """Now, as Rasa writes ``trained_at``: a naive time in UTC (``datetime.utcnow()``)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def data_file(path: Path, seconds_ago: float) -> Path:
    """A training-data file last changed ``seconds_ago``."""
    path.write_text("version: '3.1'\n")
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))
    return path


def test_a_fresh_model_of_the_default_configuration_is_accepted(tmp_path: Path) -> None:
    inputs = [data_file(tmp_path / "nlu.yml", 3600)]
    model = model_archive(tmp_path / "rasa-default.tar.gz", assistant_id="ask-amy-default",
                          trained_at=utc_now().isoformat())
    assert peer_model.refusal(model, inputs) is None


def test_a_model_older_than_the_data_is_refused(tmp_path: Path) -> None:
    inputs = [data_file(tmp_path / "nlu.yml", 60)]
    model = model_archive(tmp_path / "rasa-default.tar.gz", assistant_id="ask-amy-default",
                          trained_at=(utc_now() - timedelta(hours=1)).isoformat())
    assert "older than nlu.yml" in peer_model.refusal(model, inputs)


def test_the_training_time_is_read_as_utc_whatever_the_time_zone(tmp_path: Path, monkeypatch) -> None:
    # Five hours west of UTC, local clock times are five hours behind Rasa's UTC trained_at: read
    # as local time, a file changed a minute ago would look older than a model trained an hour ago.
    monkeypatch.setenv("TZ", "EST5")
    time.tzset()
    try:
        inputs = [data_file(tmp_path / "nlu.yml", 60)]
        stale = model_archive(tmp_path / "stale.tar.gz", assistant_id="ask-amy-default",
                              trained_at=(utc_now() - timedelta(hours=1)).isoformat())
        fresh = model_archive(tmp_path / "fresh.tar.gz", assistant_id="ask-amy-default",
                              trained_at=utc_now().isoformat())
        assert "older than nlu.yml" in peer_model.refusal(stale, inputs)
        assert peer_model.refusal(fresh, inputs) is None
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_model_of_another_configuration_is_refused(tmp_path: Path) -> None:
    model = model_archive(tmp_path / "ask-amy.tar.gz", assistant_id="ask-amy",
                          trained_at=utc_now().isoformat())
    assert "not the bench's default configuration" in peer_model.refusal(model, [])


def test_a_missing_or_unreadable_model_is_refused(tmp_path: Path) -> None:
    assert "does not exist" in peer_model.refusal(tmp_path / "none.tar.gz", [])
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not a model")
    assert "not a readable Rasa model" in peer_model.refusal(broken, [])
    empty = tmp_path / "empty.tar.gz"
    with tarfile.open(empty, "w:gz"):
        pass
    assert "no metadata.json" in peer_model.refusal(empty, [])


def test_a_model_without_its_training_date_is_refused(tmp_path: Path) -> None:
    model = model_archive(tmp_path / "rasa-default.tar.gz", assistant_id="ask-amy-default")
    assert "does not say when" in peer_model.refusal(model, [])


def test_the_inputs_are_the_domain_and_the_training_data() -> None:
    root = ROOT
    names = {path.relative_to(root).as_posix() for path in peer_model.training_inputs(root)}
    assert "domain.yml" in names
    assert any(name.startswith("data/nlu/") for name in names)
    assert any(name.startswith("data/") and name.count("/") == 1 for name in names)
    assert all((root / name).is_file() for name in names)


def test_the_bench_default_configuration_carries_the_assistant_id() -> None:
    from bench import bench

    assert f"assistant_id: {peer_model.DEFAULT_ASSISTANT_ID}" in bench.DEFAULT_CONFIG


def test_the_bench_refuses_a_stale_model_before_starting_servers(tmp_path: Path, monkeypatch, capsys) -> None:
    from bench import bench

    def nothing_may_start(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bench started a server for a model it should have refused")

    monkeypatch.setattr(bench, "start_action_server", nothing_may_start)
    stale = model_archive(tmp_path / "rasa-default.tar.gz", assistant_id="ask-amy-default",
                          trained_at="2000-01-01T00:00:00")
    monkeypatch.setattr("sys.argv", ["bench", "--default-model", str(stale), "--skip-lm"])
    assert bench.main() == 2
    assert "--default-model refused" in capsys.readouterr().err
