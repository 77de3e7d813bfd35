"""A realistic demo home and a deterministic simulator that keeps its sensors alive.

`build_virtual_home()` returns a two-floor home with lights, switches, a fan, thermostats, locks, covers, a
TV, room sensors, a bed-occupancy sensor and a grandparent's wearable. `VirtualHomeSimulator` advances it
with an injected clock: rooms warm toward the thermostat target, humidity wanders, covers travel to their
target, the wearable's heart rate wanders and its battery drains, and the bed is occupied at night. Given
the same seed and the same sequence of `step` times, it produces the same changes, so tests and demos replay
exactly.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from hub.errors import HomeError
from hub.home.model import Area, Entity, Floor, Home

type Clock = Callable[[], float]
"""Seconds since the epoch: `time.time` in production, a fake in tests."""

COVER_SPEED_PCT_PER_S: Final = 20.0
"""Covers travel 20 % per second, so a full open or close takes five seconds."""
HEAT_RATE_C_PER_S: Final = 0.5 / 60.0
"""A heated room warms about half a degree a minute toward its target."""
COOL_RATE_C_PER_S: Final = 0.1 / 60.0
"""An unheated room drifts toward the ambient temperature much more slowly."""
AMBIENT_C: Final = 16.0
BATTERY_DRAIN_PCT_PER_S: Final = 1.0 / 3600.0
"""The wearable loses about one percent an hour."""
NIGHT_START_HOUR: Final = 22
NIGHT_END_HOUR: Final = 7

WEARABLE_HEART_RATE: Final = "sensor.grandma_wearable_heart_rate"
WEARABLE_BATTERY: Final = "sensor.grandma_wearable_battery"
WEARABLE_WORN: Final = "binary_sensor.grandma_wearable_worn"
BED_OCCUPANCY: Final = "binary_sensor.bed_occupancy"


@dataclass(frozen=True, slots=True)
class StateChange:
    """One state change the hub forwards as `state_changed`: the new state and its full attributes."""

    entity_id: str
    state: str
    attributes: dict[str, Any]


def _light(
    entity_id: str,
    name: str,
    area: str,
    *,
    on: bool,
    brightness_pct: int = 100,
    color: tuple[int, int, int] | None = None,
    aliases: tuple[str, ...] = (),
) -> Entity:
    attributes: dict[str, Any] = {
        "friendly_name": name,
        "supported_color_modes": ["color_temp", "rgb"] if color is not None else ["brightness"],
        "brightness": round(brightness_pct * 255 / 100) if on else None,
        "color_mode": ("rgb" if color is not None else "brightness") if on else None,
    }
    if color is not None:
        attributes["rgb_color"] = list(color) if on else None
        attributes["min_color_temp_kelvin"] = 2000
        attributes["max_color_temp_kelvin"] = 6500
    return Entity(entity_id, name, area, aliases, None, "on" if on else "off", attributes)


def _sensor(entity_id: str, name: str, area: str | None, reading: tuple[str, float, str]) -> Entity:
    device_class, value, unit = reading
    attributes = {
        "friendly_name": name,
        "device_class": device_class,
        "unit_of_measurement": unit,
        "state_class": "measurement",
    }
    return Entity(entity_id, name, area, (), device_class, _fmt(value), attributes)


def _fmt(value: float) -> str:
    """Render a sensor value the way HA does: one decimal, no trailing `.0` for whole numbers."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def build_virtual_home() -> Home:
    """Build the demo home: 2 floors, 8 areas and about 40 entities, in a plausible evening state."""
    floors = [Floor("downstairs", "Downstairs"), Floor("upstairs", "Upstairs")]
    areas = [
        Area("kitchen", "Kitchen", "downstairs"),
        Area("living_room", "Living Room", "downstairs", ("Lounge",)),
        Area("hallway", "Hallway", "downstairs", ("Hall", "Entrance")),
        Area("garage", "Garage", "downstairs"),
        Area("bedroom", "Bedroom", "upstairs", ("Master Bedroom",)),
        Area("office", "Office", "upstairs", ("Study",)),
        Area("kids_room", "Kids Room", "upstairs", ("Nursery",)),
        Area("bathroom", "Bathroom", "upstairs"),
    ]
    entities: list[Entity] = [
        # Kitchen
        _light("light.kitchen_light", "Kitchen Light", "kitchen", on=False, brightness_pct=80),
        Entity(
            "switch.kitchen_extractor_fan",
            "Extractor Fan",
            "kitchen",
            ("Cooker Hood",),
            None,
            "off",
            {"friendly_name": "Extractor Fan"},
        ),
        Entity("switch.kettle", "Kettle", "kitchen", (), None, "off", {"friendly_name": "Kettle"}),
        _sensor("sensor.kitchen_temperature", "Kitchen Temperature", "kitchen", ("temperature", 19.8, "°C")),
        _sensor("sensor.kitchen_humidity", "Kitchen Humidity", "kitchen", ("humidity", 52.0, "%")),
        Entity(
            "lock.back_door",
            "Back Door",
            "kitchen",
            (),
            None,
            "unlocked",
            {"friendly_name": "Back Door", "supported_features": 0},
        ),
        # Living room
        _light(
            "light.living_room_ceiling",
            "Living Room Ceiling Light",
            "living_room",
            on=True,
            brightness_pct=70,
            aliases=("Ceiling Light",),
        ),
        _light(
            "light.living_room_floor_lamp",
            "Floor Lamp",
            "living_room",
            on=True,
            brightness_pct=50,
            color=(255, 180, 107),
            aliases=("Lamp", "Reading Lamp"),
        ),
        Entity(
            "media_player.living_room_tv",
            "Living Room TV",
            "living_room",
            ("TV", "Television"),
            "tv",
            "playing",
            {
                "friendly_name": "Living Room TV",
                "device_class": "tv",
                "volume_level": 0.35,
                "is_volume_muted": False,
                "media_title": "Gardeners' World",
                "media_content_type": "tvshow",
                "source": "BBC One",
            },
        ),
        Entity(
            "climate.living_room_thermostat",
            "Living Room Thermostat",
            "living_room",
            ("Downstairs Thermostat",),
            None,
            "heat",
            {
                "friendly_name": "Living Room Thermostat",
                "hvac_modes": ["off", "heat", "auto"],
                "hvac_mode": "heat",
                "hvac_action": "heating",
                "temperature": 21.0,
                "current_temperature": 20.5,
                "min_temp": 7.0,
                "max_temp": 30.0,
                "target_temp_step": 0.5,
                "unit_of_measurement": "°C",
            },
        ),
        _sensor(
            "sensor.living_room_temperature",
            "Living Room Temperature",
            "living_room",
            ("temperature", 20.5, "°C"),
        ),
        _sensor("sensor.living_room_humidity", "Living Room Humidity", "living_room", ("humidity", 47.0, "%")),
        Entity(
            "cover.living_room_blinds",
            "Living Room Blinds",
            "living_room",
            (),
            "blind",
            "open",
            {"friendly_name": "Living Room Blinds", "device_class": "blind", "current_position": 100},
        ),
        # Hallway
        _light("light.hallway_light", "Hallway Light", "hallway", on=True, brightness_pct=40),
        Entity(
            "lock.front_door",
            "Front Door",
            "hallway",
            (),
            None,
            "locked",
            {"friendly_name": "Front Door", "supported_features": 0},
        ),
        Entity(
            "binary_sensor.front_door_contact",
            "Front Door Sensor",
            "hallway",
            ("Front Door",),
            "door",
            "off",
            {"friendly_name": "Front Door Sensor", "device_class": "door"},
        ),
        # Garage
        _light("light.garage_light", "Garage Light", "garage", on=False),
        Entity(
            "cover.garage_door",
            "Garage Door",
            "garage",
            (),
            "garage",
            "closed",
            {"friendly_name": "Garage Door", "device_class": "garage", "current_position": 0},
        ),
        # Bedroom
        _light(
            "light.bedroom_lamp",
            "Bedroom Lamp",
            "bedroom",
            on=True,
            brightness_pct=60,
            aliases=("Lamp", "Bedside Lamp"),
        ),
        _light(
            "light.bedroom_ceiling",
            "Bedroom Ceiling Light",
            "bedroom",
            on=False,
            aliases=("Ceiling Light",),
        ),
        Entity(
            "cover.bedroom_blinds",
            "Bedroom Blinds",
            "bedroom",
            (),
            "blind",
            "open",
            {"friendly_name": "Bedroom Blinds", "device_class": "blind", "current_position": 100},
        ),
        Entity(
            "climate.bedroom_thermostat",
            "Bedroom Thermostat",
            "bedroom",
            ("Upstairs Thermostat",),
            None,
            "heat",
            {
                "friendly_name": "Bedroom Thermostat",
                "hvac_modes": ["off", "heat", "auto"],
                "hvac_mode": "heat",
                "hvac_action": "idle",
                "temperature": 18.0,
                "current_temperature": 18.5,
                "min_temp": 7.0,
                "max_temp": 30.0,
                "target_temp_step": 0.5,
                "unit_of_measurement": "°C",
            },
        ),
        _sensor("sensor.bedroom_temperature", "Bedroom Temperature", "bedroom", ("temperature", 18.5, "°C")),
        _sensor("sensor.bedroom_humidity", "Bedroom Humidity", "bedroom", ("humidity", 50.0, "%")),
        Entity(
            BED_OCCUPANCY,
            "Bed Occupancy",
            "bedroom",
            ("Bed", "Bed Sensor"),
            "occupancy",
            "off",
            {"friendly_name": "Bed Occupancy", "device_class": "occupancy"},
        ),
        # Office
        Entity(
            "fan.office_fan",
            "Office Fan",
            "office",
            ("Desk Fan",),
            None,
            "off",
            {"friendly_name": "Office Fan", "percentage": 0, "percentage_step": 25.0},
        ),
        _light("light.office_desk_lamp", "Desk Lamp", "office", on=False, brightness_pct=100),
        _sensor("sensor.office_temperature", "Office Temperature", "office", ("temperature", 21.2, "°C")),
        # Kids room
        _light(
            "light.kids_room_night_light",
            "Night Light",
            "kids_room",
            on=False,
            brightness_pct=20,
            color=(255, 120, 40),
        ),
        _light("light.kids_room_ceiling", "Kids Room Light", "kids_room", on=False),
        # Bathroom
        _light("light.bathroom_light", "Bathroom Light", "bathroom", on=False),
        Entity(
            "switch.bathroom_towel_rail",
            "Towel Rail",
            "bathroom",
            (),
            None,
            "on",
            {"friendly_name": "Towel Rail"},
        ),
        _sensor("sensor.bathroom_humidity", "Bathroom Humidity", "bathroom", ("humidity", 64.0, "%")),
        # Grandma's wearable travels with her, so it belongs to no area.
        Entity(
            WEARABLE_HEART_RATE,
            "Grandma Heart Rate",
            None,
            ("Grandma's Heart Rate",),
            None,
            "72",
            {
                "friendly_name": "Grandma Heart Rate",
                "unit_of_measurement": "bpm",
                "state_class": "measurement",
                "icon": "mdi:heart-pulse",
            },
        ),
        Entity(
            WEARABLE_BATTERY,
            "Grandma Wearable Battery",
            None,
            (),
            "battery",
            "86",
            {
                "friendly_name": "Grandma Wearable Battery",
                "device_class": "battery",
                "unit_of_measurement": "%",
                "state_class": "measurement",
            },
        ),
        Entity(
            WEARABLE_WORN,
            "Grandma Wearable Worn",
            None,
            (),
            None,
            "on",
            {"friendly_name": "Grandma Wearable Worn", "icon": "mdi:watch"},
        ),
    ]
    home = Home()
    home.floors = {f.id: f for f in floors}
    home.areas = {a.id: a for a in areas}
    home.entities = {e.entity_id: e for e in entities}
    return home


