"""Runtime data of a Hearth config entry."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from homeassistant.config_entries import ConfigEntry

from .care import IncidentTracker
from .const import DOMAIN, MAX_RECENT_TURNS
from .home import HomeMirror
from .link import HearthLink
from .protocol import HubInfo


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """How one conversation turn went; no text, so it can go into diagnostics."""

    time: datetime
    tier: str | None
    outcome: str
    confidence: float | None = None
    latency_ms: float | None = None
    actions: int = 0
    failed_actions: int = 0


@dataclass(slots=True)
class HearthData:
    """What a loaded entry holds: the link to the hub, the home mirror, and recent turns."""

    info: HubInfo
    link: HearthLink
    mirror: HomeMirror
    incidents: IncidentTracker
    """Fall incidents the hub has opened and not yet resolved."""
    turns: deque[TurnRecord] = field(default_factory=lambda: deque(maxlen=MAX_RECENT_TURNS))
    info_listeners: list[Callable[[], None]] = field(default_factory=list)

    def add_info_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener()` whenever the hub's info is read again; returns the function that removes it."""
        self.info_listeners.append(listener)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self.info_listeners.remove(listener)

        return remove

    def set_info(self, info: HubInfo) -> None:
        """The hub's info was read again (after a reconnect)."""
        self.info = info
        for listener in list(self.info_listeners):
            listener()


type HearthConfigEntry = ConfigEntry[HearthData]


def signal_event(entry_id: str) -> str:
    """Dispatcher signal: a hub event of this entry was fired on the bus (argument: the `HubEvent`)."""
    return f"{DOMAIN}_{entry_id}_event"


def signal_turn(entry_id: str) -> str:
    """Dispatcher signal: a conversation turn of this entry ended (argument: the `TurnRecord`)."""
    return f"{DOMAIN}_{entry_id}_turn"
