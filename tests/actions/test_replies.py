"""The replies file: every reply the actions use exists and has text."""

import re

from actions import replies
from ask_amy.paths import ROOT

ACTIONS = ROOT / "actions"


def test_every_reply_the_code_uses_exists() -> None:
    code = "\n".join(p.read_text() for p in ACTIONS.glob("*.py"))
    used = set(re.findall(r'replies\.say\("(\w+)"\)', code))
    used |= {f"ask_{slot}" for slot in re.findall(r'slot = "(\w+)"', code)}
    used |= set(re.findall(r'"(empty_message|gibberish|non_english)"', code))
    assert used and used <= set(replies.load()), used - set(replies.load())


def test_every_reply_has_non_empty_variants() -> None:
    for key in replies.load():
        assert replies.variants(key) and all(text for text in replies.variants(key)), key
        assert replies.say(key) in replies.variants(key)
