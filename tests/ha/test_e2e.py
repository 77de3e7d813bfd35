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
    """Every state but the agents' own (a conversation entity's state is the time of its last turn)."""
    return {
        state.entity_id: (state.state, dict(state.attributes))
        for state in hass.states.async_all()
        if state.domain != "conversation"
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
