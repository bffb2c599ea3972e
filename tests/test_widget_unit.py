"""Unit tests for the chat widget's pure logic (web/amy-widget.js) and static properties.

The widget's pure helpers are exported via `module.exports` when the file is loaded under
Node (no DOM), so they are exercised with `node` if it is installed; otherwise those tests
are skipped. The static checks need nothing but Python.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
JS = WEB / "amy-widget.js"
CSS = WEB / "amy-widget.css"
DEMO = WEB / "demo" / "index.html"

NODE = shutil.which("node") or shutil.which("nodejs")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def js_eval(expr: str):
    """Evaluate `expr` with the widget's pure helpers bound to `W`; return the JSON result."""
    script = (
        f"const W = require({json.dumps(str(JS))});\n"
        f"const out = (() => {{ return {expr}; }})();\n"
        "process.stdout.write(JSON.stringify(out === undefined ? null : out));\n"
    )
    res = subprocess.run(
        [NODE, "-e", script], capture_output=True, text=True, timeout=30, check=False
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


# ---------------------------------------------------------------- static checks


def _strip_js_comments(src: str) -> str:
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$", "", src)


def test_widget_files_exist():
    for path in (JS, CSS, DEMO, WEB / "README.md"):
        assert path.is_file(), path


def test_no_html_injection_sinks_in_widget():
    code = _strip_js_comments(JS.read_text(encoding="utf-8"))
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code, sink
    assert "new Function" not in code


def test_no_remote_resources():
    code = _strip_js_comments(JS.read_text(encoding="utf-8"))
    urls = set(re.findall(r"https?://[^\s'\"`)]+", code))
    # The SVG namespace is an identifier, not a download.
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    css = CSS.read_text(encoding="utf-8")
    assert not re.search(r"@import|url\(\s*['\"]?https?:", css)
    html = re.sub(r"<!--.*?-->", "", DEMO.read_text(encoding="utf-8"), flags=re.S)
    assert not re.search(r"(src|href)\s*=\s*['\"]\s*(https?:)?//", html, flags=re.I)


def test_demo_embeds_widget_with_one_script_tag():
    html = re.sub(r"<!--.*?-->", "", DEMO.read_text(encoding="utf-8"), flags=re.S)
    tags = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"[^>]*>", html)
    assert tags == ["../amy-widget.js"]
    assert 'data-server="http://localhost:5005"' in html
    assert "window.AskAmyConfig" in html


def test_css_has_small_screen_layout_and_pre_wrap():
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"@media\s*\(max-width:\s*479", css)
    assert "white-space: pre-wrap" in css
    assert ":focus-visible" in css


