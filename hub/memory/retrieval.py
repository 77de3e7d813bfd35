"""Hybrid retrieval: FTS5 and vector lists over what the viewer may see, fused by reciprocal rank.

A mixin of `MemoryStore`: it reads the store's database, vector index and embedder under the store's lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Final

import numpy as np
from sqlite_utils import Database

from hub.memory.embed import Embedder
from hub.memory.model import Hit, Memory, Viewer
from hub.memory.rows import COLUMNS, memory_from_row, visibility
from hub.memory.text import asks_about_the_past, content_terms, fts_phrase
from hub.memory.vectors import HOUSEHOLD, VectorFilter, VectorIndex

RRF_K: Final = 60
KEYWORD_WEIGHT: Final = 1.0
"""Weight of the FTS5 list in the fusion (0.5 to 1.0 measured within ±0.01 on the benchmark; standard RRF kept)."""
CANDIDATES: Final = 50
POSTINGS_BUDGET: Final = 2000
"""Most FTS5 matches one question may rank; the commonest terms are dropped beyond it (see `_bounded_match`)."""
HISTORY_WEIGHT: Final = 0.5
"""Superseded facts still answer questions about the past, but rank below current ones otherwise."""
FETCH_PER_RESULT: Final = 3
"""Rows fetched per requested result, best fused first, before validity and look-alike re-ranking."""
LOOKALIKE_WINDOW: Final = 10
LOOKALIKE_SIMILARITY: Final = 0.85
LOOKALIKE_MARGIN: Final = 0.1


def _same_owner(a: Memory, b: Memory) -> bool:
    """Household items are shared (anyone may update them); private ones only by their member."""
    return a.scope == b.scope == "household" or (a.scope == b.scope and a.person == b.person)


class HybridRetrieval:
    """`search` for the store; the attributes below are the store's."""

    db: Database
    index: VectorIndex
    embedder: Embedder
    clock: Callable[[], float]
    _lock: threading.RLock

    def _mid(self, memory_id: str) -> int | None:
        row = self.db.execute("SELECT mid FROM memories WHERE id = ?", [memory_id]).fetchone()
        return None if row is None else int(row[0])

    def search(
        self,
        query: str,
        viewer: Viewer,
        *,
        k: int = 10,
        kinds: Iterable[str] | None = None,
        since: float | None = None,
        until: float | None = None,
        now: float | None = None,
        history: bool | None = None,
    ) -> list[Hit]:
        """Hybrid retrieval over what `viewer` may see, as of `now`; `history=None` decides from the question."""
        moment = self.clock() if now is None else now
        past = asks_about_the_past(query) if history is None else history
        kind_set = frozenset(kinds) if kinds is not None else None
        vector = self.embedder.embed([query])[0]
        partitions = [HOUSEHOLD] if viewer.member is None else [HOUSEHOLD, f"private:{viewer.member}"]
        flt = VectorFilter(now=moment, kinds=kind_set, since=since, until=until)
        with self._lock:
            vector_hits = self.index.search(vector, partitions, flt, CANDIDATES)
            keyword_hits = self._keyword(query, viewer, moment, kind_set, since, until)
            fused: dict[int, list[Any]] = {}
            cosine = dict(vector_hits)
            for rank, (mid, _score) in enumerate(vector_hits):
                fused.setdefault(mid, [0.0, None, None])
                fused[mid][0] += 1.0 / (RRF_K + rank + 1)
                fused[mid][1] = rank
            for rank, mid in enumerate(keyword_hits):
                fused.setdefault(mid, [0.0, None, None])
                fused[mid][0] += KEYWORD_WEIGHT / (RRF_K + rank + 1)
                fused[mid][2] = rank
            if not fused:
                return []
            ids = sorted(fused, key=lambda mid: -fused[mid][0])[: max(FETCH_PER_RESULT * k, LOOKALIKE_WINDOW * 3)]
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM memories m WHERE mid IN ({', '.join('?' for _ in ids)})", ids
            ).fetchall()
        hits: list[Hit] = []
        rows = [r for r in rows if viewer.can_see(memory_from_row(r))]
        for row in rows:
            memory = memory_from_row(row)
            if not viewer.can_see(memory) or (memory.expires_at is not None and memory.expires_at <= moment):
                continue  # Never reached: both lists are filtered first. Kept as a second lock on the door.
            if memory.valid_from > moment:
                continue
            score, vrank, krank = fused[int(row[0])]
            superseded = memory.invalid_at is not None and memory.invalid_at <= moment
            if superseded:
                score = score / HISTORY_WEIGHT if past else score * HISTORY_WEIGHT
            score += memory.valid_from * 1e-15  # newer wins a tie
            hits.append(Hit(memory, score, vrank, krank, cosine.get(int(row[0]))))
        hits.sort(key=lambda h: -h.score)
        if not past:
            hits = self._newest_among_lookalikes(hits, vector)
        return hits[:k]

    def _newest_among_lookalikes(self, hits: list[Hit], query: np.ndarray[Any, Any]) -> list[Hit]:
        """When the question cannot tell two near-identical memories apart, the older one is history.

        "I like the bedroom at 18 degrees" then "…at 23 degrees now": no subject was recognised when they were
        written, but they are almost the same sentence and equally close to "how warm do I like the bedroom", so
        the newer one answers and the older one drops behind it.
        """
        top = hits[:LOOKALIKE_WINDOW]
        if len(top) < 2:
            return hits
        with self._lock:
            vectors = self.index.vectors([self._mid(h.memory.id) or -1 for h in top])
        to_query = vectors @ query
        pairwise = vectors @ vectors.T
        demoted: set[int] = set()
        for i, older in enumerate(top):
            for j, newer in enumerate(top):
                if (
                    newer.memory.valid_from > older.memory.valid_from
                    and _same_owner(older.memory, newer.memory)
                    and pairwise[i, j] >= LOOKALIKE_SIMILARITY
                    and to_query[j] >= to_query[i] - LOOKALIKE_MARGIN
                ):
                    demoted.add(i)
                    break
        if not demoted:
            return hits
        rescored = [replace(h, score=h.score * HISTORY_WEIGHT) if i in demoted else h for i, h in enumerate(top)]
        return sorted(rescored, key=lambda h: -h.score) + hits[LOOKALIKE_WINDOW:]

    def _keyword(
        self, query: str, viewer: Viewer, now: float, kinds: frozenset[str] | None, since: float | None,
        until: float | None,
    ) -> list[int]:
        match = self._bounded_match(query)
        if match is None:
            return []
        where, args = visibility(viewer, now)
        where.append("m.valid_from <= ?")  # written after `now`: not known yet
        args.append(now)
        if kinds is not None:
            where.append(f"m.kind IN ({', '.join('?' for _ in kinds)})")
            args.extend(sorted(kinds))
        if since is not None:
            where.append("m.valid_from >= ?")
            args.append(since)
        if until is not None:
            where.append("m.valid_from <= ?")
            args.append(until)
        sql = (
            "SELECT m.mid FROM memories_fts f JOIN memories m ON m.mid = f.rowid WHERE memories_fts MATCH ? AND "
            f"{' AND '.join(where)} ORDER BY bm25(memories_fts) LIMIT {CANDIDATES}"
        )
        return [int(r[0]) for r in self.db.execute(sql, [match, *args]).fetchall()]

    def _bounded_match(self, query: str) -> str | None:
        """The FTS5 query, rarest terms first, dropping the commonest once they would cost too many postings.

        A term found in thousands of memories adds little to bm25 but a lot to the time it takes to rank every
        match. When even the rarest term is that common, the question is left to the vector list alone.
        """
        terms = content_terms(query)
        if not terms:
            return None
        counted = []
        for term in terms:
            row = self.db.execute(
                "SELECT count(*) FROM (SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?)",
                [fts_phrase(term), POSTINGS_BUDGET + 1],
            ).fetchone()
            if row[0]:
                counted.append((int(row[0]), term))
        if not counted:
            return None
        counted.sort()
        kept: list[str] = []
        total = 0
        for df, term in counted:
            if total + df > POSTINGS_BUDGET:
                break
            kept.append(term)
            total += df
        return " OR ".join(fts_phrase(t) for t in kept) if kept else None
