"""Base entity for the Hearth integration: one service device per hub, one per agent, one per household member."""

from __future__ import annotations

from homeassistant.config_entries import ConfigSubentry
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity

from .const import DOMAIN, MANUFACTURER, MODEL
from .models import HearthConfigEntry


def hub_device_id(entry: HearthConfigEntry) -> str:
    """The hub's stable id (the entry's unique id), the identifier of its device."""
    return entry.unique_id or entry.entry_id


def hub_device_info(entry: HearthConfigEntry) -> DeviceInfo:
    """The hub itself: a service device."""
    return DeviceInfo(
        identifiers={(DOMAIN, hub_device_id(entry))},
        name=entry.title,
        manufacturer=MANUFACTURER,
        model=MODEL,
        sw_version=entry.runtime_data.info.hub_version,
        entry_type=DeviceEntryType.SERVICE,
    )


def member_device_info(entry: HearthConfigEntry, person: str) -> DeviceInfo:
    """A household member the hub cares for (sleep reports, falls), attached to the hub."""
    return DeviceInfo(
        identifiers={(DOMAIN, f"{hub_device_id(entry)}-member-{person}")},
        name=person.replace("_", " ").title(),
        manufacturer=MANUFACTURER,
        model="Household member",
        entry_type=DeviceEntryType.SERVICE,
    )


def subentry_device_info(entry: HearthConfigEntry, subentry: ConfigSubentry) -> DeviceInfo:
    """A conversation agent or AI task of the hub: a service device of its own (as HA's LLM integrations do)."""
    return DeviceInfo(
        identifiers={(DOMAIN, subentry.subentry_id)},
        name=subentry.title,
        manufacturer=MANUFACTURER,
        model="Hearth agent",
        entry_type=DeviceEntryType.SERVICE,
    )


class HearthEntity(Entity):
    """An entity of the hub's device, named by translation key, updated by push."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, entry: HearthConfigEntry, key: str, *, device_info: DeviceInfo | None = None) -> None:
        self.entry = entry
        self._attr_unique_id = f"{hub_device_id(entry)}-{key}"
        self._attr_device_info = device_info or hub_device_info(entry)
