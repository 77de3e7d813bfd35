"""Base entity for the Hearth integration: one service device per hub."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity

from .const import DOMAIN, MANUFACTURER, MODEL
from .models import HearthConfigEntry


class HearthEntity(Entity):
    """An entity of the hub's device, named by translation key, updated by push."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, entry: HearthConfigEntry, key: str) -> None:
        self.entry = entry
        hub_id = entry.unique_id or entry.entry_id
        self._attr_unique_id = f"{hub_id}-{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, hub_id)},
            name=entry.title,
            manufacturer=MANUFACTURER,
            model=MODEL,
            sw_version=entry.runtime_data.info.hub_version,
            entry_type=DeviceEntryType.SERVICE,
        )
