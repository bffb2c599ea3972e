"""The widget's modules (web/src/) and its bundle (web/amy-widget.js, built by web/build.py).

Each module has its unit tests beside it (web/src/<module>.test.js, on `node:test` and a small
fake DOM, no npm packages); they run here with `node --test`, one pytest test per module. The
committed bundle must be a fresh build of the modules, each module stays small, and the bundle
and the modules are ES5, as the bundle's header says (checked with the acorn parser from the
test-only npm packages, when they are installed).
"""

import importlib.util
import json
import os
import subprocess

import pytest

from ask_amy.paths import ROOT
from tests.web.test_widget_unit import (  # noqa: F401 (node: the fixture needs_node uses)
    NODE,
    needs_node,
    node,
)

WEB = ROOT / "web"
SRC = WEB / "src"
ACORN = ROOT / "tests" / "web" / "browser" / "node_modules" / "acorn"
MAX_MODULE_LINES = 400


def _load_build():
    spec = importlib.util.spec_from_file_location("widget_build", WEB / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def test_every_module_has_its_tests_and_every_test_file_a_module():
    modules = {p.name.removesuffix(".js") for p in SRC.glob("*.js") if not p.name.endswith(".test.js")}
    tests = {p.name.removesuffix(".test.js") for p in SRC.glob("*.test.js")}
    assert modules == set(build.MODULES)
    assert tests == modules


@pytest.mark.parametrize("name", build.MODULES)
def test_modules_are_small(name):
    lines = (SRC / f"{name}.js").read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"web/src/{name}.js has {lines} lines"


def test_the_committed_bundle_is_a_fresh_build_of_the_modules():
    assert (WEB / "amy-widget.js").read_text(encoding="utf-8") == build.build(), (
        "web/amy-widget.js differs from web/src/: run `make web/amy-widget.js` and commit both"
    )


def test_build_check_and_out(tmp_path):
    out = tmp_path / "amy-widget.js"
    assert build.main(["--check", "--out", str(out)]) == 1  # missing
    assert build.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == build.build()
    assert build.main(["--check", "--out", str(out)]) == 0
    out.write_text(out.read_text(encoding="utf-8") + "// edited by hand\n", encoding="utf-8")
    assert build.main(["--check", "--out", str(out)]) == 1


@needs_node
@pytest.mark.parametrize("name", build.MODULES)
def test_module_unit_tests(name):
    res = subprocess.run(
        [NODE, "--test", f"{name}.test.js"],
        cwd=SRC, capture_output=True, text=True, timeout=120, check=False,
    )
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-2000:]
    assert "# fail 0" in res.stdout


@needs_node
def test_bundle_and_modules_are_es5():
    if not ACORN.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("acorn is missing: run testkit/ensure_test_js.sh")
        pytest.skip("the test-only npm packages are not installed: run testkit/ensure_test_js.sh")
    files = [WEB / "amy-widget.js"] + [SRC / f"{name}.js" for name in build.MODULES]
    script = (
        f"const acorn = require({json.dumps(str(ACORN))});\n"
        "const fs = require('fs');\n"
        "const bad = [];\n"
        f"for (const f of {json.dumps([str(f) for f in files])}) {{\n"
        "  try { acorn.parse(fs.readFileSync(f, 'utf8'), { ecmaVersion: 5 }); }\n"
        "  catch (e) { bad.push(f + ': ' + e.message); }\n"
        "}\n"
        "process.stdout.write(JSON.stringify(bad));\n"
    )
    res = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == []
