"""Spoken responses: actions from outcomes, questions from live state, failures and clarifications as given."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from hub.agent.responses import NOT_UNDERSTOOD, duration_phrase, failure_speech, render_speech, state_phrase
from hub.home.model import Home
from hub.home.virtual import build_virtual_home
from hub.llm.base import ToolCall, Understanding
from hub.tools.executor import ToolOutcome


def said(call: ToolCall, home: Home, outcome: ToolOutcome | None = None, **details: Any) -> str:
    understanding = Understanding("template", 1.0, calls=(call,), details=details)
    return render_speech(understanding, [outcome] if outcome is not None else [], home)


def done(*entity_ids: str, states: dict[str, str] | None = None, **data: Any) -> ToolOutcome:
    return ToolOutcome(True, {"entities": list(entity_ids), "states": states or {}, "changed": [], **data})


@pytest.fixture
def home() -> Home:
    return build_virtual_home()


@pytest.fixture
def bedroom_with_three_lights() -> Home:
    return Home.from_dict(
        {
            "floors": [{"id": "up", "name": "Upstairs"}],
            "areas": [{"id": "bedroom", "name": "Bedroom", "floor": "up"}],
            "entities": [
                {"id": f"light.bed_{i}", "name": f"Bed Light {i}", "area": "bedroom", "state": "off"} for i in range(3)
            ],
        }
    )


def test_turned_on_one(home: Home) -> None:
    home.set_state("light.kitchen_light", "on")
    call = ToolCall("HassTurnOn", {"area": "Kitchen", "domain": ["light"]}, ("light.kitchen_light",))
    outcome = done("light.kitchen_light", states={"light.kitchen_light": "on"})
    assert said(call, home, outcome) == "Turned on the Kitchen Light."


def test_turned_off_several_in_a_room(bedroom_with_three_lights: Home) -> None:
    ids = tuple(bedroom_with_three_lights.entities)
    call = ToolCall("HassTurnOff", {"area": "Bedroom", "domain": ["light"]}, ids)
    outcome = done(*ids, states=dict.fromkeys(ids, "off"))
    assert said(call, bedroom_with_three_lights, outcome) == "Turned off 3 lights in the Bedroom."


def test_two_are_named(home: Home) -> None:
    ids = ("light.living_room_ceiling", "light.living_room_floor_lamp")
    call = ToolCall("HassLightSet", {"brightness": 30, "area": "Living Room", "domain": ["light"]}, ids)
    assert said(call, home, done(*ids)) == "Set the Living Room Ceiling Light and the Floor Lamp to 30%."


def test_floors_are_said_naturally(home: Home) -> None:
    ids = tuple(
        e.entity_id
        for e in home.entities.values()
        if e.domain == "light" and e.area_id in {"bedroom", "office", "kids_room", "bathroom"}
    )
    call = ToolCall("HassTurnOff", {"floor": "Upstairs", "domain": ["light"]}, ids)
    assert said(call, home, done(*ids, states=dict.fromkeys(ids, "off"))) == "Turned off 6 lights upstairs."


@pytest.mark.parametrize(
    ("call", "states", "speech"),
    [
        (ToolCall("HassLightSet", {"brightness": 50}, ("light.bedroom_lamp",)), {}, "Set the Bedroom Lamp to 50%."),
        (ToolCall("HassLightSet", {"brightness": 0}, ("light.bedroom_lamp",)), {}, "Turned off the Bedroom Lamp."),
        (
            ToolCall("HassLightSet", {"color": "blue"}, ("light.living_room_floor_lamp",)),
            {},
            "Set the Floor Lamp to blue.",
        ),
        (ToolCall("HassTurnOn", {}, ("lock.back_door",)), {"lock.back_door": "locked"}, "Locked the Back Door."),
        (
            ToolCall("HassTurnOff", {}, ("lock.front_door",)),
            {"lock.front_door": "unlocked"},
            "Unlocked the Front Door.",
        ),
        (
            ToolCall("HassTurnOff", {}, ("cover.bedroom_blinds",)),
            {"cover.bedroom_blinds": "closed"},
            "Closed the Bedroom Blinds.",
        ),
        (
            ToolCall("HassTurnOn", {}, ("cover.garage_door",)),
            {"cover.garage_door": "opening"},
            "Opening the Garage Door.",
        ),
        (
            ToolCall("HassClimateSetTemperature", {"temperature": 20.5}, ("climate.bedroom_thermostat",)),
            {},
            "Set the Bedroom Thermostat to 20.5 °C.",
        ),
        (
            ToolCall("HassSetPosition", {"position": 40}, ("cover.living_room_blinds",)),
            {},
            "Set the Living Room Blinds to 40%.",
        ),
        (ToolCall("HassMediaPause", {}, ("media_player.living_room_tv",)), {}, "Paused the Living Room TV."),
        (ToolCall("HassMediaUnpause", {}, ("media_player.living_room_tv",)), {}, "Resumed the Living Room TV."),
        (
            ToolCall("HassSetVolume", {"volume_level": 35}, ("media_player.living_room_tv",)),
            {},
            "Set the volume of the Living Room TV to 35%.",
        ),
        (
            ToolCall("HassMediaNext", {}, ("media_player.living_room_tv",)),
            {},
            "Skipped to Gardeners' World on the Living Room TV.",
        ),
    ],
)
def test_actions(home: Home, call: ToolCall, states: dict[str, str], speech: str) -> None:
    assert said(call, home, done(*call.entities, states=states)) == speech


def test_yes_no_questions_come_from_live_state(home: Home) -> None:
    call = ToolCall("HassGetState", {"name": "Front Door", "state": "locked"}, ("lock.front_door",))
    assert said(call, home) == "Yes, the Front Door is locked."
    home.set_state("lock.front_door", "unlocked")
    assert said(call, home) == "No, the Front Door is unlocked."
    bed = ToolCall("HassGetState", {"name": "Bed", "state": "on"}, ("binary_sensor.bed_occupancy",))
    assert said(bed, home) == "No, the Bed Occupancy is empty."


def test_readings(home: Home) -> None:
    temperature = ToolCall("HassGetState", {"name": "Living Room Temperature"}, ("sensor.living_room_temperature",))
    assert said(temperature, home) == "It's 20.5 °C in the Living Room."
    heart = ToolCall("HassGetState", {"name": "Grandma Heart Rate"}, ("sensor.grandma_wearable_heart_rate",))
    assert said(heart, home) == "The Grandma Heart Rate is 72 bpm."
    battery = ToolCall("HassGetState", {}, ("sensor.grandma_wearable_battery",))
    assert said(battery, home) == "The Grandma Wearable Battery is 86%."
    lamp = ToolCall("HassGetState", {"name": "Bedroom Lamp"}, ("light.bedroom_lamp",))
    assert said(lamp, home) == "The Bedroom Lamp is on at 60%."


def test_climate_temperature(home: Home) -> None:
    call = ToolCall("HassClimateGetTemperature", {"area": "Living Room"}, ("climate.living_room_thermostat",))
    assert said(call, home) == "It's 20.5 °C in the Living Room."
    both = ToolCall("HassClimateGetTemperature", {}, ("climate.living_room_thermostat", "climate.bedroom_thermostat"))
    assert said(both, home) == "It's 20.5 °C in the Living Room and 18.5 °C in the Bedroom."


def test_group_questions(home: Home) -> None:
    lights = tuple(e.entity_id for e in home.entities.values() if e.domain == "light")
    call = ToolCall("HassGetState", {"domain": ["light"], "state": "on"}, lights)
    on = [e for e in home.entities.values() if e.domain == "light" and e.state == "on"]
    assert len(on) == 4
    assert said(call, home, response="any") == "Yes, 4 lights are on."
    assert said(call, home, response="how_many") == "4 lights are on."
    assert said(call, home, response="all").startswith("No, 7 lights are off.")
    locks = ("lock.front_door", "lock.back_door")
    locked = ToolCall("HassGetState", {"domain": ["lock"], "state": "locked"}, locks)
    assert said(locked, home, response="which") == "The Front Door is locked."
    assert said(locked, home, response="all") == "No, the Back Door is unlocked."
    for lock in locks:
        home.set_state(lock, "locked")
    assert said(locked, home, response="all") == "Yes, all locks are locked."


def test_timers() -> None:
    home = build_virtual_home()
    start = ToolCall("HassStartTimer", {"minutes": 5})
    timer = {"name": None, "start_hours": 0, "start_minutes": 5, "start_seconds": 0, "seconds_left": 300}
    assert said(start, home, ToolOutcome(True, {"timer": timer})) == "Timer set for 5 minutes."
    named = {**timer, "name": "pizza", "start_hours": 1, "start_minutes": 10}
    assert said(start, home, ToolOutcome(True, {"timer": named})) == "Pizza timer set for 1 hour and 10 minutes."
    status = ToolCall("HassTimerStatus", {})
    left = ToolOutcome(True, {"timers": [{**timer, "seconds_left": 250}]})
    assert said(status, home, left) == "Your timer has 4 minutes and 10 seconds left."
    assert said(status, home, ToolOutcome(True, {"timers": []})) == "You have no timers running."
    cancel = ToolCall("HassCancelTimer", {})
    assert said(cancel, home, ToolOutcome(True, {"cancelled": [timer]})) == "Timer cancelled."


def test_duration_phrase() -> None:
    assert duration_phrase(0, 5, 0) == "5 minutes"
    assert duration_phrase(1, 0, 1) == "1 hour and 1 second"
    assert duration_phrase(2, 3, 4) == "2 hours, 3 minutes and 4 seconds"
    assert duration_phrase(0, 0, 0) == "0 seconds"


def test_time_and_date(home: Home) -> None:
    now = datetime(2026, 11, 4, 20, 5, tzinfo=UTC)
    time_call = Understanding("template", 1.0, calls=(ToolCall("HassGetCurrentTime", {}),))
    assert render_speech(time_call, [], home, now=now) == "It's 8:05 PM."
    from_executor = ToolOutcome(True, {"hour": 0, "minute": 7})
    assert render_speech(time_call, [from_executor], home) == "It's 12:07 AM."
    date_call = Understanding("template", 1.0, calls=(ToolCall("HassGetCurrentDate", {}),))
    assert render_speech(date_call, [], home, now=now) == "It's Wednesday, 4 November 2026."
    assert render_speech(time_call, [], home) == "Sorry, I don't know the time."


def test_failures_and_clarifications_pass_through(home: Home) -> None:
    assert render_speech(None, [], home) == NOT_UNDERSTOOD
    clarify = Understanding("template", 1.0, clarification="Which room?")
    assert render_speech(clarify, [], home) == "Which room?"
    fail = Understanding("template", 1.0, failure="I don't know a device called jacuzzi.")
    assert render_speech(fail, [], home) == "I don't know a device called jacuzzi."
    call = ToolCall("HassMediaPause", {}, ("media_player.living_room_tv",))
    refused = ToolOutcome(False, error="The Living Room TV isn't playing.")
    assert said(call, home, refused) == "The Living Room TV isn't playing."
    assert failure_speech("timeout talking to HA") == "Sorry, that didn't work: timeout talking to HA."
    assert failure_speech(None) == "Sorry, that didn't work."


def test_nevermind_and_unexecuted_actions(home: Home) -> None:
    assert said(ToolCall("HassNevermind", {}), home) == "OK."
    assert said(ToolCall("HassTurnOn", {}, ("light.kitchen_light",)), home) == "OK, I'll do that."


def test_state_phrases(home: Home) -> None:
    assert state_phrase(home.get("media_player.living_room_tv")) == "playing Gardeners' World"
    assert state_phrase(home.get("climate.living_room_thermostat")) == "set to heat at 21 °C"
    assert state_phrase(home.get("binary_sensor.front_door_contact")) == "closed"
    assert state_phrase(home.get("cover.garage_door")) == "closed"
    home.set_state("cover.bedroom_blinds", "open", {"current_position": 40})
    assert state_phrase(home.get("cover.bedroom_blinds")) == "open at 40%"
    home.set_state("light.kitchen_light", "unavailable")
    assert state_phrase(home.get("light.kitchen_light")) == "unavailable"
