#!/usr/bin/env python
"""Build the small offline spaCy pipeline used by Ask Amy's NLU.

The pipeline is ``spacy.blank("en")`` plus a ``lemmatizer`` in ``lookup`` mode whose
``lemma_lookup`` table comes from the locally installed ``spacy-lookups-data`` package
(nothing is downloaded).  It is written with ``Language.to_disk`` so that Rasa's
``SpacyNLP`` component can load it with ``model: build/spacy-en-amy``.

Usage::

    .venv/bin/python -m ask_amy.build.spacy_pipeline [OUTPUT_DIR]

``OUTPUT_DIR`` defaults to ``build/spacy-en-amy`` (relative to the repository root).
Running the script again simply rebuilds the directory (idempotent).
"""

from __future__ import annotations

from ask_amy.paths import ROOT
import shutil
import sys
from pathlib import Path
from typing import Optional, Sequence

REPO_ROOT = ROOT
DEFAULT_OUTPUT = REPO_ROOT / "build" / "spacy-en-amy"
PIPELINE_NAME = "en_amy_lookup"
PIPELINE_VERSION = "1.0.0"


def build_pipeline(output_dir: Optional[Path] = None) -> Path:
    """Create the blank English pipeline with a lookup lemmatizer and save it.

    Args:
        output_dir: Directory to write to; defaults to ``build/spacy-en-amy`` in the repo.
            An existing directory at that path is replaced.

    Returns:
        The absolute path of the written pipeline directory.

    Raises:
        RuntimeError: If the lookup tables from ``spacy-lookups-data`` are unavailable.

    """
    import spacy
    from spacy.lookups import load_lookups

    output = Path(output_dir) if output_dir is not None else DEFAULT_OUTPUT
    output = output.resolve()

    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    try:
        # Loaded from the installed spacy-lookups-data package via its entry point:
        # no network access is involved.
        lookups = load_lookups(lang="en", tables=["lemma_lookup"])
    except (ValueError, ImportError) as exc:  # pragma: no cover - environment problem
        raise RuntimeError(
            "The English 'lemma_lookup' table was not found; "
            "is spacy-lookups-data installed in this environment?"
        ) from exc
    lemmatizer.initialize(lookups=lookups)

    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta["description"] = (
        "Blank English tokenizer + lookup lemmatizer (spacy-lookups-data) for Ask Amy."
    )

    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point: ``build_spacy_pipeline.py [OUTPUT_DIR]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else DEFAULT_OUTPUT
    written = build_pipeline(target)
    files = sorted(p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file())
    print(f"Wrote spaCy pipeline to {written}")
    for name in files:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
