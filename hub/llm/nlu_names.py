"""Embedding similarity for spoken names the home does not have word for word ("the television" -> "Living
Room TV", "the coffee machine" -> "Coffee Maker").

The last resort after exact, near-miss (difflib) and partial matches in the resolver. Names are embedded once per
home revision with the sentence embedder the hub already ships (`models/embed/`, all-MiniLM-L6-v2 int8); a spoken
name is taken as the closest entity only when that entity is clearly closer than any other, else it stays
unknown (and the hub says so) rather than becoming a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import numpy as np

from hub.home.model import Home
from hub.home.resolver import normalize_name
from hub.memory.embed import Embedder, Vectors

MIN_SIMILARITY: Final = 0.6
"""Cosine a spoken name needs with an entity name ("the television" / "Living Room TV": 0.66)."""
MIN_MARGIN: Final = 0.15
"""How much closer the best entity must be than the next ("zebra lamp": Desk Lamp 0.65, Bedroom Lamp 0.64)."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    entity_id: str
    label: str
    similarity: float


class NameEmbeddings:
    """The home's entity names and aliases as unit vectors, rebuilt when the names change."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._key: int | None = None
        self._labels: list[tuple[str, str, str]] = []
        self._vectors: Vectors | None = None

    def _index(self, home: Home) -> None:
        key = hash(tuple((e.entity_id, e.name, e.aliases) for e in home.entities.values()))
        if key == self._key:
            return
        labels = [
            (e.entity_id, e.domain, label)
            for e in home.entities.values()
            for label in dict.fromkeys((e.name, *e.aliases))
        ]
        self._labels = labels
        self._vectors = self._embedder.embed([label for _i, _d, label in labels]) if labels else None
        self._key = key

    def closest(self, spoken: str, home: Home, domains: Iterable[str] = ()) -> NameMatch | None:
        """The one entity whose name means what was said, or `None` when none or several fit."""
        if not normalize_name(spoken):
            return None
        self._index(home)
        if self._vectors is None:
            return None
        wanted = set(domains)
        query = self._embedder.embed([spoken])[0]
        scores = self._vectors @ query
        best: dict[str, tuple[float, str]] = {}
        for (entity_id, domain, label), score in zip(self._labels, scores.tolist(), strict=True):
            if wanted and domain not in wanted:
                continue
            if entity_id not in best or score > best[entity_id][0]:
                best[entity_id] = (float(score), label)
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        if not ranked:
            return None
        top_id, (top, label) = ranked[0]
        runner_up = ranked[1][1][0] if len(ranked) > 1 else -1.0
        if top < MIN_SIMILARITY or top - runner_up < MIN_MARGIN:
            return None
        return NameMatch(top_id, label, float(np.float32(top)))
