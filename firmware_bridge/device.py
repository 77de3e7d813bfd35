"""A simulated ESP32 device: publishes birth, streams and last will exactly as the reference firmware does."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Final

from firmware_bridge.client import Bridge, Will
from firmware_bridge.messages import Availability, DeviceMessage, ImuBatch, topic_of
from firmware_bridge.topics import Kind, Topic

BATCH_S: Final = 0.5


def imu_batches(
    device_id: str, rows: Sequence[Sequence[float]], hz: int, *, batch_s: float = BATCH_S, t0: float = 0.0
) -> list[ImuBatch]:
    """Cut a recording (rows of ax..gz) into the batches a device sends."""
    size = max(1, round(hz * batch_s))
    batches = []
    for seq, start in enumerate(range(0, len(rows), size)):
        chunk = rows[start : start + size]
        batches.append(ImuBatch(device_id, seq, t0 + start / hz, hz,
                                tuple((r[0], r[1], r[2], r[3], r[4], r[5]) for r in chunk), 16.0, 2000.0))
    return batches


def device_bridge(url: str, device_id: str) -> Bridge:
    """A bridge with the device's birth and last-will set, as the firmware configures its MQTT client."""
    availability = Topic(device_id, Kind.AVAILABILITY)
    return Bridge.from_url(
        url,
        client_id=f"dev-{device_id}",
        will=Will(availability, Availability(device_id, online=False).to_payload()),
        birth=Will(availability, Availability(device_id, online=True).to_payload()),
    )


async def stream(bridge: Bridge, messages: Sequence[DeviceMessage], *, speed: float = 1.0) -> None:
    """Publish messages paced in (scaled) real time by their batch length; speed 0 means as fast as possible."""
    for message in messages:
        await bridge.publish(topic_of(message), message.to_payload(), qos=0)
        if speed > 0 and isinstance(message, ImuBatch):
            await asyncio.sleep(len(message.samples) / message.hz / speed)
