"""Setup, unload, the home snapshot and state deltas, events, connectivity and robustness of the link."""

from __future__ import annotations

import pytest
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from .fake_hub import FakeHub
from .helpers import (
    FRONT_DOOR,
    HALLWAY_FAN,
    KITCHEN_LIGHT,
    async_setup_base,
    async_setup_home,
    async_wait_for_state,
    connectivity_entity_id,
    setup_entry,
)


async def test_setup_and_unload(hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry) -> None:
    """The entry loads, says hello, sends a snapshot, and closes the socket on unload."""
    await async_setup_base(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    hello = fake_hub.frames("hello")[0]
    assert hello["protocol"] == 1
    assert hello["ha_version"]
    assert hass.states.get(connectivity_entity_id(hass, fake_hub.hub_id)).state == STATE_ON

    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.NOT_LOADED
    await fake_hub.wait_for(lambda: not fake_hub.connected)


async def test_setup_retries_when_hub_is_down(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """An unreachable hub means "not ready", so HA retries later."""
    await async_setup_base(hass)
    await fake_hub.stop()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_with_rejected_token_starts_reauth(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A 401 fails setup as an auth error and asks the user for a new token."""
    await async_setup_base(hass)
    entry = MockConfigEntry(
        domain="hearth",
        unique_id=fake_hub.hub_id,
        data={"host": "127.0.0.1", "port": fake_hub.port, "token": "wrong"},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_setup_refuses_a_different_hub(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A different hub answering at the stored address is an error, not a silent switch."""
    await async_setup_base(hass)
    entry = MockConfigEntry(
        domain="hearth",
        unique_id="some-other-hub",
        data={"host": "127.0.0.1", "port": fake_hub.port, "token": fake_hub.token},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR


async def test_snapshot_holds_only_exposed_entities(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """The snapshot has exposed entities with names, aliases and areas; floors, areas and persons too."""
    home = await async_setup_home(hass)
    hass.states.async_set("person.alice", "home", {"friendly_name": "Alice", "id": "alice", "user_id": "u1"})
    await setup_entry(hass, mock_config_entry, fake_hub)

    snapshot = fake_hub.frames("home_snapshot")[-1]
    entities = {entity["id"]: entity for entity in snapshot["entities"]}
    assert KITCHEN_LIGHT in entities
    assert FRONT_DOOR in entities
    assert HALLWAY_FAN not in entities
    light = entities[KITCHEN_LIGHT]
    assert light["name"] == "Kitchen Light"
    assert light["area"] == home.kitchen_id
    assert light["domain"] == "light"
    assert entities[FRONT_DOOR]["state"] == "locked"
    assert entities[FRONT_DOOR]["area"] == home.hallway_id
    assert {"id": home.floor_id, "name": "Ground Floor"} in snapshot["floors"]
    kitchen = next(area for area in snapshot["areas"] if area["id"] == home.kitchen_id)
    assert kitchen == {
        "id": home.kitchen_id,
        "name": "Kitchen",
        "floor": home.floor_id,
        "aliases": ["Cooking area"],
    }
    assert {"id": "alice", "name": "Alice", "user_id": "u1"} in snapshot["persons"]


async def test_state_changes_of_exposed_entities_are_streamed(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A change of an exposed entity reaches the hub; an unexposed one does not."""
    await async_setup_home(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)

    await hass.services.async_call("switch", "turn_on", {"entity_id": HALLWAY_FAN}, blocking=True)
    await hass.services.async_call("light", "turn_on", {"entity_id": KITCHEN_LIGHT}, blocking=True)
    await fake_hub.wait_for(lambda: bool(fake_hub.frames("state_changed")))
    changes = fake_hub.frames("state_changed")
    assert [(c["entity_id"], c["state"]) for c in changes] == [(KITCHEN_LIGHT, STATE_ON)]


async def test_exposing_an_entity_resends_the_snapshot(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """Changing what is exposed to Assist sends a fresh snapshot (debounced)."""
    await async_setup_home(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    async_expose_entity(hass, "conversation", HALLWAY_FAN, True)
    await fake_hub.wait_for(lambda: len(fake_hub.frames("home_snapshot")) >= 2, wait_s=5)
    ids = {entity["id"] for entity in fake_hub.frames("home_snapshot")[-1]["entities"]}
    assert HALLWAY_FAN in ids


async def test_events_fire_once_per_event_id(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """Each hub event fires once on the bus and is acknowledged; a redelivery is acknowledged only."""
    await async_setup_base(hass)
    events = async_capture_events(hass, "hearth_fall_detected")
    await setup_entry(hass, mock_config_entry, fake_hub)

    session = fake_hub.session
    await session.send_event("ev-1", "hearth_fall_detected", {"person": "alice", "area": "kitchen"})
    await session.send_event("ev-1", "hearth_fall_detected", {"person": "alice", "area": "kitchen"})
    await session.send_event("ev-2", "hearth_fall_detected", {"person": "bob"})
    assert await session.wait_for_acks(3) == ["ev-1", "ev-1", "ev-2"]
    await hass.async_block_till_done()
    assert [event.data for event in events] == [{"person": "alice", "area": "kitchen"}, {"person": "bob"}]


async def test_malformed_frames_are_ignored(
    hass: HomeAssistant,
    fake_hub: FakeHub,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Garbage from the hub is logged and skipped; the link stays up and keeps working."""
    await async_setup_base(hass)
    events = async_capture_events(hass, "hearth_sleep_report")
    await setup_entry(hass, mock_config_entry, fake_hub)
    session = fake_hub.session
    await session.ws.send_str("not json")
    await session.ws.send_str("[1, 2]")
    await session.send({"type": "what_is_this"}, validate=False)
    await session.send({"type": "event", "event_id": "x"}, validate=False)
    await session.send({"type": "converse_result", "request_id": "nobody"}, validate=False)
    await session.send_event("ev-ok", "hearth_sleep_report", {"hours": 7.5})
    await session.wait_for_acks(1)
    await hass.async_block_till_done()
    assert len(events) == 1
    assert mock_config_entry.runtime_data.link.connected
    assert "malformed frame" in caplog.text


async def test_connectivity_follows_the_hub(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """The connectivity sensor goes off when the hub goes away and on again when it is back."""
    await async_setup_base(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    sensor = connectivity_entity_id(hass, fake_hub.hub_id)
    assert hass.states.get(sensor).state == STATE_ON

    await fake_hub.stop()
    await hass.async_block_till_done()
    await async_wait_for_state(hass, sensor, STATE_OFF)

    snapshots = len(fake_hub.frames("home_snapshot"))
    await fake_hub.start(fake_hub.port)
    await fake_hub.wait_for(lambda: len(fake_hub.frames("home_snapshot")) > snapshots, wait_s=10)
    await async_wait_for_state(hass, sensor, STATE_ON)


async def test_tool_call_for_an_unknown_request_is_refused(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A tool call outside any open turn gets an unsuccessful result instead of running."""
    await async_setup_home(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    result = await fake_hub.session.call_tool("no-such-request", "HassTurnOn", {"name": "Kitchen Light"})
    assert result["success"] is False
    assert "no open request" in result["error"]
    assert hass.states.get(KITCHEN_LIGHT).state == STATE_OFF


async def test_event_redelivered_after_reconnect_fires_once(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """At-least-once delivery: an event repeated on a new session after a reconnect is not fired again."""
    await async_setup_base(hass)
    events = async_capture_events(hass, "hearth_fall_detected")
    await setup_entry(hass, mock_config_entry, fake_hub)
    first = fake_hub.session
    await first.send_event("ev-9", "hearth_fall_detected", {"person": "alice"})
    await first.wait_for_acks(1)

    await first.ws.close()
    await fake_hub.wait_for(lambda: len(fake_hub.sessions) == 2 and len(fake_hub.frames("home_snapshot")) == 2)
    second = fake_hub.session
    await second.send_event("ev-9", "hearth_fall_detected", {"person": "alice"})
    assert await second.wait_for_acks(1) == ["ev-9"]
    await hass.async_block_till_done()
    assert len(events) == 1
    assert mock_config_entry.runtime_data.link.stats.events_duplicate == 1
