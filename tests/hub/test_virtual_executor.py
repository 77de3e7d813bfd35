"""The virtual home executor: HA semantics, atomic failures, timers on an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from hub.home.model import Home
from hub.home.virtual import VirtualHomeSimulator, build_virtual_home
from hub.llm.base import ToolCall
from hub.tools.executor import ToolExecutor, ToolOutcome
from hub.tools.virtual_executor import VirtualHomeExecutor

START = datetime(2026, 11, 4, 19, 30, tzinfo=UTC).timestamp()


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def home() -> Home:
    return build_virtual_home()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def executor(home: Home, clock: FakeClock) -> VirtualHomeExecutor:
    return VirtualHomeExecutor(home, clock=clock)


async def run(executor: VirtualHomeExecutor, tool: str, args: dict[str, Any], *entities: str) -> ToolOutcome:
    return await executor.async_execute(ToolCall(tool, args, entities), request_id="r1")


def test_it_is_a_tool_executor(executor: VirtualHomeExecutor) -> None:
    typed: ToolExecutor = executor
    assert typed is executor


async def test_turn_on_a_light_restores_brightness(executor: VirtualHomeExecutor, home: Home) -> None:
    outcome = await run(executor, "HassTurnOn", {"name": "Kitchen Light"}, "light.kitchen_light")
    assert outcome.success
    assert outcome.data["states"] == {"light.kitchen_light": "on"}
    assert outcome.data["changed"][0]["entity_id"] == "light.kitchen_light"
    assert home.get("light.kitchen_light").state == "on"
    assert home.get("light.kitchen_light").attributes["brightness"] == 255

    await run(executor, "HassTurnOff", {}, "light.bedroom_lamp")
    lamp = home.get("light.bedroom_lamp")
    assert (lamp.state, lamp.attributes["brightness"]) == ("off", None)
    await run(executor, "HassTurnOn", {}, "light.bedroom_lamp")
    assert home.get("light.bedroom_lamp").attributes["brightness"] == 153, "the previous brightness comes back"


async def test_locks_follow_ha_turn_on_means_lock(executor: VirtualHomeExecutor, home: Home) -> None:
    assert (await run(executor, "HassTurnOn", {}, "lock.back_door")).data["states"] == {"lock.back_door": "locked"}
    assert (await run(executor, "HassTurnOff", {}, "lock.front_door")).success
    assert home.get("lock.front_door").state == "unlocked"


async def test_covers_open_and_close(executor: VirtualHomeExecutor, home: Home) -> None:
    await run(executor, "HassTurnOff", {"device_class": ["blind"]}, "cover.bedroom_blinds")
    blinds = home.get("cover.bedroom_blinds")
    assert (blinds.state, blinds.attributes["current_position"]) == ("closed", 0)
    await run(executor, "HassSetPosition", {"position": 40}, "cover.bedroom_blinds")
    blinds = home.get("cover.bedroom_blinds")
    assert (blinds.state, blinds.attributes["current_position"]) == ("open", 40)


async def test_with_a_simulator_covers_travel(home: Home, clock: FakeClock) -> None:
    simulator = VirtualHomeSimulator(home, clock=clock)
    simulator.step(START)
    executor = VirtualHomeExecutor(home, clock=clock, simulator=simulator)
    outcome = await run(executor, "HassTurnOn", {}, "cover.garage_door")
    assert outcome.data["states"] == {"cover.garage_door": "opening"}
    simulator.step(START + 10)
    assert home.get("cover.garage_door").state == "open"


async def test_climate_on_off_and_target(executor: VirtualHomeExecutor, home: Home) -> None:
    await run(executor, "HassTurnOff", {}, "climate.bedroom_thermostat")
    assert home.get("climate.bedroom_thermostat").state == "off"
    await run(executor, "HassTurnOn", {}, "climate.bedroom_thermostat")
    assert home.get("climate.bedroom_thermostat").state == "heat"
    outcome = await run(executor, "HassClimateSetTemperature", {"temperature": 20}, "climate.bedroom_thermostat")
    assert outcome.success
    assert home.get("climate.bedroom_thermostat").attributes["temperature"] == 20.0


async def test_climate_target_out_of_range_fails(executor: VirtualHomeExecutor, home: Home) -> None:
    outcome = await run(executor, "HassClimateSetTemperature", {"temperature": 45}, "climate.bedroom_thermostat")
    assert not outcome.success
    assert outcome.error == "The Bedroom Thermostat can only be set between 7 and 30 degrees."
    assert home.get("climate.bedroom_thermostat").attributes["temperature"] == 18.0


async def test_light_brightness_and_colour(executor: VirtualHomeExecutor, home: Home) -> None:
    await run(executor, "HassLightSet", {"brightness": 50}, "light.kitchen_light")
    kitchen = home.get("light.kitchen_light")
    assert (kitchen.state, kitchen.attributes["brightness"]) == ("on", 128)
    await run(executor, "HassLightSet", {"color": "blue"}, "light.living_room_floor_lamp")
    lamp = home.get("light.living_room_floor_lamp")
    assert (lamp.attributes["rgb_color"], lamp.attributes["color_mode"]) == ([0, 0, 255], "rgb")
    await run(executor, "HassLightSet", {"temperature": 2700}, "light.living_room_floor_lamp")
    assert home.get("light.living_room_floor_lamp").attributes["color_temp_kelvin"] == 2700
    await run(executor, "HassLightSet", {"brightness": 0}, "light.kitchen_light")
    assert home.get("light.kitchen_light").state == "off"


async def test_a_failure_changes_nothing(executor: VirtualHomeExecutor, home: Home) -> None:
    before = home.to_dict()
    outcome = await run(
        executor, "HassLightSet", {"color": "red"}, "light.living_room_floor_lamp", "light.living_room_ceiling"
    )
    assert not outcome.success
    assert outcome.error == "The Living Room Ceiling Light can't change colour."
    assert home.to_dict() == before
    unknown_colour = await run(executor, "HassLightSet", {"color": "sparkly"}, "light.living_room_floor_lamp")
    assert unknown_colour.error == "I don't know the colour sparkly."


async def test_unknown_entities_and_domains_fail_without_raising(executor: VirtualHomeExecutor) -> None:
    missing = await run(executor, "HassTurnOn", {}, "light.attic")
    assert not missing.success
    assert missing.error is not None
    assert "light.attic" in missing.error
    sensor = await run(executor, "HassTurnOn", {}, "sensor.kitchen_temperature")
    assert not sensor.success
    assert "sensor" in (sensor.error or "")
    unknown_tool = await run(executor, "HassTeleport", {})
    assert not unknown_tool.success


async def test_media_transport_and_volume(executor: VirtualHomeExecutor, home: Home) -> None:
    tv = "media_player.living_room_tv"
    assert (await run(executor, "HassMediaPause", {}, tv)).data["states"] == {tv: "paused"}
    again = await run(executor, "HassMediaPause", {}, tv)
    assert (again.success, again.error) == (False, "The Living Room TV isn't playing.")
    assert (await run(executor, "HassMediaUnpause", {}, tv)).success
    await run(executor, "HassMediaNext", {}, tv)
    assert home.get(tv).attributes["media_title"] == "The Great British Bake Off"
    await run(executor, "HassMediaPrevious", {}, tv)
    assert home.get(tv).attributes["media_title"] == "Gardeners' World"
    await run(executor, "HassSetVolume", {"volume_level": 20}, tv)
    assert home.get(tv).attributes["volume_level"] == 0.2
    await run(executor, "HassSetVolumeRelative", {"volume_step": "up"}, tv)
    assert home.get(tv).attributes["volume_level"] == 0.3
    await run(executor, "HassMediaPlayerMute", {}, tv)
    assert home.get(tv).attributes["is_volume_muted"] is True


async def test_fans_and_toggle(executor: VirtualHomeExecutor, home: Home) -> None:
    await run(executor, "HassTurnOn", {}, "fan.office_fan")
    assert (home.get("fan.office_fan").state, home.get("fan.office_fan").attributes["percentage"]) == ("on", 100)
    await run(executor, "HassFanSetSpeed", {"percentage": 50}, "fan.office_fan")
    await run(executor, "HassToggle", {}, "fan.office_fan")
    assert home.get("fan.office_fan").state == "off"
    await run(executor, "HassToggle", {}, "fan.office_fan")
    assert home.get("fan.office_fan").attributes["percentage"] == 50


async def test_reading_changes_nothing(executor: VirtualHomeExecutor, home: Home) -> None:
    before = home.to_dict()
    outcome = await run(executor, "HassGetState", {"state": "locked"}, "lock.front_door")
    assert outcome.data["states"] == {"lock.front_door": "locked"}
    assert outcome.data["changed"] == []
    assert home.to_dict() == before


async def test_timers_run_on_the_clock(executor: VirtualHomeExecutor, clock: FakeClock) -> None:
    started = await run(executor, "HassStartTimer", {"minutes": 5})
    assert started.data["timer"]["total_seconds"] == 300
    await run(executor, "HassStartTimer", {"minutes": 10, "name": "pizza"})
    clock.now += 70
    status = await run(executor, "HassTimerStatus", {})
    assert [t["seconds_left"] for t in status.data["timers"]] == [230, 530]
    pizza = await run(executor, "HassTimerStatus", {"name": "Pizza"})
    assert [t["name"] for t in pizza.data["timers"]] == ["pizza"]
    clock.now += 240
    assert [t.total_seconds for t in executor.pop_finished_timers()] == [300]
    assert [t.name for t in executor.timers] == ["pizza"]
    cancelled = await run(executor, "HassCancelTimer", {"start_minutes": 10})
    assert cancelled.data["cancelled"][0]["name"] == "pizza"
    none_left = await run(executor, "HassCancelTimer", {})
    assert (none_left.success, none_left.error) == (False, "There are no timers running.")


async def test_cancel_the_next_timer_and_all_timers(executor: VirtualHomeExecutor) -> None:
    await run(executor, "HassStartTimer", {"minutes": 10})
    await run(executor, "HassStartTimer", {"minutes": 3})
    cancelled = await run(executor, "HassCancelTimer", {})
    assert cancelled.data["cancelled"][0]["start_minutes"] == 3, "the next to finish goes first"
    missing = await run(executor, "HassCancelTimer", {"name": "eggs"})
    assert missing.error == "I couldn't find that timer."
    assert len((await run(executor, "HassCancelAllTimers", {})).data["cancelled"]) == 1
    assert executor.timers == []


async def test_time_and_date_in_the_home_time_zone(home: Home, clock: FakeClock) -> None:
    executor = VirtualHomeExecutor(home, clock=clock, tz=timezone(timedelta(hours=1)))
    now = await run(executor, "HassGetCurrentTime", {})
    assert (now.data["hour"], now.data["minute"]) == (20, 30)
    today = await run(executor, "HassGetCurrentDate", {})
    assert (today.data["date"], today.data["weekday"]) == ("2026-11-04", "Wednesday")
    assert (await run(executor, "HassNevermind", {})).success
