"""End to end on the hub side: a device over real MQTT, the real hub, and HA played by a protocol-v1 client.

A recorded fall streamed by a simulated wearable → `hearth_fall_detected` on the HA link within 3 s of the
stillness window closing → the satellite ask → (no answer) the phone notification → a phone acknowledgement
through REST → `hearth_fall_resolved`. A recorded stretch of normal life produces no event.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from firmware_bridge.broker import mosquitto
from firmware_bridge.device import device_bridge, imu_batches, stream
from hub.config import load_config
from hub.server.serve import running_hub
from models.fall import synth
from tests.hub.conftest import TOKEN

CARE = {
    "people": {"tom": {"name": "Tom", "age": 45, "contacts": ["notify.mobile_app_anna"]}},
    "wearables": {"wrist-07": "tom"},
    "satellites": {"kitchen": "assist_satellite.kitchen"},
    "device_areas": {"wrist-07": "kitchen"},
    "ask_timeout_s": 5,
    "ack_timeout_s": 60,
}


@pytest.fixture
def broker() -> Iterator[str]:
    with mosquitto() as url:
        yield url


class FakeHA:
    """Speaks protocol v1 like the integration: hello, then acknowledges every event it receives."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.events: list[tuple[float, dict[str, Any]]] = []

    async def run(self) -> None:
        await self.ws.send_json({"type": "hello", "protocol": 1})
        async for msg in self.ws:
            frame = msg.json()
            if frame["type"] == "event":
                self.events.append((time.monotonic(), frame))
                await self.ws.send_json({"type": "event_ack", "event_id": frame["event_id"]})

    def of_type(self, event_type: str) -> list[tuple[float, dict[str, Any]]]:
        return [(t, f) for t, f in self.events if f["event_type"] == event_type]

    async def wait_for(self, event_type: str, count: int = 1, within_s: float = 15) -> None:
        async with asyncio.timeout(within_s):
            while len(self.of_type(event_type)) < count:  # noqa: ASYNC110
                await asyncio.sleep(0.02)


async def test_fall_to_resolution_over_mqtt_and_the_ha_link(tmp_path: Path, broker: str) -> None:
    config = load_config(None, {"host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(tmp_path / "d"),
                                "home": "ha", "zeroconf": False, "mqtt_url": broker, "care": CARE})
    fall = synth.make_recording(9_990_001, "fall_lateral", placement="wrist", hz=50)
    day = synth.make_day(9_990_002, hours=0.25, placement="wrist", hz=50)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        running_hub(config) as hub,
        aiohttp.ClientSession(headers=headers) as http,
        http.ws_connect(f"{hub.url}/api/v1/ws") as ws,
    ):
        ha = FakeHA(ws)
        reader = asyncio.create_task(ha.run())
        try:
            await asyncio.sleep(0.5)
            async with device_bridge(broker, "wrist-07") as device:
                # A quarter of an hour of normal life (sent fast): no event.
                await stream(device, imu_batches("wrist-07", day.data[:, 1:7].tolist(), 50), speed=0)
                await asyncio.sleep(1.0)
                assert ha.events == []
                # The fall, in real time from 3 s before the impact.
                batches = imu_batches("wrist-07", fall.data[:, 1:7].tolist(), 50, t0=day.data[-1, 0] + 60)
                impact = day.data[-1, 0] + 60 + fall.fall_times[0]
                closes = impact + 3.0
                before = [b for b in batches if b.t + 0.5 < impact - 3.0]
                await stream(device, before, speed=0)
                closed_at = None
                for batch in batches[len(before):]:
                    # A device publishes a batch when its last sample is taken: that is when the window closes.
                    if closed_at is None and batch.t + 0.5 >= closes:
                        closed_at = time.monotonic()
                    await stream(device, [batch], speed=1)
                    if ha.of_type("hearth_fall_detected"):
                        break
                await ha.wait_for("hearth_fall_detected")
            assert closed_at is not None
            detected_at, detected = ha.of_type("hearth_fall_detected")[0]
            print(f"fall event on the HA link {detected_at - closed_at:.3f} s after the stillness window closed")
            assert detected_at - closed_at <= 3.0
            data = detected["data"]
            assert (data["person"], data["area"], data["plan"]) == ("tom", "kitchen", ["ask", "notify",
                                                                                       "notify_all"])
            incident = data["incident_id"]
            await ha.wait_for("hearth_fall_escalated")
            assert ha.of_type("hearth_fall_escalated")[0][1]["data"]["step"] == "ask"
            # Nobody answers in the room: after the ask timeout the phones are alerted.
            await ha.wait_for("hearth_fall_escalated", count=2, within_s=10)
            notify = ha.of_type("hearth_fall_escalated")[1][1]["data"]
            assert (notify["step"], notify["targets"]) == ("notify", ["notify.mobile_app_anna"])
            async with http.post(f"{hub.url}/api/v1/incidents/{incident}/respond",
                                 json={"response": "ack", "by": "notify.mobile_app_anna"}) as resp:
                assert resp.status == 200
            await ha.wait_for("hearth_fall_resolved")
            resolved = ha.of_type("hearth_fall_resolved")[0][1]["data"]
            assert (resolved["incident_id"], resolved["resolution"]) == (incident, "acknowledged")
            await asyncio.sleep(0.3)
            assert hub.runtime.outbox.pending() == []  # every event was acknowledged by "HA"
        finally:
            reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)
