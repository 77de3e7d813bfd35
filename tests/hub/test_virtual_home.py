"""The demo home's content and the simulator's determinism and physics."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hub.errors import HomeError
from hub.home.model import Home
from hub.home.virtual import (
    BED_OCCUPANCY,
    COVER_SPEED_PCT_PER_S,
    WEARABLE_BATTERY,
    WEARABLE_HEART_RATE,
    StateChange,
    VirtualHomeSimulator,
    build_virtual_home,
)

NOON = datetime(2026, 11, 4, 12, 0, tzinfo=UTC).timestamp()
LATE_EVENING = datetime(2026, 11, 4, 23, 0, tzinfo=UTC).timestamp()


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_home_has_two_floors_and_rooms_with_aliases() -> None:
    home = build_virtual_home()
    assert set(home.floors) == {"downstairs", "upstairs"}
    assert len(home.areas) >= 6
    assert {"kitchen", "living_room", "hallway", "bedroom", "office", "bathroom", "garage"} <= set(home.areas)
    assert any(area.aliases for area in home.areas.values())
    assert all(area.floor_id in home.floors for area in home.areas.values())


def test_home_has_the_promised_devices() -> None:
    home = build_virtual_home()
    assert len(home.entities) >= 24
    assert {e.domain for e in home.entities.values()} >= {
        "light",
        "switch",
        "fan",
        "climate",
        "lock",
        "cover",
        "media_player",
        "sensor",
        "binary_sensor",
    }
    kitchen = home.get("light.kitchen_light")
    assert (kitchen.name, kitchen.area_id) == ("Kitchen Light", "kitchen")
    front = home.get("lock.front_door")
    assert (front.name, front.area_id, front.state) == ("Front Door", "hallway", "locked")
    assert home.get("lock.back_door").domain == "lock"
    assert home.get("cover.garage_door").device_class == "garage"
    assert home.get("cover.bedroom_blinds").attributes["current_position"] == 100
    lamp = home.get("light.living_room_floor_lamp")
    assert "rgb" in lamp.attributes["supported_color_modes"]
    assert home.get("light.bedroom_lamp").attributes["brightness"] == 153
    thermostat = home.get("climate.living_room_thermostat")
    assert {"hvac_mode", "temperature", "current_temperature"} <= set(thermostat.attributes)
    tv = home.get("media_player.living_room_tv")
    assert (tv.state, tv.attributes["volume_level"]) == ("playing", 0.35)
    assert home.get(BED_OCCUPANCY).device_class == "occupancy"
    assert home.get("binary_sensor.front_door_contact").device_class == "door"
    assert home.get(WEARABLE_HEART_RATE).attributes["unit_of_measurement"] == "bpm"
    assert home.get(WEARABLE_BATTERY).device_class == "battery"
    assert home.get("sensor.kitchen_temperature").attributes["unit_of_measurement"] == "°C"


def test_home_survives_the_snapshot_json_shape() -> None:
    home = build_virtual_home()
    again = Home.from_dict(home.to_dict())
    assert again.to_dict() == home.to_dict()


def test_each_call_builds_an_independent_home() -> None:
    first, second = build_virtual_home(), build_virtual_home()
    first.set_state("light.kitchen_light", "on")
    assert second.get("light.kitchen_light").state == "off"


def _run(seed: int, steps: int = 30) -> list[list[StateChange]]:
    home = build_virtual_home()
    sim = VirtualHomeSimulator(home, clock=FakeClock(NOON), seed=seed)
    return [sim.step(NOON + 10.0 * i) for i in range(steps)]


def test_same_seed_same_changes() -> None:
    assert _run(7) == _run(7)


def test_different_seed_different_noise() -> None:
    assert _run(1) != _run(2)


def test_first_step_sets_the_baseline_and_time_never_runs_backwards() -> None:
    sim = VirtualHomeSimulator(build_virtual_home(), clock=FakeClock(NOON))
    assert sim.step(NOON) == []
    assert sim.step(NOON) == []
    assert sim.step(NOON - 5) == []


def test_changes_are_applied_to_the_home() -> None:
    home = build_virtual_home()
    sim = VirtualHomeSimulator(home, clock=FakeClock(NOON))
    sim.step(NOON)
    changes = sim.step(NOON + 60)
    assert changes
    for change in changes:
        entity = home.get(change.entity_id)
        assert entity.state == change.state
        assert dict(entity.attributes) == change.attributes


def test_a_heated_room_warms_toward_its_target_and_stops_there() -> None:
    home = build_virtual_home()
    attrs = dict(home.get("climate.living_room_thermostat").attributes)
    attrs["temperature"] = 22.0
    home.set_state("climate.living_room_thermostat", "heat", attrs)
    sim = VirtualHomeSimulator(home, clock=FakeClock(NOON))
    sim.step(NOON)
    sim.step(NOON + 60)
    after_a_minute = home.get("climate.living_room_thermostat").attributes["current_temperature"]
    assert 20.5 < after_a_minute <= 21.0
    assert home.get("climate.living_room_thermostat").attributes["hvac_action"] == "heating"
    sim.step(NOON + 3600)
    assert home.get("climate.living_room_thermostat").attributes["current_temperature"] == 22.0
    assert float(home.get("sensor.living_room_temperature").state) == 22.0


def test_an_unheated_room_cools_slowly() -> None:
    home = build_virtual_home()
    sim = VirtualHomeSimulator(home, clock=FakeClock(NOON))
    sim.step(NOON)
    sim.step(NOON + 600)
    office = float(home.get("sensor.office_temperature").state)
    assert 19.0 < office < 21.2


def test_covers_travel_to_their_target_over_a_few_seconds() -> None:
    home = build_virtual_home()
    clock = FakeClock(NOON)
    sim = VirtualHomeSimulator(home, clock=clock)
    sim.step(NOON)
    started = sim.move_cover("cover.bedroom_blinds", 0)
    assert started.state == "closing"
    sim.step(NOON + 1)
    blinds = home.get("cover.bedroom_blinds")
    assert blinds.state == "closing"
    assert blinds.attributes["current_position"] == 100 - COVER_SPEED_PCT_PER_S
    sim.step(NOON + 10)
    blinds = home.get("cover.bedroom_blinds")
    assert (blinds.state, blinds.attributes["current_position"]) == ("closed", 0)


def test_moving_a_cover_to_where_it_is_settles_at_once() -> None:
    home = build_virtual_home()
    sim = VirtualHomeSimulator(home, clock=FakeClock(NOON))
    assert sim.move_cover("cover.garage_door", 0).state == "closed"


def test_only_covers_move() -> None:
    sim = VirtualHomeSimulator(build_virtual_home(), clock=FakeClock(NOON))
    with pytest.raises(HomeError):
        sim.move_cover("light.kitchen_light", 50)


def test_wearable_battery_drains_and_heart_rate_stays_plausible() -> None:
    home = build_virtual_home()
    sim = VirtualHomeSimulator(home, clock=FakeClock(NOON), seed=3)
    sim.step(NOON)
    rates = []
    for minute in range(1, 121):
        sim.step(NOON + 60 * minute)
        rates.append(int(home.get(WEARABLE_HEART_RATE).state))
    assert int(home.get(WEARABLE_BATTERY).state) == 84
    assert all(45 <= r <= 140 for r in rates)
    assert len(set(rates)) > 3, "the heart rate wanders"


def test_the_bed_is_occupied_at_night_only() -> None:
    home = build_virtual_home()
    sim = VirtualHomeSimulator(home, clock=FakeClock(NOON))
    sim.step(NOON)
    sim.step(NOON + 60)
    assert home.get(BED_OCCUPANCY).state == "off"
    changes = sim.step(LATE_EVENING)
    assert StateChange(BED_OCCUPANCY, "on", dict(home.get(BED_OCCUPANCY).attributes)) in changes
    assert home.get(BED_OCCUPANCY).state == "on"


def test_step_without_a_time_uses_the_clock() -> None:
    home = build_virtual_home()
    clock = FakeClock(NOON)
    sim = VirtualHomeSimulator(home, clock=clock)
    sim.step()
    clock.now = LATE_EVENING
    sim.step()
    assert home.get(BED_OCCUPANCY).state == "on"
