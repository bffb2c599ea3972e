"""Take the objects of a started Rasa server out of the garbage collector's full passes.

Once its model is loaded, a Rasa 3.6 server holds about half a million objects that live as long
as the process: TensorFlow's and Rasa's modules, spaCy, the model. CPython's full collection
(generation 2) walks every one of them, and while it runs the server answers nobody: a full pass
took 0.4 to 1.1 s in a loaded server on a busy 2-core machine. Under load such passes come every
so often, and each one delays every reply waiting behind it.

``gc.freeze()`` moves every object alive at that moment into a permanent generation that the
collector no longer walks. :func:`freeze_after_start` does it once per process, when the server
has started (the model is loaded in Rasa's ``before_server_start``), after one last collection so
that no start-up garbage is kept for good. Objects made later (conversations, requests) are
collected as before. ``ASK_AMY_GC_FREEZE=0`` turns it off (to measure the difference).
"""

from __future__ import annotations

import gc
import logging
import os
from typing import TYPE_CHECKING, Any, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover - typing only
    from sanic import Blueprint

logger = logging.getLogger(__name__)

FREEZE_VAR = "ASK_AMY_GC_FREEZE"
_OFF = {"0", "false", "no", "off"}
_done = False


def enabled(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether to freeze: on unless ``ASK_AMY_GC_FREEZE`` says 0, false, no or off."""
    value = (os.environ if environ is None else environ).get(FREEZE_VAR, "1")
    return value.strip().lower() not in _OFF


def freeze_once(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Collect, then freeze every live object, the first time in this process; True if it froze."""
    global _done
    if _done or not enabled(environ):
        return False
    _done = True
    gc.collect()
    gc.freeze()
    logger.debug(f"{gc.get_freeze_count()} objects frozen out of the garbage collector's passes.")
    return True


def freeze_after_start(blueprint: "Blueprint") -> "Blueprint":
    """Make the server call :func:`freeze_once` when it has started (every channel may ask: once)."""

    async def freeze(_app: Any, _loop: Any) -> None:
        freeze_once()

    blueprint.listener("after_server_start")(freeze)
    return blueprint
