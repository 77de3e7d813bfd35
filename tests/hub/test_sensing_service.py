"""The care loop over a real Mosquitto: a device streams a fall, the hub opens an incident; junk is ignored."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from firmware_bridge import Bridge, Kind, RadarState, Topic
from firmware_bridge.broker import mosquitto
from firmware_bridge.device import device_bridge, imu_batches, stream
from hub.sensing.fall_model import FallModel
from hub.sensing.service import CareSettings, SensingService
from models.fall import synth
from skills.base import ListSink
from skills.fall_response import FALL_DETECTED, FALL_ESCALATED, Escalation

SETTINGS = {
    "people": {"rose": {"name": "Rose", "age": 84, "contacts": ["notify.mobile_app_anna"]}},
    "wearables": {"wrist-01": "rose"},
    "satellites": {"living_room": "assist_satellite.living_room"},
}


@pytest.fixture
def broker() -> Iterator[str]:
    with mosquitto() as url:
        yield url


@pytest.fixture(scope="module")
def model() -> FallModel:
    return FallModel()


def _service(tmp_path: Path, model: FallModel, sink: ListSink) -> SensingService:
    escalation = Escalation(tmp_path / "incidents.json", sink, settings=SETTINGS, clock=time.time)
    return SensingService(escalation, model.score, threshold=model.threshold,
                          settings=CareSettings({"wrist-01": "living_room"}, {"radar-lr": "living_room"}))


async def test_a_streamed_fall_opens_an_incident_quickly(tmp_path: Path, model: FallModel, broker: str) -> None:
    sink = ListSink()
    service = _service(tmp_path, model, sink)
    rec = synth.make_recording(9_900_001, "fall_forward", placement="wrist", hz=50)
    batches = imu_batches("wrist-01", rec.data[:, 1:7].tolist(), 50)
    window_closes = rec.fall_times[0] + 3.0
    runner = asyncio.create_task(service.run(broker))
    try:
        await asyncio.sleep(0.5)
        async with device_bridge(broker, "wrist-01") as device:
            sent_at: float | None = None
            for batch in batches:
                await stream(device, [batch], speed=0)
                if sent_at is None and batch.t + len(batch.samples) / 50 >= window_closes:
                    sent_at = time.monotonic()
            async with asyncio.timeout(10):
                while not sink.of_type(FALL_DETECTED):  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
            latency = time.monotonic() - (sent_at or 0.0)
            async with asyncio.timeout(10):  # the first escalation step follows the detection, maybe a tick later
                while not sink.of_type(FALL_ESCALATED):  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
    detected = sink.of_type(FALL_DETECTED)[0]
    assert detected["person"] == "rose"
    assert detected["area"] == "living_room"
    assert abs(detected["impact_time"] - rec.fall_times[0]) < 1.0
    assert sink.of_type(FALL_ESCALATED)[0]["step"] == "ask"
    assert latency < 3.0
    assert "wrist-01" in service.announced
    # HA MQTT discovery for the wearable was published, retained, on the broker.
    async with Bridge.from_url(broker) as observer:
        await observer.subscribe(["homeassistant/#"], qos=1)
        async with asyncio.timeout(5):
            raw = await anext(observer.messages)
    assert raw.topic == "homeassistant/binary_sensor/hearth_wrist-01/online/config"
    assert raw.retain
    assert json.loads(raw.payload)["availability_topic"] == "hearth/wrist-01/availability"


async def test_bad_payloads_are_counted_not_raised(tmp_path: Path, model: FallModel) -> None:
    service = _service(tmp_path, model, ListSink())
    assert await service.handle("hearth/wrist-01/imu", b"garbage") == []
    assert await service.handle("not/a/topic/at/all", b"{}") == []
    assert await service.handle("hearth/wrist-01/imu", b'{"seq":0,"t":0,"hz":50,"s":[[0,0,1,0,0,"x"]]}') == []
    assert service.stats.bad_payloads == 3


async def test_radar_seeing_someone_walk_suppresses_the_alert(tmp_path: Path, model: FallModel) -> None:
    sink = ListSink()
    service = _service(tmp_path, model, sink)
    await service.handle(str(Topic("radar-lr", Kind.RADAR)), RadarState("radar-lr", True, moving=True).to_payload())
    rec = synth.make_recording(9_900_001, "fall_forward", placement="wrist", hz=50)
    for batch in imu_batches("wrist-01", rec.data[:, 1:7].tolist(), 50):
        await service.handle(str(Topic("wrist-01", Kind.IMU)), batch.to_payload())
    assert service.stats.suppressed_by_radar == 1
    assert not sink.events
