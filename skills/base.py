"""What every skill provides, and the two seams skills act through: an event sink and a clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import voluptuous as vol

type Clock = Callable[[], float]
"""Seconds since the epoch; tests pass a simulated clock."""


class EventSink(Protocol):
    """Where skill events go: the hub's outbox (persisted, acknowledged by HA) in production, a list in tests."""

    async def emit(self, event_type: str, data: dict[str, Any]) -> str:
        """Queue one `hearth_…` event; returns its event id."""
        ...


class Skill(Protocol):
    """A skill: a name, a one-line description, a voluptuous settings schema; enabled or disabled at run time."""

    name: str
    description: str
    settings_schema: vol.Schema


class ListSink:
    """Collects events in memory (tests, the bench, dry runs)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    async def emit(self, event_type: str, data: dict[str, Any]) -> str:
        self.events.append((event_type, data))
        return f"e{len(self.events)}"

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [data for kind, data in self.events if kind == event_type]
