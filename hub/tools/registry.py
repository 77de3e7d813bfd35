"""The Home Assistant intent tools the hub may call, their parameter schemas and risk tiers.

Tool names are HA intent names and parameters are HA slot names, so a validated call can go to HA's LLM API
unchanged. Parameter schemas follow HA's intent handlers: `domain` and `device_class` are lists, percentages
are integers from 0 to 100, temperatures are numbers. Every call is checked here before it runs, whatever
produced it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from types import MappingProxyType
from typing import Any, Final

import voluptuous as vol

from hub.home.model import Entity, Home, humanize_invalid
from hub.llm.base import ToolCall
from hub.tools.errors import (
    InvalidToolArgumentsError,
    UnknownTargetError,
    UnknownToolError,
    UnsupportedTargetError,
)


class RiskTier(IntEnum):
    """How much harm a call can do; sensitive and critical calls need a confirmation (enforced by policy)."""

    READ = 0
    ACT = 1
    SENSITIVE = 2
    CRITICAL = 3


@dataclass(frozen=True, slots=True)
class Tool:
    """One HA intent the hub can call."""

    name: str
    """The HA intent name, e.g. `HassTurnOn`."""
    description: str
    parameters: vol.Schema
    """Voluptuous schema over HA slot names; unknown slots are rejected."""
    tier: RiskTier
    """The base tier; actuating calls take the highest of this and their targets' tiers."""
    target_domains: frozenset[str] | None = None
    """Entity domains the tool acts on; `None` means it targets no entities, an empty set means any domain."""

    @property
    def targets_entities(self) -> bool:
        return self.target_domains is not None


