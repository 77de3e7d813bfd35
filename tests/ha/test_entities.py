"""Every entity: event entities for falls and sleep reports, the last-tier and model-status sensors, member and
agent devices, the AI task, an agent limited to some intents, repair issues, and a hub restart while HA runs
(entities unavailable, then back, with no duplicate events)."""

from __future__ import annotations

import asyncio
from typing import Any

import probatio as vol
import pytest
from homeassistant.components import ai_task, conversation
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.hearth.const import DOMAIN

from .fake_hub import HUB_VERSION, FakeHub, HubSession
from .helpers import (
    KITCHEN_LIGHT,
    agent_entity_id,
    async_setup_base,
    async_setup_home,
    async_wait_for_state,
    connectivity_entity_id,
    setup_entry,
)

MODELS_OK = [{"name": "command_model", "status": "loaded"}, {"name": "embedder", "status": "loaded"}]
MODELS_FAILED = [
    {"name": "command_model", "status": "failed", "error": "missing from models/nlu"},
    {"name": "embedder", "status": "loaded"},
]


def _info(hub: FakeHub, **extra: Any) -> dict[str, Any]:
    return {"hub_id": hub.hub_id, "name": hub.name, "hub_version": HUB_VERSION, "protocol": 1, **extra}


def _entity(hass: HomeAssistant, domain: str, unique_id: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(domain, DOMAIN, unique_id)
    assert entity_id is not None, unique_id
    return entity_id


async def test_event_entities_fire_once_and_survive_a_hub_restart(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    await async_setup_base(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    falls = _entity(hass, "event", f"{fake_hub.hub_id}-falls")
    sleep = _entity(hass, "event", f"{fake_hub.hub_id}-sleep_reports")
    assert hass.states.get(falls).state == STATE_UNKNOWN
    bus_events = async_capture_events(hass, "hearth_fall_detected")

    await fake_hub.session.send_event("f1", "hearth_fall_detected",
                                      {"incident_id": "inc-1", "person": "rose", "area": "hall", "confidence": 0.9})
    await fake_hub.session.wait_for_acks(1)
    await hass.async_block_till_done()
    state = hass.states.get(falls)
    assert state.attributes["event_type"] == "fall_detected"
    assert state.attributes["incident_id"] == "inc-1"
    assert state.attributes["person"] == "rose"
    fired_at = state.state

    # The hub restarts: everything pushed by it goes unavailable, then comes back; the redelivered event is
    # dropped (no second bus event, no new event-entity state).
    await fake_hub.stop()
    await async_wait_for_state(hass, falls, STATE_UNAVAILABLE)
    assert hass.states.get(sleep).state == STATE_UNAVAILABLE
    assert hass.states.get(connectivity_entity_id(hass, fake_hub.hub_id)).state == STATE_OFF
    assert hass.states.get(_entity(hass, "sensor", f"{fake_hub.hub_id}-model_status")).state == STATE_UNAVAILABLE
    await fake_hub.start(fake_hub.port)
    await async_wait_for_state(hass, connectivity_entity_id(hass, fake_hub.hub_id), STATE_ON)
    await fake_hub.session.send_event("f1", "hearth_fall_detected",
                                      {"incident_id": "inc-1", "person": "rose", "area": "hall", "confidence": 0.9})
    await fake_hub.session.send_event("s1", "hearth_sleep_report", {"person": "rose", "night_of": "2026-11-25"})
    await fake_hub.session.wait_for_acks(2)
    await hass.async_block_till_done()
    assert len(bus_events) == 1
    assert hass.states.get(falls).state == fired_at
    sleep_state = hass.states.get(sleep)
    assert sleep_state.attributes["event_type"] == "sleep_report"
    assert sleep_state.attributes["night_of"] == "2026-11-25"


async def test_last_tier_sensor(hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry) -> None:
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.answer(request, "Done.", tier="nlu")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    sensor = _entity(hass, "sensor", f"{fake_hub.hub_id}-last_tier")
    assert hass.states.get(sensor).state == STATE_UNKNOWN
    agent = agent_entity_id(hass, fake_hub.hub_id)
    await conversation.async_converse(hass, "turn on the light", None, Context(), language="en", agent_id=agent,
                                      device_id=home.satellite_id)
    await hass.async_block_till_done()
    state = hass.states.get(sensor)
    assert state.state == "nlu"
    assert state.attributes["outcome"] == "done"
    assert state.attributes["latency_ms"] == 12.5

    await fake_hub.stop()
    await async_wait_for_state(hass, connectivity_entity_id(hass, fake_hub.hub_id), STATE_OFF)
    await conversation.async_converse(hass, "turn on the light", None, Context(), language="en", agent_id=agent)
    await hass.async_block_till_done()
    assert hass.states.get(sensor).state == "error"
    assert hass.states.get(sensor).attributes["outcome"] == "hub_not_connected"


async def test_model_status_and_its_repair(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A failed model raises a repair issue and the sensor says so; after a hub restart with the model loading,
    both clear. A hub that reports nothing is `unknown`."""
    await async_setup_base(hass)
    fake_hub.info_override = _info(fake_hub, models=MODELS_FAILED)
    await setup_entry(hass, mock_config_entry, fake_hub)
    sensor = _entity(hass, "sensor", f"{fake_hub.hub_id}-model_status")
    state = hass.states.get(sensor)
    assert state.state == "failed"
    assert state.attributes["models"] == {"command_model": "failed", "embedder": "loaded"}
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"model_failed_{mock_config_entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders["models"] == "command_model"
    assert "missing from models/nlu" in issue.translation_placeholders["error"]

    fake_hub.info_override = _info(fake_hub, models=MODELS_OK)
    await fake_hub.stop()
    await async_wait_for_state(hass, sensor, STATE_UNAVAILABLE)
    await fake_hub.start(fake_hub.port)
    await async_wait_for_state(hass, sensor, "ok")
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"model_failed_{mock_config_entry.entry_id}") is None

    fake_hub.info_override = None
    await fake_hub.stop()
    await async_wait_for_state(hass, sensor, STATE_UNAVAILABLE)
    await fake_hub.start(fake_hub.port)
    await async_wait_for_state(hass, sensor, "unknown")


async def test_incompatible_protocol_is_a_repair(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A hub on another protocol: the entry retries and a repair issue explains; a fixed hub clears it."""
    await async_setup_base(hass)
    fake_hub.info_override = _info(fake_hub, protocol=2)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    issue_id = f"protocol_incompatible_{mock_config_entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {"name": fake_hub.name, "hub_protocol": "2", "protocol": "1"}

    fake_hub.info_override = None
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_hub_refusing_our_protocol_on_the_link_is_a_repair(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """The WebSocket handshake answered with `unsupported_protocol` (a hub updated while HA runs)."""
    await async_setup_base(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)

    original = fake_hub._handle

    async def refuse(session: HubSession, raw: str) -> None:
        if '"hello"' in raw:
            await session.send({"type": "error", "code": "unsupported_protocol", "message": "protocol 2 only"})
            await session.ws.close()
            return
        await original(session, raw)

    fake_hub._handle = refuse  # type: ignore[method-assign]
    issue_id = f"protocol_incompatible_{mock_config_entry.entry_id}"
    await fake_hub.session.ws.close()
    async with asyncio.timeout(5):
        while ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None:  # noqa: ASYNC110 - the link's own timer
            await asyncio.sleep(0.02)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None


async def test_member_devices(hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry) -> None:
    """Sleep sensors belong to the member's device; the hub and each agent have their own."""
    await async_setup_base(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    await fake_hub.session.send_event("s1", "hearth_sleep_report",
                                      {"person": "ben_smith", "night_of": "2026-11-25",
                                       "metrics": {"total_sleep_min": {"value": 400, "quality": "good"}}})
    await fake_hub.session.wait_for_acks(1)
    await hass.async_block_till_done()
    devices = {d.name: d for d in dr.async_entries_for_config_entry(dr.async_get(hass), mock_config_entry.entry_id)}
    assert {"Ben Smith", fake_hub.name, "Hearth", "Hearth AI Task"} <= set(devices)
    assert devices["Ben Smith"].model == "Household member"
    assert devices[fake_hub.name].sw_version == HUB_VERSION
    sensor = er.async_get(hass).async_get(_entity(hass, "sensor", f"{fake_hub.hub_id}-sleep-ben_smith-total_sleep_min"))
    assert sensor.device_id == devices["Ben Smith"].id


async def test_agent_limited_to_some_intents(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """An agent whose subentry allows only HassLightSet refuses the hub's HassTurnOn; the light stays off."""
    await async_setup_home(hass)
    results: list[dict[str, Any]] = []

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        results.append(await session.call_tool(request["request_id"], "HassTurnOn", {"name": "Kitchen Light"},
                                               [KITCHEN_LIGHT]))
        await session.answer(request, "Tried.")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    sub = next(s for s in mock_config_entry.subentries.values() if s.subentry_type == "conversation")
    hass.config_entries.async_update_subentry(
        mock_config_entry, sub, data={"language": "en", "tools": ["HassLightSet"]}
    )
    await hass.async_block_till_done()
    await fake_hub.wait_for(lambda: fake_hub.connected)
    agent = agent_entity_id(hass, fake_hub.hub_id)
    await conversation.async_converse(hass, "turn on the light", None, Context(), language="en", agent_id=agent)
    assert results[0]["success"] is False
    assert results[0]["data"]["error"] == "tool_not_allowed"
    assert hass.states.get(KITCHEN_LIGHT).state == STATE_OFF


async def test_ai_task(hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry) -> None:
    """Text and JSON generation through the hub; tool calls are refused; errors are translated."""
    await async_setup_base(hass)
    tool_results: list[dict[str, Any]] = []
    answers = ["A calm evening.", '{"mood": "calm"}', "not json"]

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        tool_results.append(await session.call_tool(request["request_id"], "HassTurnOn", {"name": "x"}))
        await session.answer(request, answers.pop(0), outcome="answered")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    sub = next(s for s in mock_config_entry.subentries.values() if s.subentry_type == "ai_task_data")
    entity_id = _entity(hass, "ai_task", sub.subentry_id)
    result = await ai_task.async_generate_data(hass, task_name="t", entity_id=entity_id, instructions="Summarise")
    assert result.data == "A calm evening."
    assert tool_results[0]["success"] is False

    result = await ai_task.async_generate_data(
        hass, task_name="t", entity_id=entity_id, instructions="Mood?",
        structure=vol.Schema({vol.Required("mood"): str}),
    )
    assert result.data == {"mood": "calm"}
    with pytest.raises(HomeAssistantError) as caught:
        await ai_task.async_generate_data(
            hass, task_name="t", entity_id=entity_id, instructions="Mood?",
            structure=vol.Schema({vol.Required("mood"): str}),
        )
    assert caught.value.translation_key == "not_structured"

    await fake_hub.stop()
    await async_wait_for_state(hass, entity_id, STATE_UNAVAILABLE)


async def test_member_device_can_be_removed(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """Stale devices: a member's device may be deleted; the hub's may not."""
    await async_setup_base(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    await fake_hub.session.send_event("s1", "hearth_sleep_report",
                                      {"person": "ben", "night_of": "2026-11-25",
                                       "metrics": {"total_sleep_min": {"value": 400, "quality": "good"}}})
    await fake_hub.session.wait_for_acks(1)
    await hass.async_block_till_done()
    registry = dr.async_get(hass)
    devices = {d.name: d for d in dr.async_entries_for_config_entry(registry, mock_config_entry.entry_id)}
    from custom_components.hearth import async_remove_config_entry_device

    assert await async_remove_config_entry_device(hass, mock_config_entry, devices["Ben"])
    assert not await async_remove_config_entry_device(hass, mock_config_entry, devices[fake_hub.name])
