"""End to end with the REAL hub of this lane: care events raised on the hub reach HA and drive the blueprint.

`tests/ha/run_lane.sh` starts `python -m hub serve` on the host and passes `HEARTH_HUB_URL`/`HEARTH_HUB_TOKEN`.
The events enter the hub's outbox through `POST /api/v1/events` (the fall pipeline itself runs hub-side over MQTT
in `tests/hub/test_sensing_e2e.py`); from there the path is the real one: outbox → link → HA bus → blueprint.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, SupportsResponse
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_mock_service
from yarl import URL

from custom_components.hearth.const import CONF_TOKEN, DOMAIN

from .helpers import async_setup_base
from .test_blueprints import ASK, BLUEPRINTS, NOTIFY

pytestmark = pytest.mark.e2e


async def test_hub_care_events_drive_the_fall_blueprint(
    hass: HomeAssistant, socket_enabled: None, tmp_path: Path
) -> None:
    url, token = os.environ.get("HEARTH_HUB_URL", ""), os.environ.get("HEARTH_HUB_TOKEN", "")
    if not url or not token:
        pytest.fail("HEARTH_HUB_URL and HEARTH_HUB_TOKEN are not set: run this with tests/ha/run_lane.sh")
    hub = URL(url)
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints" / "automation" / "hearth")
    await async_setup_base(hass)
    ask = async_mock_service(hass, "assist_satellite", "ask_question", response={"id": "none", "sentence": ""},
                             supports_response=SupportsResponse.ONLY)
    anna = async_mock_service(hass, "notify", "mobile_app_anna")
    assert await async_setup_component(
        hass, "automation", {"automation": [{"use_blueprint": {"path": "hearth/fall_alert.yaml", "input": {}}}]}
    )
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: hub.host, CONF_PORT: hub.port, CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    await hass.async_block_till_done()

    session = async_get_clientsession(hass)
    for event_type, data in (("hearth_fall_detected", {"incident_id": ASK["incident_id"], "person": "rose"}),
                             ("hearth_fall_escalated", ASK), ("hearth_fall_escalated", NOTIFY)):
        async with session.post(hub.with_path("/api/v1/events"), json={"event_type": event_type, "data": data},
                                headers={"Authorization": f"Bearer {token}"}) as resp:
            assert resp.status == 202
    async with asyncio.timeout(10):
        while not (ask and anna):
            await asyncio.sleep(0.05)
            await hass.async_block_till_done()
    assert ask[0].data["question"] == ASK["message"]
    assert anna[0].data["data"]["push"]["interruption-level"] == "critical"
    incident_sensors = [s for s in hass.states.async_all("binary_sensor") if s.attributes.get("incidents")]
    assert incident_sensors
    assert incident_sensors[0].state == "on"
