"""Protocol v1 of the Hearth link, Home Assistant's half (docs/protocol.md is the spec).

This is a small copy of the hub's `hub/link/messages.py` schemas: HACS installs only this folder, so the
integration cannot import the hub package. The constant names match the hub's so a contract test can compare
them one by one. What HA sends is validated before it leaves (a failure is our bug); what the hub sends is
validated on arrival and turned into the small frozen dataclasses below.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import probatio as vol

from .errors import ProtocolError

PROTOCOL_VERSION: Final = 1
MAX_MESSAGE_BYTES: Final = 4 * 1024 * 1024
MAX_TEXT_CHARS: Final = 2000
MAX_DELTA_CHARS: Final = 4000
TIER_POLICIES: Final = ("local_only", "local_generator", "any")
"""A conversation agent's `tiers` in `converse`: which understanding tiers the hub may use for its turns."""
MAX_SNAPSHOT_ENTITIES: Final = 5000
MAX_NAME_CHARS: Final = 200
MAX_STATE_CHARS: Final = 255

_ID = vol.All(str, vol.Length(min=1, max=128))
_OPT_ID = vol.Any(None, _ID)
_NONEMPTY = vol.All(str, vol.Length(min=1, max=MAX_NAME_CHARS))
_ENTITY_ID = vol.Match(r"^[a-z0-9_]+\.[a-z0-9_]+$", msg="entity ids look like 'light.kitchen'")
_STATE = vol.All(vol.Coerce(str), vol.Length(max=MAX_STATE_CHARS))
_SLOT_VALUE = vol.Any(str, int, float, bool, [vol.Any(str, int, float)])

