"""Runtime data of a Hearth config entry."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from homeassistant.config_entries import ConfigEntry

from .care import IncidentTracker
from .const import MAX_RECENT_TURNS
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


type HearthConfigEntry = ConfigEntry[HearthData]
