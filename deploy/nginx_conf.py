"""Fill in the reference nginx configuration (deploy/nginx.conf) for a given set of Rasa servers.

The reference file is a working configuration for two Rasa servers on 127.0.0.1:5005 and :5006,
nginx listening on 127.0.0.1:8080. The lines that depend on the deployment end with a marker
comment, and :func:`render` replaces exactly those:

- ``server ...;  # ask-amy: rasa servers``: each run of such lines (one run per ``upstream``
  block) becomes one line per Rasa server, with the options of the first line kept
  (``max_fails=1 fail_timeout=5s``);
- ``listen ...;  # ask-amy: listen``: the address nginx listens on.

Everything else (balancing, limits, time-outs) stays as the file says, so the tests and the
benchmark run the reference configuration itself. Pure text in, text out: nothing is started here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional, Sequence

REFERENCE = Path(__file__).resolve().parent / "nginx.conf"
SERVERS_MARK = "# ask-amy: rasa servers"
LISTEN_MARK = "# ask-amy: listen"
_SERVER_LINE = re.compile(r"^(?P<indent>\s*)server\s+(?P<address>\S+)(?P<options>[^;]*);\s*" + SERVERS_MARK)
_LISTEN_LINE = re.compile(r"^(?P<indent>\s*)listen\s+(?P<address>\S+)(?P<options>[^;]*);\s*" + LISTEN_MARK)
_ADDRESS = re.compile(r"^[\w.\-\[\]:]+:\d{1,5}$")


class ConfigError(ValueError):
    """The reference file lacks a marked line, or an address is not ``host:port``."""


def host_port(address: str) -> str:
    """Return ``host:port`` from ``http://host:port`` or ``host:port`` (else :class:`ConfigError`)."""
    bare = re.sub(r"^https?://", "", address.strip()).rstrip("/")
    if not _ADDRESS.match(bare):
        raise ConfigError(f"not a host:port address: {address!r}")
    return bare


def render(servers: Sequence[str], listen: str, template: Optional[str] = None,
           worker_processes: Optional[int] = None) -> str:
    """Return the configuration with ``servers`` (``host:port`` or base URLs) in every upstream.

    Args:
        servers: the Rasa servers, in order; at least one.
        listen: where nginx listens (``host:port``).
        template: the configuration text; default the reference file.
        worker_processes: replace ``worker_processes auto;`` with this number when given.

    """
    if not servers:
        raise ConfigError("at least one Rasa server is needed")
    addresses = [host_port(s) for s in servers]
    text = REFERENCE.read_text() if template is None else template
    out: List[str] = []
    upstreams = listens = 0
    in_run = False
    for line in text.splitlines():
        server = _SERVER_LINE.match(line)
        if server:
            if not in_run:
                upstreams += 1
                out += [f"{server['indent']}server {a}{server['options']};" for a in addresses]
            in_run = True
            continue
        in_run = False
        listening = _LISTEN_LINE.match(line)
        if listening:
            listens += 1
            line = f"{listening['indent']}listen {host_port(listen)}{listening['options']};"
        out.append(line)
    if not upstreams or not listens:
        raise ConfigError(f"the configuration has no line marked {SERVERS_MARK!r} or {LISTEN_MARK!r}")
    rendered = "\n".join(out) + "\n"
    if worker_processes is not None:
        rendered = re.sub(r"(?m)^worker_processes\s+\S+;", f"worker_processes {int(worker_processes)};",
                          rendered)
    return rendered
