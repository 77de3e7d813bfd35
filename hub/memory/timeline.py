"""The timeline of what happened (commands, falls, sleep, notifications) and what the hub infers from it."""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any, Final

from hub.memory.model import DAY, Viewer
from hub.memory.store import MemoryStore, RememberResult

INFER_WINDOW: Final = 30 * DAY
INFER_MIN_TIMES: Final = 3
"""A habit needs at least this many occurrences in the window before it becomes a memory."""


def record_command(
    store: MemoryStore, person: str | None, tool: str, args: dict[str, Any], entities: tuple[str, ...],
    *, area_id: str | None, at: float | None = None,
) -> None:
    """One executed home command, as a timeline event (kept for the `event` retention)."""
    store.log_event(
        "command", f"{tool} {', '.join(entities)}".strip(), person=person,
        data={"tool": tool, "args": args, "entities": list(entities), "area": area_id}, at=at,
    )
    if person is not None and tool == "HassClimateSetTemperature":
        infer_preferences(store, person, now=at)


def infer_preferences(store: MemoryStore, person: str, *, now: float | None = None) -> list[RememberResult]:
    """Usual temperature per room from the member's recent thermostat commands, kept as inferred preferences.

    The source is `inferred` and the data keeps how many commands it rests on; a later, different habit updates
    the memory (the old value stays answerable with its validity time).
    """
    moment = store.clock() if now is None else now
    by_area: dict[str, list[float]] = defaultdict(list)
    for event in store.timeline(person, kind="command", since=moment - INFER_WINDOW):
        data = event["data"]
        if data.get("tool") == "HassClimateSetTemperature" and isinstance(data["args"].get("temperature"), int | float):
            by_area[data.get("area") or "anywhere"].append(float(data["args"]["temperature"]))
    member = store.member(person)
    name = member.name if member else person
    results = []
    viewer = Viewer(person)
    for area, values in sorted(by_area.items()):
        if len(values) < INFER_MIN_TIMES:
            continue
        usual = statistics.mode(values)
        existing = [
            m for m in store.list_memories(viewer, about_me=True, kinds=["preference"])
            if m.data.get("area", "anywhere") == area and m.data.get("temperature") == usual
        ]
        if existing:
            continue
        room = area.replace("_", " ")
        results.append(
            store.remember(
                f"{name} usually sets the {room} to {usual:g} degrees", person=person, scope="private",
                kind="preference", source="inferred", at=moment,
                data={"temperature": usual, "area": area, "evidence": len(values)},
                subject=f"temperature preference {area}",
            )
        )
    return results
