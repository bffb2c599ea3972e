"""Whether a trained model of Rasa's default pipeline can stand in for training one in the bench.

Training Rasa's default pipeline (DIET + TED) on this project's data takes 30-60 minutes on a
2-core machine. ``python -m bench.bench --default-model PATH`` uses a model trained earlier
instead, but only one the bench itself trained (its ``assistant_id``) after the last change to
the data it was trained on; anything else is refused with the reason.
"""

from __future__ import annotations

import json
import tarfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, List, Optional

DEFAULT_ASSISTANT_ID = "ask-amy-default"


def training_inputs(root: Path) -> List[Path]:
    """Return the files Rasa's default pipeline is trained on: the domain and the training data."""
    data = root / "data"
    return [root / "domain.yml", *sorted(data.glob("*.yml")), *sorted(data.glob("nlu/*.yml"))]


def metadata(model: Path) -> dict:
    """Read the metadata.json of a Rasa model archive."""
    with tarfile.open(model, "r:gz") as archive:
        for member in archive:  # streamed: stops reading the archive at metadata.json
            if member.name.lstrip("/") == "metadata.json":
                handle = archive.extractfile(member)
                if handle is not None:
                    return json.load(handle)
    raise ValueError(f"{model} holds no metadata.json: not a Rasa model")


def refusal(model: Path, inputs: Iterable[Path], assistant_id: str = DEFAULT_ASSISTANT_ID) -> Optional[str]:
    """Why ``model`` cannot stand in for a fresh training of the default pipeline, or None if it can."""
    if not model.is_file():
        return f"{model} does not exist"
    try:
        meta = metadata(model)
    except (OSError, tarfile.TarError, ValueError, json.JSONDecodeError) as error:
        return f"{model} is not a readable Rasa model ({error})"
    if meta.get("assistant_id") != assistant_id:
        return (f"{model} was trained with assistant_id {meta.get('assistant_id')!r}, not the bench's "
                f"default configuration ({assistant_id!r})")
    try:
        # Rasa writes datetime.utcnow(): a naive time in UTC, whatever the machine's time zone.
        trained_at = datetime.fromisoformat(str(meta.get("trained_at"))).replace(tzinfo=timezone.utc)
    except ValueError:
        return f"{model} does not say when it was trained"
    changed = [path for path in inputs if path.stat().st_mtime > trained_at.timestamp()]
    if changed:
        return f"{model} is older than {changed[0].name}: train it again"
    return None
