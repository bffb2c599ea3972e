"""Rasa test stories: every intent's happy path, the email form, and tailoring."""

from tests.live_servers import MODEL
from tests.rasa_cli import rasa


def test_story_predictions_have_no_errors(tmp_path) -> None:
    result = rasa("test", "core", "--model", str(MODEL), "--stories", "tests/stories",
                  "--fail-on-prediction-errors", "--out", str(tmp_path), "--no-plot")
    output = result.stdout + result.stderr
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text()[:6000] if failed.exists() else ""
    assert result.returncode == 0, output[-3000:] + "\n" + details
