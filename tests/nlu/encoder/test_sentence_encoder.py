"""The NumPy encoder gives the vectors of the reference implementation, on the verified files."""

from __future__ import annotations

import numpy as np
import pytest

from ask_amy.nlu.encoder.sentence_encoder import SentenceEncoder
from ask_amy.paths import ROOT

FILES = ROOT / "build" / "minilm"
TEXTS = [
    "should I call or email?",
    "Dear Amy, my panel for a charge nurse job was three weeks ago and they said a week. Nothing since. "
    "I have another offer that expires Friday. Do I email the manager or call HR?",
]


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder.load(FILES)


def test_vectors_match_transformers_tf_bert_with_mean_pooling(
    encoder: SentenceEncoder, tmp_path_factory
) -> None:
    """transformers' TFBertModel on the same weights, mean-pooled and normalised, as sentence-transformers."""
    import json
    import os

    os.environ["HF_HUB_OFFLINE"] = "1"
    from transformers import BertConfig, TFBertModel

    folder = tmp_path_factory.mktemp("bert")
    (folder / "model.safetensors").symlink_to(FILES / "model.safetensors")
    config = BertConfig(
        vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12, intermediate_size=1536
    )
    (folder / "config.json").write_text(json.dumps(config.to_dict()))
    model = TFBertModel.from_pretrained(str(folder))
    for text, vector in zip(TEXTS, encoder.encode_many(TEXTS), strict=False):
        ids = [101, *encoder.token_ids(text), 102]
        states = model(input_ids=np.array([ids])).last_hidden_state[0].numpy()
        reference = states.mean(axis=0) / np.linalg.norm(states.mean(axis=0))
        assert float(reference @ vector) > 0.99999, float(reference @ vector)


def test_no_padding_and_no_truncation(encoder: SentenceEncoder) -> None:
    assert len(encoder.token_ids("hi")) == 1
    assert len(encoder.token_ids("word " * 600)) == 600


def test_a_batch_gives_the_same_vectors_as_one_by_one(encoder: SentenceEncoder) -> None:
    texts = ["yes", "it's been two weeks since my phone screen", "why " * 40]
    batch = encoder.encode_many(texts)
    single = np.stack([encoder.encode(t) for t in texts])
    assert np.allclose(batch, single, atol=1e-5)


def test_long_messages_are_read_in_overlapping_windows(encoder: SentenceEncoder) -> None:
    ids = list(range(1000, 1600))
    windows = encoder.windows(ids)
    assert all(len(w) <= 256 and w[0] == 101 and w[-1] == 102 for w in windows)
    assert windows[0][1] == 1000 and windows[-1][-2] == 1599 and len(windows) == 4


def test_the_end_of_a_long_story_still_counts(encoder: SentenceEncoder) -> None:
    story = "We talked about the weather, the office and the commute for a long time. " * 30
    question = " So, should I email or call the hiring manager now?"
    plain, asked = encoder.encode_many([story, story + question])
    assert float(plain @ asked) < 0.999


def test_empty_text_is_a_zero_vector_and_vectors_are_unit_length(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode_many(["", "hello there"])
    assert not vectors[0].any() and abs(float(np.linalg.norm(vectors[1])) - 1) < 1e-5


def test_the_reader_gives_the_same_tensors_as_safetensors(encoder: SentenceEncoder) -> None:
    from safetensors.numpy import load_file

    from ask_amy.nlu.encoder.sentence_encoder import read_float32_tensors

    ours = read_float32_tensors(FILES / "model.safetensors")
    loaded = load_file(str(FILES / "model.safetensors"))
    reference = {k: v for k, v in loaded.items() if v.dtype == np.float32}
    assert ours.keys() == reference.keys()
    assert all(np.array_equal(ours[k], reference[k]) for k in reference)


def test_a_truncated_weights_file_is_refused(tmp_path) -> None:
    from ask_amy.nlu.encoder.sentence_encoder import read_float32_tensors

    data = (FILES / "model.safetensors").read_bytes()
    header = 8 + int.from_bytes(data[:8], "little")
    (tmp_path / "model.safetensors").write_bytes(data[:header] + data[header:header + 1000])
    with pytest.raises(ValueError):
        read_float32_tensors(tmp_path / "model.safetensors")
