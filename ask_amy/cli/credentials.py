"""Pick the credentials file `make serve` gives Rasa, and say which channels are on.

Rasa refuses to start when a ``${VAR}`` in credentials.yml is unset, so the Slack channel can
only be listed when its variables are set. This script (used by ``deploy/serve.sh``):

- prints the path of ``credentials.yml`` itself when every variable the Slack section uses is set;
- otherwise, when none of them is set, writes a copy without the Slack section (default
  ``var/credentials.yml``) and prints that path;
- refuses (exit status 2) when only some are set, e.g. a bot token without a signing secret:
  a Slack bot without its signing secret must not start.

The path goes to stdout; which channels are on goes to stderr.

    python -m ask_amy.cli.credentials [credentials.yml] [--out var/credentials.yml] [--without-slack]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

import yaml

ENV_VAR = re.compile(r"\$\{([^}]+)\}")


class CredentialsError(Exception):
    """The Slack variables are only partly set (or the file is not a channel mapping)."""


@dataclass
class Choice:
    """Which credentials file to use and what it enables."""

    path: Path
    channels: List[str]
    slack_on: bool
    message: str


def is_slack(channel: str) -> bool:
    """Tell whether ``channel`` is Rasa's ``slack`` channel or a custom Slack channel class."""
    return "slack" in channel.lower()


def env_vars(value: Any) -> List[str]:
    """Return the ``${VAR}`` names used anywhere in ``value`` (nested mappings and lists included)."""
    if isinstance(value, str):
        return ENV_VAR.findall(value)
    if isinstance(value, Mapping):
        return [name for v in value.values() for name in env_vars(v)]
    if isinstance(value, (list, tuple)):
        return [name for v in value for name in env_vars(v)]
    return []


def load(source: Path) -> Dict[str, Any]:
    """Load the channels in a credentials file, as a mapping (``${VAR}`` left unexpanded)."""
    data = yaml.safe_load(source.read_text()) or {}
    if not isinstance(data, dict):
        raise CredentialsError(f"{source} is not a mapping of channel names to their settings")
    return data


def choose(
    source: Path, out: Path, environ: Optional[Mapping[str, str]] = None, without_slack: bool = False
) -> Choice:
    """Decide (and, when needed, write) the credentials file to serve with.

    ``without_slack`` always writes the copy without Slack (for ``rasa shell`` and the REST tests,
    which must not depend on the Slack variables).
    """
    environ = os.environ if environ is None else environ
    channels = load(source)
    slack = [name for name in channels if is_slack(name)]
    needed = list(dict.fromkeys(v for name in slack for v in env_vars(channels[name])))
    if not slack:
        return Choice(source, list(channels), False, f"Slack: not configured in {source}")
    if not without_slack:
        missing = [v for v in needed if not environ.get(v)]
        if not missing:
            return Choice(source, list(channels), True, f"Slack: on ({', '.join(slack)})")
        if len(missing) < len(needed):
            present = [v for v in needed if v not in missing]
            raise CredentialsError(
                f"refusing to start: {', '.join(present)} set but {', '.join(missing)} not. "
                f"Set all of {', '.join(needed)} to turn Slack on (the signing secret is mandatory), "
                f"or none of them to serve without Slack."
            )
    kept = {name: settings for name, settings in channels.items() if name not in slack}
    out.parent.mkdir(parents=True, exist_ok=True)
    turn_on = f"set {', '.join(needed)} to turn it on" if needed else "left out"
    header = (
        f"# Written by ask_amy/cli/credentials.py from {source.name}, without Slack ({turn_on}).\n"
        f"# Do not edit: it is rewritten on every start.\n"
    )
    body = yaml.safe_dump(kept, sort_keys=False, default_flow_style=False) if kept else "{}\n"
    out.write_text(header + body)
    return Choice(out, list(kept), False, f"Slack: off ({turn_on})")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: print the chosen path; report the channels on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", default="credentials.yml", type=Path)
    parser.add_argument("--out", default=Path("var/credentials.yml"), type=Path)
    parser.add_argument("--without-slack", action="store_true", help="always write the copy without Slack")
    args = parser.parse_args(argv)
    try:
        choice = choose(args.source, args.out, without_slack=args.without_slack)
    except (CredentialsError, OSError, yaml.YAMLError) as error:
        print(f"credentials: {error}", file=sys.stderr)
        return 2
    print(f"Channels on: {', '.join(choice.channels) or 'none'}. {choice.message}.", file=sys.stderr)
    print(choice.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
