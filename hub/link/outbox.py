"""Events waiting for HA to acknowledge them: bounded, persisted, delivered again after a reconnect.

A fall alert must not vanish because HA restarted at the wrong second, so every event stays here until HA sends
`event_ack` for its id. The file is rewritten atomically on each change; it holds at most `capacity` events
(oldest dropped first, with a warning) so a long HA outage cannot fill the disk.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import voluptuous as vol

_LOGGER = logging.getLogger(__name__)
DEFAULT_CAPACITY = 1000


class Outbox:
    """Ordered by creation; `pending()` is what a fresh link session sends first."""

    def __init__(
        self,
        path: Path,
        *,
        capacity: int = DEFAULT_CAPACITY,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._path = path
        self._capacity = capacity
        self._now = now
        self._events: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = asyncio.Lock()

    def load(self) -> None:
        """Read what a previous run left; a corrupt file is renamed aside rather than trusted or lost."""
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            events = vol.Schema([{"event_id": str, "event_type": str, "time": str, "data": dict}])(raw)
        except FileNotFoundError:
            return
        except (ValueError, vol.Invalid) as err:
            aside = self._path.with_suffix(".corrupt")
            self._path.replace(aside)
            _LOGGER.warning("Outbox file was unreadable (%s); moved to %s", err, aside)
            return
        valid: list[dict[str, Any]] = events
        for event in valid[-self._capacity :]:
            self._events[event["event_id"]] = event

    async def add(self, event_type: str, data: dict[str, Any]) -> dict[str, Any]:
        event_id = uuid.uuid4().hex
        event: dict[str, Any] = {
            "event_id": event_id,
            "event_type": event_type,
            "time": self._now().isoformat(),
            "data": data,
        }
        async with self._lock:
            self._events[event_id] = event
            while len(self._events) > self._capacity:
                dropped, _ = self._events.popitem(last=False)
                _LOGGER.warning("Outbox full; dropped undelivered event %s", dropped)
            await self._save()
        return event

    async def ack(self, event_id: str) -> bool:
        async with self._lock:
            if self._events.pop(event_id, None) is None:
                return False
            await self._save()
            return True

    def pending(self) -> list[dict[str, Any]]:
        return list(self._events.values())

    async def _save(self) -> None:
        snapshot = json.dumps(list(self._events.values()))
        await asyncio.to_thread(_atomic_write, self._path, snapshot)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
