"""Hearth's firmware bridge: the MQTT contract for ESP32-class sensors and an asyncio paho-mqtt client."""

from firmware_bridge.client import Bridge, RawMessage, Will
from firmware_bridge.errors import BridgeError, BrokerUnavailableError, PayloadError, PublishError, TopicError
from firmware_bridge.messages import (
    Availability,
    BedState,
    DeviceMessage,
    ImuBatch,
    RadarState,
    parse_message,
)
from firmware_bridge.topics import ALL_DEVICES, Kind, Topic, TopicLike

__all__ = [
    "ALL_DEVICES",
    "Availability",
    "BedState",
    "Bridge",
    "BridgeError",
    "BrokerUnavailableError",
    "DeviceMessage",
    "ImuBatch",
    "Kind",
    "PayloadError",
    "PublishError",
    "RadarState",
    "RawMessage",
    "Topic",
    "TopicError",
    "TopicLike",
    "Will",
    "parse_message",
]
