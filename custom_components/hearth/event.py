"""Event entities: falls (detected, escalated, resolved) and sleep reports, from the hub's events."""

from __future__ import annotations

from typing import Final, override

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import HearthEntity
from .models import HearthConfigEntry, signal_event
from .protocol import HubEvent

PARALLEL_UPDATES = 0

FALL_EVENTS: Final = {
    "hearth_fall_detected": "fall_detected",
    "hearth_fall_escalated": "fall_escalated",
    "hearth_fall_resolved": "fall_resolved",
}
SLEEP_EVENTS: Final = {"hearth_sleep_report": "sleep_report"}
_FALL_KEYS: Final = ("incident_id", "person", "name", "area", "confidence", "step", "response", "by")
_SLEEP_KEYS: Final = ("person", "night_of")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HearthConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's fall and sleep-report event entities."""
    async_add_entities(
        [
            HearthEventEntity(entry, "falls", FALL_EVENTS, _FALL_KEYS),
            HearthEventEntity(entry, "sleep_reports", SLEEP_EVENTS, _SLEEP_KEYS),
        ]
    )


class HearthEventEntity(HearthEntity, EventEntity):
    """Triggers once per hub event of its kind (the link drops redelivered event ids before the bus sees them)."""

    def __init__(
        self, entry: HearthConfigEntry, key: str, events: dict[str, str], keys: tuple[str, ...]
    ) -> None:
        super().__init__(entry, key)
        self._attr_translation_key = key
        self._attr_event_types = list(events.values())
        self._events = events
        self._keys = keys

    @property
    @override
    def available(self) -> bool:
        """Only while the hub is connected (events raised meanwhile arrive after the reconnect)."""
        return self.entry.runtime_data.link.connected

    @override
    async def async_added_to_hass(self) -> None:
        """Listen for the hub's events on the bus, and follow the link."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(self.hass, signal_event(self.entry.entry_id), self._on_event)
        )
        self.async_on_remove(self.entry.runtime_data.link.add_status_listener(self._on_link))

    @callback
    def _on_link(self, _connected: bool) -> None:
        self.async_write_ha_state()

    @callback
    def _on_event(self, event: HubEvent) -> None:
        if event.event_type not in self._events:
            return
        attributes = {key: event.data[key] for key in self._keys if key in event.data}
        self._trigger_event(self._events[event.event_type], attributes)
        self.async_write_ha_state()
