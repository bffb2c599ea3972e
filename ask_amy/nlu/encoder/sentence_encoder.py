"""all-MiniLM-L6-v2 sentence vectors in plain NumPy, from the verified local files.

The model is a 6-layer BERT (hidden size 384, 12 heads). Its sentence vector is the mean
of the last layer's token vectors over the attention mask, L2-normalised, which is how
the model was trained (sentence-transformers' ``Pooling(mean)`` + ``Normalize``).
Running the forward pass in NumPy keeps TensorFlow's run-time out of the process (it
costs more memory than the 90 MB of weights) and needs no PyTorch.

Long messages: the model reads at most ``max_tokens`` word pieces (256). A longer
message is read in overlapping windows whose vectors are averaged (``chunks``), so the
question at the end of a long story counts as much as its opening.

Nothing loads on import: :meth:`SentenceEncoder.load` reads the files, after
:mod:`ask_amy.nlu.encoder.model_files` has checked their SHA-256.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np

# Bumped whenever the arithmetic changes, so that cached training vectors are recomputed.
ENCODER_VERSION = "2-tanh-gelu"
HEADS = 6 * 2  # all-MiniLM-L6-v2: 12 attention heads
LAYERS = 6
LAYER_NORM_EPS = 1e-12


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """LayerNorm over the last axis."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form: ten times faster in NumPy than the erf form BERT was trained with.

    The two differ by at most 5e-4 per activation; the sentence vectors agree with the erf
    form's (transformers' ``TFBertModel``) to a cosine above 0.99999
    (tests/nlu/encoder/test_sentence_encoder.py).
    """
    inner = np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x * x * x)
    return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))


def read_float32_tensors(path: Path) -> Dict[str, np.ndarray]:
    """Read every float32 tensor of a safetensors file, one at a time.

    The format is an 8-byte little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range, then the raw bytes: no code. Reading tensor by tensor into
    its own array keeps the peak memory at the weights' size (``safetensors.numpy.load_file``
    holds the whole file as well as the arrays).
    """
    import json
    import struct

    tensors: Dict[str, np.ndarray] = {}
    with open(path, "rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
        start = 8 + length
        for name, meta in header.items():
            if name == "__metadata__" or meta["dtype"] != "F32":
                continue
            begin, end = meta["data_offsets"]
            array = np.empty(meta["shape"], dtype="<f4")
            if array.nbytes != end - begin:
                raise ValueError(f"{path.name}: {name} has {end - begin} bytes for shape {meta['shape']}")
            handle.seek(start + begin)
            if handle.readinto(memoryview(array).cast("B")) != array.nbytes:
                raise ValueError(f"{path.name} ends inside {name}")
            tensors[name] = array
    return tensors


class SentenceEncoder:
    """Tokenizer + BERT forward pass + mean pooling, for one message at a time."""

    def __init__(self, weights: Dict[str, np.ndarray], tokenizer: object, max_tokens: int = 256) -> None:
        """Keep the weight arrays (float32) and a ``tokenizers.Tokenizer``."""
        self.w = weights
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.dim = int(weights["embeddings.word_embeddings.weight"].shape[1])
        for i in range(LAYERS):  # one fused Q/K/V matrix per layer: one matmul, not three
            p = f"encoder.layer.{i}.attention.self."
            self.w[f"{p}qkv.weight"] = np.concatenate(
                [weights[f"{p}{n}.weight"].T for n in ("query", "key", "value")], axis=1
            )
            self.w[f"{p}qkv.bias"] = np.concatenate(
                [weights[f"{p}{n}.bias"] for n in ("query", "key", "value")]
            )
            for n in ("query", "key", "value"):
                del self.w[f"{p}{n}.weight"], self.w[f"{p}{n}.bias"]
            for name in (
                f"encoder.layer.{i}.attention.output.dense",
                f"encoder.layer.{i}.intermediate.dense",
                f"encoder.layer.{i}.output.dense",
            ):
                self.w[f"{name}.weight"] = np.ascontiguousarray(weights[f"{name}.weight"].T)

    @classmethod
    def load(cls, directory: Path, max_tokens: int = 256) -> "SentenceEncoder":
        """Read ``model.safetensors`` and ``tokenizer.json`` from ``directory`` (already verified)."""
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.no_padding()  # the file pads every message to 128 tokens otherwise
        tokenizer.no_truncation()  # long messages are windowed below, not cut
        return cls(read_float32_tensors(directory / "model.safetensors"), tokenizer, max_tokens)

    def token_ids(self, text: str) -> List[int]:
        """Word-piece ids of ``text`` without [CLS]/[SEP]."""
        return list(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def windows(self, ids: Sequence[int]) -> List[List[int]]:
        """Split ``ids`` into windows of at most ``max_tokens`` (with [CLS]/[SEP]), half-overlapping."""
        cls_id, sep_id = 101, 102
        width = self.max_tokens - 2
        if len(ids) <= width:
            return [[cls_id, *ids, sep_id]]
        step = width // 2
        starts = list(range(0, len(ids) - width, step)) + [len(ids) - width]
        return [[cls_id, *ids[s : s + width], sep_id] for s in starts]

    def forward_batch(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        """Last-layer token vectors (batch x longest x 384); padding is masked out of attention."""
        w = self.w
        b, n = len(batch), max(len(ids) for ids in batch)
        padded = np.zeros((b, n), dtype=np.int64)
        mask = np.zeros((b, n), dtype=bool)
        for row, ids in enumerate(batch):
            padded[row, : len(ids)] = ids
            mask[row, : len(ids)] = True
        x = (
            w["embeddings.word_embeddings.weight"][padded]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]).reshape(b * n, -1)
        head = self.dim // HEADS
        blocked = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            qkv = x @ w[p + "attention.self.qkv.weight"] + w[p + "attention.self.qkv.bias"]
            q, k, v = (
                qkv[:, j * self.dim : (j + 1) * self.dim].reshape(b, n, HEADS, head).transpose(0, 2, 1, 3)
                for j in range(3)
            )
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            context = (scores / scores.sum(axis=-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(b * n, self.dim)
            attended = context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = layer_norm(
                attended + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            hidden = gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            out = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = layer_norm(out + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x.reshape(b, n, self.dim)

    def encode(self, text: str) -> np.ndarray:
        """Return the L2-normalised sentence vector of ``text`` (zeros for an empty text)."""
        return self.encode_many([text])[0]

    def encode_many(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Sentence vectors for ``texts``, one row each; windows of similar length run as one batch."""
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        windows = [
            (t, window)
            for t, text in enumerate(texts)
            for window in self.windows(self.token_ids(text))
            if len(window) > 2
        ]
        windows.sort(key=lambda item: len(item[1]))
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        counts = np.zeros(len(texts))
        for start in range(0, len(windows), batch_size):
            chunk = windows[start : start + batch_size]
            states = self.forward_batch([window for _, window in chunk])
            for row, (t, window) in enumerate(chunk):
                sums[t] += states[row, : len(window)].mean(axis=0)
                counts[t] += 1
        for t in np.flatnonzero(counts):
            pooled = sums[t] / counts[t]
            vectors[t] = pooled / (np.linalg.norm(pooled) or 1.0)
        return vectors
