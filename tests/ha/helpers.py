"""A small real home for the tests: floor, areas, template light/lock/switch entities and a satellite device."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import (
    area_registry as ar,
)
from homeassistant.helpers import (
    device_registry as dr,
)
from homeassistant.helpers import (
    entity_registry as er,
)
from homeassistant.helpers import (
    floor_registry as fr,
)
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hearth.const import DOMAIN

from .fake_hub import FakeHub

KITCHEN_LIGHT = "light.kitchen_light"
FRONT_DOOR = "lock.front_door"
HALLWAY_FAN = "switch.hallway_fan"


@dataclass(frozen=True)
class Home:
    """Ids of what `async_setup_home` made."""

    floor_id: str
    kitchen_id: str
    hallway_id: str
    satellite_id: str


async def async_setup_base(hass: HomeAssistant) -> None:
    """The integrations every Hearth test needs: core, exposure settings, conversation and the LLM API."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    assert await async_setup_component(hass, "intent", {})
    assert await async_setup_component(hass, "llm", {})
    await hass.async_block_till_done()


async def async_setup_home(hass: HomeAssistant) -> Home:
    """Kitchen and Hallway on the ground floor; exposed light and lock, an unexposed switch, a satellite."""
    await async_setup_base(hass)
    floor = fr.async_get(hass).async_create("Ground Floor")
    areas = ar.async_get(hass)
    kitchen = areas.async_create("Kitchen", floor_id=floor.floor_id, aliases={"Cooking area"})
    hallway = areas.async_create("Hallway", floor_id=floor.floor_id)

    assert await async_setup_component(
        hass,
        "template",
        {
            "template": [
                {
                    "light": [
                        {
                            "name": "Kitchen Light",
                            "unique_id": "kitchen_light",
                            "turn_on": [],
                            "turn_off": [],
                        }
                    ],
                    "lock": [
                        {
                            "name": "Front Door",
                            "unique_id": "front_door",
                            "state": "{{ 'locked' }}",
                            "lock": [],
                            "unlock": [],
                        }
                    ],
                    "switch": [
                        {
                            "name": "Hallway Fan",
                            "unique_id": "hallway_fan",
                            "turn_on": [],
                            "turn_off": [],
                        }
                    ],
                }
            ]
        },
    )
    await hass.async_block_till_done()

    # Optimistic template entities start "unknown"; give them a definite state.
    await hass.services.async_call("light", "turn_off", {"entity_id": KITCHEN_LIGHT}, blocking=True)
    await hass.services.async_call("switch", "turn_off", {"entity_id": HALLWAY_FAN}, blocking=True)

    entities = er.async_get(hass)
    entities.async_update_entity(KITCHEN_LIGHT, area_id=kitchen.id)
    entities.async_update_entity(FRONT_DOOR, area_id=hallway.id)
    entities.async_update_entity(HALLWAY_FAN, area_id=hallway.id)
    async_expose_entity(hass, "conversation", KITCHEN_LIGHT, True)
    async_expose_entity(hass, "conversation", FRONT_DOOR, True)
    async_expose_entity(hass, "conversation", HALLWAY_FAN, False)

    satellite_entry = MockConfigEntry(domain="test_satellite", title="Satellites")
    satellite_entry.add_to_hass(hass)
    satellite = dr.async_get(hass).async_get_or_create(
        config_entry_id=satellite_entry.entry_id,
        identifiers={("test_satellite", "kitchen-satellite")},
        name="Kitchen satellite",
    )
    dr.async_get(hass).async_update_device(satellite.id, area_id=kitchen.id)
    await hass.async_block_till_done()
    return Home(floor.floor_id, kitchen.id, hallway.id, satellite.id)


def agent_entity_id(hass: HomeAssistant, hub_id: str) -> str:
    """The entity id of the hub's (first) conversation agent: the one its default conversation subentry made."""
    registry = er.async_get(hass)
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.unique_id != hub_id:
            continue
        for subentry in entry.subentries.values():
            if subentry.subentry_type == "conversation":
                entity_id = registry.async_get_entity_id("conversation", DOMAIN, subentry.subentry_id)
                assert entity_id is not None
                return entity_id
    raise AssertionError(f"no conversation agent for hub {hub_id}")


def connectivity_entity_id(hass: HomeAssistant, hub_id: str) -> str:
    """The entity id of the hub's connectivity sensor."""
    entity_id = er.async_get(hass).async_get_entity_id("binary_sensor", DOMAIN, f"{hub_id}-connectivity")
    assert entity_id is not None
    return entity_id


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry, hub: FakeHub) -> None:
    """Add and set up `entry`, and wait until the hub has the home snapshot."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await hub.wait_for(lambda: bool(hub.frames("home_snapshot")))


async def async_wait_for_state(hass: HomeAssistant, entity_id: str, state: str) -> None:
    """Wait (at most 10 s) until `entity_id` has `state`."""
    reached = asyncio.Event()

    @callback
    def check(_event: Event[EventStateChangedData] | None = None) -> None:
        if (current := hass.states.get(entity_id)) is not None and current.state == state:
            reached.set()

    unsub = async_track_state_change_event(hass, entity_id, check)
    check()
    try:
        async with asyncio.timeout(10):
            await reached.wait()
    finally:
        unsub()
