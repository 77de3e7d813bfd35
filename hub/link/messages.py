"""Protocol v1 message schemas (the README's "HA link protocol" section is the spec these enforce).

Every frame is one JSON object with a `type`. Both directions are validated here: what HA sends before the hub
acts on it, and what the hub sends before it leaves (so a bug on our side fails loudly in tests, not in HA).
"""

from __future__ import annotations

import json
from typing import Any, Final

import voluptuous as vol

from hub.errors import ProtocolError
from hub.home.model import AREA_SCHEMA, ENTITY_SCHEMA, FLOOR_SCHEMA, humanize_invalid

PROTOCOL_VERSION: Final = 1
MAX_MESSAGE_BYTES: Final = 4 * 1024 * 1024
"""A full home snapshot of 5000 entities fits well inside this; anything larger is refused, not parsed."""
MAX_TEXT_CHARS: Final = 2000
MAX_DELTA_CHARS: Final = 4000
"""One `converse_delta` carries at most this much text (a model streams a few characters at a time)."""
TIER_POLICIES: Final = ("local_only", "local_generator", "any")
"""A conversation agent's `tiers` in `converse`: which understanding tiers the hub may use for its turns."""

_ID = vol.All(str, vol.Length(min=1, max=128))
_OPT_ID = vol.Any(None, _ID)
_SLOT_VALUE = vol.Any(str, int, float, bool, [vol.Any(str, int, float)])

PERSON_SCHEMA = vol.Schema(
    {vol.Required("id"): _ID, vol.Required("name"): _ID, vol.Optional("user_id"): _OPT_ID},
    extra=vol.REMOVE_EXTRA,
)

# HA -> hub
HELLO = vol.Schema(
    {
        vol.Required("type"): "hello",
        vol.Required("protocol"): int,
        vol.Optional("ha_version"): vol.All(str, vol.Length(max=64)),
        vol.Optional("instance_id"): _OPT_ID,
    }
)
HOME_SNAPSHOT = vol.Schema(
    {
        vol.Required("type"): "home_snapshot",
        vol.Optional("floors", default=list): [FLOOR_SCHEMA],
        vol.Optional("areas", default=list): [AREA_SCHEMA],
        vol.Optional("entities", default=list): vol.All([ENTITY_SCHEMA], vol.Length(max=5000)),
        vol.Optional("persons", default=list): [PERSON_SCHEMA],
    }
)
STATE_CHANGED = vol.Schema(
    {
        vol.Required("type"): "state_changed",
        vol.Required("entity_id"): _ID,
        vol.Required("state"): vol.Any(None, vol.All(vol.Coerce(str), vol.Length(max=255))),
        vol.Optional("attributes", default=dict): dict,
    }
)
CONVERSE = vol.Schema(
    {
        vol.Required("type"): "converse",
        vol.Required("request_id"): _ID,
        vol.Required("text"): vol.All(str, vol.Length(max=MAX_TEXT_CHARS)),
        vol.Optional("language", default="en"): vol.All(str, vol.Length(min=1, max=16)),
        vol.Optional("conversation_id"): _OPT_ID,
        vol.Optional("user_id"): _OPT_ID,
        vol.Optional("device_id"): _OPT_ID,
        vol.Optional("area_id"): _OPT_ID,
        vol.Optional("tiers", default="any"): vol.In(list(TIER_POLICIES)),
    }
)
TOOL_RESULT = vol.Schema(
    {
        vol.Required("type"): "tool_result",
        vol.Required("call_id"): _ID,
        vol.Required("success"): bool,
        vol.Optional("data", default=dict): dict,
        vol.Optional("error"): vol.Any(None, vol.All(str, vol.Length(max=2000))),
    }
)
EVENT_ACK = vol.Schema({vol.Required("type"): "event_ack", vol.Required("event_id"): _ID})
PING = vol.Schema({vol.Required("type"): "ping", vol.Optional("nonce"): vol.Any(None, str, int)})

INBOUND: Final[dict[str, vol.Schema]] = {
    "hello": HELLO,
    "home_snapshot": HOME_SNAPSHOT,
    "state_changed": STATE_CHANGED,
    "converse": CONVERSE,
    "tool_result": TOOL_RESULT,
    "event_ack": EVENT_ACK,
    "ping": PING,
}

