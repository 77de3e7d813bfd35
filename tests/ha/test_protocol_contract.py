"""The integration's copy of protocol v1 must accept and refuse exactly what the hub's schemas do.

HACS installs only `custom_components/hearth`, so the wire schemas exist twice. This test runs sample frames of
every type (valid ones and near-misses) through both copies; any drift fails here before it fails in a home.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from custom_components.hearth import protocol as ha_side
from hub.link import messages as hub_side

ENTITY = {"id": "light.kitchen", "name": "Kitchen Light", "area": "kitchen", "state": "on", "attributes": {"b": 1}}
CALL = {"tool": "HassTurnOn", "args": {"name": "Kitchen Light", "domain": ["light"]}, "entities": ["light.kitchen"]}

VALID: dict[str, list[dict[str, Any]]] = {
    "hello": [{"type": "hello", "protocol": 1, "ha_version": "2026.10.4", "instance_id": "abc"}],
    "home_snapshot": [
        {
            "type": "home_snapshot",
            "floors": [{"id": "g", "name": "Ground"}],
            "areas": [{"id": "kitchen", "name": "Kitchen", "floor": "g", "aliases": ["Cookhouse"]}],
            "entities": [ENTITY],
            "persons": [{"id": "person.ann", "name": "Ann", "user_id": "u1"}],
        },
        {"type": "home_snapshot"},
    ],
    "state_changed": [
        {"type": "state_changed", "entity_id": "light.kitchen", "state": "off", "attributes": {}},
        {"type": "state_changed", "entity_id": "light.kitchen", "state": None},
    ],
    "converse": [
        {"type": "converse", "request_id": "r1", "text": "turn on the light", "language": "en",
         "conversation_id": "c", "user_id": "u", "device_id": "d", "area_id": "kitchen"},
        {"type": "converse", "request_id": "r2", "text": ""},
        {"type": "converse", "request_id": "r3", "text": "hi", "tiers": "local_only"},
        {"type": "converse", "request_id": "r4", "text": "hi", "tiers": "local_generator"},
    ],
    "tool_result": [
        {"type": "tool_result", "call_id": "c1", "success": True, "data": {"speech": {}}},
        {"type": "tool_result", "call_id": "c1", "success": False, "error": "not exposed"},
    ],
    "event_ack": [{"type": "event_ack", "event_id": "e1"}],
    "ping": [{"type": "ping", "nonce": 3}, {"type": "ping"}],
    "welcome": [{"type": "welcome", "protocol": 1, "hub_id": "h" * 32, "hub_version": "0.1.0", "name": "Hearth"}],
    "tool_call": [{"type": "tool_call", "call_id": "c1", "request_id": "r1", **CALL}],
    "converse_result": [
        {"type": "converse_result", "request_id": "r1", "speech": "Done.", "conversation_id": None,
         "continue_conversation": False, "tier": "template", "confidence": 1.0, "outcome": "done",
         "actions": [{**CALL, "success": True, "error": None}], "latency_ms": 3.2},
    ],
    "converse_delta": [{"type": "converse_delta", "request_id": "r1", "delta": "It is "}],
    "event": [{"type": "event", "event_id": "e1", "event_type": "hearth_fall_detected", "time": "t", "data": {}}],
    "error": [{"type": "error", "code": "not_ready", "message": "send hello first", "request_id": "r1"}],
    "pong": [{"type": "pong", "nonce": "x"}],
}

# (message type, field, bad value): each must be refused by both copies.
BROKEN: list[tuple[str, str, Any]] = [
    ("hello", "protocol", "one"),
    ("home_snapshot", "entities", [{"id": "Kitchen Light", "name": "x"}]),
    ("home_snapshot", "entities", [{"id": "light.x"}]),
    ("state_changed", "entity_id", ""),
    ("converse", "text", "x" * 2001),
    ("converse", "request_id", None),
    ("converse", "language", ""),
    ("converse", "tiers", "remote_only"),
    ("converse_delta", "delta", ""),
    ("converse_delta", "delta", "x" * 4001),
    ("converse_delta", "request_id", None),
    ("tool_result", "success", "yes"),
    ("welcome", "protocol", 2),
    ("tool_call", "args", {"name": {"nested": "dict"}}),
    ("converse_result", "outcome", "maybe"),
    ("converse_result", "confidence", 1.5),
    ("event", "event_type", "fall_detected"),
    ("error", "code", "teapot"),
]


def _accepts(schema: Any, frame: dict[str, Any]) -> bool:
    try:
        schema(copy.deepcopy(frame))
    except Exception:  # voluptuous and probatio raise their own Invalid types
        return False
    return True


def _schema(kind: str) -> tuple[Any, Any]:
    if kind in hub_side.INBOUND:
        return hub_side.INBOUND[kind], ha_side.HA_TO_HUB[kind]
    return hub_side.OUTBOUND[kind], ha_side.HUB_TO_HA[kind]


def test_same_message_types_and_limits() -> None:
    assert set(hub_side.INBOUND) == set(ha_side.HA_TO_HUB)
    assert set(hub_side.OUTBOUND) == set(ha_side.HUB_TO_HA)
    assert hub_side.PROTOCOL_VERSION == ha_side.PROTOCOL_VERSION
    assert hub_side.MAX_MESSAGE_BYTES == ha_side.MAX_MESSAGE_BYTES
    assert hub_side.MAX_TEXT_CHARS == ha_side.MAX_TEXT_CHARS
    assert hub_side.MAX_DELTA_CHARS == ha_side.MAX_DELTA_CHARS
    assert hub_side.TIER_POLICIES == ha_side.TIER_POLICIES
    assert set(VALID) == set(hub_side.INBOUND) | set(hub_side.OUTBOUND)


@pytest.mark.parametrize(("kind", "frame"), [(k, f) for k, frames in VALID.items() for f in frames])
def test_valid_frames_pass_both(kind: str, frame: dict[str, Any]) -> None:
    hub_schema, ha_schema = _schema(kind)
    assert _accepts(hub_schema, frame)
    assert _accepts(ha_schema, frame)


@pytest.mark.parametrize(("kind", "field", "value"), BROKEN)
def test_broken_frames_fail_both(kind: str, field: str, value: Any) -> None:
    frame = {**VALID[kind][0], field: value}
    hub_schema, ha_schema = _schema(kind)
    assert not _accepts(hub_schema, frame)
    assert not _accepts(ha_schema, frame)


@pytest.mark.parametrize("kind", sorted(VALID))
def test_unknown_fields_are_refused_by_both(kind: str) -> None:
    frame = {**VALID[kind][0], "surprise": 1}
    hub_schema, ha_schema = _schema(kind)
    assert _accepts(hub_schema, frame) == _accepts(ha_schema, frame) is False
