"""Rasa's own validation of the training data and domain: no errors, no warnings."""

from tests.rasa_cli import rasa


def test_rasa_data_validate_is_clean() -> None:
    result = rasa("data", "validate", "--fail-on-warnings", "--data", "data", "--domain", "domain.yml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "UserWarning" not in output, output[-4000:]