# hub -> HA
_CALL: dict[vol.Marker, Any] = {
    vol.Required("tool"): _ID,
    vol.Required("args"): {str: _SLOT_VALUE},
    vol.Required("entities"): [_ID],
}
WELCOME = vol.Schema(
    {
        vol.Required("type"): "welcome",
        vol.Required("protocol"): PROTOCOL_VERSION,
        vol.Required("hub_id"): _ID,
        vol.Required("hub_version"): str,
        vol.Required("name"): str,
    }
)
TOOL_CALL = vol.Schema(
    {vol.Required("type"): "tool_call", vol.Required("call_id"): _ID, vol.Required("request_id"): _ID, **_CALL}
)
CONVERSE_RESULT = vol.Schema(
    {
        vol.Required("type"): "converse_result",
        vol.Required("request_id"): _ID,
        vol.Required("speech"): str,
        vol.Required("conversation_id"): _OPT_ID,
        vol.Required("continue_conversation"): bool,
        vol.Required("tier"): _ID,
        vol.Required("confidence"): vol.All(vol.Coerce(float), vol.Range(min=0, max=1)),
        vol.Required("outcome"): vol.In(["done", "answered", "clarify", "not_understood", "failed", "confirm"]),
        vol.Required("actions"): [
            vol.Schema({**_CALL, vol.Required("success"): bool, vol.Optional("error"): vol.Any(None, str)}),
        ],
        vol.Required("latency_ms"): vol.All(vol.Coerce(float), vol.Range(min=0)),
    }
)
CONVERSE_DELTA = vol.Schema(
    {
        vol.Required("type"): "converse_delta",
        vol.Required("request_id"): _ID,
        vol.Required("delta"): vol.All(str, vol.Length(min=1, max=MAX_DELTA_CHARS)),
    }
)
EVENT = vol.Schema(
    {
        vol.Required("type"): "event",
        vol.Required("event_id"): _ID,
        vol.Required("event_type"): vol.All(str, vol.Match(r"^hearth_[a-z_]+$")),
        vol.Required("time"): str,
        vol.Required("data"): dict,
    }
)
ERROR = vol.Schema(
    {
        vol.Required("type"): "error",
        vol.Required("code"): vol.In(
            [
                "invalid_message",
                "message_too_large",
                "unknown_type",
                "unsupported_protocol",
                "not_ready",
                "unknown_call",
                "rate_limited",
                "internal_error",
            ]
        ),
        vol.Required("message"): str,
        vol.Optional("request_id"): _OPT_ID,
    }
)
PONG = vol.Schema({vol.Required("type"): "pong", vol.Optional("nonce"): vol.Any(None, str, int)})

OUTBOUND: Final[dict[str, vol.Schema]] = {
    "welcome": WELCOME,
    "tool_call": TOOL_CALL,
    "converse_result": CONVERSE_RESULT,
    "converse_delta": CONVERSE_DELTA,
    "event": EVENT,
    "error": ERROR,
    "pong": PONG,
}


def decode(raw: str | bytes) -> dict[str, Any]:
    """Parse and validate one inbound frame; every failure is a `ProtocolError` with a wire error code."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError("message_too_large", f"message of {len(raw)} bytes exceeds {MAX_MESSAGE_BYTES}")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise ProtocolError("invalid_message", f"not JSON: {err}") from None
    if not isinstance(data, dict):
        raise ProtocolError("invalid_message", "a message must be a JSON object")
    kind = data.get("type")
    schema = INBOUND.get(kind) if isinstance(kind, str) else None
    if schema is None:
        raise ProtocolError("unknown_type", f"unknown message type {kind!r}")
    try:
        valid: dict[str, Any] = schema(data)
    except vol.Invalid as err:
        raise ProtocolError("invalid_message", f"{kind}: {humanize_invalid(err)}") from None
    return valid


def encode(message: dict[str, Any]) -> str:
    """Validate and serialise one outbound frame; a schema failure here is a hub bug, so it raises."""
    schema = OUTBOUND[message["type"]]
    return json.dumps(schema(message), separators=(",", ":"), ensure_ascii=False)