@dataclass(slots=True)
class _CoverMotion:
    target: int
    last_update: float


# Which temperature and humidity sensors each thermostat or room owns.
_ROOM_TEMPERATURE_SENSORS: Final[Mapping[str, str]] = {
    "sensor.kitchen_temperature": "kitchen",
    "sensor.living_room_temperature": "living_room",
    "sensor.bedroom_temperature": "bedroom",
    "sensor.office_temperature": "office",
}
_HUMIDITY_SENSORS: Final = (
    "sensor.kitchen_humidity",
    "sensor.living_room_humidity",
    "sensor.bedroom_humidity",
    "sensor.bathroom_humidity",
)


class VirtualHomeSimulator:
    """Advances a virtual home through time; `step(now)` applies and returns the changes since the last step.

    Randomness comes only from `random.Random(seed)`, and time only from the arguments to `step` (or the
    injected clock when `step` is called without one), so a run is reproducible.
    """

    def __init__(self, home: Home, *, clock: Clock, seed: int = 0, tz: tzinfo = UTC) -> None:
        self._home = home
        self._clock = clock
        self._rng = random.Random(seed)
        self._tz = tz
        self._last: float | None = None
        self._covers: dict[str, _CoverMotion] = {}
        self._temps: dict[str, float] = {}
        self._battery: float | None = None

    @property
    def home(self) -> Home:
        return self._home

    def move_cover(self, entity_id: str, position: int) -> StateChange:
        """Start moving a cover toward `position` (0-100); later steps move it there at a realistic speed."""
        entity = self._home.get(entity_id)
        if entity.domain != "cover":
            raise HomeError(f"{entity_id} is not a cover")
        target = max(0, min(100, int(position)))
        current = int(entity.attributes.get("current_position", 0))
        now = self._clock() if self._last is None else self._last
        attributes = dict(entity.attributes)
        if target == current:
            self._covers.pop(entity_id, None)
            state = "open" if current > 0 else "closed"
        else:
            self._covers[entity_id] = _CoverMotion(target, now)
            state = "opening" if target > current else "closing"
        self._home.set_state(entity_id, state, attributes)
        return StateChange(entity_id, state, attributes)

    def step(self, now: float | None = None) -> list[StateChange]:
        """Advance the home to `now` (epoch seconds; defaults to the clock) and return what changed."""
        if now is None:
            now = self._clock()
        if self._last is None:
            self._last = now
            return []
        dt = now - self._last
        if dt <= 0:
            return []
        self._last = now
        changes: list[StateChange] = []
        changes.extend(self._step_covers(now))
        changes.extend(self._step_climate(dt))
        changes.extend(self._step_humidity())
        changes.extend(self._step_wearable(dt))
        changes.extend(self._step_bed(now))
        return changes

    def _set(self, entity_id: str, state: str, attributes: Mapping[str, Any]) -> StateChange | None:
        entity = self._home.entities.get(entity_id)
        if entity is None:
            return None
        if entity.state == state and dict(entity.attributes) == dict(attributes):
            return None
        self._home.set_state(entity_id, state, attributes)
        return StateChange(entity_id, state, dict(attributes))

    def _step_covers(self, now: float) -> list[StateChange]:
        changes: list[StateChange] = []
        for entity_id in sorted(self._covers):
            motion = self._covers[entity_id]
            entity = self._home.entities.get(entity_id)
            if entity is None:
                del self._covers[entity_id]
                continue
            current = float(entity.attributes.get("current_position", 0))
            travel = COVER_SPEED_PCT_PER_S * (now - motion.last_update)
            motion.last_update = now
            if abs(motion.target - current) <= travel:
                position = motion.target
                state = "open" if position > 0 else "closed"
                del self._covers[entity_id]
            else:
                direction = 1 if motion.target > current else -1
                position = round(current + direction * travel)
                state = "opening" if direction > 0 else "closing"
            change = self._set(entity_id, state, {**entity.attributes, "current_position": position})
            if change is not None:
                changes.append(change)
        return changes

    def _step_climate(self, dt: float) -> list[StateChange]:
        changes: list[StateChange] = []
        heating_by_area: dict[str, float] = {}
        for entity in list(self._home.entities.values()):
            if entity.domain != "climate" or entity.area_id is None:
                continue
            attrs = dict(entity.attributes)
            current = self._temps.setdefault(entity.entity_id, float(attrs.get("current_temperature", AMBIENT_C)))
            target = float(attrs.get("temperature", current))
            heating = entity.state in ("heat", "auto") and current < target - 0.2
            if entity.state in ("heat", "auto") and current < target:
                current = min(target, current + HEAT_RATE_C_PER_S * dt)
            else:
                current = _approach(current, AMBIENT_C, COOL_RATE_C_PER_S * dt)
            self._temps[entity.entity_id] = current
            if entity.state in ("heat", "auto"):
                heating_by_area[entity.area_id] = target
            attrs["current_temperature"] = round(current, 1)
            attrs["hvac_action"] = "heating" if heating else ("idle" if entity.state != "off" else "off")
            change = self._set(entity.entity_id, entity.state, attrs)
            if change is not None:
                changes.append(change)
        for sensor_id, area_id in _ROOM_TEMPERATURE_SENSORS.items():
            sensor = self._home.entities.get(sensor_id)
            if sensor is None:
                continue
            current = self._temps.setdefault(sensor_id, _as_float(sensor.state, AMBIENT_C))
            room_target = heating_by_area.get(area_id)
            if room_target is not None and current < room_target:
                current = min(room_target, current + HEAT_RATE_C_PER_S * dt)
            else:
                current = _approach(current, AMBIENT_C, COOL_RATE_C_PER_S * dt)
            self._temps[sensor_id] = current
            change = self._set(sensor_id, _fmt(current), sensor.attributes)
            if change is not None:
                changes.append(change)
        return changes

    def _step_humidity(self) -> list[StateChange]:
        changes: list[StateChange] = []
        for sensor_id in _HUMIDITY_SENSORS:
            entity = self._home.entities.get(sensor_id)
            if entity is None:
                continue
            value = _as_float(entity.state, 50.0)
            # Noise with a pull back toward 50 %, so humidity wanders but stays plausible.
            value += self._rng.gauss(0.0, 0.3) + (50.0 - value) * 0.01
            value = max(20.0, min(95.0, value))
            change = self._set(sensor_id, _fmt(value), entity.attributes)
            if change is not None:
                changes.append(change)
        return changes

    def _step_wearable(self, dt: float) -> list[StateChange]:
        changes: list[StateChange] = []
        worn = self._home.entities.get(WEARABLE_WORN)
        heart = self._home.entities.get(WEARABLE_HEART_RATE)
        if heart is not None and worn is not None and worn.state == "on":
            rate = _as_float(heart.state, 70.0)
            # A mean-reverting random walk around a resting rate of 70 bpm.
            rate += self._rng.gauss(0.0, 1.5) + (70.0 - rate) * 0.05
            rate = max(45.0, min(140.0, rate))
            change = self._set(WEARABLE_HEART_RATE, str(round(rate)), heart.attributes)
            if change is not None:
                changes.append(change)
        battery = self._home.entities.get(WEARABLE_BATTERY)
        if battery is not None:
            if self._battery is None:
                self._battery = _as_float(battery.state, 100.0)
            self._battery = max(0.0, self._battery - BATTERY_DRAIN_PCT_PER_S * dt)
            change = self._set(WEARABLE_BATTERY, str(round(self._battery)), battery.attributes)
            if change is not None:
                changes.append(change)
        return changes

    def _step_bed(self, now: float) -> list[StateChange]:
        bed = self._home.entities.get(BED_OCCUPANCY)
        if bed is None:
            return []
        hour = datetime.fromtimestamp(now, self._tz).hour
        night = hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR
        change = self._set(BED_OCCUPANCY, "on" if night else "off", bed.attributes)
        return [change] if change is not None else []


def _approach(value: float, target: float, step: float) -> float:
    if abs(target - value) <= step:
        return target
    return value + step if target > value else value - step


def _as_float(text: str, default: float) -> float:
    try:
        value = float(text)
    except ValueError:
        return default
    return value if math.isfinite(value) else default