# The home model (hub/home/model.py).
FLOOR_SCHEMA = vol.Schema({vol.Required("id"): _NONEMPTY, vol.Required("name"): _NONEMPTY}, extra=vol.REMOVE_EXTRA)
AREA_SCHEMA = vol.Schema(
    {
        vol.Required("id"): _NONEMPTY,
        vol.Required("name"): _NONEMPTY,
        vol.Optional("floor"): vol.Any(None, _NONEMPTY),
        vol.Optional("aliases", default=list): [_NONEMPTY],
    },
    extra=vol.REMOVE_EXTRA,
)
ENTITY_SCHEMA = vol.Schema(
    {
        vol.Required("id"): vol.All(str, _ENTITY_ID),
        vol.Required("name"): _NONEMPTY,
        vol.Optional("aliases", default=list): [_NONEMPTY],
        vol.Optional("area"): vol.Any(None, _NONEMPTY),
        vol.Optional("domain"): vol.Any(None, _NONEMPTY),
        vol.Optional("device_class"): vol.Any(None, _NONEMPTY),
        vol.Optional("state", default="unknown"): _STATE,
        vol.Optional("attributes", default=dict): dict,
    },
    extra=vol.REMOVE_EXTRA,
)
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
        vol.Optional("entities", default=list): vol.All([ENTITY_SCHEMA], vol.Length(max=MAX_SNAPSHOT_ENTITIES)),
        vol.Optional("persons", default=list): [PERSON_SCHEMA],
    }
)
STATE_CHANGED = vol.Schema(
    {
        vol.Required("type"): "state_changed",
        vol.Required("entity_id"): _ID,
        vol.Required("state"): vol.Any(None, _STATE),
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

HA_TO_HUB: Final[dict[str, vol.Schema]] = {
    "hello": HELLO,
    "home_snapshot": HOME_SNAPSHOT,
    "state_changed": STATE_CHANGED,
    "converse": CONVERSE,
    "tool_result": TOOL_RESULT,
    "event_ack": EVENT_ACK,
    "ping": PING,
}
"""What the hub calls INBOUND."""

# hub -> HA
_CALL = {vol.Required("tool"): _ID, vol.Required("args"): {str: _SLOT_VALUE}, vol.Required("entities"): [_ID]}
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
    {
        vol.Required("type"): "tool_call",
        vol.Required("call_id"): _ID,
        vol.Required("request_id"): _ID,
        **_CALL,
    }
)
OUTCOMES: Final = ("done", "answered", "clarify", "not_understood", "failed", "confirm")
CONVERSE_RESULT = vol.Schema(
    {
        vol.Required("type"): "converse_result",
        vol.Required("request_id"): _ID,
        vol.Required("speech"): str,
        vol.Required("conversation_id"): _OPT_ID,
        vol.Required("continue_conversation"): bool,
        vol.Required("tier"): _ID,
        vol.Required("confidence"): vol.All(vol.Coerce(float), vol.Range(min=0, max=1)),
        vol.Required("outcome"): vol.In(list(OUTCOMES)),
        vol.Required("actions"): [
            vol.Schema({**_CALL, vol.Required("success"): bool, vol.Optional("error"): vol.Any(None, str)})
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
ERROR_CODES: Final = (
    "invalid_message",
    "message_too_large",
    "unknown_type",
    "unsupported_protocol",
    "not_ready",
    "unknown_call",
    "rate_limited",
    "internal_error",
)
ERROR = vol.Schema(
    {
        vol.Required("type"): "error",
        vol.Required("code"): vol.In(list(ERROR_CODES)),
        vol.Required("message"): str,
        vol.Optional("request_id"): _OPT_ID,
    }
)
PONG = vol.Schema({vol.Required("type"): "pong", vol.Optional("nonce"): vol.Any(None, str, int)})

HUB_TO_HA: Final[dict[str, vol.Schema]] = {
    "welcome": WELCOME,
    "tool_call": TOOL_CALL,
    "converse_result": CONVERSE_RESULT,
    "converse_delta": CONVERSE_DELTA,
    "event": EVENT,
    "error": ERROR,
    "pong": PONG,
}
"""What the hub calls OUTBOUND."""

# REST: `GET /api/v1/info`. Extra keys are allowed so a newer hub can add fields to its info.
HUB_INFO = vol.Schema(
    {
        vol.Required("hub_id"): _ID,
        vol.Required("name"): str,
        vol.Required("hub_version"): str,
        vol.Required("protocol"): int,
        vol.Optional("models", default=list): [
            vol.Schema(
                {
                    vol.Required("name"): _ID,
                    vol.Required("status"): str,
                    vol.Optional("error"): vol.Any(None, str),
                },
                extra=vol.REMOVE_EXTRA,
            )
        ],
    },
    extra=vol.REMOVE_EXTRA,
)
"""Hubs before model status send no `models`; unknown keys are ignored (docs/protocol.md, REST)."""


@dataclass(frozen=True, slots=True)
class ModelStatus:
    """One shipped or configured model of the hub, and whether it loaded."""

    name: str
    status: str
    """`loaded`, `failed` or `disabled`."""
    error: str | None = None


@dataclass(frozen=True, slots=True)
class HubInfo:
    """The hub's answer to `GET /api/v1/info`."""

    hub_id: str
    """Stable id of the hub; the config entry's unique id."""
    name: str
    """Name the hub gives itself; the config entry's title."""
    hub_version: str
    protocol: int
    models: tuple[ModelStatus, ...] = ()
    """What `models` the hub reported (empty for hubs that do not report them)."""


@dataclass(frozen=True, slots=True)
class Welcome:
    """The hub's answer to `hello`."""

    hub_id: str
    hub_version: str
    name: str


@dataclass(frozen=True, slots=True)
class ToolCall:
    """The hub asks HA to run one intent tool during a `converse` request."""

    call_id: str
    request_id: str
    tool: str
    """HA intent name, e.g. `HassTurnOn`."""
    args: Mapping[str, Any]
    """HA intent slots."""
    entities: tuple[str, ...]
    """The entity ids the hub resolved and validated."""


@dataclass(frozen=True, slots=True)
class Action:
    """One tool call the hub made during a turn, with how it went."""

    tool: str
    success: bool
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ConverseResult:
    """The end of one turn."""

    request_id: str
    speech: str
    conversation_id: str | None
    continue_conversation: bool
    tier: str
    """Which understanding tier answered (local NLU, local generator, remote)."""
    confidence: float
    outcome: Literal["done", "answered", "clarify", "not_understood", "failed", "confirm"]
    actions: tuple[Action, ...]
    latency_ms: float


@dataclass(frozen=True, slots=True)
class ConverseDelta:
    """A piece of a turn's spoken answer, sent before its `converse_result` so speech can start early."""

    request_id: str
    delta: str


@dataclass(frozen=True, slots=True)
class HubEvent:
    """An event to fire on HA's bus; `event_id` is unique, so a redelivery can be dropped."""

    event_id: str
    event_type: str
    time: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HubErrorFrame:
    """Something HA sent could not be used."""

    code: str
    message: str
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class Pong:
    """Answer to a `ping`."""

    nonce: str | int | None = None


type HubFrame = Welcome | ToolCall | ConverseResult | ConverseDelta | HubEvent | HubErrorFrame | Pong


def decode(raw: str | bytes) -> HubFrame:
    """Parse and validate one frame from the hub; every failure is a `ProtocolError`."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"frame of {len(raw)} bytes exceeds {MAX_MESSAGE_BYTES}")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise ProtocolError(f"not JSON: {err}") from None
    if not isinstance(data, dict):
        raise ProtocolError("a frame must be a JSON object")
    kind = data.get("type")
    schema = HUB_TO_HA.get(kind) if isinstance(kind, str) else None
    if schema is None:
        raise ProtocolError(f"unknown frame type {kind!r}")
    try:
        valid: dict[str, Any] = schema(data)
    except vol.Invalid as err:
        raise ProtocolError(f"{kind}: {err}") from None
    return _to_frame(valid)


def _to_frame(valid: dict[str, Any]) -> HubFrame:
    """Turn a validated frame into its dataclass."""
    match valid["type"]:
        case "welcome":
            return Welcome(valid["hub_id"], valid["hub_version"], valid["name"])
        case "tool_call":
            return ToolCall(
                valid["call_id"],
                valid["request_id"],
                valid["tool"],
                dict(valid["args"]),
                tuple(valid["entities"]),
            )
        case "converse_result":
            return ConverseResult(
                request_id=valid["request_id"],
                speech=valid["speech"],
                conversation_id=valid["conversation_id"],
                continue_conversation=valid["continue_conversation"],
                tier=valid["tier"],
                confidence=valid["confidence"],
                outcome=valid["outcome"],
                actions=tuple(Action(a["tool"], a["success"], a.get("error")) for a in valid["actions"]),
                latency_ms=valid["latency_ms"],
            )
        case "converse_delta":
            return ConverseDelta(valid["request_id"], valid["delta"])
        case "event":
            return HubEvent(valid["event_id"], valid["event_type"], valid["time"], dict(valid["data"]))
        case "error":
            return HubErrorFrame(valid["code"], valid["message"], valid.get("request_id"))
        case _:
            return Pong(valid.get("nonce"))


def decode_info(data: Any) -> HubInfo:
    """Validate the body of `GET /api/v1/info`."""
    try:
        valid: dict[str, Any] = HUB_INFO(data)
    except vol.Invalid as err:
        raise ProtocolError(f"info: {err}") from None
    models = tuple(ModelStatus(m["name"], m["status"], m.get("error")) for m in valid["models"])
    return HubInfo(valid["hub_id"], valid["name"], valid["hub_version"], valid["protocol"], models)


def encode(message: Mapping[str, Any]) -> str:
    """Validate and serialise one frame for the hub; a failure here is our bug, raised as `ProtocolError`."""
    kind = message["type"]
    try:
        valid = HA_TO_HUB[kind](dict(message))
    except vol.Invalid as err:
        raise ProtocolError(f"refusing to send an invalid {kind}: {err}") from None
    data = json.dumps(valid, separators=(",", ":"), ensure_ascii=False)
    if len(data.encode()) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"refusing to send a {kind} larger than {MAX_MESSAGE_BYTES} bytes")
    return data


def hello(*, ha_version: str | None, instance_id: str | None) -> dict[str, Any]:
    """The first frame of a session."""
    frame: dict[str, Any] = {"type": "hello", "protocol": PROTOCOL_VERSION}
    if ha_version is not None:
        frame["ha_version"] = ha_version[:64]
    if instance_id is not None:
        frame["instance_id"] = instance_id
    return frame


def home_snapshot(
    *,
    floors: Sequence[Mapping[str, Any]],
    areas: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
    persons: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Replace the hub's picture of the home."""
    return {
        "type": "home_snapshot",
        "floors": list(floors),
        "areas": list(areas),
        "entities": list(entities),
        "persons": list(persons),
    }


def state_changed(entity_id: str, state: str | None, attributes: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One delta of the hub's mirror; `state=None` means the entity is gone."""
    return {
        "type": "state_changed",
        "entity_id": entity_id,
        "state": None if state is None else state[:MAX_STATE_CHARS],
        "attributes": dict(attributes or {}),
    }


def converse(
    request_id: str,
    text: str,
    *,
    language: str,
    conversation_id: str | None = None,
    user_id: str | None = None,
    device_id: str | None = None,
    area_id: str | None = None,
    tiers: str = "any",
) -> dict[str, Any]:
    """One spoken or typed turn; `tiers` is the agent's tier policy (one of `TIER_POLICIES`)."""
    return {
        "type": "converse",
        "request_id": request_id,
        "text": text,
        "language": language,
        "conversation_id": conversation_id,
        "user_id": user_id,
        "device_id": device_id,
        "area_id": area_id,
        # Only when it matters: a hub from before `tiers` refuses fields it does not know.
        **({"tiers": tiers} if tiers != "any" else {}),
    }


def tool_result(call_id: str, *, success: bool, data: Mapping[str, Any], error: str | None) -> dict[str, Any]:
    """The answer to a `tool_call`."""
    return {
        "type": "tool_result",
        "call_id": call_id,
        "success": success,
        "data": dict(data),
        "error": None if error is None else error[:2000],
    }


def event_ack(event_id: str) -> dict[str, Any]:
    """HA has fired the event on its bus."""
    return {"type": "event_ack", "event_id": event_id}
