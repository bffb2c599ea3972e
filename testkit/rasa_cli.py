"""Running Rasa's own command-line checks from tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import List

from ask_amy.cli.stack import base_env
from ask_amy.paths import ROOT

RASA = str(Path(sys.executable).parent / "rasa")


def rasa(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``rasa ARGS`` in the project root and capture its output."""
    command: List[str] = [RASA, *args]
    return subprocess.run(
        command, cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=timeout
    )
