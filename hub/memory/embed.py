"""Sentence embeddings: the pretrained all-MiniLM-L6-v2 run by CTranslate2 int8, behind a small protocol.

The hub never loads torch: `models/embed/` ships the converted encoder and its tokenizer (padding off, so a short
question costs a short forward pass). Vectors are mean-pooled and L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import threading
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from hub.memory.errors import EmbedderUnavailableError

type Vectors = npt.NDArray[np.float32]
DEFAULT_MODEL_DIR: Final = Path(__file__).resolve().parents[2] / "models" / "embed"
BATCH_TOKENS: Final = 4096
"""Upper bound on padded tokens per forward batch when embedding many texts."""


class Embedder(Protocol):
    """Maps texts to unit vectors of a fixed size; similar meaning gives a high dot product."""

    @property
    def name(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """A `(len(texts), dimensions)` float32 array of L2-normalised rows."""
        ...


def _normalise(matrix: npt.NDArray[Any]) -> Vectors:
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Vectors = rows / norms
    return result


class CTranslate2Embedder:
    """all-MiniLM-L6-v2 (mean pooling, normalised, 384-d) on CTranslate2's int8 encoder, one thread by default."""

    def __init__(self, model_dir: Path = DEFAULT_MODEL_DIR, *, threads: int = 1, verify: bool = False) -> None:
        try:
            # Imported by name: ctranslate2 ships no type information, and only this class touches it.
            ctranslate2: Any = importlib.import_module("ctranslate2")
            from tokenizers import Tokenizer
        except ImportError as err:  # pragma: no cover - both are hub dependencies
            raise EmbedderUnavailableError(f"embedding runtime missing: {err}") from None
        meta_path = model_dir / "embed.json"
        if not (model_dir / "model.bin").is_file() or not meta_path.is_file():
            raise EmbedderUnavailableError(f"no embedding model in {model_dir}")
        if verify:
            verify_checksums(model_dir)
        meta = json.loads(meta_path.read_text())
        self._dimensions = int(meta["dimensions"])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(int(meta.get("max_length", 256)))
        self._encoder = ctranslate2.Encoder(
            str(model_dir), device="cpu", compute_type="int8", intra_threads=threads, inter_threads=1
        )
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return "all-MiniLM-L6-v2/ct2-int8"

    @property
    def dimensions(self) -> int:
        return self._dimensions

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self._dimensions), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty((len(ids), self._dimensions), dtype=np.float32)
        start = 0
        while start < len(order):
            longest = len(ids[order[start]])
            end = start + 1
            while end < len(order) and len(ids[order[end]]) * (end - start + 1) <= BATCH_TOKENS:
                longest = len(ids[order[end]])
                end += 1
            batch = [ids[i] for i in order[start:end]]
            with self._lock:
                hidden = np.asarray(self._encoder.forward_batch(batch).last_hidden_state, dtype=np.float32)
            lengths = np.array([len(b) for b in batch], dtype=np.float32)
            mask = (np.arange(longest)[None, :] < lengths[:, None]).astype(np.float32)
            pooled = (hidden[:, :longest, :] * mask[:, :, None]).sum(axis=1) / lengths[:, None]
            out[order[start:end]] = pooled
            start = end
        return _normalise(out)


def verify_checksums(model_dir: Path) -> None:
    """Compare every file listed in `SHA256SUMS` with its digest; raise if one differs or is missing."""
    sums = model_dir / "SHA256SUMS"
    if not sums.is_file():
        raise EmbedderUnavailableError(f"{sums} is missing")
    for line in sums.read_text().splitlines():
        if not line.strip():
            continue
        digest, name = line.split(maxsplit=1)
        path = model_dir / name.strip()
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise EmbedderUnavailableError(f"{path} does not match its checksum")


class HashingEmbedder:
    """A tiny deterministic stand-in (hashed word and character n-grams) for tests where the model is not the point."""

    def __init__(self, dimensions: int = 64) -> None:
        self._dimensions = dimensions

    @property
    def name(self) -> str:
        return f"hashing-{self._dimensions}"

    @property
    def dimensions(self) -> int:
        return self._dimensions

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self._dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
            for word in words:
                out[row, zlib.crc32(word.encode()) % self._dimensions] += 1.0
                padded = f" {word} "
                for i in range(len(padded) - 2):
                    out[row, zlib.crc32(padded[i : i + 3].encode()) % self._dimensions] += 0.3
        return _normalise(out)
