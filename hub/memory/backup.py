"""Export and import household memory as JSON, for backup and for moving to a new hub."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from hub.memory.errors import InvalidMemoryError
from hub.memory.model import Viewer
from hub.memory.store import MemoryStore, NewMemory

FORMAT: Final = "hearth-memory"
VERSION: Final = 1


def export_memory(store: MemoryStore, viewer: Viewer | None = None) -> dict[str, Any]:
    """Everything (`viewer=None`, the hub owner) or what one member may see, with history and members."""
    who = viewer
    memories = store.all_memories() if who is None else list(reversed(store.list_memories(who, include_history=True)))
    members = store.members() if who is None else [m for m in store.members() if m.id == who.member]
    return {
        "format": FORMAT,
        "version": VERSION,
        "members": [
            {"id": m.id, "name": m.name, "ha_user_id": m.ha_user_id, "birth_year": m.birth_year,
             "conditions": list(m.conditions), "emergency_contacts": list(m.emergency_contacts),
             "preferences": m.preferences, "lives_alone": m.lives_alone, "profile_at": m.profile_at}
            for m in members
        ],
        "memories": [m.to_json() for m in memories],
    }


def import_memory(store: MemoryStore, document: Mapping[str, Any]) -> int:
    """Add members and memories from an export; ids already present are skipped. Returns memories added."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise InvalidMemoryError(f"not a {FORMAT} v{VERSION} document")
    for member in document.get("members", []):
        store.add_member(
            member["name"], member_id=member["id"], ha_user_id=member.get("ha_user_id"),
            birth_year=member.get("birth_year"), conditions=member.get("conditions", ()),
            emergency_contacts=member.get("emergency_contacts", ()), preferences=member.get("preferences"),
            lives_alone=member.get("lives_alone"), profile_at=member.get("profile_at"),
        )
    items = []
    invalidations = []
    for memory in sorted(document.get("memories", []), key=lambda m: m["valid_from"]):
        if store.db.execute("SELECT 1 FROM memories WHERE id = ?", [memory["id"]]).fetchone():
            continue
        items.append(NewMemory(memory["text"], memory.get("person"), memory["scope"], memory["kind"],
                               memory.get("source", "import"), memory["valid_from"], memory["id"],
                               memory.get("data") or {}))
        if memory.get("invalid_at") is not None:
            invalidations.append((memory["invalid_at"], memory.get("superseded_by"), memory["id"]))
    store.remember_many(items)
    with store.db.atomic():
        for invalid_at, successor, memory_id in invalidations:
            store.db.execute(
                "UPDATE memories SET invalid_at = ?, superseded_by = ? WHERE id = ?", [invalid_at, successor, memory_id]
            )
    store.reload_index()
    return len(items)


def memory_diagnostics(store: MemoryStore) -> dict[str, Any]:
    """Counts and health for a diagnostics view: never any memory text, subject or member detail beyond ids."""
    db = store.db
    by_kind_scope = [
        {"kind": r[0], "scope": r[1], "current": r[2], "history": r[3]}
        for r in db.execute(
            "SELECT kind, scope, sum(invalid_at IS NULL), sum(invalid_at IS NOT NULL) FROM memories "
            "GROUP BY kind, scope ORDER BY kind, scope"
        ).fetchall()
    ]
    files = [p for p in store.path.parent.iterdir() if p.name.startswith(store.path.name)]
    return {
        "embedder": store.embedder.name,
        "members": db.execute("SELECT count(*) FROM members").fetchone()[0],
        "memories": store.count(),
        "indexed_vectors": len(store.index),
        "by_kind_scope": by_kind_scope,
        "timeline_events": db.execute("SELECT count(*) FROM events").fetchone()[0],
        "deleted": dict(db.execute("SELECT action, count(*) FROM audit GROUP BY action").fetchall()),
        "retention_s": dict(store.retention),
        "disk_bytes": sum(p.stat().st_size for p in files),
        "schema": [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid").fetchall()],
    }
