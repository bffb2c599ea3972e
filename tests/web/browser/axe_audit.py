"""An accessibility audit of a page with axe-core (the npm package pinned in package-lock.json).

The test injects axe-core's own file into the page (nothing is fetched from anywhere), runs it
on the whole document, saves the full JSON result, and returns the violations that matter here:
those whose impact is serious or critical.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def run(page: Any, report: Path) -> Dict[str, Any]:
    """Run axe-core on ``page`` and save its full result as JSON to ``report``."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE.name}: run testkit/ensure_test_js.sh")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document)")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def blocking(result: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The serious and critical violations of an axe result."""
    return [v for v in result.get("violations", []) if v.get("impact") in BLOCKING]


def summary(violations: List[Dict[str, Any]]) -> List[str]:
    """One line per violation and element, for an assertion message."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {node.get('target')}"
        for v in violations
        for node in v.get("nodes", [])
    ]
