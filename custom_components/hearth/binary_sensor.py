"""Connectivity of the Hearth hub, pushed from the link's state."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import HearthEntity
from .models import HearthConfigEntry

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HearthConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's connectivity sensor and the open-incident sensor."""
    async_add_entities([HearthConnectivitySensor(entry), HearthIncidentSensor(entry)])


class HearthConnectivitySensor(HearthEntity, BinarySensorEntity):
    """On while the link to the hub is open."""

    _attr_device_class = BinarySensorDeviceClass.CONNECTIVITY
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    _attr_translation_key = "hub_connection"

    def __init__(self, entry: HearthConfigEntry) -> None:
        super().__init__(entry, "connectivity")

    @property
    @override
    def is_on(self) -> bool:
        """Whether the hub is connected."""
        return self.entry.runtime_data.link.connected

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the link's state."""
        await super().async_added_to_hass()
        self.async_on_remove(self.entry.runtime_data.link.add_status_listener(self._async_link_changed))

    @callback
    def _async_link_changed(self, connected: bool) -> None:
        self.async_write_ha_state()


class HearthIncidentSensor(HearthEntity, BinarySensorEntity):
    """On while a fall incident is open (from `hearth_fall_detected` until `hearth_fall_resolved`)."""

    _attr_device_class = BinarySensorDeviceClass.SAFETY
    _attr_translation_key = "fall_incident"

    def __init__(self, entry: HearthConfigEntry) -> None:
        super().__init__(entry, "fall_incident")

    @property
    @override
    def is_on(self) -> bool:
        """Whether any incident is open."""
        return bool(self.entry.runtime_data.incidents.open)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """The open incidents: id, person and area."""
        return {"incidents": [{"incident_id": key, **value}
                              for key, value in self.entry.runtime_data.incidents.open.items()]}

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the incident tracker."""
        await super().async_added_to_hass()
        self.async_on_remove(self.entry.runtime_data.incidents.add_listener(self.async_write_ha_state))
