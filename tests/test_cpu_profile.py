"""scripts/cpu_profile.py: Rasa's floor project and the load it gets (the profile is `make profile`)."""

from scripts import cpu_profile


def test_floor_project_makes_every_load_message_a_keyword(tmp_path):
    folder = cpu_profile.write_floor_project(tmp_path)
    nlu = (folder / "data" / "nlu.yml").read_text()
    for text, _ in cpu_profile.load.CONVERSATION:
        assert f"      - {text}\n" in nlu
    assert "KeywordIntentClassifier" in (folder / "config.yml").read_text()
    assert cpu_profile.FLOOR_REPLY in (folder / "floor_actions" / "__init__.py").read_text()


def test_floor_messages_expect_the_floor_reply_and_are_restored():
    before = list(cpu_profile.capacity.CONVERSATION)
    with cpu_profile.floor_messages():
        conversation = cpu_profile.capacity.CONVERSATION
        assert all(expected == (cpu_profile.FLOOR_REPLY,) for _, expected in conversation)
    assert cpu_profile.capacity.CONVERSATION == before