def _str_list(value: Any) -> list[str]:
    """HA accepts one string or a list of them for `domain` and `device_class`; normalize to a list."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise vol.Invalid("expected a non-empty list of strings")
    return list(dict.fromkeys(value))


def _whole_number(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool):
            raise vol.Invalid("expected a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise vol.Invalid("expected a number") from None
        if number != int(number):
            raise vol.Invalid("expected a whole number")
        if not low <= number <= high:
            raise vol.Invalid(f"expected a number from {low} to {high}")
        return int(number)

    return check


def _number(low: float, high: float) -> Callable[[Any], float | int]:
    def check(value: Any) -> float | int:
        if isinstance(value, bool):
            raise vol.Invalid("expected a number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise vol.Invalid("expected a number") from None
        if not low <= number <= high:
            raise vol.Invalid(f"expected a number from {low:g} to {high:g}")
        return int(number) if number == int(number) else number

    return check


_TEXT = vol.All(str, vol.Strip, vol.Length(min=1, max=200))
_PERCENT = _whole_number(0, 100)
_DURATION_PART = _whole_number(0, 100_000)

_TARGET: Final[dict[Any, Any]] = {
    vol.Optional("name"): _TEXT,
    vol.Optional("area"): _TEXT,
    vol.Optional("floor"): _TEXT,
    vol.Optional("domain"): _str_list,
    vol.Optional("device_class"): _str_list,
}
_NAME_AREA: Final[dict[Any, Any]] = {vol.Optional("name"): _TEXT, vol.Optional("area"): _TEXT}
_TIMER_MATCH: Final[dict[Any, Any]] = {
    vol.Optional("name"): _TEXT,
    vol.Optional("area"): _TEXT,
    vol.Optional("start_hours"): _DURATION_PART,
    vol.Optional("start_minutes"): _DURATION_PART,
    vol.Optional("start_seconds"): _DURATION_PART,
}


def _has_duration(args: dict[str, Any]) -> dict[str, Any]:
    if not any(args.get(k) for k in ("hours", "minutes", "seconds")):
        raise vol.Invalid("a timer needs hours, minutes or seconds")
    return args


def _has_light_setting(args: dict[str, Any]) -> dict[str, Any]:
    if not any(k in args for k in ("brightness", "color", "temperature")):
        raise vol.Invalid("expected brightness, color or temperature")
    return args


_SWITCHABLE: Final = frozenset(
    {"light", "switch", "fan", "media_player", "input_boolean", "cover", "lock", "valve", "climate"}
)
_MEDIA: Final = frozenset({"media_player"})

_TOOL_LIST: Final[tuple[Tool, ...]] = (
    Tool(
        "HassTurnOn",
        "Turns on, opens or locks a device or entity (locks lock, covers and valves open).",
        vol.Schema(_TARGET),
        RiskTier.ACT,
        _SWITCHABLE,
    ),
    Tool(
        "HassTurnOff",
        "Turns off, closes or unlocks a device or entity (locks unlock, covers and valves close).",
        vol.Schema(_TARGET),
        RiskTier.ACT,
        _SWITCHABLE,
    ),
    Tool(
        "HassToggle",
        "Toggles a device or entity between on and off.",
        vol.Schema(_TARGET),
        RiskTier.ACT,
        frozenset({"light", "switch", "fan", "input_boolean", "cover", "media_player"}),
    ),
    Tool(
        "HassLightSet",
        "Sets the brightness (0-100 %), color name or color temperature (Kelvin) of lights.",
        vol.Schema(
            vol.All(
                {
                    **_TARGET,
                    vol.Optional("brightness"): _PERCENT,
                    vol.Optional("color"): vol.All(str, vol.Strip, vol.Lower, vol.Length(min=1, max=40)),
                    vol.Optional("temperature"): _whole_number(1000, 10000),
                },
                _has_light_setting,
            )
        ),
        RiskTier.ACT,
        frozenset({"light"}),
    ),
    Tool(
        "HassClimateSetTemperature",
        "Sets the desired indoor temperature of thermostats.",
        vol.Schema(
            {
                vol.Optional("name"): _TEXT,
                vol.Optional("area"): _TEXT,
                vol.Optional("floor"): _TEXT,
                vol.Required("temperature"): _number(0, 100),
            }
        ),
        RiskTier.ACT,
        frozenset({"climate"}),
    ),
    Tool(
        "HassClimateGetTemperature",
        "Gets the actual indoor temperature (not the target).",
        vol.Schema({vol.Optional("name"): _TEXT, vol.Optional("area"): _TEXT, vol.Optional("floor"): _TEXT}),
        RiskTier.READ,
        frozenset({"climate", "sensor"}),
    ),
    Tool(
        "HassGetState",
        "Gets or checks the state of a device or entity.",
        vol.Schema({**_TARGET, vol.Optional("state"): _TEXT}),
        RiskTier.READ,
        frozenset(),
    ),
    Tool(
        "HassSetPosition",
        "Sets the position of covers or valves from 0 (closed) to 100 (open).",
        vol.Schema({**_TARGET, vol.Required("position"): _PERCENT}),
        RiskTier.ACT,
        frozenset({"cover", "valve"}),
    ),
    Tool("HassMediaPause", "Pauses a media player.", vol.Schema(_NAME_AREA), RiskTier.ACT, _MEDIA),
    Tool("HassMediaUnpause", "Resumes a media player.", vol.Schema(_NAME_AREA), RiskTier.ACT, _MEDIA),
    Tool(
        "HassMediaNext",
        "Skips a media player to the next item.",
        vol.Schema(_NAME_AREA),
        RiskTier.ACT,
        _MEDIA,
    ),
    Tool(
        "HassMediaPrevious",
        "Returns a media player to the previous item.",
        vol.Schema(_NAME_AREA),
        RiskTier.ACT,
        _MEDIA,
    ),
    Tool(
        "HassSetVolume",
        "Sets the volume of a media player from 0 to 100 %.",
        vol.Schema({**_NAME_AREA, vol.Required("volume_level"): _PERCENT}),
        RiskTier.ACT,
        _MEDIA,
    ),
    Tool(
        "HassSetVolumeRelative",
        "Turns a media player's volume up or down, optionally by a percentage.",
        vol.Schema(
            {
                **_NAME_AREA,
                vol.Optional("floor"): _TEXT,
                vol.Required("volume_step"): vol.Any(vol.In(["up", "down"]), _whole_number(-100, 100)),
            }
        ),
        RiskTier.ACT,
        _MEDIA,
    ),
    Tool("HassMediaPlayerMute", "Mutes a media player.", vol.Schema(_NAME_AREA), RiskTier.ACT, _MEDIA),
    Tool("HassMediaPlayerUnmute", "Unmutes a media player.", vol.Schema(_NAME_AREA), RiskTier.ACT, _MEDIA),
    Tool(
        "HassFanSetSpeed",
        "Sets the speed of fans from 0 to 100 %.",
        vol.Schema({**_NAME_AREA, vol.Optional("floor"): _TEXT, vol.Required("percentage"): _PERCENT}),
        RiskTier.ACT,
        frozenset({"fan"}),
    ),
    Tool(
        "HassStartTimer",
        "Starts a timer for a duration, optionally with a name.",
        vol.Schema(
            vol.All(
                {
                    vol.Optional("hours"): _DURATION_PART,
                    vol.Optional("minutes"): _DURATION_PART,
                    vol.Optional("seconds"): _DURATION_PART,
                    vol.Optional("name"): _TEXT,
                    vol.Optional("area"): _TEXT,
                    vol.Optional("conversation_command"): vol.All(str, vol.Length(min=1, max=500)),
                },
                _has_duration,
            )
        ),
        RiskTier.ACT,
    ),
    Tool("HassCancelTimer", "Cancels a timer.", vol.Schema(_TIMER_MATCH), RiskTier.ACT),
    Tool("HassCancelAllTimers", "Cancels all timers.", vol.Schema({vol.Optional("area"): _TEXT}), RiskTier.ACT),
    Tool("HassTimerStatus", "Reports the time left on timers.", vol.Schema(_TIMER_MATCH), RiskTier.READ),
    Tool("HassGetCurrentTime", "Gets the current time.", vol.Schema({}), RiskTier.READ),
    Tool("HassGetCurrentDate", "Gets the current date.", vol.Schema({}), RiskTier.READ),
    Tool("HassNevermind", "Does nothing; cancels the current request.", vol.Schema({}), RiskTier.READ),
)

TOOLS: Final[Mapping[str, Tool]] = MappingProxyType({tool.name: tool for tool in _TOOL_LIST})
"""Every tool by HA intent name."""

_SENSITIVE_DOMAINS: Final = frozenset({"lock", "alarm_control_panel", "camera"})
_ENTRANCE_COVER_CLASSES: Final = frozenset({"garage", "door", "gate"})


def get_tool(name: str) -> Tool:
    """The tool with this HA intent name; raises `UnknownToolError`."""
    try:
        return TOOLS[name]
    except KeyError:
        raise UnknownToolError(f"unknown tool {name!r}") from None


def entity_tier(entity: Entity) -> RiskTier:
    """How sensitive acting on this entity is: locks, alarms, cameras and entrance covers are sensitive."""
    if entity.domain in _SENSITIVE_DOMAINS:
        return RiskTier.SENSITIVE
    if entity.domain == "cover" and entity.device_class in _ENTRANCE_COVER_CLASSES:
        return RiskTier.SENSITIVE
    return RiskTier.ACT


def call_tier(call: ToolCall, home: Home) -> RiskTier:
    """A call's tier: its tool's tier, raised to its targets' tiers when the tool actuates anything.

    Reading a lock's state stays a read; locking it is sensitive. Unknown tools count as critical.
    """
    tool = TOOLS.get(call.tool)
    if tool is None:
        return RiskTier.CRITICAL
    tier = tool.tier
    if tier >= RiskTier.ACT:
        for entity_id in call.entities:
            entity = home.entities.get(entity_id)
            if entity is not None:
                tier = max(tier, entity_tier(entity))
    return tier


def validate_call(call: ToolCall, home: Home) -> ToolCall:
    """Check a call against its tool's schema and the home; return it with normalized arguments.

    Raises `UnknownToolError`, `InvalidToolArgumentsError`, `UnknownTargetError` or `UnsupportedTargetError`
    with a message that says what is wrong.
    """
    tool = get_tool(call.tool)
    try:
        args: dict[str, Any] = tool.parameters(dict(call.args))
    except vol.Invalid as err:
        raise InvalidToolArgumentsError(f"invalid arguments for {tool.name}: {humanize_invalid(err)}") from None
    entities = tuple(dict.fromkeys(call.entities))
    if tool.target_domains is None:
        if entities:
            raise InvalidToolArgumentsError(f"{tool.name} does not act on entities, but got {list(entities)}")
        return ToolCall(tool.name, args, ())
    if not entities:
        raise InvalidToolArgumentsError(f"{tool.name} needs at least one target entity")
    for entity_id in entities:
        entity = home.entities.get(entity_id)
        if entity is None:
            raise UnknownTargetError(f"{tool.name} targets {entity_id!r}, which is not in the home")
        if tool.target_domains and entity.domain not in tool.target_domains:
            raise UnsupportedTargetError(
                f"{tool.name} cannot act on {entity_id} ({entity.domain}); "
                f"it supports {', '.join(sorted(tool.target_domains))}"
            )
    return ToolCall(tool.name, args, entities)


def tools_for(names: Iterable[str]) -> list[Tool]:
    """The tools with these names, in order, skipping unknown ones (for per-turn tool selection)."""
    return [TOOLS[n] for n in names if n in TOOLS]
