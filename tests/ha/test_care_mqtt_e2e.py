"""End to end over real MQTT into real HA: a recorded fall streamed by a simulated wearable → the hub's care loop
→ `hearth_fall_detected` on HA's bus ≤ 3 s after the stillness window closes → the blueprint's satellite ask →
(no answer) the phone notification → the phone's acknowledgement (through `hearth.respond_to_incident`) →
`hearth_fall_resolved`; a recorded stretch of normal life before it produces no event.

`tests/ha/run_lane.sh` starts Mosquitto, a second hub (`HEARTH_CARE_HUB_URL`) with `mqtt_url` and a `[care]`
config (Tom's `wrist-07` in the kitchen, `assist_satellite.kitchen`, Anna's phone), and the host-side wearable
(`tests/ha/mqtt_streamer.py`, which this test drives over `HEARTH_STREAMER_PORT`; the HA root has no MQTT client).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import Event, HomeAssistant, ServiceCall, SupportsResponse, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_mock_service
from yarl import URL

from custom_components.hearth.const import CONF_TOKEN, DOMAIN

from .helpers import async_setup_base
from .test_blueprints import BLUEPRINTS

pytestmark = pytest.mark.e2e

EVENTS = ("hearth_fall_detected", "hearth_fall_escalated", "hearth_fall_resolved")


class Wearable:
    """The host-side simulated device: one command per line, JSON lines back."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def send(self, command: str) -> None:
        self.writer.write(command.encode() + b"\n")
        await self.writer.drain()

    async def next(self, within_s: float = 20) -> dict[str, Any]:
        async with asyncio.timeout(within_s):
            line = await self.reader.readline()
        assert line, "the streamer closed the connection"
        message: dict[str, Any] = json.loads(line)
        assert "error" not in message, message["error"]
        return message


async def _wait(hass: HomeAssistant, done: Any, within_s: float) -> None:
    async with asyncio.timeout(within_s):
        while not done():
            await asyncio.sleep(0.02)
            await hass.async_block_till_done()


async def _set_up(
    hass: HomeAssistant, tmp_path: Path, hub: URL, token: str
) -> tuple[list[ServiceCall], list[ServiceCall], list[tuple[float, str, dict[str, Any]]]]:
    """The fall blueprint, a mocked satellite and phone, a listener on the care events, the hub's config entry."""
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints" / "automation" / "hearth")
    await async_setup_base(hass)
    ask = async_mock_service(hass, "assist_satellite", "ask_question", response={"id": "none", "sentence": ""},
                             supports_response=SupportsResponse.ONLY)
    anna = async_mock_service(hass, "notify", "mobile_app_anna")
    assert await async_setup_component(
        hass, "automation", {"automation": [{"use_blueprint": {"path": "hearth/fall_alert.yaml", "input": {}}}]}
    )
    seen: list[tuple[float, str, dict[str, Any]]] = []

    @callback
    def record(event: Event) -> None:
        seen.append((time.time(), event.event_type, dict(event.data)))

    for event_type in EVENTS:
        hass.bus.async_listen(event_type, record)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: hub.host, CONF_PORT: hub.port, CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    await hass.async_block_till_done()
    await asyncio.sleep(0.5)
    await hass.async_block_till_done()
    return ask, anna, seen


async def test_recorded_fall_over_mqtt_reaches_ha_and_resolves(
    hass: HomeAssistant, socket_enabled: None, tmp_path: Path
) -> None:
    url, token = os.environ.get("HEARTH_CARE_HUB_URL", ""), os.environ.get("HEARTH_HUB_TOKEN", "")
    streamer_port = os.environ.get("HEARTH_STREAMER_PORT", "")
    if not (url and token and streamer_port and os.environ.get("HEARTH_MQTT_URL")):
        pytest.fail("HEARTH_CARE_HUB_URL, HEARTH_HUB_TOKEN, HEARTH_MQTT_URL and HEARTH_STREAMER_PORT are not set: "
                    "run this with tests/ha/run_lane.sh")
    ask, anna, seen = await _set_up(hass, tmp_path, URL(url), token)

    def of_type(event_type: str) -> list[tuple[float, dict[str, Any]]]:
        return [(at, data) for at, kind, data in seen if kind == event_type]

    before = len(seen)

    wearable = Wearable(*await asyncio.open_connection("127.0.0.1", int(streamer_port)))
    try:
        # A quarter of an hour of recorded normal life: no event.
        await wearable.send("day")
        assert await wearable.next() == {"done": True}
        await asyncio.sleep(1.0)
        await hass.async_block_till_done()
        assert seen[before:] == []

        # The recorded fall, in real time around the impact.
        await wearable.send("fall")
        closed_at = (await wearable.next())["closed_at"]
        await _wait(hass, lambda: of_type("hearth_fall_detected"), within_s=10)
        detected_at, detected = of_type("hearth_fall_detected")[0]
        latency = detected_at - closed_at
        print(f"hearth_fall_detected in HA {latency:.3f} s after the stillness window closed")
        assert latency <= 3.0
        assert (detected["person"], detected["device_id"], detected["area"]) == ("tom", "wrist-07", "kitchen")
        assert detected["plan"] == ["ask", "notify", "notify_all"]
        incident = detected["incident_id"]
        assert await wearable.next() == {"done": True}

        # The blueprint asks in the kitchen; nobody answers, so Anna's phone gets the critical alert.
        await _wait(hass, lambda: ask, within_s=5)
        assert ask[0].data["entity_id"] == "assist_satellite.kitchen"
        await _wait(hass, lambda: anna, within_s=15)
        push = anna[0].data["data"]
        assert push["push"]["interruption-level"] == "critical"
        actions = {a["action"] for a in push["actions"]}
        assert f"HEARTH_FALL_ACK_{incident}" in actions
        steps = [data["step"] for _, data in of_type("hearth_fall_escalated")]
        assert steps[:2] == ["ask", "notify"]

        # Anna taps "I'm on it": the blueprint passes it to the hub with hearth.respond_to_incident.
        hass.bus.async_fire("mobile_app_notification_action", {"action": f"HEARTH_FALL_ACK_{incident}"})
        await _wait(hass, lambda: of_type("hearth_fall_resolved"), within_s=10)
        resolved = of_type("hearth_fall_resolved")[0][1]
        assert (resolved["incident_id"], resolved["resolution"]) == (incident, "acknowledged")
        assert len(of_type("hearth_fall_detected")) == 1
    finally:
        wearable.writer.close()
