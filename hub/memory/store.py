"""The household memory store: one SQLite database (WAL, migrations) plus an in-memory vector index.

Every write is one transaction that commits before the call returns, so an acknowledged memory survives a crash;
the vector index is rebuilt from the database on open, so the two can never disagree after a restart. Deleting a
memory removes its row, its full-text entry and its vector, scrubs freed pages (`secure_delete`) and leaves an
audit row without content. Retrieval is hybrid (FTS5 + cosine over the same small encoder), fused by reciprocal
rank, with visibility, retention, time and kind filters applied before anything is ranked.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal, cast

import numpy as np
from sqlite_utils import Database

from hub.memory.embed import Embedder
from hub.memory.errors import InvalidMemoryError, MemoryNotFoundError
from hub.memory.model import DEFAULT_RETENTION, KINDS, SCOPES, SOURCES, Hit, Kind, Member, Memory, Scope, Source, Viewer
from hub.memory.schema import MIGRATIONS
from hub.memory.text import asks_about_the_past, content_terms, fts_phrase, slug, subject_of
from hub.memory.vectors import HOUSEHOLD, RowMeta, VectorFilter, VectorIndex, partition_of, quantize

_LOGGER = logging.getLogger(__name__)
RRF_K: Final = 60
KEYWORD_WEIGHT: Final = 1.0
"""Weight of the FTS5 list in the fusion (0.5 to 1.0 measured within ±0.01 on the benchmark; standard RRF kept)."""
CANDIDATES: Final = 50
POSTINGS_BUDGET: Final = 2000
"""Most FTS5 matches one question may rank; the commonest terms are dropped beyond it (see `_bounded_match`)."""
SUPERSEDE_SIMILARITY: Final = 0.6
"""A new fact with the same subject replaces an older one only when they are at least this similar."""
HISTORY_WEIGHT: Final = 0.5
"""Superseded facts still answer questions about the past, but rank below current ones otherwise."""
PURGE_EVERY_S: Final = 3600.0
"""Expired items are invisible at once (every read filters them); their rows are deleted this often, on writes."""
FETCH_PER_RESULT: Final = 3
"""Rows fetched per requested result, best fused first, before validity and look-alike re-ranking."""
LOOKALIKE_WINDOW: Final = 10
LOOKALIKE_SIMILARITY: Final = 0.85
LOOKALIKE_MARGIN: Final = 0.1
_COLUMNS: Final = ", ".join(
    f"m.{c}" for c in (
        "mid", "id", "text", "person", "scope", "kind", "source", "created_at", "valid_from", "invalid_at",
        "expires_at", "subject", "superseded_by", "data",
    )
)

type Status = Literal["added", "duplicate", "updated"]


@dataclass(frozen=True, slots=True)
class RememberResult:
    """What `remember` did: added a new memory, found the same one, or added one that replaced `replaced`."""

    memory: Memory
    status: Status
    replaced: Memory | None = None


@dataclass(frozen=True, slots=True)
class NewMemory:
    """One item for `remember_many` (bulk ingestion: evaluation runs, imports)."""

    text: str
    person: str | None
    scope: Scope = "private"
    kind: Kind = "fact"
    source: Source = "explicit"
    at: float | None = None
    memory_id: str | None = None
    data: Mapping[str, Any] | None = None


def _memory(row: Sequence[Any]) -> Memory:
    return Memory(
        id=row[1], text=row[2], person=row[3], scope=row[4], kind=row[5], source=row[6], created_at=row[7],
        valid_from=row[8], invalid_at=row[9], expires_at=row[10], subject=row[11], superseded_by=row[12],
        data=json.loads(row[13] or "{}"),
    )


def _same_owner(a: Memory, b: Memory) -> bool:
    """Household items are shared (anyone may update them); private ones only by their member."""
    return a.scope == b.scope == "household" or (a.scope == b.scope and a.person == b.person)


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise InvalidMemoryError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


class MemoryStore:
    """Household memory on one SQLite file. Thread-safe; call it from a worker thread in async code."""

    def __init__(
        self,
        path: Path | str,
        embedder: Embedder,
        *,
        clock: Callable[[], float] = time.time,
        retention: Mapping[str, float | None] | None = None,
        synchronous: Literal["FULL", "NORMAL"] = "FULL",
    ) -> None:
        self.path = Path(path)
        self.embedder = embedder
        self.clock = clock
        self.retention = dict(DEFAULT_RETENTION if retention is None else {**DEFAULT_RETENTION, **retention})
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), check_same_thread=False)
        self.db = Database(conn)
        self.db.enable_wal()
        self.db.execute(f"PRAGMA synchronous={synchronous}")
        self.db.execute("PRAGMA secure_delete=ON")
        self.db.execute("PRAGMA foreign_keys=ON")
        MIGRATIONS.apply(self.db)
        self._check_embedder()
        self.index = VectorIndex(embedder.dimensions)
        self._load_index()
        self.index.maintain()
        self._purged_at = -math.inf
        self._maybe_purge()

    def _check_embedder(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
        if row is None:
            with self.db.atomic():
                self.db.execute("INSERT INTO meta VALUES ('embedder', ?)", [self.embedder.name])
        elif row[0] != self.embedder.name:
            _LOGGER.warning("Embedder changed from %s to %s: re-embedding every memory", row[0], self.embedder.name)
            self._reembed_all()
            with self.db.atomic():
                self.db.execute("UPDATE meta SET value = ? WHERE key = 'embedder'", [self.embedder.name])

    def _reembed_all(self) -> None:
        rows = self.db.execute("SELECT mid, text FROM memories").fetchall()
        with self.db.atomic():
            for start in range(0, len(rows), 512):
                chunk = rows[start : start + 512]
                q, scale = quantize(self.embedder.embed([r[1] for r in chunk]))
                self.db.conn.executemany(
                    "INSERT OR REPLACE INTO vectors (mid, q, scale) VALUES (?, ?, ?)",
                    [(r[0], q[i].tobytes(), float(scale[i])) for i, r in enumerate(chunk)],
                )

    def _load_index(self) -> None:
        cursor = self.db.execute(
            "SELECT m.mid, m.scope, m.person, m.kind, m.valid_from, m.invalid_at, m.expires_at, v.q, v.scale "
            "FROM memories m JOIN vectors v ON v.mid = m.mid ORDER BY m.mid"
        )
        groups: dict[str, list[tuple[Any, ...]]] = {}
        for row in cursor:
            groups.setdefault(partition_of(row[1], row[2]), []).append(row)
        dim = self.embedder.dimensions
        for partition, rows in groups.items():
            q = np.frombuffer(b"".join(r[7] for r in rows), dtype=np.int8).reshape(len(rows), dim)
            scale = np.array([r[8] for r in rows], dtype=np.float32)
            self.index.add(partition, (q, scale), [RowMeta(r[0], r[3], r[4], r[5], r[6]) for r in rows])

    def reload_index(self) -> None:
        """Rebuild the vector index from the database (after bulk edits made with SQL)."""
        with self._lock:
            self.index = VectorIndex(self.embedder.dimensions)
            self._load_index()
            self.index.maintain()

    def close(self) -> None:
        with self._lock:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.close()

    # Members ---------------------------------------------------------------------------------------------------

    def add_member(
        self,
        name: str,
        *,
        ha_user_id: str | None = None,
        birth_year: int | None = None,
        conditions: Iterable[str] = (),
        emergency_contacts: Iterable[Mapping[str, str]] = (),
        preferences: Mapping[str, Any] | None = None,
        member_id: str | None = None,
    ) -> Member:
        """Create or update a member (matched by id, which defaults to the slug of the name)."""
        if not name.strip():
            raise InvalidMemoryError("a member needs a name")
        member = Member(
            id=member_id or slug(name), name=name.strip(), ha_user_id=ha_user_id, birth_year=birth_year,
            conditions=tuple(conditions), emergency_contacts=tuple(dict(c) for c in emergency_contacts),
            preferences=dict(preferences or {}),
        )
        with self._lock, self.db.atomic():
            self.db.execute(
                "INSERT INTO members (id, name, ha_user_id, birth_year, conditions, emergency_contacts, preferences, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "ha_user_id = excluded.ha_user_id, birth_year = excluded.birth_year, conditions = excluded.conditions,"
                " emergency_contacts = excluded.emergency_contacts, preferences = excluded.preferences",
                [member.id, member.name, member.ha_user_id, member.birth_year, json.dumps(list(member.conditions)),
                 json.dumps(list(member.emergency_contacts)), json.dumps(member.preferences), self.clock()],
            )
        return member

    def members(self) -> list[Member]:
        with self._lock:
            rows = self.db.execute(
                "SELECT id, name, ha_user_id, birth_year, conditions, emergency_contacts, preferences FROM members "
                "ORDER BY name"
            ).fetchall()
        return [
            Member(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5])), json.loads(r[6]))
            for r in rows
        ]

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members() if m.id == member_id), None)

    def viewer_for(self, user: str | None) -> Viewer:
        """The viewer for an HA user id or member id; unknown or missing speakers only see household items."""
        if not user:
            return Viewer(None)
        with self._lock:
            row = self.db.execute("SELECT id FROM members WHERE ha_user_id = ? OR id = ?", [user, user]).fetchone()
        return Viewer(row[0] if row else None)

    # Writing ----------------------------------------------------------------------------------------------------

    def _expiry(self, kind: str, at: float) -> float | None:
        ttl = self.retention.get(kind)
        return None if ttl is None else at + ttl

    def remember(
        self,
        text: str,
        *,
        person: str | None,
        scope: Scope = "private",
        kind: Kind = "fact",
        source: Source = "explicit",
        at: float | None = None,
        data: Mapping[str, Any] | None = None,
        subject: str | None = None,
        memory_id: str | None = None,
    ) -> RememberResult:
        """Keep one memory; an identical current one is a duplicate, a same-subject similar one is updated."""
        item = NewMemory(text, person, scope, kind, source, at, memory_id, data)
        return self._remember_batch([item], subjects=[subject])[0]

    def remember_many(self, items: Sequence[NewMemory], *, batch: int = 256) -> list[RememberResult]:
        """Bulk `remember`, in order, embedding and committing `batch` items at a time."""
        results: list[RememberResult] = []
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            results.extend(self._remember_batch(chunk, subjects=[None] * len(chunk)))
        return results

    def _validate(self, item: NewMemory) -> None:
        if not item.text.strip():
            raise InvalidMemoryError("a memory needs some text")
        _check(item.scope, SCOPES, "scope")
        _check(item.kind, KINDS, "kind")
        _check(item.source, SOURCES, "source")
        if item.scope == "private" and item.person is None:
            raise InvalidMemoryError("a private memory needs a person")

    def _remember_batch(self, items: Sequence[NewMemory], *, subjects: Sequence[str | None]) -> list[RememberResult]:
        for item in items:
            self._validate(item)
        vectors = self.embedder.embed([item.text.strip() for item in items])
        q_all, scale_all = quantize(vectors)
        results: list[RememberResult] = []
        with self._lock, self.db.atomic():
            for i, item in enumerate(items):
                now = self.clock()
                at = now if item.at is None else item.at
                text = item.text.strip()
                person = item.person
                known = self.db.execute("SELECT 1 FROM members WHERE id = ?", [person]).fetchone()
                if person is not None and known is None:
                    raise InvalidMemoryError(f"unknown member {person!r}")
                same = self.db.execute(
                    f"SELECT {_COLUMNS} FROM memories m WHERE person IS ? AND scope = ? AND invalid_at IS NULL "
                    "AND lower(text) = lower(?) AND (expires_at IS NULL OR expires_at > ?)",
                    [person, item.scope, text, now],
                ).fetchone()
                if same is not None and item.memory_id is None:
                    results.append(RememberResult(_memory(same), "duplicate"))
                    continue
                subject = subjects[i] or subject_of(text)
                replaced = self._superseded(person, item.scope, subject, vectors[i], at) if subject else None
                memory = Memory(
                    id=item.memory_id or uuid.uuid4().hex, text=text, person=person, scope=item.scope, kind=item.kind,
                    source=item.source, created_at=now, valid_from=at, expires_at=self._expiry(item.kind, at),
                    subject=subject, data=dict(item.data or {}),
                )
                if self.db.execute("SELECT 1 FROM memories WHERE id = ?", [memory.id]).fetchone():
                    raise InvalidMemoryError(f"memory id {memory.id!r} already exists")
                cursor = self.db.execute(
                    "INSERT INTO memories (id, text, person, scope, kind, source, created_at, valid_from, invalid_at, "
                    "expires_at, subject, superseded_by, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?)",
                    [memory.id, text, person, memory.scope, memory.kind, memory.source, now, at, memory.expires_at,
                     subject, json.dumps(memory.data)],
                )
                mid = int(cast(int, cursor.lastrowid))
                self.db.execute(
                    "INSERT INTO vectors (mid, q, scale) VALUES (?, ?, ?)",
                    [mid, q_all[i].tobytes(), float(scale_all[i])],
                )
                if replaced is not None:
                    self.db.execute(
                        "UPDATE memories SET invalid_at = ?, superseded_by = ? WHERE id = ?",
                        [at, memory.id, replaced.id],
                    )
                self.index.add(
                    partition_of(memory.scope, person),
                    (q_all[i : i + 1], scale_all[i : i + 1]),
                    [RowMeta(mid, memory.kind, at, None, memory.expires_at)],
                )
                if replaced is not None:
                    old_mid = self._mid(replaced.id)
                    if old_mid is not None:
                        self.index.update_validity(old_mid, invalid_at=at)
                    replaced = replace(replaced, invalid_at=at, superseded_by=memory.id)
                results.append(RememberResult(memory, "updated" if replaced else "added", replaced))
            self.index.maintain()
        self._maybe_purge()
        return results

    def _maybe_purge(self) -> None:
        now = self.clock()
        if now - self._purged_at >= PURGE_EVERY_S:
            self._purged_at = now
            self.purge_expired(now)

    def _mid(self, memory_id: str) -> int | None:
        row = self.db.execute("SELECT mid FROM memories WHERE id = ?", [memory_id]).fetchone()
        return None if row is None else int(row[0])

    def _superseded(
        self, person: str | None, scope: str, subject: str, vector: np.ndarray[Any, Any], at: float
    ) -> Memory | None:
        owner = "m.scope = 'household'" if scope == "household" else "m.person IS ? AND m.scope = 'private'"
        rows = self.db.execute(
            f"SELECT {_COLUMNS}, v.q, v.scale FROM memories m JOIN vectors v ON v.mid = m.mid WHERE {owner} "
            "AND m.subject = ? AND m.invalid_at IS NULL AND m.valid_from <= ? ORDER BY m.valid_from DESC LIMIT 5",
            [*([] if scope == "household" else [person]), subject, at],
        ).fetchall()
        for row in rows:
            old = np.frombuffer(row[14], dtype=np.int8).astype(np.float32) * float(row[15])
            if float(old @ vector) >= SUPERSEDE_SIMILARITY:
                return _memory(row)
        return None

    def log_event(
        self, kind: str, text: str, *, person: str | None = None, data: Mapping[str, Any] | None = None,
        at: float | None = None,
    ) -> int:
        """Append to the timeline (commands, falls, sleep sessions, notifications); kept for the `event` TTL."""
        when = self.clock() if at is None else at
        with self._lock, self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO events (at, person, kind, text, data, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                [when, person, kind, text, json.dumps(dict(data or {})), self._expiry("event", when)],
            )
        self._maybe_purge()
        return int(cast(int, cursor.lastrowid))

    def timeline(
        self, person: str | None, *, kind: str | None = None, since: float | None = None
    ) -> list[dict[str, Any]]:
        now = self.clock()
        sql = (
            "SELECT at, person, kind, text, data FROM events "
            "WHERE person IS ? AND (expires_at IS NULL OR expires_at > ?)"
        )
        args: list[Any] = [person, now]
        if kind is not None:
            sql += " AND kind = ?"
            args.append(kind)
        if since is not None:
            sql += " AND at >= ?"
            args.append(since)
        with self._lock:
            rows = self.db.execute(sql + " ORDER BY at", args).fetchall()
        return [{"at": r[0], "person": r[1], "kind": r[2], "text": r[3], "data": json.loads(r[4])} for r in rows]

    # Reading ----------------------------------------------------------------------------------------------------

    def get(self, memory_id: str, viewer: Viewer) -> Memory | None:
        """The memory if it exists, has not expired and `viewer` may see it."""
        with self._lock:
            row = self.db.execute(f"SELECT {_COLUMNS} FROM memories m WHERE id = ?", [memory_id]).fetchone()
        if row is None:
            return None
        memory = _memory(row)
        if not viewer.can_see(memory) or (memory.expires_at is not None and memory.expires_at <= self.clock()):
            return None
        return memory

    def list_memories(
        self, viewer: Viewer, *, about_me: bool = False, kinds: Iterable[str] | None = None,
        include_history: bool = False, limit: int | None = None,
    ) -> list[Memory]:
        """What `viewer` may see, newest first; `about_me` keeps only the viewer's own items (consent view)."""
        where, args = self._visibility(viewer, self.clock())
        if about_me:
            where.append("m.person = ?")
            args.append(viewer.member)
        if kinds is not None:
            kind_list = list(kinds)
            where.append(f"m.kind IN ({', '.join('?' for _ in kind_list)})")
            args.extend(kind_list)
        if not include_history:
            where.append("m.invalid_at IS NULL")
        sql = f"SELECT {_COLUMNS} FROM memories m WHERE {' AND '.join(where)} ORDER BY m.valid_from DESC, m.mid DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            return [_memory(r) for r in self.db.execute(sql, args).fetchall()]

    def all_memories(self) -> list[Memory]:
        """Every unexpired memory, oldest first, for the hub owner (backups); never for a member's request."""
        with self._lock:
            rows = self.db.execute(
                f"SELECT {_COLUMNS} FROM memories m WHERE m.expires_at IS NULL OR m.expires_at > ? ORDER BY m.mid",
                [self.clock()],
            )
            return [_memory(r) for r in rows]

    @staticmethod
    def _visibility(viewer: Viewer, now: float) -> tuple[list[str], list[Any]]:
        where = ["(m.expires_at IS NULL OR m.expires_at > ?)"]
        args: list[Any] = [now]
        if viewer.member is None:
            where.append("m.scope = 'household'")
        else:
            where.append("(m.scope = 'household' OR m.person = ?)")
            args.append(viewer.member)
        return where, args

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
                f"SELECT {_COLUMNS} FROM memories m WHERE mid IN ({', '.join('?' for _ in ids)})", ids
            ).fetchall()
        hits: list[Hit] = []
        rows = [r for r in rows if viewer.can_see(_memory(r))]
        for row in rows:
            memory = _memory(row)
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
        where, args = self._visibility(viewer, now)
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

    # Forgetting -------------------------------------------------------------------------------------------------

    def forget(self, memory_id: str, viewer: Viewer | None, *, reason: str = "asked", history: bool = True) -> int:
        """Delete a memory (and, with `history`, the versions it replaced) everywhere; returns how many went.

        `viewer=None` is the owner of the hub (HA services, TTL); a member may forget their own items and household
        items, never another member's private ones.
        """
        with self._lock:
            row = self.db.execute(f"SELECT {_COLUMNS} FROM memories m WHERE id = ?", [memory_id]).fetchone()
            if row is None or (viewer is not None and not viewer.can_see(_memory(row))):
                raise MemoryNotFoundError(f"no memory {memory_id!r}")
            doomed = [_memory(row)]
            if history:
                frontier = [memory_id]
                while frontier:
                    marks = ", ".join("?" for _ in frontier)
                    older = self.db.execute(
                        f"SELECT {_COLUMNS} FROM memories m WHERE superseded_by IN ({marks})", frontier
                    ).fetchall()
                    doomed.extend(_memory(r) for r in older)
                    frontier = [r[1] for r in older]
            actor = "hub" if viewer is None else (viewer.member or "guest")
            self._delete(doomed, action="forget", actor=actor, reason=reason)
        return len(doomed)

    def _delete(self, memories: Sequence[Memory], *, action: str, actor: str, reason: str) -> None:
        if not memories:
            return
        now = self.clock()
        with self.db.atomic():
            for memory in memories:
                mid = self._mid(memory.id)
                if mid is None:
                    continue
                self.db.execute("DELETE FROM vectors WHERE mid = ?", [mid])
                self.db.execute("UPDATE memories SET superseded_by = NULL WHERE superseded_by = ?", [memory.id])
                self.db.execute("DELETE FROM memories WHERE mid = ?", [mid])
                self.db.execute(
                    "INSERT INTO audit (at, action, memory_id, actor, kind, scope, reason) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [now, action, memory.id, actor, memory.kind, memory.scope, reason],
                )
                self.index.remove(mid)
        self._scrub()

    def _scrub(self) -> None:
        """Merge the full-text index so deleted terms leave its segments, and checkpoint the WAL away."""
        with self.db.atomic():
            self.db.execute("INSERT INTO memories_fts (memories_fts) VALUES ('optimize')")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.index.compact()

    def purge_expired(self, now: float | None = None) -> int:
        """Delete memories and timeline events past their retention; searches already ignore them."""
        moment = self.clock() if now is None else now
        with self._lock:
            rows = self.db.execute(
                f"SELECT {_COLUMNS} FROM memories m WHERE expires_at IS NOT NULL AND expires_at <= ?", [moment]
            ).fetchall()
            with self.db.atomic():
                self.db.execute("DELETE FROM events WHERE expires_at IS NOT NULL AND expires_at <= ?", [moment])
            self._delete([_memory(r) for r in rows], action="expire", actor="hub", reason="retention")
        return len(rows)

    def audit(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self.db.execute(
                "SELECT at, action, memory_id, actor, kind, scope, reason FROM audit ORDER BY aid"
            ).fetchall()
        keys = ("at", "action", "memory_id", "actor", "kind", "scope", "reason")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM memories").fetchone()[0])
