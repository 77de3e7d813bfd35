"""The memory database's schema, as sqlite-utils migrations applied in order on open."""

from __future__ import annotations

from typing import Final

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS: Final = Migrations("hearth.memory")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db.execute(
        """CREATE TABLE members (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, ha_user_id TEXT UNIQUE, birth_year INTEGER,
            conditions TEXT NOT NULL DEFAULT '[]', emergency_contacts TEXT NOT NULL DEFAULT '[]',
            preferences TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE memories (
            mid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL,
            person TEXT REFERENCES members(id), scope TEXT NOT NULL CHECK (scope IN ('private', 'household')),
            kind TEXT NOT NULL, source TEXT NOT NULL, created_at REAL NOT NULL, valid_from REAL NOT NULL,
            invalid_at REAL, expires_at REAL, subject TEXT, superseded_by TEXT, data TEXT NOT NULL DEFAULT '{}',
            CHECK (scope = 'household' OR person IS NOT NULL))"""
    )
    db.execute("CREATE INDEX memories_owner ON memories (person, scope, subject)")
    db.execute("CREATE INDEX memories_expiry ON memories (expires_at) WHERE expires_at IS NOT NULL")
    db.execute(
        "CREATE TABLE vectors (mid INTEGER PRIMARY KEY REFERENCES memories(mid), q BLOB NOT NULL, scale REAL NOT NULL)"
    )
    db.execute(
        """CREATE TABLE events (
            eid INTEGER PRIMARY KEY, at REAL NOT NULL, person TEXT, kind TEXT NOT NULL, text TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}', expires_at REAL)"""
    )
    db.execute("CREATE INDEX events_person_at ON events (person, kind, at)")
    db.execute(
        """CREATE TABLE audit (
            aid INTEGER PRIMARY KEY, at REAL NOT NULL, action TEXT NOT NULL, memory_id TEXT, actor TEXT,
            kind TEXT, scope TEXT, reason TEXT)"""
    )
    db.table("memories").enable_fts(["text"], create_triggers=True, tokenize="porter unicode61")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@MIGRATIONS()
def m002_lookup_indexes(db: Database) -> None:
    """Duplicate and update checks on write look rows up by text and by subject; keep both O(log n)."""
    db.execute("CREATE INDEX memories_same_text ON memories (person, scope, lower(text))")
    db.execute("CREATE INDEX memories_subject ON memories (scope, subject) WHERE subject IS NOT NULL")


@MIGRATIONS()
def m003_member_profile(db: Database) -> None:
    """The fall escalation reads who lives alone from memory, and needs to know when the profile was last set."""
    db.execute("ALTER TABLE members ADD COLUMN lives_alone INTEGER")
    db.execute("ALTER TABLE members ADD COLUMN profile_at REAL")
