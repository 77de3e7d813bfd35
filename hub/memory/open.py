"""Open the hub's household memory in its data directory with the shipped embedder."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final

from hub.memory.embed import CTranslate2Embedder, Embedder, HashingEmbedder
from hub.memory.errors import EmbedderUnavailableError
from hub.memory.store import MemoryStore

_LOGGER = logging.getLogger(__name__)
DB_NAME: Final = "memory.db"


def default_embedder() -> Embedder:
    """The shipped MiniLM encoder; if it cannot load, a hashing stand-in so keyword recall still works."""
    try:
        return CTranslate2Embedder()
    except EmbedderUnavailableError as err:
        _LOGGER.error("Memory falls back to hashed embeddings: %s", err)
        return HashingEmbedder(384)


def open_memory(data_dir: Path, *, embedder: Embedder | None = None) -> MemoryStore:
    return MemoryStore(data_dir / DB_NAME, embedder or default_embedder())
