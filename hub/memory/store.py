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
import voluptuous as vol
from sqlite_utils import Database

from hub.memory.embed import Embedder
from hub.memory.errors import InvalidMemoryError, MemberNotFoundError, MemoryNotFoundError
from hub.memory.model import DEFAULT_RETENTION, KINDS, SCOPES, SOURCES, Kind, Member, Memory, Scope, Source, Viewer
from hub.memory.retrieval import HybridRetrieval
from hub.memory.rows import COLUMNS, memory_from_row, visibility
from hub.memory.schema import MIGRATIONS
from hub.memory.text import slug, subject_of, temperature_in
from hub.memory.vectors import RowMeta, VectorIndex, partition_of, quantize

_LOGGER = logging.getLogger(__name__)
SUPERSEDE_SIMILARITY: Final = 0.6
"""A new fact with the same subject replaces an older one only when they are at least this similar."""
PURGE_EVERY_S: Final = 3600.0
"""Expired items are invisible at once (every read filters them); their rows are deleted this often, on writes."""


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


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise InvalidMemoryError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


class MemoryStore(HybridRetrieval):
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
        lives_alone: bool | None = None,
        profile_at: float | None = None,
    ) -> Member:
        """Create or update a member (matched by id, which defaults to the slug of the name)."""
        if not name.strip():
            raise InvalidMemoryError("a member needs a name")
        member = Member(
            id=member_id or slug(name), name=name.strip(), ha_user_id=ha_user_id, birth_year=birth_year,
            conditions=tuple(conditions), emergency_contacts=tuple(dict(c) for c in emergency_contacts),
            preferences=dict(preferences or {}), lives_alone=lives_alone, profile_at=profile_at,
        )
        with self._lock, self.db.atomic():
            self.db.execute(
                "INSERT INTO members (id, name, ha_user_id, birth_year, conditions, emergency_contacts, preferences, "
                "created_at, lives_alone, profile_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE "
                "SET name = excluded.name, "
                "ha_user_id = excluded.ha_user_id, birth_year = excluded.birth_year, conditions = excluded.conditions,"
                " emergency_contacts = excluded.emergency_contacts, preferences = excluded.preferences, "
                "lives_alone = excluded.lives_alone, profile_at = excluded.profile_at",
                [member.id, member.name, member.ha_user_id, member.birth_year, json.dumps(list(member.conditions)),
                 json.dumps(list(member.emergency_contacts)), json.dumps(member.preferences), self.clock(),
                 None if lives_alone is None else int(lives_alone), profile_at],
            )
        return member

    def set_profile(self, member_id: str, changes: Mapping[str, Any]) -> Member:
        """Change part of a member's safety profile (`PROFILE_SCHEMA`: only the keys given change); stamped now."""
        from hub.memory.profile import PROFILE_SCHEMA

        try:
            valid: dict[str, Any] = PROFILE_SCHEMA(dict(changes))
        except vol.Invalid as err:
            raise InvalidMemoryError(f"invalid profile: {err}") from None
        with self._lock:
            current = self.member(member_id)
            if current is None:
                raise MemberNotFoundError(member_id)
            fields: dict[str, Any] = {
                k: tuple(v) if k in ("conditions", "emergency_contacts") else v for k, v in valid.items()
            }
            merged = replace(current, **fields)
            return self.add_member(
                merged.name, member_id=merged.id, ha_user_id=merged.ha_user_id, birth_year=merged.birth_year,
                conditions=merged.conditions, emergency_contacts=merged.emergency_contacts,
                preferences=merged.preferences, lives_alone=merged.lives_alone, profile_at=self.clock(),
            )

    def members(self) -> list[Member]:
        with self._lock:
            rows = self.db.execute(
                "SELECT id, name, ha_user_id, birth_year, conditions, emergency_contacts, preferences, lives_alone, "
                "profile_at FROM members ORDER BY name"
            ).fetchall()
        return [
            Member(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[5])), json.loads(r[6]),
                   lives_alone=None if r[7] is None else bool(r[7]), profile_at=r[8])
            for r in rows
        ]

    def profile_memories(self, member_id: str) -> list[Memory]:
        """The member's current, unexpired `profile` memories (private or household), oldest first."""
        now = self.clock()
        with self._lock:
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM memories m WHERE m.person = ? AND m.kind = 'profile' AND m.invalid_at IS NULL"
                " AND m.valid_from <= ? AND (m.expires_at IS NULL OR m.expires_at > ?) ORDER BY m.valid_from, m.mid",
                [member_id, now, now],
            ).fetchall()
        return [memory_from_row(r) for r in rows]

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
        if person is not None and kind in ("fact", "profile") and not (data or {}).get("profile"):
            from hub.memory.profile import profile_fact, profile_subject

            fact = profile_fact(text, at=self.clock() if at is None else at)
            if fact is not None:  # "I have a heart condition": a profile fact the fall escalation reads
                kind, data, subject = "profile", {**(data or {}), "profile": fact}, subject or profile_subject(fact)
        item = NewMemory(text, person, scope, kind, source, at, memory_id, data)
        result = self._remember_batch([item], subjects=[subject])[0]
        if result.status == "added" and person is not None and kind == "episode":
            from hub.memory.timeline import bed_entry, infer_bedtime

            if bed_entry(result.memory) is not None:
                try:  # the episode is kept whatever happens to the habit
                    infer_bedtime(self, person, now=at)
                except Exception:
                    _LOGGER.exception("Could not infer the usual bedtime of %s", person)
        return result

    def update(self, memory_id: str, text: str, viewer: Viewer | None) -> RememberResult:
        """Edit a memory: a new version with `text`, valid from now, replaces it (its `invalid_at` is closed and it
        links the successor, as any update does), keeping its person, scope, kind and subject; the new version's source
        is `explicit` and inferred values of the old wording are dropped from its data.

        `viewer=None` is the hub's owner; a member may edit their own items and household items only.
        """
        with self._lock:
            row = self.db.execute(f"SELECT {COLUMNS} FROM memories m WHERE id = ?", [memory_id]).fetchone()
            old = memory_from_row(row) if row is not None else None
            now = self.clock()
            if (
                old is None or (viewer is not None and not viewer.can_see(old))
                or (old.expires_at is not None and old.expires_at <= now)
            ):
                raise MemoryNotFoundError(f"no memory {memory_id!r}")
            if not old.current:
                raise InvalidMemoryError("that memory was already replaced; edit its current version")
            if text.strip() == old.text:
                return RememberResult(old, "duplicate")
            # Values inferred from the old wording no longer hold; a temperature is read again from the new text.
            data = {k: v for k, v in old.data.items() if k not in {"temperature", "bedtime", "evidence", "sources"}}
            if "temperature" in old.data and (degrees := temperature_in(text)) is not None:
                data["temperature"] = degrees
            item = NewMemory(text, old.person, old.scope, old.kind, "explicit", now, None, data)
            return self._remember_batch([item], subjects=[old.subject], replacing=[old])[0]

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

    def _remember_batch(
        self, items: Sequence[NewMemory], *, subjects: Sequence[str | None],
        replacing: Sequence[Memory | None] | None = None,
    ) -> list[RememberResult]:
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
                    f"SELECT {COLUMNS} FROM memories m WHERE person IS ? AND scope = ? AND invalid_at IS NULL "
                    "AND lower(text) = lower(?) AND (expires_at IS NULL OR expires_at > ?)",
                    [person, item.scope, text, now],
                ).fetchone()
                forced = replacing[i] if replacing is not None else None
                if same is not None and item.memory_id is None and forced is None:
                    results.append(RememberResult(memory_from_row(same), "duplicate"))
                    continue
                subject = subjects[i] or subject_of(text)
                replaced: Memory | None
                if forced is not None:
                    replaced = forced
                else:
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

    def _superseded(
        self, person: str | None, scope: str, subject: str, vector: np.ndarray[Any, Any], at: float
    ) -> Memory | None:
        owner = "m.scope = 'household'" if scope == "household" else "m.person IS ? AND m.scope = 'private'"
        rows = self.db.execute(
            f"SELECT {COLUMNS}, v.q, v.scale FROM memories m JOIN vectors v ON v.mid = m.mid WHERE {owner} "
            "AND m.subject = ? AND m.invalid_at IS NULL AND m.valid_from <= ? ORDER BY m.valid_from DESC LIMIT 5",
            [*([] if scope == "household" else [person]), subject, at],
        ).fetchall()
        for row in rows:
            old = np.frombuffer(row[14], dtype=np.int8).astype(np.float32) * float(row[15])
            if float(old @ vector) >= SUPERSEDE_SIMILARITY:
                return memory_from_row(row)
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
            row = self.db.execute(f"SELECT {COLUMNS} FROM memories m WHERE id = ?", [memory_id]).fetchone()
        if row is None:
            return None
        memory = memory_from_row(row)
        if not viewer.can_see(memory) or (memory.expires_at is not None and memory.expires_at <= self.clock()):
            return None
        return memory

    def list_memories(
        self, viewer: Viewer, *, about_me: bool = False, kinds: Iterable[str] | None = None,
        include_history: bool = False, limit: int | None = None,
    ) -> list[Memory]:
        """What `viewer` may see, newest first; `about_me` keeps only the viewer's own items (consent view)."""
        where, args = visibility(viewer, self.clock())
        if about_me:
            where.append("m.person = ?")
            args.append(viewer.member)
        if kinds is not None:
            kind_list = list(kinds)
            where.append(f"m.kind IN ({', '.join('?' for _ in kind_list)})")
            args.extend(kind_list)
        if not include_history:
            where.append("m.invalid_at IS NULL")
        sql = f"SELECT {COLUMNS} FROM memories m WHERE {' AND '.join(where)} ORDER BY m.valid_from DESC, m.mid DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            return [memory_from_row(r) for r in self.db.execute(sql, args).fetchall()]

    def all_memories(self) -> list[Memory]:
        """Every unexpired memory, oldest first, for the hub owner (backups); never for a member's request."""
        with self._lock:
            rows = self.db.execute(
                f"SELECT {COLUMNS} FROM memories m WHERE m.expires_at IS NULL OR m.expires_at > ? ORDER BY m.mid",
                [self.clock()],
            )
            return [memory_from_row(r) for r in rows]

    # Forgetting -------------------------------------------------------------------------------------------------

    def forget(self, memory_id: str, viewer: Viewer | None, *, reason: str = "asked", history: bool = True) -> int:
        """Delete a memory (and, with `history`, the versions it replaced) everywhere; returns how many went.

        `viewer=None` is the owner of the hub (HA services, TTL); a member may forget their own items and household
        items, never another member's private ones.
        """
        with self._lock:
            row = self.db.execute(f"SELECT {COLUMNS} FROM memories m WHERE id = ?", [memory_id]).fetchone()
            if row is None or (viewer is not None and not viewer.can_see(memory_from_row(row))):
                raise MemoryNotFoundError(f"no memory {memory_id!r}")
            doomed = [memory_from_row(row)]
            if history:
                frontier = [memory_id]
                while frontier:
                    marks = ", ".join("?" for _ in frontier)
                    older = self.db.execute(
                        f"SELECT {COLUMNS} FROM memories m WHERE superseded_by IN ({marks})", frontier
                    ).fetchall()
                    doomed.extend(memory_from_row(r) for r in older)
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
                f"SELECT {COLUMNS} FROM memories m WHERE expires_at IS NOT NULL AND expires_at <= ?", [moment]
            ).fetchall()
            with self.db.atomic():
                self.db.execute("DELETE FROM events WHERE expires_at IS NOT NULL AND expires_at <= ?", [moment])
            self._delete([memory_from_row(r) for r in rows], action="expire", actor="hub", reason="retention")
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
