"""ask_amy/cli/quiet_start.py: the libraries' warnings stay off the terminal, the project's own do not."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import Iterator, List

import pytest

from ask_amy.cli import quiet_start
from ask_amy.cli.stack import base_env
from ask_amy.paths import ROOT

LIBRARY_FILE = str(Path(sysconfig.get_paths()["purelib"]) / "somelib" / "module.py")


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[List[str]]:
    """The hook in place for one test; the messages it passes on to Python's printing."""
    passed_on: List[str] = []
    monkeypatch.setattr(quiet_start, "_show_warning", lambda message, *args: passed_on.append(str(message)))
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        quiet_start.install()
        yield passed_on


@pytest.mark.parametrize(
    "filename, ours",
    [
        (str(ROOT / "actions" / "answers.py"), True),
        (str(ROOT / "ask_amy" / "cli" / "quiet_start.py"), True),
        (LIBRARY_FILE, False),
        (str(ROOT / ".venv" / "lib" / "python3.10" / "site-packages" / "rasa" / "x.py"), False),
        ("<frozen importlib._bootstrap>", False),
        ("", False),
        ("/somewhere/else/module.py", False),
    ],
)
def test_whose_code_raised_the_warning(filename: str, ours: bool) -> None:
    assert quiet_start.from_this_project(filename) is ours


def test_a_library_s_warning_is_dropped_and_ours_is_shown(shown: List[str]) -> None:
    warnings.warn_explicit("old API", DeprecationWarning, LIBRARY_FILE, 1)
    warnings.warn_explicit("Slot auto-fill has been removed", UserWarning, LIBRARY_FILE, 2)
    warnings.warn("our own warning", UserWarning, stacklevel=1)  # raised in this file, in the project
    assert shown == ["our own warning"]


def run_quietly(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ask_amy.cli.quiet_start", *args], cwd=ROOT, env=base_env(),
                          capture_output=True, text=True, timeout=300)


def test_rasa_starts_without_the_libraries_warnings() -> None:
    loud = subprocess.run([str(Path(sys.executable).parent / "rasa"), "--version"], cwd=ROOT, env=base_env(),
                          capture_output=True, text=True, timeout=300)
    assert loud.returncode == 0 and "Warning" in loud.stdout + loud.stderr  # what there is to hide
    quiet = run_quietly("rasa", "--version")
    assert quiet.returncode == 0 and "Rasa Version" in quiet.stdout
    assert "Warning" not in quiet.stdout + quiet.stderr


def test_without_a_module_it_says_how_to_use_it() -> None:
    result = run_quietly()
    assert result.returncode != 0 and quiet_start.USAGE in result.stderr