def test_js_syntax_is_es2017_parsable():
    if NODE is None:
        pytest.skip("node is not installed")
    res = subprocess.run([NODE, "--check", str(JS)], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr


# ---------------------------------------------------------------- pure logic (node)


@needs_node
def test_webhook_url_and_server_normalisation():
    assert js_eval("W.webhookUrl('http://localhost:5005/')") == (
        "http://localhost:5005/webhooks/rest/webhook"
    )
    assert js_eval("W.webhookUrl('https://bot.example.com')") == (
        "https://bot.example.com/webhooks/rest/webhook"
    )


@needs_node
def test_parse_timeout():
    assert js_eval("[W.parseTimeout('2500'), W.parseTimeout('x'), W.parseTimeout(-1), "
                   "W.parseTimeout(undefined)]") == [2500, 15000, 15000, 15000]


@needs_node
def test_merge_config_precedence():
    cfg = js_eval(
        "W.mergeConfig({server: 'http://a:1/', title: 'T', timeout: '100'},"
        " {server: 'http://b:2', greeting: ''})"
    )
    assert cfg["server"] == "http://b:2"  # AskAmyConfig wins
    assert cfg["title"] == "T"
    assert cfg["timeout"] == 100
    assert cfg["greeting"].startswith("Hi!")  # empty string falls back to the default


@needs_node
def test_linkify_only_http_and_https():
    parts = js_eval(
        "W.linkify('See https://ex.com/a?b=1&c=2. Not javascript:alert(1) or "
        "data:text/html,x or ftp://x.y. [label](https://ex.org/p) (https://ex.net/a_(b)).')"
    )
    links = [(p["text"], p["href"]) for p in parts if p["type"] == "link"]
    assert links == [
        ("https://ex.com/a?b=1&c=2", "https://ex.com/a?b=1&c=2"),
        ("label", "https://ex.org/p"),
        ("https://ex.net/a_(b)", "https://ex.net/a_(b)"),
    ]
    text = "".join(p["text"] for p in parts if p["type"] == "text")
    assert "javascript:alert(1)" in text and "data:text/html,x" in text


@needs_node
def test_linkify_markdown_with_bad_scheme_stays_text():
    parts = js_eval("W.linkify('[click](javascript:alert(1))')")
    assert all(p["type"] == "text" for p in parts)
    assert "".join(p["text"] for p in parts) == "[click](javascript:alert(1))"


@needs_node
def test_linkify_preserves_all_text():
    src = "Line 1\n\nhttps://a.example/x, then <img src=x onerror=alert(1)>"
    parts = js_eval(f"W.linkify({json.dumps(src)})")
    assert "".join(p["text"] for p in parts) == src


@needs_node
def test_email_draft_detection_and_copy_text():
    msg = "Here's a draft:\nSubject: Following up\n\nHi Priya,\nThanks!\n"
    assert js_eval(f"W.isEmailDraft({json.dumps(msg)})") is True
    assert js_eval("W.isEmailDraft('No subject line here. Subject: inline')") is False
    assert js_eval(f"W.draftText({json.dumps(msg)})") == "Subject: Following up\n\nHi Priya,\nThanks!"


@needs_node
def test_replies_to_entries():
    replies = [
        {"recipient_id": "s", "text": "Hello"},
        {"recipient_id": "s", "custom": {"foo": 1}},
        {"recipient_id": "s", "custom": {"type": "email_draft", "text": "Subject: X\n\nBody"}},
        {"recipient_id": "s", "text": "Pick one", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
        {"recipient_id": "s", "image": "javascript:alert(1)"},
    ]
    out = js_eval(f"W.repliesToEntries({json.dumps(replies)})")
    assert out == [
        {"who": "bot", "text": "Hello"},
        {"who": "bot", "text": "Subject: X\n\nBody", "draft": True},
        {"who": "bot", "text": "Pick one", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
    ]
    assert js_eval("W.repliesToEntries([])") == []
    assert js_eval("W.repliesToEntries({not: 'an array'})") == []


@needs_node
def test_transcript_cap_and_sanitize():
    assert js_eval(
        "W.capTranscript(Array.from({length: 250}, (_, i) => ({who: 'user', text: 'm' + i})))"
        ".map(e => e.text).slice(0, 1).concat([W.MAX_TRANSCRIPT])"
    ) == ["m50", 200]
    cleaned = js_eval(
        "W.sanitizeTranscript([{who: 'bot', text: 'ok', greeting: true}, {who: 'evil', text: 'x'},"
        " {who: 'user', text: 5}, null, {who: 'user', text: 'hi', extra: '<b>'}])"
    )
    assert cleaned == [{"who": "bot", "text": "ok", "greeting": True}, {"who": "user", "text": "hi"}]


@needs_node
def test_session_id_is_128_bit_hex():
    ids = js_eval(
        "[0,1].map(() => W.makeSessionId(require('crypto').webcrypto))"
    )
    for sid in ids:
        assert re.fullmatch(r"amy-[0-9a-f]{32}", sid)
    assert ids[0] != ids[1]


@needs_node
def test_rest_split_draft_is_merged_back():
    """Rasa's REST channel splits text on blank lines; the widget rejoins an email draft."""
    draft = (
        "Subject: Following up on my interview for Analyst\n\nHi Priya,\n\n"
        "Thank you again.\n\nAny update would help.\n\nThanks again!\n[Your name]"
    )
    replies = (
        [{"recipient_id": "s", "text": "Here's a draft."}]
        + [{"recipient_id": "s", "text": part} for part in draft.split("\n\n")]
        + [{"recipient_id": "s", "text": "Want changes?"}]
    )
    out = js_eval(f"W.repliesToEntries({json.dumps(replies)})")
    assert out == [
        {"who": "bot", "text": "Here's a draft."},
        {"who": "bot", "text": draft, "draft": True},
        {"who": "bot", "text": "Want changes?"},
    ]


@needs_node
def test_split_draft_without_sign_off_is_left_alone():
    replies = [{"text": "Subject: x"}, {"text": "Hi"}, {"text": "no sign-off"}]
    out = js_eval(f"W.repliesToEntries({json.dumps(replies)})")
    assert [e["text"] for e in out] == ["Subject: x", "Hi", "no sign-off"]
    assert not any(e.get("draft") for e in out)
