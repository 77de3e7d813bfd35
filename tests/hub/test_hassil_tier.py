"""The template tier on the virtual home: HA's sentences, the speaker's area, near misses, and refusals."""

from __future__ import annotations

import statistics
import time

import pytest

from hub.agent.demo_script import DEMO_SCRIPT
from hub.agent.responses import render_speech
from hub.home.model import Entity, Home
from hub.home.virtual import build_virtual_home
from hub.llm.base import TurnRequest, Understanding, UnderstandingBackend
from hub.llm.hassil_tier import HassilBackend, correct_names, home_signature
from hub.tools.executor import ToolOutcome
from hub.tools.registry import validate_call
from hub.tools.virtual_executor import VirtualHomeExecutor

NOW = 1_793_900_000.0


@pytest.fixture
async def backend() -> HassilBackend:
    tier = HassilBackend()
    await tier.async_prepare()
    return tier


@pytest.fixture
def home() -> Home:
    return build_virtual_home()


async def understand(backend: HassilBackend, home: Home, text: str, area: str | None = None) -> Understanding:
    result = await backend.async_understand(TurnRequest(text, area_id=area), home)
    assert result is not None, text
    return result


def test_it_is_an_understanding_backend() -> None:
    tier: UnderstandingBackend = HassilBackend()
    assert tier.name == "template"


async def test_turn_on_the_light_in_the_kitchen(backend: HassilBackend, home: Home) -> None:
    result = await understand(backend, home, "turn on the light", "kitchen")
    assert result.tier == "template"
    assert result.confidence == 1.0
    assert len(result.calls) == 1
    call = result.calls[0]
    assert call.tool == "HassTurnOn"
    assert call.entities == ("light.kitchen_light",)
    assert call.args == {"area": "Kitchen", "domain": ["light"]}
    assert not result.is_question


async def test_the_speakers_room_decides(backend: HassilBackend, home: Home) -> None:
    living = await understand(backend, home, "turn off the lights", "living_room")
    assert set(living.calls[0].entities) == {"light.living_room_ceiling", "light.living_room_floor_lamp"}
    lamp = await understand(backend, home, "turn off the lamp", "bedroom")
    assert lamp.calls[0].entities == ("light.bedroom_lamp",)
    assert lamp.calls[0].args == {"name": "Bedroom Lamp"}


async def test_an_explicit_area_beats_the_speakers(backend: HassilBackend, home: Home) -> None:
    result = await understand(backend, home, "turn on the lights in the garage", "kitchen")
    assert result.calls[0].entities == ("light.garage_light",)
    assert result.calls[0].args["area"] == "Garage"


async def test_a_question_is_get_state_and_actuates_nothing(backend: HassilBackend, home: Home) -> None:
    before = home.to_dict()
    result = await understand(backend, home, "is the front door locked?", "hallway")
    assert result.is_question
    call = result.calls[0]
    assert (call.tool, call.entities) == ("HassGetState", ("lock.front_door",))
    assert call.args == {"name": "Front Door", "state": "locked"}
    assert render_speech(result, [], home) == "Yes, the Front Door is locked."
    assert home.to_dict() == before


async def test_the_front_door_lock_and_its_contact_sensor(backend: HassilBackend, home: Home) -> None:
    lock = await understand(backend, home, "lock the front door", "hallway")
    assert (lock.calls[0].tool, lock.calls[0].entities) == ("HassTurnOn", ("lock.front_door",))
    contact = await understand(backend, home, "is the front door open", "hallway")
    assert contact.calls[0].entities == ("binary_sensor.front_door_contact",)
    assert render_speech(contact, [], home) == "No, the Front Door Sensor is closed."


async def test_an_ambiguous_name_asks_back(backend: HassilBackend, home: Home) -> None:
    result = await understand(backend, home, "turn off the lamp", "hallway")
    assert result.calls == ()
    assert result.clarification == "Which one do you mean: the Floor Lamp in the Living Room or the Bedroom Lamp?"
    assert set(result.details["candidates"]) == {"light.bedroom_lamp", "light.living_room_floor_lamp"}


async def test_no_known_room_asks_which_room(backend: HassilBackend, home: Home) -> None:
    for area in (None, "attic"):
        result = await understand(backend, home, "turn on the light", area)
        assert result.clarification == "Which room?"


async def test_nothing_of_that_kind_in_the_room_fails(backend: HassilBackend, home: Home) -> None:
    result = await understand(backend, home, "turn on the fan", "kids_room")
    assert result.failure == "There are no fans in the Kids Room."
    assert result.calls == ()


async def test_a_near_miss_name_is_corrected_at_lower_confidence(backend: HassilBackend, home: Home) -> None:
    result = await understand(backend, home, "turn on the kitchen lite", "hallway")
    assert result.calls[0].entities == ("light.kitchen_light",)
    assert result.calls[0].args == {"name": "Kitchen Light"}
    assert result.confidence < 1.0
    assert result.details["corrected_text"] == "turn on the Kitchen Light"
    area = await understand(backend, home, "turn on the light in the kitchn", "hallway")
    assert area.calls[0].entities == ("light.kitchen_light",)


