"""Runs HA intent tool calls against the virtual home, with Home Assistant's semantics.

HassTurnOn locks locks and opens covers, HassTurnOff unlocks and closes, as HA does. Timers live here, timed
by the injected clock. Every expected failure (unknown entity, unsupported domain, nothing playing, no such
timer) comes back as `ToolOutcome(success=False, error=...)`; nothing is half-applied, because a call is
checked for every target before any state changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Final

from hub.errors import HearthError
from hub.home.model import Entity, Home
from hub.home.resolver import normalize_name
from hub.home.virtual import Clock, StateChange, VirtualHomeSimulator
from hub.llm.base import ToolCall
from hub.tools.executor import ToolOutcome
from hub.tools.registry import validate_call

COLORS: Final[Mapping[str, tuple[int, int, int]]] = {
    "white": (255, 255, 255),
    "warm white": (255, 197, 143),
    "black": (0, 0, 0),
    "red": (255, 0, 0),
    "orange": (255, 165, 0),
    "amber": (255, 191, 0),
    "yellow": (255, 255, 0),
    "gold": (255, 215, 0),
    "green": (0, 128, 0),
    "lime": (0, 255, 0),
    "teal": (0, 128, 128),
    "turquoise": (64, 224, 208),
    "cyan": (0, 255, 255),
    "blue": (0, 0, 255),
    "navy": (0, 0, 128),
    "indigo": (75, 0, 130),
    "purple": (128, 0, 128),
    "violet": (238, 130, 238),
    "magenta": (255, 0, 255),
    "pink": (255, 192, 203),
    "brown": (165, 42, 42),
}
"""Colour names to RGB, as CSS (and so Home Assistant) defines them."""

VOLUME_STEP_PCT: Final = 10
_COLOR_MODES: Final = frozenset({"hs", "rgb", "rgbw", "rgbww", "xy"})
_DEMO_PLAYLIST: Final = (
    "Gardeners' World",
    "The Great British Bake Off",
    "Blue Planet II",
    "Strictly Come Dancing",
)


@dataclass(slots=True)
class Timer:
    """A running timer; HA keeps these per satellite, the virtual home keeps them here."""

    id: str
    name: str | None
    area: str | None
    start_hours: int
    start_minutes: int
    start_seconds: int
    started_at: float
    ends_at: float

    @property
    def total_seconds(self) -> int:
        return self.start_hours * 3600 + self.start_minutes * 60 + self.start_seconds

    def seconds_left(self, now: float) -> int:
        return max(0, round(self.ends_at - now))

    def to_dict(self, now: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "area": self.area,
            "total_seconds": self.total_seconds,
            "start_hours": self.start_hours,
            "start_minutes": self.start_minutes,
            "start_seconds": self.start_seconds,
            "seconds_left": self.seconds_left(now),
        }


class _CallFailed(HearthError):
    """An expected failure inside a handler, turned into an unsuccessful outcome."""


type _Handler = Callable[[ToolCall], dict[str, Any]]


class VirtualHomeExecutor:
    """A `ToolExecutor` over a `Home`: applies each call to the home's state and says what changed.

    With a `simulator`, covers travel to their new position over a few seconds instead of jumping there.
    """

    def __init__(
        self,
        home: Home,
        *,
        clock: Clock,
        simulator: VirtualHomeSimulator | None = None,
        tz: tzinfo = UTC,
    ) -> None:
        self._home = home
        self._clock = clock
        self._simulator = simulator
        self._tz = tz
        self._timers: dict[str, Timer] = {}
        self._timer_ids = itertools.count(1)
        self._last_on: dict[str, dict[str, Any]] = {}
        self._handlers: dict[str, _Handler] = {
            "HassTurnOn": lambda call: self._switch(call, "on"),
            "HassTurnOff": lambda call: self._switch(call, "off"),
            "HassToggle": lambda call: self._switch(call, "toggle"),
            "HassLightSet": self._light_set,
            "HassClimateSetTemperature": self._climate_set,
            "HassClimateGetTemperature": self._read_states,
            "HassGetState": self._read_states,
            "HassSetPosition": self._set_position,
            "HassMediaPause": lambda call: self._media_transport(call, "pause"),
            "HassMediaUnpause": lambda call: self._media_transport(call, "unpause"),
            "HassMediaNext": lambda call: self._media_transport(call, "next"),
            "HassMediaPrevious": lambda call: self._media_transport(call, "previous"),
            "HassSetVolume": self._set_volume,
            "HassSetVolumeRelative": self._set_volume_relative,
            "HassMediaPlayerMute": lambda call: self._mute(call, muted=True),
            "HassMediaPlayerUnmute": lambda call: self._mute(call, muted=False),
            "HassFanSetSpeed": self._fan_speed,
            "HassStartTimer": self._start_timer,
            "HassCancelTimer": self._cancel_timer,
            "HassCancelAllTimers": self._cancel_all_timers,
            "HassTimerStatus": self._timer_status,
            "HassGetCurrentTime": self._current_time,
            "HassGetCurrentDate": self._current_date,
            "HassNevermind": lambda call: {},
        }

    @property
    def home(self) -> Home:
        return self._home

    @property
    def timers(self) -> list[Timer]:
        """Running timers, the next to finish first."""
        return sorted(self._timers.values(), key=lambda t: (t.ends_at, t.id))

    def pop_finished_timers(self) -> list[Timer]:
        """Timers that have run out by the clock's time, removed from the running set (for announcements)."""
        now = self._clock()
        done = [t for t in self.timers if t.ends_at <= now]
        for timer in done:
            del self._timers[timer.id]
        return done

    async def async_execute(self, call: ToolCall, *, request_id: str) -> ToolOutcome:
        """Run one call; expected failures come back as an unsuccessful outcome, never as an exception."""
        try:
            valid = validate_call(call, self._home)
            handler = self._handlers.get(valid.tool)
            if handler is None:
                return ToolOutcome(False, error=f"The virtual home can't run {valid.tool}.")
            data = handler(valid)
        except HearthError as err:
            return ToolOutcome(False, error=str(err))
        return ToolOutcome(True, data=data)

    # Switching

    def _switch(self, call: ToolCall, action: str) -> dict[str, Any]:
        targets = [self._home.get(eid) for eid in call.entities]
        plans = [(entity, self._switch_plan(entity, action)) for entity in targets]
        return self._apply(plans)

    def _switch_plan(self, entity: Entity, action: str) -> tuple[str, dict[str, Any]]:
        domain, attrs, state = entity.domain, dict(entity.attributes), entity.state
        if action == "toggle":
            action = "off" if state in ("on", "open", "opening", "playing", "paused", "idle") else "on"
        turn_on = action == "on"
        if domain == "light":
            if turn_on:
                restored = self._last_on.get(entity.entity_id, {})
                attrs["brightness"] = attrs.get("brightness") or restored.get("brightness") or 255
                attrs["color_mode"] = restored.get("color_mode") or _default_color_mode(attrs)
                if "rgb_color" in attrs:
                    attrs["rgb_color"] = attrs.get("rgb_color") or restored.get("rgb_color") or [255, 255, 255]
                return "on", attrs
            if state == "on":
                self._last_on[entity.entity_id] = dict(attrs)
            attrs.update(brightness=None, color_mode=None)
            if "rgb_color" in attrs:
                attrs["rgb_color"] = None
            return "off", attrs
        if domain in ("switch", "input_boolean"):
            return ("on" if turn_on else "off"), attrs
        if domain == "fan":
            if turn_on:
                attrs["percentage"] = attrs.get("percentage") or self._last_on.get(entity.entity_id, {}).get(
                    "percentage", 100
                )
                return "on", attrs
            if state == "on":
                self._last_on[entity.entity_id] = {"percentage": attrs.get("percentage")}
            attrs["percentage"] = 0
            return "off", attrs
        if domain == "media_player":
            return ("on" if turn_on else "off"), attrs
        if domain in ("cover", "valve"):
            return self._position_plan(entity, 100 if turn_on else 0)
        if domain == "lock":
            return ("locked" if turn_on else "unlocked"), attrs
        if domain == "climate":
            if turn_on:
                modes = list(attrs.get("hvac_modes") or ["heat"])
                previous = self._last_on.get(entity.entity_id, {}).get("hvac_mode")
                mode = str(previous) if previous in modes else next((str(m) for m in modes if m != "off"), "heat")
                attrs["hvac_mode"] = mode
                return mode, attrs
            if state != "off":
                self._last_on[entity.entity_id] = {"hvac_mode": state}
            attrs.update(hvac_mode="off", hvac_action="off")
            return "off", attrs
        raise _CallFailed(f"The {entity.name} can't be turned {'on' if turn_on else 'off'}.")

    def _position_plan(self, entity: Entity, position: int) -> tuple[str, dict[str, Any]]:
        attrs = dict(entity.attributes)
        attrs["current_position"] = position
        return ("open" if position > 0 else "closed"), attrs

    def _apply(self, plans: list[tuple[Entity, tuple[str, dict[str, Any]]]]) -> dict[str, Any]:
        changed: list[dict[str, Any]] = []
        for entity, (state, attrs) in plans:
            change: StateChange
            if entity.domain == "cover" and self._simulator is not None:
                change = self._simulator.move_cover(entity.entity_id, int(attrs["current_position"]))
            else:
                self._home.set_state(entity.entity_id, state, attrs)
                change = StateChange(entity.entity_id, state, attrs)
            changed.append({"entity_id": change.entity_id, "state": change.state, "attributes": change.attributes})
        return {
            "entities": [entity.entity_id for entity, _ in plans],
            "states": {c["entity_id"]: c["state"] for c in changed},
            "changed": changed,
        }

    # Lights, climate, covers

    def _light_set(self, call: ToolCall) -> dict[str, Any]:
        args = call.args
        plans: list[tuple[Entity, tuple[str, dict[str, Any]]]] = []
        for entity_id in call.entities:
            entity = self._home.get(entity_id)
            attrs = dict(entity.attributes)
            modes = set(attrs.get("supported_color_modes") or ())
            state = entity.state
            if "brightness" in args:
                if args["brightness"] == 0:
                    if state == "on":
                        self._last_on[entity_id] = dict(attrs)
                    attrs.update(brightness=None, color_mode=None)
                    plans.append((entity, ("off", attrs)))
                    continue
                attrs["brightness"] = round(args["brightness"] * 255 / 100)
                state = "on"
            if "color" in args:
                rgb = COLORS.get(args["color"])
                if rgb is None:
                    raise _CallFailed(f"I don't know the colour {args['color']}.")
                if not modes & _COLOR_MODES:
                    raise _CallFailed(f"The {entity.name} can't change colour.")
                attrs.update(rgb_color=list(rgb), color_mode="rgb")
                state = "on"
            if "temperature" in args:
                if "color_temp" not in modes:
                    raise _CallFailed(f"The {entity.name} can't change colour temperature.")
                low = int(attrs.get("min_color_temp_kelvin", 2000))
                high = int(attrs.get("max_color_temp_kelvin", 6500))
                attrs.update(color_temp_kelvin=max(low, min(high, int(args["temperature"]))), color_mode="color_temp")
                state = "on"
            if state == "on" and not attrs.get("brightness"):
                attrs["brightness"] = self._last_on.get(entity_id, {}).get("brightness") or 255
            if state == "on" and not attrs.get("color_mode"):
                attrs["color_mode"] = _default_color_mode(attrs)
            plans.append((entity, (state, attrs)))
        return self._apply(plans)

    def _climate_set(self, call: ToolCall) -> dict[str, Any]:
        target = float(call.args["temperature"])
        plans: list[tuple[Entity, tuple[str, dict[str, Any]]]] = []
        for entity_id in call.entities:
            entity = self._home.get(entity_id)
            attrs = dict(entity.attributes)
            low, high = float(attrs.get("min_temp", 7)), float(attrs.get("max_temp", 35))
            if not low <= target <= high:
                raise _CallFailed(f"The {entity.name} can only be set between {low:g} and {high:g} degrees.")
            attrs["temperature"] = target
            plans.append((entity, (entity.state, attrs)))
        return self._apply(plans)

    def _set_position(self, call: ToolCall) -> dict[str, Any]:
        position = int(call.args["position"])
        plans = [(e, self._position_plan(e, position)) for e in map(self._home.get, call.entities)]
        return self._apply(plans)

    def _fan_speed(self, call: ToolCall) -> dict[str, Any]:
        percentage = int(call.args["percentage"])
        plans: list[tuple[Entity, tuple[str, dict[str, Any]]]] = []
        for entity in map(self._home.get, call.entities):
            attrs = {**entity.attributes, "percentage": percentage}
            plans.append((entity, ("on" if percentage > 0 else "off", attrs)))
        return self._apply(plans)

    # Media

    def _media_transport(self, call: ToolCall, action: str) -> dict[str, Any]:
        targets = [self._home.get(eid) for eid in call.entities]
        wanted = "paused" if action == "unpause" else "playing"
        active = [e for e in targets if e.state == wanted]
        if not active:
            if len(targets) == 1:
                raise _CallFailed(f"The {targets[0].name} isn't {wanted}.")
            raise _CallFailed("Nothing is paused." if action == "unpause" else "Nothing is playing.")
        plans: list[tuple[Entity, tuple[str, dict[str, Any]]]] = []
        for entity in active:
            attrs = dict(entity.attributes)
            if action == "pause":
                plans.append((entity, ("paused", attrs)))
            elif action == "unpause":
                plans.append((entity, ("playing", attrs)))
            else:
                attrs["media_title"] = _next_title(attrs.get("media_title"), 1 if action == "next" else -1)
                plans.append((entity, ("playing", attrs)))
        return self._apply(plans)

    def _set_volume(self, call: ToolCall) -> dict[str, Any]:
        level = int(call.args["volume_level"])
        plans = [
            (e, (e.state, {**e.attributes, "volume_level": level / 100, "is_volume_muted": False}))
            for e in map(self._home.get, call.entities)
        ]
        return self._apply(plans)

    def _set_volume_relative(self, call: ToolCall) -> dict[str, Any]:
        step = call.args["volume_step"]
        delta = VOLUME_STEP_PCT if step == "up" else -VOLUME_STEP_PCT if step == "down" else int(step)
        plans: list[tuple[Entity, tuple[str, dict[str, Any]]]] = []
        for entity in map(self._home.get, call.entities):
            current = round(float(entity.attributes.get("volume_level", 0.5)) * 100)
            level = max(0, min(100, current + delta))
            plans.append((entity, (entity.state, {**entity.attributes, "volume_level": level / 100})))
        return self._apply(plans)

    def _mute(self, call: ToolCall, *, muted: bool) -> dict[str, Any]:
        plans = [(e, (e.state, {**e.attributes, "is_volume_muted": muted})) for e in map(self._home.get, call.entities)]
        return self._apply(plans)

    # Reading

    def _read_states(self, call: ToolCall) -> dict[str, Any]:
        states = {eid: self._home.get(eid) for eid in call.entities}
        return {
            "entities": list(states),
            "states": {eid: e.state for eid, e in states.items()},
            "attributes": {eid: dict(e.attributes) for eid, e in states.items()},
            "changed": [],
        }

    def _current_time(self, call: ToolCall) -> dict[str, Any]:
        now = datetime.fromtimestamp(self._clock(), self._tz)
        return {
            "time": now.strftime("%H:%M:%S"),
            "hour": now.hour,
            "minute": now.minute,
            "iso": now.isoformat(),
        }

    def _current_date(self, call: ToolCall) -> dict[str, Any]:
        now = datetime.fromtimestamp(self._clock(), self._tz)
        return {"date": now.date().isoformat(), "weekday": now.strftime("%A"), "iso": now.isoformat()}

    # Timers

    def _start_timer(self, call: ToolCall) -> dict[str, Any]:
        args = call.args
        hours, minutes, seconds = (int(args.get(k, 0)) for k in ("hours", "minutes", "seconds"))
        now = self._clock()
        timer = Timer(
            f"timer_{next(self._timer_ids)}",
            args.get("name"),
            args.get("area"),
            hours,
            minutes,
            seconds,
            now,
            now,
        )
        timer.ends_at = now + timer.total_seconds
        self._timers[timer.id] = timer
        return {"timer": timer.to_dict(now)}

    def _matching_timers(self, args: Mapping[str, Any]) -> list[Timer]:
        found = self.timers
        if "name" in args:
            wanted = normalize_name(str(args["name"]))
            found = [t for t in found if t.name is not None and normalize_name(t.name) == wanted]
        if "area" in args:
            wanted = normalize_name(str(args["area"]))
            found = [t for t in found if t.area is not None and normalize_name(t.area) == wanted]
        if "start_hours" in args:
            found = [t for t in found if t.start_hours == int(args["start_hours"])]
        if "start_minutes" in args:
            found = [t for t in found if t.start_minutes == int(args["start_minutes"])]
        if "start_seconds" in args:
            found = [t for t in found if t.start_seconds == int(args["start_seconds"])]
        return found

    def _cancel_timer(self, call: ToolCall) -> dict[str, Any]:
        if not self._timers:
            raise _CallFailed("There are no timers running.")
        found = self._matching_timers(call.args)
        if not found:
            raise _CallFailed("I couldn't find that timer.")
        if len(found) > 1 and call.args:
            raise _CallFailed(f"{len(found)} timers match; which one should I cancel?")
        timer = found[0]
        del self._timers[timer.id]
        return {"cancelled": [timer.to_dict(self._clock())]}

    def _cancel_all_timers(self, call: ToolCall) -> dict[str, Any]:
        found = self._matching_timers(call.args)
        for timer in found:
            del self._timers[timer.id]
        now = self._clock()
        return {"cancelled": [t.to_dict(now) for t in found]}

    def _timer_status(self, call: ToolCall) -> dict[str, Any]:
        now = self._clock()
        return {"timers": [t.to_dict(now) for t in self._matching_timers(call.args)]}


def _default_color_mode(attrs: Mapping[str, Any]) -> str:
    modes = list(attrs.get("supported_color_modes") or ["brightness"])
    for preferred in ("rgb", "hs", "xy", "color_temp", "brightness"):
        if preferred in modes:
            return preferred
    return str(modes[0])


def _next_title(current: Any, step: int) -> str:
    try:
        index = _DEMO_PLAYLIST.index(str(current))
    except ValueError:
        index = -1 if step > 0 else 0
    return _DEMO_PLAYLIST[(index + step) % len(_DEMO_PLAYLIST)]
