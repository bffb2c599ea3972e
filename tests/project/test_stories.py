"""Rasa test stories, end to end: every intent's happy path, the email form, and the facts that route.

``--e2e`` makes Rasa parse each story's text with the trained NLU and compare the intent and
the annotated entities as well as the next actions.
"""

from ask_amy.cli.stack import MODEL
from testkit.rasa_cli import rasa


def test_story_predictions_have_no_errors(tmp_path) -> None:
    result = rasa("test", "core", "--model", str(MODEL), "--stories", "tests/stories",
                  "--fail-on-prediction-errors", "--e2e", "--out", str(tmp_path), "--no-plot")
    output = result.stdout + result.stderr
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text()[:6000] if failed.exists() else ""
    assert result.returncode == 0, output[-3000:] + "\n" + details