def test_correct_names_leaves_unrelated_text_alone() -> None:
    labels = {"kitchen light": "Kitchen Light", "front door": "Front Door"}
    assert correct_names("is the frnt door locked", labels) == "is the Front Door locked"
    assert correct_names("tell me a joke", labels) is None
    assert correct_names("", labels) is None


@pytest.mark.parametrize(
    "text",
    ["tell me a joke", "what's the weather like", "", "   ", "x" * 10_000, "turn on the light " * 200],
)
async def test_what_templates_cannot_answer_is_none(backend: HassilBackend, home: Home, text: str) -> None:
    started = time.perf_counter()
    assert await backend.async_understand(TurnRequest(text, area_id="kitchen"), home) is None
    assert time.perf_counter() - started < 0.5


async def test_languages(backend: HassilBackend, home: Home) -> None:
    assert await backend.async_understand(TurnRequest("turn on the light", "xx", "kitchen"), home) is None
    assert await backend.async_understand(TurnRequest("schalte das licht ein", "de", "kitchen"), home) is None
    assert await backend.async_understand(TurnRequest("turn on the light", "en-GB", "kitchen"), home) is not None
    assert await backend.async_understand(TurnRequest("turn on the light", "en_US", "kitchen"), home) is not None


async def test_a_language_without_templates_is_declined(home: Home) -> None:
    tier = HassilBackend(languages=("en", "tlh"))
    await tier.async_prepare()
    assert tier.languages == ("en",)
    assert await tier.async_understand(TurnRequest("qapla'", "tlh"), home) is None


@pytest.mark.parametrize(
    ("text", "area", "tool", "args", "entities"),
    [
        ("set a timer for 5 minutes", "kitchen", "HassStartTimer", {"minutes": 5}, ()),
        (
            "dim the lights to 30 percent",
            "living_room",
            "HassLightSet",
            {"brightness": 30, "domain": ["light"], "area": "Living Room"},
            ("light.living_room_ceiling", "light.living_room_floor_lamp"),
        ),
        (
            "set the brightness to 30%",
            "living_room",
            "HassLightSet",
            {"brightness": 30, "domain": ["light"], "area": "Living Room"},
            ("light.living_room_ceiling", "light.living_room_floor_lamp"),
        ),
        (
            "make the floor lamp blue",
            "living_room",
            "HassLightSet",
            {"color": "blue", "name": "Floor Lamp"},
            ("light.living_room_floor_lamp",),
        ),
        (
            "set the temperature to 20 degrees",
            "bedroom",
            "HassClimateSetTemperature",
            {"temperature": 20, "area": "Bedroom"},
            ("climate.bedroom_thermostat",),
        ),
        (
            "close the blinds",
            "bedroom",
            "HassTurnOff",
            {"device_class": ["blind"], "domain": ["cover"], "area": "Bedroom"},
            ("cover.bedroom_blinds",),
        ),
        ("pause the music", "living_room", "HassMediaPause", {"area": "Living Room"}, ("media_player.living_room_tv",)),
        ("pause the TV", "kitchen", "HassMediaPause", {"name": "Living Room TV"}, ("media_player.living_room_tv",)),
        (
            "set the volume to 20",
            "living_room",
            "HassSetVolume",
            {"volume_level": 20, "area": "Living Room"},
            ("media_player.living_room_tv",),
        ),
        (
            "what's the temperature in here",
            "living_room",
            "HassClimateGetTemperature",
            {"area": "Living Room"},
            ("climate.living_room_thermostat",),
        ),
        (
            "what's the temperature",
            "kitchen",
            "HassClimateGetTemperature",
            {"area": "Kitchen"},
            ("sensor.kitchen_temperature",),
        ),
        (
            "what is the living room temperature",
            "kitchen",
            "HassGetState",
            {"name": "Living Room Temperature"},
            ("sensor.living_room_temperature",),
        ),
        ("turn on the fan", "office", "HassTurnOn", {"domain": ["fan"], "area": "Office"}, ("fan.office_fan",)),
        ("open the garage door", "kitchen", "HassTurnOn", {"name": "Garage Door"}, ("cover.garage_door",)),
        ("what time is it", None, "HassGetCurrentTime", {}, ()),
        ("what's the date", None, "HassGetCurrentDate", {}, ()),
        ("nevermind", "kitchen", "HassNevermind", {}, ()),
        ("cancel the timer", "kitchen", "HassCancelTimer", {}, ()),
    ],
)
async def test_calls_carry_ha_slots(
    backend: HassilBackend,
    home: Home,
    text: str,
    area: str | None,
    tool: str,
    args: dict[str, object],
    entities: tuple[str, ...],
) -> None:
    result = await understand(backend, home, text, area)
    assert len(result.calls) == 1, result
    call = result.calls[0]
    assert (call.tool, call.args, call.entities) == (tool, args, entities)
    assert validate_call(call, home) == call
    for key in ("brightness", "temperature", "volume_level", "minutes"):
        if key in call.args:
            assert type(call.args[key]) is int


