"""`python -m hub eval memory`: score household-memory retrieval on someone else's data, through the store's own
ingestion and hybrid search (the path a live "where's the spare key?" takes).

MEM.jsonl lines are `{"id", "person", "scope": "private" | "household", "text", "time"}`, ingested in file order
into a fresh store (members appear as they are named); QUERIES.jsonl lines are `{"id", "person", "query",
"time"?}`; OUT.jsonl gets `{"id", "results": [memory ids, best first], "latency_ms"}` per query.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from hub.errors import HearthError
from hub.memory.embed import CTranslate2Embedder, Embedder
from hub.memory.model import Viewer
from hub.memory.store import MemoryStore, NewMemory
from hub.memory.text import slug

INGEST_BATCH: Final = 512
PROGRESS_EVERY_S: Final = 2.0


class EvalInputError(HearthError):
    """An input file is missing, is not JSON lines, or a line lacks a field the format requires."""


@dataclass(frozen=True, slots=True)
class EvalReport:
    memories: int
    queries: int
    ingest_s: float
    latencies_ms: list[float]

    @property
    def ingest_per_s(self) -> float:
        return self.memories / self.ingest_s if self.ingest_s > 0 else math.inf

    def summary(self) -> str:
        lat = sorted(self.latencies_ms) or [0.0]
        p95 = lat[min(len(lat) - 1, math.ceil(0.95 * len(lat)) - 1)]
        return (
            f"ingested {self.memories} memories in {self.ingest_s:.1f} s ({self.ingest_per_s:.0f}/s); "
            f"{self.queries} queries, latency p50 {statistics.median(lat):.2f} ms, p95 {p95:.2f} ms"
        )


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise EvalInputError(f"cannot read {path}: {err.strerror}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise EvalInputError(f"{path}:{number}: not JSON ({err.msg})") from None
            if not isinstance(item, dict):
                raise EvalInputError(f"{path}:{number}: expected a JSON object")
            yield number, item


def _field(item: dict[str, Any], name: str, where: str) -> str:
    value = item.get(name)
    if isinstance(value, int) and not isinstance(value, bool) and name == "id":
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise EvalInputError(f"{where}: {name!r} must be a non-empty string")
    return value


def parse_time(value: str, where: str) -> float:
    """ISO 8601 to epoch seconds; a time without a zone is taken as UTC."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise EvalInputError(f"{where}: {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _progress(out: TextIO | None, label: str, done: int, total: int | None, started: float) -> None:
    if out is None:
        return
    rate = done / max(time.perf_counter() - started, 1e-9)
    of = f"/{total}" if total else ""
    print(f"\r{label}: {done}{of} ({rate:.0f}/s)", end="", file=out, flush=True)


def load_memories(path: Path) -> list[tuple[NewMemory, str]]:
    """Parse and validate MEM.jsonl: `(memory, person display name)` in file order."""
    items: list[tuple[NewMemory, str]] = []
    seen: set[str] = set()
    for number, item in _lines(path):
        where = f"{path}:{number}"
        memory_id = _field(item, "id", where)
        if memory_id in seen:
            raise EvalInputError(f"{where}: duplicate id {memory_id!r}")
        seen.add(memory_id)
        person = _field(item, "person", where)
        scope = item.get("scope")
        if scope not in ("private", "household"):
            raise EvalInputError(f"{where}: 'scope' must be 'private' or 'household'")
        text = _field(item, "text", where)
        at = parse_time(_field(item, "time", where), where)
        items.append((NewMemory(text, slug(person), scope, "fact", "import", at, memory_id), person))
    return items


def load_queries(path: Path) -> list[tuple[str, str, str, float | None]]:
    """Parse QUERIES.jsonl: `(id, person, query, time or None)`."""
    queries = []
    for number, item in _lines(path):
        where = f"{path}:{number}"
        when = item.get("time")
        at = None if when in (None, "") else parse_time(_field(item, "time", where), where)
        queries.append((_field(item, "id", where), _field(item, "person", where), _field(item, "query", where), at))
    return queries


def run_memory_eval(
    memories_path: Path, queries_path: Path, out_path: Path, *, k: int = 10, embedder: Embedder | None = None,
    progress: TextIO | None = None, quiet: bool = False, work_dir: Path | None = None,
) -> EvalReport:
    """Ingest, answer every query, write OUT.jsonl; returns throughput and latencies.

    Progress goes to `progress` (standard error by default) unless `quiet`.
    """
    progress = None if quiet else (progress or sys.stderr)
    if k < 1:
        raise EvalInputError("--k must be at least 1")
    memories = load_memories(memories_path)
    queries = load_queries(queries_path)
    with tempfile.TemporaryDirectory(prefix="hearth-eval-", dir=work_dir) as tmp:
        store = MemoryStore(Path(tmp) / "memory.db", embedder or CTranslate2Embedder(), synchronous="NORMAL")
        try:
            return _run(store, memories, queries, out_path, k, progress)
        finally:
            store.close()


def _run(
    store: MemoryStore, memories: list[tuple[NewMemory, str]], queries: list[tuple[str, str, str, float | None]],
    out_path: Path, k: int, progress: TextIO | None,
) -> EvalReport:
    started = time.perf_counter()
    last = started
    members: set[str] = set()
    latest = 0.0
    for start in range(0, len(memories), INGEST_BATCH):
        chunk = memories[start : start + INGEST_BATCH]
        for memory, name in chunk:
            if memory.person is not None and memory.person not in members:
                store.add_member(name, member_id=memory.person)
                members.add(memory.person)
            latest = max(latest, memory.at or 0.0)
        store.remember_many([m for m, _ in chunk], batch=INGEST_BATCH)
        if time.perf_counter() - last >= PROGRESS_EVERY_S or start + INGEST_BATCH >= len(memories):
            _progress(progress, "ingest", min(start + INGEST_BATCH, len(memories)), len(memories), started)
            last = time.perf_counter()
    ingest_s = time.perf_counter() - started
    if progress is not None and memories:
        print(file=progress)
    latencies: list[float] = []
    default_now = max(latest, time.time())
    q_started = last = time.perf_counter()
    try:
        out = out_path.open("w", encoding="utf-8")
    except OSError as err:
        raise EvalInputError(f"cannot write {out_path}: {err.strerror}") from None
    with out:
        for index, (query_id, person, text, at) in enumerate(queries, 1):
            member = slug(person)
            viewer = Viewer(member if member in members else None)
            t0 = time.perf_counter()
            hits = store.search(text, viewer, k=k, now=default_now if at is None else at)
            ms = (time.perf_counter() - t0) * 1000
            latencies.append(ms)
            out.write(json.dumps({"id": query_id, "results": [h.memory.id for h in hits], "latency_ms": round(ms, 3)}))
            out.write("\n")
            if time.perf_counter() - last >= PROGRESS_EVERY_S or index == len(queries):
                _progress(progress, "queries", index, len(queries), q_started)
                last = time.perf_counter()
    if progress is not None and queries:
        print(file=progress)
    return EvalReport(len(memories), len(queries), ingest_s, latencies)
