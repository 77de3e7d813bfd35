"""End to end: this HA instance and the REAL hub process, over loopback.

The hub runs on the host (Python 3.13); these tests run in the HA test root. `tests/ha/run_lane.sh` starts
the hub with a fresh data folder and token, passes `HEARTH_HUB_URL` and `HEARTH_HUB_TOKEN` in, and stops it.
Without a hub these tests fail: they never skip.
"""

from __future__ import annotations

import os

import pytest
from homeassistant import config_entries
from homeassistant.components import conversation
from homeassistant.const import CONF_HOST, CONF_PORT, STATE_ON
from homeassistant.core import Context, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import intent
from yarl import URL

from custom_components.hearth.const import CONF_TOKEN, DOMAIN

from .helpers import (
    FRONT_DOOR,
    KITCHEN_LIGHT,
    agent_entity_id,
    async_setup_home,
    async_wait_for_state,
    connectivity_entity_id,
)

pytestmark = pytest.mark.e2e


def _hub_address() -> tuple[str, int, str]:
    """Host, port and token of the real hub, from the environment; a failure (not a skip) without them."""
    url = os.environ.get("HEARTH_HUB_URL", "")
    token = os.environ.get("HEARTH_HUB_TOKEN", "")
    if not url or not token:
        pytest.fail(
            "HEARTH_HUB_URL and HEARTH_HUB_TOKEN are not set. This test talks to the real hub process: run it "
            "with tests/ha/run_lane.sh, which starts `python -m hub serve` on the host and passes both in."
        )
    parsed = URL(url)
    assert parsed.host is not None
    assert parsed.port is not None
    return parsed.host, parsed.port, token


def _snapshot_states(hass: HomeAssistant) -> dict[str, tuple[str, dict[str, object]]]:
    """Every state but the agents' own (a conversation entity's state is the time of its last turn) and the
    last-tier diagnostic sensor (it records which tier answered, which is the point of asking)."""
    registry = er.async_get(hass)
    turn_records = {
        entity.entity_id for entity in registry.entities.values()
        if entity.platform == DOMAIN and entity.unique_id.endswith("-last_tier")
    }
    return {
        state.entity_id: (state.state, dict(state.attributes))
        for state in hass.states.async_all()
        if state.domain != "conversation" and state.entity_id not in turn_records
    }


async def test_real_hub_acts_and_answers(hass: HomeAssistant, socket_enabled: None) -> None:
    """Pair through the config flow, turn on the kitchen light by voice, then ask about the front door."""
    host, port, token = _hub_address()
    home = await async_setup_home(hass)

    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: host, CONF_PORT: port, CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    entry = result["result"]
    await hass.async_block_till_done()
    sensor = connectivity_entity_id(hass, entry.unique_id)
    await async_wait_for_state(hass, sensor, STATE_ON)
    agent_id = agent_entity_id(hass, entry.unique_id)

    result = await conversation.async_converse(
        hass,
        "turn on the light",
        None,
        Context(),
        language="en",
        agent_id=agent_id,
        device_id=home.satellite_id,
    )
    speech = result.response.speech["plain"]["speech"]
    assert result.response.response_type is not intent.IntentResponseType.ERROR, speech
    assert hass.states.get(KITCHEN_LIGHT).state == STATE_ON, speech

    await hass.async_block_till_done()
    before = _snapshot_states(hass)
    result = await conversation.async_converse(
        hass,
        "is the front door locked?",
        None,
        Context(),
        language="en",
        agent_id=agent_id,
        device_id=home.satellite_id,
    )
    await hass.async_block_till_done()
    speech = result.response.speech["plain"]["speech"]
    assert result.response.response_type is not intent.IntentResponseType.ERROR, speech
    assert "locked" in speech.lower()
    assert _snapshot_states(hass) == before, "a question changed a state"
    assert hass.states.get(FRONT_DOOR).state == "locked"


async def test_real_hub_actions_and_entities(hass: HomeAssistant, socket_enabled: None) -> None:
    """The memory actions against the real hub's REST endpoints, the tier sensor after a turn, and the real
    hub's model status; sleep tracking is off on this hub, which the actions report as a translated error."""
    host, port, token = _hub_address()
    home = await async_setup_home(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: host, CONF_PORT: port, CONF_TOKEN: token}
    )
    entry = result["result"]
    await hass.async_block_till_done()
    await async_wait_for_state(hass, connectivity_entity_id(hass, entry.unique_id), STATE_ON)

    text = "the e2e spare key is under the green pot"
    added = await hass.services.async_call(
        DOMAIN, "remember", {"text": text, "scope": "household"}, blocking=True, return_response=True
    )
    assert added is not None
    assert added["status"] in {"added", "duplicate", "updated"}
    listed = await hass.services.async_call(DOMAIN, "list_memories", {"limit": 50}, blocking=True, return_response=True)
    assert listed is not None
    assert any(item["id"] == added["memory_id"] for item in listed["memories"])  # type: ignore[union-attr]
    forgotten = await hass.services.async_call(
        DOMAIN, "forget", {"memory_id": added["memory_id"]}, blocking=True, return_response=True
    )
    assert forgotten == {"forgotten": 1}
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(DOMAIN, "forget", {"memory_id": added["memory_id"]}, blocking=True)
    assert caught.value.translation_key == "unknown_memory"
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(DOMAIN, "run_skill", {"skill": "sleep_report"}, blocking=True)
    assert caught.value.translation_key == "skill_disabled"

    registry = er.async_get(hass)
    tier = registry.async_get_entity_id("sensor", DOMAIN, f"{entry.unique_id}-last_tier")
    models = registry.async_get_entity_id("sensor", DOMAIN, f"{entry.unique_id}-model_status")
    assert tier is not None
    assert models is not None
    assert hass.states.get(models).state in {"ok", "failed"}
    assert set(hass.states.get(models).attributes["models"]) == {"command_model", "embedder", "fall_model", "generator"}
    await conversation.async_converse(
        hass, "turn on the light", None, Context(), language="en",
        agent_id=agent_entity_id(hass, entry.unique_id), device_id=home.satellite_id,
    )
    await hass.async_block_till_done()
    assert hass.states.get(tier).state not in {"unknown", "error", "unavailable"}
