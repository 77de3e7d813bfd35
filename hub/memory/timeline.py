"""The timeline of what happened (commands, falls, sleep, notifications) and what the hub infers from it."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, Final

from hub.memory.model import DAY, Memory, Viewer

if TYPE_CHECKING:
    from hub.memory.store import MemoryStore, RememberResult

INFER_WINDOW: Final = 30 * DAY
INFER_MIN_TIMES: Final = 3
"""A habit needs at least this many occurrences in the window before it becomes a memory."""
SLEEP_REPORT: Final = "sleep_report"
"""`data["kind"]` of the sleep skill's morning episodes; their `metrics.bed_entry_at` is the bed-entry time."""
BEDTIME_ROUND_MIN: Final = 5


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
    results = []
    for area, values in sorted(by_area.items()):
        if len(values) < INFER_MIN_TIMES:
            continue
        usual = statistics.mode(values)
        room = area.replace("_", " ")

        def same(m: Memory, area: str = area, usual: float = usual) -> bool:
            return bool(m.data.get("area", "anywhere") == area and m.data.get("temperature") == usual)

        result = keep_habit(
            store, person, "{name} usually sets the " + room + f" to {usual:g} degrees",
            subject=f"temperature preference {area}", at=moment,
            data={"temperature": usual, "area": area, "evidence": len(values)}, same=same,
        )
        if result is not None:
            results.append(result)
    return results


def keep_habit(
    store: MemoryStore, person: str, text: str, *, subject: str, at: float, data: Mapping[str, Any],
    same: Callable[[Memory], bool],
) -> RememberResult | None:
    """Keep one inferred habit as a private `inferred` preference of `person`, unless a current one already says
    the same (`same`); a different value under the same `subject` updates the old one, which stays as history.

    `text` may hold `{name}` for the member's name.
    """
    if any(same(m) for m in store.list_memories(Viewer(person), about_me=True, kinds=["preference"])):
        return None
    member = store.member(person)
    return store.remember(
        text.replace("{name}", member.name if member else person), person=person, scope="private",
        kind="preference", source="inferred", at=at, data=dict(data), subject=subject,
    )


def bed_entry(memory: Memory) -> float | None:
    """The bed-entry time (epoch seconds) of a sleep-report episode, or None for any other memory."""
    if memory.kind != "episode" or memory.data.get("kind") != SLEEP_REPORT:
        return None
    metrics = memory.data.get("metrics")
    entry = metrics.get("bed_entry_at") if isinstance(metrics, dict) else None
    value = entry.get("value") if isinstance(entry, dict) else entry
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def circular_median_minute(minutes: list[float]) -> float:
    """The median of clock times (minutes after midnight) on the 24 h circle: the sample minimising the summed
    circular distance to the others, so 23:50, 00:10 and 00:20 give 00:10, not noon."""

    def spread(candidate: float) -> float:
        return sum(min(abs(candidate - m) % 1440, 1440 - abs(candidate - m) % 1440) for m in minutes)

    ordered = sorted(minutes)
    best = min(spread(m) for m in ordered)
    ties = [m for m in ordered if math.isclose(spread(m), best)]
    if len(ties) == 1:
        return ties[0]
    # An even count: the midpoint of the two middle times, along the short arc between them.
    a, b = ties[0], ties[-1]
    if b - a > 720:
        a += 1440
    return ((a + b) / 2) % 1440


def infer_bedtime(
    store: MemoryStore, person: str, *, now: float | None = None, tz: tzinfo | None = None
) -> RememberResult | None:
    """Usual bedtime from the member's sleep-report episodes in the window (at least `INFER_MIN_TIMES` nights): the
    circular median of bed-entry clock times in `tz` (the hub's local zone by default), rounded to 5 minutes, kept
    as an inferred private preference whose data lists the episodes it rests on (`sources`)."""
    moment = store.clock() if now is None else now
    nights: list[tuple[float, str]] = []
    for memory in store.list_memories(Viewer(person), about_me=True, kinds=["episode"]):
        entry = bed_entry(memory)
        if entry is not None and moment - INFER_WINDOW <= entry <= moment:
            nights.append((entry, memory.id))
    if len(nights) < INFER_MIN_TIMES:
        return None
    nights.sort()
    minutes = []
    for entry, _ in nights:
        local = datetime.fromtimestamp(entry, tz) if tz is not None else datetime.fromtimestamp(entry).astimezone()
        minutes.append(local.hour * 60 + local.minute + local.second / 60)
    median = circular_median_minute(minutes)
    rounded = int(round(median / BEDTIME_ROUND_MIN) * BEDTIME_ROUND_MIN) % 1440
    clock = f"{rounded // 60:02d}:{rounded % 60:02d}"
    return keep_habit(
        store, person, "{name} usually goes to bed at " + clock, subject="usual bedtime", at=moment,
        data={"bedtime": clock, "evidence": len(nights), "sources": [mid for _, mid in nights]},
        same=lambda m: m.data.get("bedtime") == clock,
    )
