"""Rasa's floor for bench/cpu_profile.py: a minimal project, trained and served in a temp dir.

WhitespaceTokenizer + KeywordIntentClassifier, RulePolicy, one intent ``ask``, one rule
ask -> ``action_floor``, whose action sends one fixed message; served on SQLite over REST with its
own action server. Under load it gets the same messages as this bot, each expecting that message.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from typing import Dict, Iterator, Sequence

from ask_amy.cli.stack import BIN, Server, base_env, start_action_server, start_rasa_server, write_endpoints
from bench import crowd, deployments, load
from testkit.live_servers import sqlite_tracker_store

FLOOR_REPLY = "Floor reply."


FLOOR_FILES = {
    "config.yml": """recipe: default.v1
language: en
assistant_id: rasa-floor
pipeline:
  - name: WhitespaceTokenizer
  - name: KeywordIntentClassifier
policies:
  - name: RulePolicy
""",
    "domain.yml": """version: "3.1"
intents:
  - ask
actions:
  - action_floor
""",
    "data/rules.yml": """version: "3.1"
rules:
  - rule: ask is answered by action_floor
    steps:
      - intent: ask
      - action: action_floor
""",
    "floor_actions/__init__.py": f'''"""The floor's one custom action: one fixed message."""

from rasa_sdk import Action


class ActionFloor(Action):
    """Send one fixed message."""

    def name(self):
        """The action's name."""
        return "action_floor"

    async def run(self, dispatcher, tracker, domain):
        """Send the fixed message."""
        dispatcher.utter_message(text={FLOOR_REPLY!r})
        return []
''',
}


def floor_nlu(texts: Sequence[str]) -> str:
    """NLU data for ``ask``: the load's messages as keywords, so that every one of them is ``ask``."""
    lines = "\n".join(f"      - {' '.join(text.split())}" for text in texts)
    return f'version: "3.1"\nnlu:\n  - intent: ask\n    examples: |\n{lines}\n'


def write_floor_project(folder: Path) -> Path:
    """Write the floor project into ``folder`` and return it."""
    for name, content in FLOOR_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content)
    (folder / "data" / "nlu.yml").write_text(floor_nlu([text for text, _ in load.CONVERSATION]))
    return folder


def train_floor(folder: Path) -> Path:
    """Train the floor project in ``folder`` and return its model."""
    subprocess.run([str(BIN / "rasa"), "train", "--fixed-model-name", "floor", "--out", "models", "--quiet"],
                   cwd=folder, check=True, env=base_env(), stdout=subprocess.DEVNULL)
    return folder / "models" / "floor.tar.gz"


@contextlib.contextmanager
def floor_deployment(folder: Path, model: Path) -> Iterator[deployments.Deployment]:
    """Start the floor's action server and Rasa server (SQLite, REST); stop them on exit."""
    servers: Dict[str, Server] = {}
    try:
        servers["floor actions"] = start_action_server(folder, env={"PYTHONPATH": str(folder)},
                                                       package="floor_actions")
        extra = sqlite_tracker_store(folder / "trackers.db")
        endpoints = write_endpoints(folder, servers["floor actions"].url, extra=extra)
        credentials = folder / "credentials.yml"
        credentials.write_text("rest:\n")
        servers["floor rasa"] = start_rasa_server(folder, endpoints, credentials=credentials, model=model,
                                                  env={"LOG_LEVEL": "WARNING"})
        yield deployments.Deployment("Rasa floor", servers["floor rasa"].url, servers)
    finally:
        for server in reversed(list(servers.values())):
            server.stop()


@contextlib.contextmanager
def floor_messages() -> Iterator[None]:
    """For the floor's run: the same messages, each expecting the floor's one reply."""
    original = list(crowd.CONVERSATION)
    crowd.CONVERSATION[:] = [(text, (FLOOR_REPLY,)) for text, _ in original]
    try:
        yield
    finally:
        crowd.CONVERSATION[:] = original


# The report.
