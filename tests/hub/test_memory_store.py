"""The memory store: writing, updates with validity times, scopes, forgetting everywhere, retention, backups.

These use the hashing stand-in embedder (the model is not the point here); retrieval quality and the leak sweep
use the real model in test_memory_retrieval.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.memory.backup import export_memory, import_memory, memory_diagnostics
from hub.memory.embed import HashingEmbedder
from hub.memory.errors import InvalidMemoryError, MemoryNotFoundError
from hub.memory.model import DAY, GUEST, Hit, Viewer
from hub.memory.store import MemoryStore, NewMemory
from hub.memory.timeline import infer_preferences, record_command

ALEX, SAM = Viewer("alex"), Viewer("sam")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[MemoryStore]:
    memory = MemoryStore(tmp_path / "memory.db", HashingEmbedder(), clock=clock)
    memory.add_member("Alex", ha_user_id="ha-alex")
    memory.add_member("Sam")
    yield memory
    memory.close()


def _texts(hits: list[Hit]) -> list[str]:
    return [h.memory.text for h in hits]


def test_remember_then_duplicate_then_update_keeps_history(store: MemoryStore, clock: Clock) -> None:
    first = store.remember("The thermostat preference is 21 degrees", person="alex", scope="household")
    assert first.status == "added"
    assert store.remember("the thermostat preference is 21 degrees", person="alex", scope="household").status == (
        "duplicate"
    )
    clock.now += 7 * DAY
    update = store.remember("The thermostat preference is now 20 degrees", person="sam", scope="household")
    assert update.status == "updated"
    assert update.replaced is not None
    assert update.replaced.id == first.memory.id
    old = store.get(first.memory.id, SAM)
    assert old is not None
    assert old.invalid_at == clock.now
    assert old.superseded_by == update.memory.id
    assert _texts(store.search("thermostat preference", SAM, k=1)) == ["The thermostat preference is now 20 degrees"]
    # "changed from 21 to 20 last week" stays answerable.
    assert _texts(store.search("what was the thermostat preference before", SAM, k=1)) == [
        "The thermostat preference is 21 degrees"
    ]
    assert [m.text for m in store.list_memories(SAM)] == ["The thermostat preference is now 20 degrees"]
    assert len(store.list_memories(SAM, include_history=True)) == 2


def test_private_items_are_never_visible_to_another_member_or_a_guest(store: MemoryStore) -> None:
    secret = store.remember("I am allergic to penicillin", person="alex", scope="private").memory
    shared = store.remember("The spare key is in the blue pot", person="alex", scope="household").memory
    for viewer in (SAM, GUEST, Viewer("nobody")):
        assert store.get(secret.id, viewer) is None
        assert all(h.memory.id != secret.id for h in store.search("allergic to penicillin", viewer, k=50))
        assert secret.id not in [m.id for m in store.list_memories(viewer)]
        assert store.get(shared.id, viewer) is not None
    assert _texts(store.search("what am I allergic to", ALEX, k=1)) == ["I am allergic to penicillin"]
    assert store.viewer_for("ha-alex") == ALEX
    assert store.viewer_for("stranger") == GUEST
    assert store.viewer_for(None) == GUEST


def test_a_member_cannot_forget_another_members_private_item(store: MemoryStore) -> None:
    secret = store.remember("My bank PIN hint is the cat", person="alex").memory
    with pytest.raises(MemoryNotFoundError):
        store.forget(secret.id, SAM)
    assert store.get(secret.id, ALEX) is not None


def test_forget_leaves_nothing_findable_and_an_audit_row_without_content(store: MemoryStore, tmp_path: Path) -> None:
    old = store.remember("The alarm code is zebra4417", person=None, scope="household").memory
    new = store.remember("The alarm code is now quokka9921", person=None, scope="household")
    assert new.status == "updated"
    keep = store.remember("The garage code is 1234", person=None, scope="household").memory
    assert store.forget(new.memory.id, ALEX) == 2  # the update and the version it replaced
    for query in ("alarm code", "zebra4417", "quokka9921", "code"):
        assert not {h.memory.id for h in store.search(query, ALEX, k=50)} & {old.id, new.memory.id}
    assert store.get(old.id, ALEX) is None
    assert store.get(new.memory.id, ALEX) is None
    assert [m.id for m in store.list_memories(ALEX, include_history=True)] == [keep.id]
    audit = store.audit()
    assert {a["memory_id"] for a in audit} == {old.id, new.memory.id}
    assert all(set(a) == {"at", "action", "memory_id", "actor", "kind", "scope", "reason"} for a in audit)
    assert "zebra" not in json.dumps(audit)
    assert "quokka" not in json.dumps(audit)
    db = store.db
    assert db.execute("SELECT count(*) FROM vectors").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'zebra4417'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'quokka9921'").fetchone()[0] == 0
    assert len(store.index) == 1
    # Not even the bytes on disk keep it (secure_delete, merged FTS segments, checkpointed WAL).
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("memory.db"))
    assert b"zebra4417" not in raw
    assert b"quokka9921" not in raw
    assert b"1234" in raw


def test_retention_is_never_violated_even_before_the_purge(tmp_path: Path, clock: Clock) -> None:
    store = MemoryStore(tmp_path / "m.db", HashingEmbedder(), clock=clock, retention={"note": 2 * DAY})
    store.add_member("Alex")
    note = store.remember("Buy oat milk on the way home", person="alex", kind="note").memory
    fact = store.remember("Buy a new kettle someday", person="alex", kind="fact").memory
    event_id = store.log_event("command", "HassTurnOn light.kitchen", person="alex")
    assert note.expires_at == clock.now + 2 * DAY
    assert fact.expires_at is None
    clock.now += 2 * DAY - 1
    assert store.get(note.id, ALEX) is not None
    clock.now += 1
    assert store.get(note.id, ALEX) is None
    assert note.id not in {h.memory.id for h in store.search("oat milk", ALEX, k=10)}
    assert note.id not in {m.id for m in store.list_memories(ALEX)}
    assert store.purge_expired() == 1
    assert store.db.execute("SELECT count(*) FROM memories").fetchone()[0] == 1
    clock.now += 90 * DAY
    assert store.timeline("alex") == []
    store.purge_expired()
    assert store.db.execute("SELECT count(*) FROM events WHERE eid = ?", [event_id]).fetchone()[0] == 0
    assert [a["action"] for a in store.audit()] == ["expire"]
    store.close()


def test_reopen_rebuilds_the_index_and_applies_migrations_once(tmp_path: Path, clock: Clock) -> None:
    store = MemoryStore(tmp_path / "m.db", HashingEmbedder(), clock=clock)
    store.add_member("Alex")
    store.remember("The spare key is in the blue pot", person="alex", scope="household")
    store.close()
    again = MemoryStore(tmp_path / "m.db", HashingEmbedder(), clock=clock)
    assert len(again.index) == 1
    assert _texts(again.search("spare key", ALEX, k=1)) == ["The spare key is in the blue pot"]
    applied = again.db.execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert [r[0] for r in applied] == ["m001_initial", "m002_lookup_indexes", "m003_member_profile"]
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()
    # A different embedder re-embeds everything rather than mixing vector spaces.
    third = MemoryStore(tmp_path / "m.db", HashingEmbedder(32), clock=clock)
    assert third.index.dimensions == 32
    assert len(third.index) == 1
    third.close()


def test_invalid_input_is_refused(store: MemoryStore) -> None:
    with pytest.raises(InvalidMemoryError):
        store.remember("", person="alex")
    with pytest.raises(InvalidMemoryError):
        store.remember("text", person=None, scope="private")
    with pytest.raises(InvalidMemoryError):
        store.remember("text", person="nobody")
    with pytest.raises(InvalidMemoryError):
        store.remember("text", person="alex", kind="gossip")  # type: ignore[arg-type]
    with pytest.raises(InvalidMemoryError):
        store.add_member("  ")


def test_export_and_import_round_trip(store: MemoryStore, tmp_path: Path, clock: Clock) -> None:
    store.remember("I am allergic to penicillin", person="alex")
    store.remember("The wifi password is tulip42", person=None, scope="household")
    clock.now += DAY
    store.remember("The wifi password is now maple77", person=None, scope="household")
    document = json.loads(json.dumps(export_memory(store)))
    assert len(document["memories"]) == 3
    mine = export_memory(store, SAM)
    assert {m["text"] for m in mine["memories"]} == {"The wifi password is tulip42", "The wifi password is now maple77"}
    other = MemoryStore(tmp_path / "other.db", HashingEmbedder(), clock=clock)
    assert import_memory(other, document) == 3
    assert import_memory(other, document) == 0
    assert _texts(other.search("wifi password", SAM, k=1)) == ["The wifi password is now maple77"]
    assert _texts(other.search("allergic", ALEX, k=1)) == ["I am allergic to penicillin"]
    assert not other.search("allergic penicillin", SAM, k=10) or all(
        h.memory.scope == "household" for h in other.search("allergic penicillin", SAM, k=10)
    )
    with pytest.raises(InvalidMemoryError):
        import_memory(other, {"format": "something else"})
    other.close()


def test_usual_temperature_is_inferred_from_the_timeline(store: MemoryStore, clock: Clock) -> None:
    for degrees in (21, 21, 20, 21):
        clock.now += DAY
        record_command(store, "alex", "HassClimateSetTemperature", {"temperature": degrees}, ("climate.bedroom",),
                       area_id="bedroom")
    # Each thermostat command re-checks the habit; the third matching one makes it a memory.
    inferred = store.list_memories(ALEX, about_me=True, kinds=["preference"])
    assert [m.text for m in inferred] == ["Alex usually sets the bedroom to 21 degrees"]
    assert inferred[0].source == "inferred"
    assert inferred[0].data["temperature"] == 21
    assert inferred[0].data["evidence"] >= 3
    assert infer_preferences(store, "alex") == []  # already known
    assert store.get(inferred[0].id, SAM) is None


def test_bulk_ingest_keeps_given_ids_and_order(store: MemoryStore) -> None:
    items = [NewMemory(f"Note number {i} about the garden", "sam", "household", memory_id=f"n{i}", at=1000.0 + i)
             for i in range(600)]
    results = store.remember_many(items, batch=256)
    assert [r.memory.id for r in results] == [f"n{i}" for i in range(600)]
    assert store.count() == 600
    with pytest.raises(InvalidMemoryError):
        store.remember_many([NewMemory("again", "sam", "household", memory_id="n1")])


def test_database_is_consistent(store: MemoryStore) -> None:
    store.remember("The spare key is in the blue pot", person="alex", scope="household")
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO memories_fts (memories_fts) VALUES ('integrity-check')")
    conn.close()


def test_diagnostics_count_without_content(store: MemoryStore) -> None:
    store.remember("I am allergic to penicillin", person="alex")
    gone = store.remember("The gate code is 8812", person=None, scope="household").memory
    store.forget(gone.id, None)
    diagnostics = memory_diagnostics(store)
    assert diagnostics["memories"] == diagnostics["indexed_vectors"] == 1
    assert diagnostics["members"] == 2
    assert diagnostics["deleted"] == {"forget": 1}
    assert diagnostics["by_kind_scope"] == [{"kind": "fact", "scope": "private", "current": 1, "history": 0}]
    text = json.dumps(diagnostics)
    assert "penicillin" not in text
    assert "8812" not in text
