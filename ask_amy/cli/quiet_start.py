"""Run a Python module with the libraries' warnings kept off the terminal.

``python -m ask_amy.cli.quiet_start MODULE [ARGS...]`` runs ``python -m MODULE ARGS...`` (``rasa``,
``rasa_sdk``, ...) after replacing :func:`warnings.showwarning`, so that a warning raised in an
installed package (TensorFlow's, SQLAlchemy's, pyparsing's deprecations, Rasa's "Slot auto-fill
has been removed") is not printed, while one raised in this project's own code still is. A
warnings filter would not do: Rasa and Sanic add their own filters (``"once"``) at start-up, in
front of any ``PYTHONWARNINGS``. ``make chat`` and ``make serve`` start every Python process this
way; tests and ``rasa data validate`` run without it and see every warning.
"""

from __future__ import annotations

import runpy
import sys
import warnings
from pathlib import Path
from typing import Any, List, Optional, TextIO

from ask_amy.paths import ROOT

USAGE = "usage: python -m ask_amy.cli.quiet_start MODULE [ARGS...]"


def from_this_project(filename: str, root: Path = ROOT, prefixes: Optional[List[str]] = None) -> bool:
    """Tell whether ``filename`` (where a warning was raised) is this project's code, not a library's."""
    if not filename or filename.startswith("<"):  # "<frozen importlib._bootstrap>", "<string>"
        return False
    path = Path(filename).resolve()
    prefixes = [sys.prefix, sys.base_prefix] if prefixes is None else prefixes
    libraries = [Path(p).resolve() for p in prefixes]
    if any(path.is_relative_to(lib) for lib in libraries) or "site-packages" in path.parts:
        return False
    return path.is_relative_to(root.resolve())


_show_warning = warnings.showwarning


def show_own_warnings(
    message: Any, category: Any, filename: str, lineno: int,
    file: Optional[TextIO] = None, line: Optional[str] = None,
) -> None:
    """Print the warning as Python would, but only when the project's own code raised it."""
    if from_this_project(filename):
        _show_warning(message, category, filename, lineno, file, line)


def install() -> None:
    """From now on, show only the project's own warnings."""
    warnings.showwarning = show_own_warnings


def main(argv: List[str]) -> None:
    """Run the module named by ``argv[0]`` as ``__main__``, with ``argv[1:]`` as its arguments."""
    if not argv or argv[0].startswith("-"):
        sys.exit(USAGE)
    install()
    sys.argv = list(argv)
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
