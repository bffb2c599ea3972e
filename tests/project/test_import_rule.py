"""The import rule's other half (lint-imports checks the direction and the cycles, pyproject.toml).

A function-level import of a project module hides a cycle from a reader; one is allowed only when
the module it imports is heavy (pulls in Rasa, spaCy or TensorFlow) and is listed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ask_amy.paths import ROOT

CHECKED = ("actions", "ask_amy", "deploy", "testkit", "bench")
FIRST_PARTY = CHECKED + ("tests",)
# (file, imported module): each imports Rasa (and with it TensorFlow) when imported.
HEAVY = {("bench/cascade_cv.py", "ask_amy.nlu.encoder")}


def function_level_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    yield node.module
                elif isinstance(node, ast.ImportFrom):
                    yield "."
                elif isinstance(node, ast.Import):
                    yield from (alias.name for alias in node.names)


def test_project_modules_are_imported_at_the_top_of_the_module() -> None:
    hidden = []
    for package in CHECKED:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            for module in function_level_imports(path):
                if (module == "." or module.split(".")[0] in FIRST_PARTY) and (name, module) not in HEAVY:
                    hidden.append(f"{name}: {module}")
    assert hidden == []
