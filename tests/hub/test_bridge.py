"""Firmware bridge: topic schema, payload contract, fuzzed parsers and a real Mosquitto broker on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firmware_bridge import (
    ALL_DEVICES,
    Availability,
    BedState,
    Bridge,
    BrokerUnavailableError,
    ImuBatch,
    Kind,
    PayloadError,
    RadarState,
    Topic,
    TopicError,
    parse_message,
)
from firmware_bridge.broker import mosquitto
from firmware_bridge.device import device_bridge, imu_batches, stream
from firmware_bridge.discovery import discovery_messages


@pytest.fixture
def broker() -> Iterator[str]:
    with mosquitto() as url:
        yield url


def test_topics_validate_and_round_trip() -> None:
    topic = Topic.parse("hearth/wrist-01/imu")
    assert topic == Topic("wrist-01", Kind.IMU)
    assert str(topic) == "hearth/wrist-01/imu"
    for bad in ("hearth/wrist/unknown", "other/wrist/imu", "hearth/Wrist/imu", "hearth/a/b/imu", "hearth//imu"):
        with pytest.raises(TopicError):
            Topic.parse(bad)


def test_messages_round_trip_through_payloads() -> None:
    batch = ImuBatch("w1", 7, 12.5, 50, ((0.0, 0.0, 1.0, 1.0, 2.0, 3.0),) * 25, 16.0, 2000.0)
    assert parse_message(Topic("w1", Kind.IMU), batch.to_payload()) == batch
    radar = RadarState("r1", presence=True, moving=False, distance_cm=120, energy=40)
    assert parse_message(Topic("r1", Kind.RADAR), radar.to_payload()) == radar
    bed = BedState("b1", occupied=True, pressure=0.5)
    assert parse_message(Topic("b1", Kind.BED), bed.to_payload()) == bed
    assert parse_message(Topic("b1", Kind.AVAILABILITY), b"offline") == Availability("b1", online=False)


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (Kind.IMU, b"{"),
        (Kind.IMU, b'{"seq": 1, "t": 0, "hz": 50, "s": []}'),
        (Kind.IMU, b'{"seq": 1, "t": 0, "hz": 50, "s": [[1, 2, 3]]}'),
        (Kind.IMU, b'{"seq": 1, "t": 0, "hz": 50, "s": [[1e999, 0, 0, 0, 0, 0]]}'),
        (Kind.IMU, b'{"seq": 1, "t": 0, "hz": 50, "s": [[true, 0, 0, 0, 0, 0]]}'),
        (Kind.IMU, b'{"seq": -1, "t": 0, "hz": 50, "s": [[0, 0, 0, 0, 0, 0]]}'),
        (Kind.IMU, b'{"seq": 1, "t": 0, "hz": 50, "s": [[0, 0, 0, 0, 0, 0]], "x": 1}'),
        (Kind.RADAR, b'{"presence": "yes"}'),
        (Kind.BED, b'{"occupied": true, "pressure": 2}'),
        (Kind.AVAILABILITY, b"maybe"),
        (Kind.BED, b"\xff\xfe"),
        (Kind.IMU, b"[" * 5000),
    ],
)
def test_bad_payloads_raise_payload_error(kind: Kind, payload: bytes) -> None:
    with pytest.raises(PayloadError):
        parse_message(Topic("dev1", kind), payload)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.sampled_from(
        ["seq", "t", "hz", "s", "range", "presence", "moving", "occupied", "pressure", "energy", "x"]), inner,
        max_size=6),
    max_leaves=40,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(kind=st.sampled_from(list(Kind)), raw=st.binary(max_size=300) | _json_values.map(
    lambda v: json.dumps(v).encode()))
def test_fuzzed_payloads_never_crash_the_parsers(kind: Kind, raw: bytes) -> None:
    with contextlib.suppress(PayloadError):
        parse_message(Topic("fuzz", kind), raw)


def test_discovery_configs_name_unique_ids_and_availability() -> None:
    messages = [m for kind in Kind for m in discovery_messages("node1", kind)]
    ids = [json.loads(m.payload)["unique_id"] for m in messages]
    assert len(ids) == len(set(ids)) == 4
    for message in messages:
        config = json.loads(message.payload)
        assert message.topic.startswith("homeassistant/binary_sensor/hearth_node1/")
        assert config["availability_topic"] == "hearth/node1/availability"


async def test_streams_reach_the_hub_over_a_real_broker(broker: str) -> None:
    rows = [(0.01 * i, 0.0, 1.0, 0.0, 0.0, 5.0) for i in range(100)]
    async with Bridge.from_url(broker, client_id="hub") as hub:
        await hub.subscribe([ALL_DEVICES], qos=1)
        async with device_bridge(broker, "wrist1") as device:
            await stream(device, imu_batches("wrist1", rows, 50), speed=0)
            await device.publish(Topic("wrist1", Kind.RADAR), b'{"presence": true}')
            got: list[object] = []
            async with asyncio.timeout(5):
                async for raw in hub.messages:
                    got.append(parse_message(Topic.parse(raw.topic), raw.payload))
                    if isinstance(got[-1], RadarState):
                        break
    assert got[0] == Availability("wrist1", online=True)
    imu = [m for m in got if isinstance(m, ImuBatch)]
    assert [m.seq for m in imu] == [0, 1, 2, 3]
    assert sum(len(m.samples) for m in imu) == 100


async def test_last_will_marks_a_vanished_device_offline(broker: str) -> None:
    code = (
        "import asyncio, sys\n"
        "from firmware_bridge.device import device_bridge\n"
        "async def main():\n"
        "    async with device_bridge(sys.argv[1], 'pendant1'):\n"
        "        print('up', flush=True)\n"
        "        await asyncio.sleep(60)\n"
        "asyncio.run(main())\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code, broker], stdout=subprocess.PIPE)  # noqa: ASYNC220
    try:
        assert process.stdout is not None
        assert (await asyncio.to_thread(process.stdout.readline)).strip() == b"up"
        async with Bridge.from_url(broker) as hub:
            await hub.subscribe(["hearth/pendant1/availability"], qos=1)
            async with asyncio.timeout(5):
                first = await anext(hub.messages)
            assert (first.payload, first.retain) == (b"online", True)
            process.kill()
            async with asyncio.timeout(5):
                second = await anext(hub.messages)
            assert second.payload == b"offline"
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


async def test_reconnects_and_resubscribes_after_a_broker_restart() -> None:
    with mosquitto() as url:
        port = int(url.rsplit(":", 1)[1])
        hub = Bridge.from_url(url)
        await hub.__aenter__()
        await hub.subscribe(["hearth/+/bed"])
    try:
        await asyncio.sleep(0.3)
        assert not hub.connected
        with mosquitto(port=port):
            await hub.wait_connected(10)
            async with device_bridge(url, "bed1") as device:
                await device.publish(Topic("bed1", Kind.BED), BedState("bed1", occupied=True).to_payload(), qos=1)
                async with asyncio.timeout(5):
                    raw = await anext(hub.messages)
        assert parse_message(Topic.parse(raw.topic), raw.payload) == BedState("bed1", occupied=True)
        assert hub.connects == 2
    finally:
        await hub.__aexit__(None, None, None)


async def test_a_slow_consumer_drops_the_oldest_messages(broker: str) -> None:
    async with Bridge.from_url(broker, queue_size=8) as hub:
        await hub.subscribe(["hearth/+/radar"], qos=1)
        async with device_bridge(broker, "r1") as device:
            for energy in range(40):
                await device.publish(Topic("r1", Kind.RADAR), RadarState("r1", True, energy=energy).to_payload(),
                                     qos=1)
            await asyncio.sleep(1.0)
        assert hub.dropped > 0
        last = None
        while not hub._queue.empty():
            last = parse_message(Topic("r1", Kind.RADAR), (await anext(hub.messages)).payload)
        assert isinstance(last, RadarState)
        assert last.energy == 39


async def test_an_unreachable_broker_is_a_bridge_error() -> None:
    bridge = Bridge("127.0.0.1", 1, client_id="nobody", connect_timeout=1.0)
    with pytest.raises(BrokerUnavailableError):
        async with asyncio.timeout(15):
            await bridge.__aenter__()
