"""Topic schema `hearth/<device_id>/<kind>` as a validated value type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from firmware_bridge.errors import TopicError

PREFIX: Final = "hearth"
DEVICE_ID_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
"""Lower-case letters, digits, `_` and `-`: the ESP32's MAC or node name, never its IP."""


class Kind(StrEnum):
    """What a device publishes on its sub-topic."""

    IMU = "imu"
    RADAR = "radar"
    BED = "bed"
    AVAILABILITY = "availability"


@dataclass(frozen=True, slots=True)
class Topic:
    """One device topic; construction validates it, so a bad id fails here and not deep inside paho."""

    device_id: str
    """The device's stable id (MAC or node name)."""
    kind: Kind
    """Which stream: imu, radar, bed or availability."""

    def __post_init__(self) -> None:
        if not DEVICE_ID_RE.match(self.device_id):
            raise TopicError(f"invalid device id {self.device_id!r}")
        if not isinstance(self.kind, Kind):
            raise TopicError(f"invalid kind {self.kind!r}")

    def __str__(self) -> str:
        return f"{PREFIX}/{self.device_id}/{self.kind.value}"

    @classmethod
    def parse(cls, value: str) -> Topic:
        parts = value.split("/")
        if len(parts) != 3 or parts[0] != PREFIX:
            raise TopicError(f"not a Hearth device topic: {value[:80]!r}")
        try:
            kind = Kind(parts[2])
        except ValueError:
            raise TopicError(f"unknown stream {parts[2][:20]!r}") from None
        return cls(parts[1], kind)


type TopicLike = str | Topic

ALL_DEVICES: Final = f"{PREFIX}/+/+"
"""The subscription that receives every device stream."""


def topic_str(topic: TopicLike) -> str:
    return str(topic) if isinstance(topic, Topic) else topic
