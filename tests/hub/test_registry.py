"""Tool schemas, target checks and risk tiers."""

from __future__ import annotations

from typing import Any

import pytest

from hub.errors import HearthError, UnknownEntityError
from hub.home.virtual import build_virtual_home
from hub.llm.base import ToolCall
from hub.tools.errors import (
    InvalidToolArgumentsError,
    UnknownTargetError,
    UnknownToolError,
    UnsupportedTargetError,
)
from hub.tools.registry import TOOLS, RiskTier, call_tier, entity_tier, get_tool, validate_call

REQUIRED_TOOLS = {
    "HassTurnOn",
    "HassTurnOff",
    "HassToggle",
    "HassLightSet",
    "HassClimateSetTemperature",
    "HassClimateGetTemperature",
    "HassGetState",
    "HassSetPosition",
    "HassMediaPause",
    "HassMediaUnpause",
    "HassMediaNext",
    "HassMediaPrevious",
    "HassSetVolume",
    "HassStartTimer",
    "HassCancelTimer",
    "HassTimerStatus",
    "HassGetCurrentTime",
    "HassGetCurrentDate",
    "HassNevermind",
}


def test_the_registry_covers_the_ha_intents_the_hub_uses() -> None:
    assert set(TOOLS) >= REQUIRED_TOOLS
    for name, tool in TOOLS.items():
        assert tool.name == name
        assert tool.description.endswith(".")


def test_tiers_are_ordered() -> None:
    assert RiskTier.READ < RiskTier.ACT < RiskTier.SENSITIVE < RiskTier.CRITICAL
    assert get_tool("HassGetState").tier is RiskTier.READ
    assert get_tool("HassTurnOn").tier is RiskTier.ACT


def test_validation_normalizes_to_what_ha_expects() -> None:
    home = build_virtual_home()
    call = validate_call(
        ToolCall(
            "HassLightSet",
            {"brightness": 30.0, "domain": "light", "area": " Living Room "},
            ("light.living_room_ceiling", "light.living_room_floor_lamp", "light.living_room_ceiling"),
        ),
        home,
    )
    assert call.args == {"brightness": 30, "domain": ["light"], "area": "Living Room"}
    assert isinstance(call.args["brightness"], int)
    assert call.entities == ("light.living_room_ceiling", "light.living_room_floor_lamp"), "duplicates dropped"


def test_temperatures_keep_their_halves() -> None:
    home = build_virtual_home()
    call = validate_call(
        ToolCall("HassClimateSetTemperature", {"temperature": "20.5"}, ("climate.bedroom_thermostat",)), home
    )
    assert call.args["temperature"] == 20.5


@pytest.mark.parametrize(
    ("tool", "args", "fragment"),
    [
        ("HassLightSet", {"brightness": 130}, "brightness"),
        ("HassLightSet", {"brightness": 12.5}, "whole number"),
        ("HassLightSet", {"brightness": True}, "number"),
        ("HassLightSet", {}, "brightness, color or temperature"),
        ("HassTurnOn", {"bogus": 1}, "bogus"),
        ("HassTurnOn", {"domain": []}, "domain"),
        ("HassSetPosition", {}, "position"),
        ("HassSetVolume", {"volume_level": -1}, "volume_level"),
        ("HassClimateSetTemperature", {"temperature": "warm"}, "temperature"),
    ],
)
def test_bad_arguments_are_refused_with_the_slot_named(tool: str, args: dict[str, Any], fragment: str) -> None:
    home = build_virtual_home()
    targets = {
        "HassLightSet": ("light.kitchen_light",),
        "HassTurnOn": ("light.kitchen_light",),
        "HassSetPosition": ("cover.bedroom_blinds",),
        "HassSetVolume": ("media_player.living_room_tv",),
        "HassClimateSetTemperature": ("climate.bedroom_thermostat",),
    }[tool]
    with pytest.raises(InvalidToolArgumentsError, match=fragment):
        validate_call(ToolCall(tool, args, targets), home)


def test_timers_need_a_duration_and_no_entities() -> None:
    home = build_virtual_home()
    assert validate_call(ToolCall("HassStartTimer", {"minutes": 5.0}), home).args == {"minutes": 5}
    with pytest.raises(InvalidToolArgumentsError, match="hours, minutes or seconds"):
        validate_call(ToolCall("HassStartTimer", {"name": "pizza"}), home)
    with pytest.raises(InvalidToolArgumentsError, match="does not act on entities"):
        validate_call(ToolCall("HassStartTimer", {"minutes": 5}, ("light.kitchen_light",)), home)


def test_unknown_tool() -> None:
    with pytest.raises(UnknownToolError, match="HassLaunchRocket"):
        validate_call(ToolCall("HassLaunchRocket", {}), build_virtual_home())


def test_every_target_must_exist() -> None:
    home = build_virtual_home()
    with pytest.raises(UnknownTargetError, match=r"light\.nowhere") as caught:
        validate_call(ToolCall("HassTurnOn", {}, ("light.kitchen_light", "light.nowhere")), home)
    assert isinstance(caught.value, UnknownEntityError)
    assert isinstance(caught.value, HearthError)


def test_targets_must_suit_the_tool() -> None:
    home = build_virtual_home()
    with pytest.raises(UnsupportedTargetError, match=r"lock\.front_door"):
        validate_call(ToolCall("HassLightSet", {"brightness": 10}, ("lock.front_door",)), home)
    with pytest.raises(UnsupportedTargetError):
        validate_call(ToolCall("HassTurnOn", {}, ("sensor.kitchen_temperature",)), home)
    with pytest.raises(InvalidToolArgumentsError, match="at least one target"):
        validate_call(ToolCall("HassTurnOn", {"area": "Kitchen"}), home)


def test_get_state_reads_any_domain() -> None:
    home = build_virtual_home()
    call = ToolCall("HassGetState", {"name": "Kitchen Temperature"}, ("sensor.kitchen_temperature",))
    assert validate_call(call, home) == call


def test_entity_tiers() -> None:
    home = build_virtual_home()
    assert entity_tier(home.get("lock.front_door")) is RiskTier.SENSITIVE
    assert entity_tier(home.get("cover.garage_door")) is RiskTier.SENSITIVE
    assert entity_tier(home.get("cover.bedroom_blinds")) is RiskTier.ACT
    assert entity_tier(home.get("light.kitchen_light")) is RiskTier.ACT


@pytest.mark.parametrize(
    ("call", "tier"),
    [
        (ToolCall("HassTurnOn", {}, ("light.kitchen_light",)), RiskTier.ACT),
        (ToolCall("HassTurnOn", {}, ("lock.back_door",)), RiskTier.SENSITIVE),
        (ToolCall("HassTurnOff", {}, ("cover.garage_door",)), RiskTier.SENSITIVE),
        (ToolCall("HassTurnOff", {}, ("light.hallway_light", "lock.front_door")), RiskTier.SENSITIVE),
        (ToolCall("HassGetState", {"state": "locked"}, ("lock.front_door",)), RiskTier.READ),
        (ToolCall("HassGetCurrentTime", {}), RiskTier.READ),
        (ToolCall("HassStartTimer", {"minutes": 5}), RiskTier.ACT),
        (ToolCall("HassSelfDestruct", {}), RiskTier.CRITICAL),
    ],
)
def test_call_tier_is_the_max_of_tool_and_targets(call: ToolCall, tier: RiskTier) -> None:
    assert call_tier(call, build_virtual_home()) is tier