async def test_whole_home_and_floor_commands(backend: HassilBackend, home: Home) -> None:
    all_lights = await understand(backend, home, "turn off all the lights", "kitchen")
    assert len(all_lights.calls[0].entities) == sum(1 for e in home.entities.values() if e.domain == "light")
    upstairs = await understand(backend, home, "turn off the lights upstairs", None)
    assert upstairs.calls[0].args["floor"] == "Upstairs"
    assert "light.bedroom_lamp" in upstairs.calls[0].entities
    assert "light.kitchen_light" not in upstairs.calls[0].entities


async def test_slot_lists_follow_renames(backend: HassilBackend, home: Home) -> None:
    signature = home_signature(home)
    home.set_state("switch.kettle", "on")
    assert home_signature(home) == signature, "state changes do not rebuild slot lists"
    home.entities["switch.kettle"] = Entity("switch.kettle", "Tea Maker", "kitchen", (), None, "off", {})
    assert home_signature(home) != signature
    result = await understand(backend, home, "turn on the tea maker", "hallway")
    assert result.calls[0].entities == ("switch.kettle",)


def _outcome_of(result: Understanding | None, outcomes: list[ToolOutcome]) -> str:
    if result is None:
        return "not_understood"
    if result.clarification is not None:
        return "clarify"
    if result.failure is not None:
        return "failed"
    if result.is_question:
        return "answered"
    return "done" if all(o.success for o in outcomes) else "failed"


async def test_the_demo_script_end_to_end(backend: HassilBackend) -> None:
    home = build_virtual_home()
    executor = VirtualHomeExecutor(home, clock=lambda: NOW)
    transcript = []
    template_lines = [line for line in DEMO_SCRIPT if not line.needs_memory and not line.needs_policy]
    for line in template_lines:
        result = await backend.async_understand(TurnRequest(line.sentence, area_id=line.area_id), home)
        outcomes: list[ToolOutcome] = []
        if result is not None and not result.is_question:
            outcomes = [await executor.async_execute(call, request_id="demo") for call in result.calls]
        transcript.append((line, _outcome_of(result, outcomes), render_speech(result, outcomes, home)))
    handled = [line.sentence for line, outcome, _ in transcript if outcome == line.understood]
    assert len(DEMO_SCRIPT) >= 14
    assert len(handled) == len(template_lines), transcript
    speech = {line.sentence + "@" + line.area_id: said for line, _, said in transcript}
    assert speech["turn on the light@kitchen"] == "Turned on the Kitchen Light."
    assert speech["set a timer for 5 minutes@kitchen"] == "Timer set for 5 minutes."
    assert speech["is the front door locked?@hallway"] == "Yes, the Front Door is locked."
    assert speech["lock the back door@hallway"] == "Locked the Back Door."
    assert speech["turn off the lamp@bedroom"] == "Turned off the Bedroom Lamp."
    assert speech["what's the temperature in here@living_room"] == "It's 20.5 °C in the Living Room."
    assert speech["tell me a joke@office"] == "Sorry, I didn't understand that."
    assert home.get("lock.back_door").state == "locked"
    assert home.get("light.living_room_floor_lamp").attributes["rgb_color"] == [0, 0, 255]
    assert home.get("media_player.living_room_tv").state == "paused"
    assert home.get("climate.bedroom_thermostat").attributes["temperature"] == 20
    assert home.get("fan.office_fan").state == "on"
    assert home.get("lock.front_door").state == "locked", "the question changed nothing"


async def test_latency_after_warm_up(backend: HassilBackend, home: Home) -> None:
    timings = []
    for line in DEMO_SCRIPT * 3:
        started = time.perf_counter()
        await backend.async_understand(TurnRequest(line.sentence, area_id=line.area_id), home)
        timings.append((time.perf_counter() - started) * 1000)
    assert statistics.median(timings) < 50, timings


async def test_a_large_home_stays_fast(backend: HassilBackend) -> None:
    home = build_virtual_home()
    for i in range(3000):
        entity_id = f"light.extra_{i}"
        home.entities[entity_id] = Entity(entity_id, f"Extra Light {i}", "office")
    await backend.async_understand(TurnRequest("turn on extra light 7", area_id="office"), home)
    for text, expected in (
        ("turn on extra light 42", ("light.extra_42",)),
        ("turn on extra lite 2999", None),
        ("tell me a joke", None),
    ):
        started = time.perf_counter()
        result = await backend.async_understand(TurnRequest(text, area_id="office"), home)
        assert time.perf_counter() - started < 1.0, text
        assert (result.calls[0].entities if result is not None else None) == expected
