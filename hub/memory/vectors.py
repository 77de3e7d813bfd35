"""In-memory vector index: int8 rows in one partition per visibility group, searched by brute force in NumPy.

Partitions are the isolation boundary: a query for a member scans only the household partition and that
member's private partition, so another member's private vectors are never scored at all. Within them, rows that
fail the time and kind filters are masked out before ranking. Rows are int8 with a per-row scale (a quarter of
float32's memory and disk), converted to float32 a cache-sized chunk at a time for the dot products.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

HOUSEHOLD: Final = "household"
CHUNK_ROWS: Final = 512
"""Rows converted to float32 per step: small enough to stay in cache and keep BLAS on one thread."""
IVF_MIN_ROWS: Final = 20_000
"""Below this a partition is scanned exactly; above it, coarse clusters narrow the scan (IVF)."""
IVF_MAX_LISTS: Final = 1024
IVF_TRAIN_ROWS: Final = 20_000
IVF_TRAIN_STEPS: Final = 6
IVF_PROBE_FRACTION: Final = 0.1
IVF_MIN_PROBES: Final = 8
KIND_CODES: Final = {"fact": 0, "preference": 1, "profile": 2, "episode": 3, "event": 4, "note": 5}


def partition_of(scope: str, person: str | None) -> str:
    return HOUSEHOLD if scope == "household" or person is None else f"private:{person}"


def quantize(vectors: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Symmetric per-row int8: `row ≈ q * scale`."""
    peak = np.abs(vectors).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(vectors / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


@dataclass(frozen=True, slots=True)
class RowMeta:
    """What the filters need about one row, mirrored from the database."""

    mid: int
    kind: str
    valid_from: float
    invalid_at: float | None
    expires_at: float | None


@dataclass(frozen=True, slots=True)
class VectorFilter:
    """Applied to candidate rows before any ranking."""

    now: float
    kinds: frozenset[str] | None = None
    since: float | None = None
    until: float | None = None
    current_only: bool = False

    @property
    def narrows(self) -> bool:
        """A kind or time filter: few rows may pass, so scan them all rather than a few clusters."""
        return self.kinds is not None or self.since is not None or self.until is not None


class _Partition:
    def __init__(self, dimensions: int) -> None:
        self.size = 0
        self.q = np.zeros((0, dimensions), dtype=np.int8)
        self.scale = np.zeros(0, dtype=np.float32)
        self.mid = np.zeros(0, dtype=np.int64)
        self.kind = np.zeros(0, dtype=np.int8)
        self.valid_from = np.zeros(0, dtype=np.float64)
        self.invalid_at = np.zeros(0, dtype=np.float64)
        self.expires_at = np.zeros(0, dtype=np.float64)
        self.alive = np.zeros(0, dtype=bool)
        self.centroids: npt.NDArray[np.float32] | None = None
        """Coarse clusters (IVF) once the partition is large; rows past `clustered` are scanned exactly."""
        self.lists: list[npt.NDArray[np.int64]] = []
        self.clustered = 0

    def _grow(self, needed: int) -> None:
        capacity = len(self.mid)
        if needed <= capacity:
            return
        new = max(needed, capacity * 2, 256)
        for name in ("q", "scale", "mid", "kind", "valid_from", "invalid_at", "expires_at", "alive"):
            old = getattr(self, name)
            grown = np.zeros((new, *old.shape[1:]), dtype=old.dtype)
            grown[:capacity] = old
            setattr(self, name, grown)

    def append(self, q: npt.NDArray[np.int8], scale: npt.NDArray[np.float32], metas: Sequence[RowMeta]) -> list[int]:
        start, count = self.size, len(metas)
        self._grow(start + count)
        end = start + count
        self.q[start:end] = q
        self.scale[start:end] = scale
        self.mid[start:end] = [m.mid for m in metas]
        self.kind[start:end] = [KIND_CODES.get(m.kind, 0) for m in metas]
        self.valid_from[start:end] = [m.valid_from for m in metas]
        self.invalid_at[start:end] = [math.inf if m.invalid_at is None else m.invalid_at for m in metas]
        self.expires_at[start:end] = [math.inf if m.expires_at is None else m.expires_at for m in metas]
        self.alive[start:end] = True
        self.size = end
        return list(range(start, end))

    def mask(self, flt: VectorFilter) -> npt.NDArray[np.bool_]:
        n = self.size
        keep = self.alive[:n] & (self.expires_at[:n] > flt.now) & (self.valid_from[:n] <= flt.now)
        if flt.kinds is not None:
            codes = [KIND_CODES[k] for k in flt.kinds if k in KIND_CODES]
            keep &= np.isin(self.kind[:n], codes)
        if flt.since is not None:
            keep &= self.valid_from[:n] >= flt.since
        if flt.until is not None:
            keep &= self.valid_from[:n] <= flt.until
        if flt.current_only:
            keep &= self.invalid_at[:n] > flt.now
        return keep

    def scores(
        self, query: npt.NDArray[np.float32], rows: npt.NDArray[np.int64] | None = None
    ) -> npt.NDArray[np.float32]:
        """Cosines of `query` with every row (or with `rows`), int8 converted a cache-sized chunk at a time."""
        n = self.size if rows is None else len(rows)
        out = np.empty(n, dtype=np.float32)
        buffer = np.empty((min(max(n, 1), CHUNK_ROWS), self.q.shape[1]), dtype=np.float32)
        for start in range(0, n, CHUNK_ROWS):
            end = min(n, start + CHUNK_ROWS)
            chunk = buffer[: end - start]
            source = self.q[start:end] if rows is None else self.q[rows[start:end]]
            np.copyto(chunk, source, casting="unsafe")
            np.dot(chunk, query, out=out[start:end])
        out *= self.scale[: self.size] if rows is None else self.scale[rows]
        return out

    def needs_clusters(self) -> bool:
        if self.size < IVF_MIN_ROWS:
            return False
        return self.centroids is None or (self.size - self.clustered) * 2 > self.clustered

    def build_clusters(self, seed: int = 0) -> None:
        """k-means (a few Lloyd steps on a sample) over the rows, then every row to its nearest centroid."""
        n = self.size
        rng = np.random.default_rng(seed)
        nlist = int(min(IVF_MAX_LISTS, max(16, round(np.sqrt(n)))))
        sample_rows = np.sort(rng.choice(n, size=min(n, IVF_TRAIN_ROWS), replace=False))
        sample = self.q[sample_rows].astype(np.float32) * self.scale[sample_rows, None]
        centroids = sample[rng.choice(len(sample), size=nlist, replace=False)].copy()
        for _ in range(IVF_TRAIN_STEPS):
            assign = np.argmax(sample @ centroids.T, axis=1)
            for c in range(nlist):
                members = sample[assign == c]
                if len(members):
                    centroids[c] = members.mean(axis=0)
            centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
        assign = np.empty(n, dtype=np.int64)
        buffer = np.empty((CHUNK_ROWS, self.q.shape[1]), dtype=np.float32)
        for start in range(0, n, CHUNK_ROWS):
            end = min(n, start + CHUNK_ROWS)
            chunk = buffer[: end - start]
            np.copyto(chunk, self.q[start:end], casting="unsafe")
            assign[start:end] = np.argmax(chunk @ centroids.T, axis=1)
        order = np.argsort(assign, kind="stable")
        bounds = np.searchsorted(assign[order], np.arange(nlist + 1))
        self.lists = [order[bounds[c] : bounds[c + 1]] for c in range(nlist)]
        self.centroids = centroids
        self.clustered = n

    def candidates(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.int64] | None:
        """Rows in the clusters nearest to `query`, plus rows added since clustering; `None` means every row."""
        if self.centroids is None:
            return None
        nprobe = max(IVF_MIN_PROBES, int(np.ceil(len(self.lists) * IVF_PROBE_FRACTION)))
        if nprobe >= len(self.lists):
            return None
        nearest = np.argpartition(-(self.centroids @ query), nprobe - 1)[:nprobe]
        tail = np.arange(self.clustered, self.size, dtype=np.int64)
        return np.concatenate([*(self.lists[c] for c in nearest), tail])


class VectorIndex:
    """Maps memory row ids (`mid`) to vectors in visibility partitions; not thread-safe (the store locks it)."""

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self._parts: dict[str, _Partition] = {}
        self._where: dict[int, tuple[str, int]] = {}

    def __len__(self) -> int:
        return len(self._where)

    def add(
        self, partition: str, vectors: npt.NDArray[np.float32] | tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]],
        metas: Sequence[RowMeta],
    ) -> None:
        q, scale = quantize(vectors) if isinstance(vectors, np.ndarray) else vectors
        for meta in metas:
            self.remove(meta.mid)
        part = self._parts.setdefault(partition, _Partition(self.dimensions))
        rows = part.append(q, scale, metas)
        for meta, row in zip(metas, rows, strict=True):
            self._where[meta.mid] = (partition, row)

    def remove(self, mid: int) -> None:
        where = self._where.pop(mid, None)
        if where is not None:
            self._parts[where[0]].alive[where[1]] = False

    def update_validity(self, mid: int, *, invalid_at: float | None = None, expires_at: float | None = None) -> None:
        where = self._where.get(mid)
        if where is None:
            return
        part = self._parts[where[0]]
        if invalid_at is not None:
            part.invalid_at[where[1]] = invalid_at
        if expires_at is not None:
            part.expires_at[where[1]] = expires_at

    def search(
        self, query: npt.NDArray[np.float32], partitions: Iterable[str], flt: VectorFilter, k: int
    ) -> list[tuple[int, float]]:
        """Top `k` `(mid, cosine)` over the named partitions' rows that pass `flt`, best first."""
        found_mids: list[npt.NDArray[np.int64]] = []
        found_scores: list[npt.NDArray[np.float32]] = []
        q = np.asarray(query, dtype=np.float32)
        for name in partitions:
            part = self._parts.get(name)
            if part is None or part.size == 0:
                continue
            keep = part.mask(flt)
            probe = None if flt.narrows else part.candidates(q)
            if probe is None:
                rows = np.flatnonzero(keep)
                kept = part.scores(q)[rows]
            else:
                rows = probe[keep[probe]]
                kept = part.scores(q, rows)
            if rows.size == 0:
                continue
            if rows.size > k:
                top = np.argpartition(-kept, k - 1)[:k]
                rows, kept = rows[top], kept[top]
            found_mids.append(part.mid[rows])
            found_scores.append(kept)
        if not found_mids:
            return []
        mids = np.concatenate(found_mids)
        scores_all = np.concatenate(found_scores)
        order = np.argsort(-scores_all, kind="stable")[:k]
        return [(int(mids[i]), float(scores_all[i])) for i in order]

    def maintain(self) -> int:
        """(Re)cluster partitions that grew large or half again since their clusters; returns how many."""
        built = 0
        for part in self._parts.values():
            if part.needs_clusters():
                part.build_clusters()
                built += 1
        return built

    def vectors(self, mids: Sequence[int]) -> npt.NDArray[np.float32]:
        """Dequantized rows for `mids` (zeros for an unknown id)."""
        out = np.zeros((len(mids), self.dimensions), dtype=np.float32)
        for i, mid in enumerate(mids):
            where = self._where.get(mid)
            if where is not None:
                part = self._parts[where[0]]
                out[i] = part.q[where[1]].astype(np.float32) * part.scale[where[1]]
        return out

    def compact(self) -> None:
        """Drop removed rows (rebuilding each partition) once they are a quarter of it."""
        for name, part in list(self._parts.items()):
            dead = part.size - int(part.alive[: part.size].sum())
            if dead == 0 or dead * 4 < part.size:
                continue
            keep = np.flatnonzero(part.alive[: part.size])
            fresh = _Partition(self.dimensions)
            metas = [
                RowMeta(
                    int(part.mid[i]),
                    next(k for k, c in KIND_CODES.items() if c == part.kind[i]),
                    float(part.valid_from[i]),
                    None if math.isinf(part.invalid_at[i]) else float(part.invalid_at[i]),
                    None if math.isinf(part.expires_at[i]) else float(part.expires_at[i]),
                )
                for i in keep
            ]
            rows = fresh.append(part.q[keep], part.scale[keep], metas)
            self._parts[name] = fresh
            for meta, row in zip(metas, rows, strict=True):
                self._where[meta.mid] = (name, row)
