"""Rows of the `memories` table as `Memory` values, and the visibility condition every read shares."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from hub.memory.model import Memory, Viewer

COLUMNS: Final = ", ".join(
    f"m.{c}" for c in (
        "mid", "id", "text", "person", "scope", "kind", "source", "created_at", "valid_from", "invalid_at",
        "expires_at", "subject", "superseded_by", "data",
    )
)


def memory_from_row(row: Sequence[Any]) -> Memory:
    return Memory(
        id=row[1], text=row[2], person=row[3], scope=row[4], kind=row[5], source=row[6], created_at=row[7],
        valid_from=row[8], invalid_at=row[9], expires_at=row[10], subject=row[11], superseded_by=row[12],
        data=json.loads(row[13] or "{}"),
    )


def visibility(viewer: Viewer, now: float) -> tuple[list[str], list[Any]]:
    """SQL conditions (on `memories m`) and arguments: unexpired, and household or the viewer's own."""
    where = ["(m.expires_at IS NULL OR m.expires_at > ?)"]
    args: list[Any] = [now]
    if viewer.member is None:
        where.append("m.scope = 'household'")
    else:
        where.append("(m.scope = 'household' OR m.person = ?)")
        args.append(viewer.member)
    return where, args
