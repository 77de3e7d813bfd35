"""Home Assistant MQTT discovery for the devices' own entities (retained config messages the bridge publishes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from firmware_bridge.topics import Kind, Topic

DISCOVERY_PREFIX: Final = "homeassistant"


@dataclass(frozen=True, slots=True)
class DiscoveryMessage:
    """One retained `homeassistant/<component>/<node>/<object>/config` message."""

    topic: str
    payload: bytes


def _entity(device_id: str, component: str, key: str, name: str, state: Kind, extra: dict[str, Any],
            *, model: str) -> DiscoveryMessage:
    config: dict[str, Any] = {
        "name": name,
        "unique_id": f"hearth_{device_id}_{key}",
        "object_id": f"hearth_{device_id}_{key}",
        "state_topic": str(Topic(device_id, state)),
        "availability_topic": str(Topic(device_id, Kind.AVAILABILITY)),
        "payload_available": "online",
        "payload_not_available": "offline",
        "device": {"identifiers": [f"hearth_{device_id}"], "name": f"Hearth {device_id}",
                   "manufacturer": "Hearth", "model": model},
        **extra,
    }
    topic = f"{DISCOVERY_PREFIX}/{component}/hearth_{device_id}/{key}/config"
    return DiscoveryMessage(topic, json.dumps(config, separators=(",", ":")).encode())


def discovery_messages(device_id: str, kind: Kind) -> list[DiscoveryMessage]:
    """The entities a device of this kind shows in HA; IMU streams stay hub-side (far too fast for HA)."""
    Topic(device_id, kind)  # validates the id
    if kind is Kind.RADAR:
        return [
            _entity(device_id, "binary_sensor", "presence", "Presence", Kind.RADAR,
                    {"device_class": "occupancy", "value_template": "{{ 'ON' if value_json.presence else 'OFF' }}"},
                    model="mmWave radar"),
            _entity(device_id, "binary_sensor", "moving", "Moving", Kind.RADAR,
                    {"device_class": "motion", "value_template": "{{ 'ON' if value_json.moving else 'OFF' }}"},
                    model="mmWave radar"),
        ]
    if kind is Kind.BED:
        return [
            _entity(device_id, "binary_sensor", "bed", "In bed", Kind.BED,
                    {"device_class": "occupancy", "value_template": "{{ 'ON' if value_json.occupied else 'OFF' }}"},
                    model="bed pressure mat"),
        ]
    if kind is Kind.IMU:
        return [
            _entity(device_id, "binary_sensor", "online", "Wearable", Kind.AVAILABILITY,
                    {"device_class": "connectivity", "payload_on": "online", "payload_off": "offline",
                     "entity_category": "diagnostic"},
                    model="IMU wearable"),
        ]
    return []
