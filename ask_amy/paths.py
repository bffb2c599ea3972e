"""Where the project's files are: the checkout root, from which every data file is found."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
