"""Care incidents in Home Assistant: which falls are open (from the hub's events); answering them is the
`hearth.respond_to_incident` action in services.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import probatio
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import config_validation as cv

EVENT_FALL_DETECTED: Final = "hearth_fall_detected"
EVENT_FALL_ESCALATED: Final = "hearth_fall_escalated"
EVENT_FALL_RESOLVED: Final = "hearth_fall_resolved"
SERVICE_RESPOND: Final = "respond_to_incident"
RESPONSES: Final = ["ok", "help", "ack", "false_alarm"]
RESPOND_SCHEMA: Final = probatio.Schema(
    {
        probatio.Required("incident_id"): probatio.All(cv.string, probatio.Match(r"^[A-Za-z0-9_.-]{1,64}$")),
        probatio.Required("response"): probatio.In(RESPONSES),
        probatio.Optional("by"): probatio.All(cv.string, probatio.Length(max=128)),
    }
)


class IncidentTracker:
    """Open incidents by id, from `hearth_fall_detected` until `hearth_fall_resolved`."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self.open: dict[str, dict[str, Any]] = {}
        self._listeners: list[Callable[[], None]] = []
        self._unsubs: list[Callable[[], None]] = []

    @callback
    def async_start(self) -> None:
        self._unsubs = [
            self._hass.bus.async_listen(EVENT_FALL_DETECTED, self._on_detected),
            self._hass.bus.async_listen(EVENT_FALL_RESOLVED, self._on_resolved),
        ]

    @callback
    def async_stop(self) -> None:
        for unsub in self._unsubs:
            unsub()
        self._unsubs = []

    @callback
    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def _on_detected(self, event: Event[dict[str, Any]]) -> None:
        incident_id = event.data.get("incident_id")
        if isinstance(incident_id, str):
            self.open[incident_id] = {k: event.data.get(k) for k in ("person", "name", "area", "confidence")}
            self._notify()

    @callback
    def _on_resolved(self, event: Event[dict[str, Any]]) -> None:
        if self.open.pop(str(event.data.get("incident_id")), None) is not None:
            self._notify()

    @callback
    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()
