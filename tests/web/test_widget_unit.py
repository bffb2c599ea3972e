"""Unit tests for the chat widget's pure logic (web/amy-widget.js) and static properties.

These test the bundle site owners embed, built from the modules in web/src/ (whose own unit
tests run from test_widget_modules.py). The widget's pure helpers are exported via
`module.exports` when the bundle is loaded under Node (no DOM), so they are exercised with
`node` (testkit/ensure_test_js.sh installs it).
Without node those tests are skipped, and fail instead when CI=true. The static checks need
nothing but Python.
"""

import json
import os
import re
import shutil
import subprocess
import urllib.parse

import pytest

from ask_amy.paths import ROOT

WEB = ROOT / "web"
JS = WEB / "amy-widget.js"
CSS = WEB / "amy-widget.css"
DEMO = WEB / "demo" / "index.html"

NODE = shutil.which("node") or shutil.which("nodejs")
NO_NODE = "node is not installed: run testkit/ensure_test_js.sh"


@pytest.fixture
def node() -> str:
    """The node binary; skip without one, or fail when CI=true (CI must have it)."""
    if NODE is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(NO_NODE)
        pytest.skip(NO_NODE)
    return NODE


needs_node = pytest.mark.usefixtures("node")


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
    for path in (JS, CSS, DEMO, WEB / "README.md", WEB / "build.py"):
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


def test_bundle_syntax_checks_under_node(node: str):
    res = subprocess.run([node, "--check", str(JS)], capture_output=True, text=True, check=False)
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


# ---------------------------------------------------------------- email drafts: the mailto: link

DRAFT = (
    "Here's a draft you can adapt:\n"
    "Subject: Following up: analyst role at Smith & Co? 100% keen\n\n"
    "Hi Zoë,\n\nThank you again for Tuesday #2 (the café chat) 👍.\n\n"
    "Best regards,\n[Your name]"
)


@needs_node
def test_mailto_link_has_the_subject_and_body_percent_encoded():
    link = js_eval(f"W.mailtoLink({json.dumps(DRAFT)})")
    assert link == (
        "mailto:?subject=Following%20up%3A%20analyst%20role%20at%20Smith%20%26%20Co%3F%20100%25%20keen"
        "&body=Hi%20Zo%C3%AB%2C%0D%0A%0D%0AThank%20you%20again%20for%20Tuesday%20%232%20"
        "(the%20caf%C3%A9%20chat)%20%F0%9F%91%8D.%0D%0A%0D%0ABest%20regards%2C%0D%0A%5BYour%20name%5D"
    )
    # Only the two fields are separated by & and only ? opens them: nothing of the text leaks.
    assert link.count("&") == 1 and link.count("?") == 1 and "#" not in link and "\n" not in link
    fields = urllib.parse.parse_qs(link.split("?", 1)[1], keep_blank_values=True)
    assert fields == {
        "subject": ["Following up: analyst role at Smith & Co? 100% keen"],
        "body": ["Hi Zoë,\r\n\r\nThank you again for Tuesday #2 (the café chat) 👍.\r\n\r\n"
                 "Best regards,\r\n[Your name]"],
    }


@needs_node
def test_mailto_link_of_a_draft_without_a_subject_or_body():
    assert js_eval("W.mailtoLink('Subject: Only a subject')") == "mailto:?subject=Only%20a%20subject"
    assert js_eval("W.mailtoLink('Hi there,\\r\\nthanks')") == "mailto:?body=Hi%20there%2C%0D%0Athanks"
    assert js_eval("W.mailtoLink('')") == "mailto:"
    assert js_eval(f"W.draftParts({json.dumps(DRAFT)})")["subject"].startswith("Following up:")


# ---------------------------------------------------------------- quick replies: one choice per row

BUTTONS = [{"title": "Waiting", "payload": '/choose_topic{"topic":"ask_wait_time"}'},
           {"title": "Something else", "payload": "skip"}]


@needs_node
def test_a_row_of_buttons_is_answered_once():
    entry = {"who": "bot", "text": "Which?", "buttons": BUTTONS}
    outcome = js_eval(
        f"(() => {{ const e = {json.dumps(entry)};"
        " return [W.chooseButton(e, 2), W.chooseButton(e, -1), W.chooseButton(e, 0.5),"
        " e.chosen === undefined, W.chooseButton(e, 1), W.chooseButton(e, 0), e.chosen]; })()"
    )
    assert outcome == [False, False, False, True, True, False, 1]
    assert js_eval("W.chooseButton({who: 'bot', text: 'no buttons'}, 0)") is False


@needs_node
def test_the_chosen_button_survives_the_stored_transcript():
    stored = [
        {"who": "bot", "text": "Which?", "buttons": BUTTONS, "chosen": 1},
        {"who": "bot", "text": "Out of range", "buttons": BUTTONS, "chosen": 2},
        {"who": "bot", "text": "Not a number", "buttons": BUTTONS, "chosen": "0"},
        {"who": "bot", "text": "No buttons", "chosen": 0},
    ]
    cleaned = js_eval(f"W.sanitizeTranscript(JSON.parse(JSON.stringify({json.dumps(stored)})))")
    assert [e.get("chosen") for e in cleaned] == [1, None, None, None]
    assert cleaned[0]["buttons"] == BUTTONS and "buttons" not in cleaned[3]
