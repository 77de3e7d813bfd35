"""Several actions in one sentence, as people say them: shared verbs and values, pronouns, on/off pairs, names
and a room's kind of device in one list, positions, timers, and parts that are left while the rest runs.

Runs the shipped command model on the committed evaluation homes (`models/nlu/eval/home.json`, whose names the
model never saw in training, and `home_b.json` / `home_c.json`, written by other engineers with names of their
own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hub.eval.commands import read_home
from hub.home.model import Home
from hub.llm.base import TurnRequest, Understanding
from hub.llm.nlu_model import DEFAULT_MODEL_DIR, CommandModel, Prediction, SlotSpan
from hub.llm.nlu_parts import carries_on, has_action_word, pronoun, said_switch, switch_cuts
from hub.llm.nlu_tier import CommandModelBackend
from hub.llm.nlu_values import spoken_position

EVAL_HOME: Path = DEFAULT_MODEL_DIR / "eval" / "home.json"


@pytest.fixture(scope="module")
def model() -> CommandModel:
    return CommandModel.load()


@pytest.fixture
def backend(model: CommandModel) -> CommandModelBackend:
    return CommandModelBackend(model=model, embed_names=False)


@pytest.fixture(scope="module")
def home() -> Home:
    return read_home(EVAL_HOME)


async def understand(backend: CommandModelBackend, home: Home, text: str, area: str | None = None) -> Understanding:
    result = await backend.async_understand(TurnRequest(text, area_id=area), home)
    assert result is not None, (text, backend.last_decision)
    return result


def calls(result: Understanding) -> list[tuple[str, tuple[str, ...], dict[str, Any]]]:
    keys = ("brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage",
            "hours", "minutes", "seconds")
    return [
        (c.tool, tuple(sorted(c.entities)), {k: v for k, v in c.args.items() if k in keys}) for c in result.calls
    ]


def prediction(intent: str, *spans: tuple[str, int, int, str]) -> Prediction:
    return Prediction(
        intent=intent, confidence=0.99, domain="", domain_confidence=0.0, device_class="",
        device_class_confidence=0.0, spans=tuple(SlotSpan(*s) for s in spans), tokens=0, elapsed_ms=0.0,
    )


# --- the word rules, without the model ---------------------------------------------------------------------


def test_a_part_without_a_verb_carries_on_the_action_before() -> None:
    before = prediction("HassTurnOff", ("name", 15, 26, "tripod lamp"))
    known = {"den", "ceiling", "light", "tripod", "lamp"}
    assert not has_action_word("the den ceiling light")
    assert carries_on("switch off the tripod lamp", before, "the den ceiling light",
                      prediction("HassTurnOn", ("name", 4, 21, "den ceiling light")), known)
    # "and the fan off" says its own action; "the glare is killing me" is not a list of targets
    assert not carries_on("turn on the lamp", before, "the fan off", prediction("HassTurnOff"), known | {"fan"})
    assert not carries_on("turn on the lamp", before, "the glare is killing me", prediction("HassTurnOff"), known)


def test_a_value_is_shared_back_only_to_a_setting_verb_waiting_for_one() -> None:
    value = prediction("HassFanSetSpeed", ("name", 4, 13, "bladeless"), ("percentage", 21, 31, "50 percent"))
    known = {"rattan", "bladeless", "fan"}
    part = "the bladeless fan to 50 percent"
    assert carries_on("set the rattan fan", prediction("HassTurnOn"), part, value, known)
    # "open ..." and "... to sleep" are actions of their own; a part that has its own value keeps it
    assert not carries_on("open the rattan fan", prediction("HassTurnOn"), part, value, known)
    assert not carries_on("put the rattan fan to sleep", prediction("HassTurnOff"), part, value, known)
    with_value = prediction("HassFanSetSpeed", ("percentage", 20, 22, "30"))
    assert not carries_on("set the rattan fan to 30", with_value, part, value, known)


def test_pronouns_and_what_is_not_one() -> None:
    said = pronoun("and set it to 40 percent", prediction("HassLightSet"))
    assert said is not None
    assert said.group(1) == "it"
    assert pronoun("make them blue", prediction("HassLightSet")).group(1) == "them"  # type: ignore[union-attr]
    assert pronoun("it's so dark", prediction("HassTurnOn")) is None
    assert pronoun("it is so dark", prediction("HassTurnOn")) is None
    assert pronoun("make it 21 degrees in here", prediction("HassClimateSetTemperature")) is None
    assert pronoun("set it on the den lamp", prediction("HassTurnOn", ("name", 11, 19, "den lamp"))) is None


def test_on_and_off_at_the_end_of_a_part() -> None:
    assert said_switch("the lights on") == "HassTurnOn"
    assert said_switch("switch the fan off.") == "HassTurnOff"
    assert said_switch("nobody needs my loft fan on") is None
    assert said_switch("it's chilly with the fan on") is None
    assert said_switch("turn on the lamp") is None
    text = "switch the fan off and the lights on"
    assert switch_cuts(text, prediction("HassTurnOff")) == [text.index(" and")]
    # a connector and a command verb after a command start a new action; not after a remark
    verbs = "open the curtains, turn off the fan"
    assert switch_cuts(verbs, prediction("HassTurnOn")) == [verbs.index(",")]
    assert switch_cuts("time for bed, kill the lamp", prediction("HassTurnOff")) == []
    # "turn the lamp and the fan on" is one action on two devices
    assert switch_cuts("turn the lamp and the fan on", prediction("HassTurnOn")) == []


def test_positions_said_as_fractions() -> None:
    assert spoken_position("open it halfway") == 50
    assert spoken_position("a quarter of the way") == 25
    assert spoken_position("down to three quarters") == 75
    assert spoken_position("open the blinds") is None


# --- whole sentences through the tier -----------------------------------------------------------------------


async def test_a_verb_shared_over_a_list(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "switch off the tripod lamp as well as the den ceiling light")
    assert calls(result) == [
        ("HassTurnOff", ("light.tripod_lamp",), {}),
        ("HassTurnOff", ("light.den_ceiling_light",), {}),
    ]
    three = await understand(backend, home, "turn off the slow cooker, the grow lamp socket and the 3d printer")
    assert {c[0] for c in calls(three)} == {"HassTurnOff"}
    assert len(three.calls) == 3


async def test_a_value_shared_over_a_list(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "set the rattan fan and the bladeless fan to 50 percent")
    assert sorted(calls(result)) == [
        ("HassFanSetSpeed", ("fan.bladeless_fan",), {"percentage": 50}),
        ("HassFanSetSpeed", ("fan.rattan_fan",), {"percentage": 50}),
    ]


async def test_it_is_the_device_named_before(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "turn on the lava lamp and set it to 40 percent")
    assert calls(result) == [
        ("HassTurnOn", ("light.lava_lamp",), {}),
        ("HassLightSet", ("light.lava_lamp",), {"brightness": 40}),
    ]
    fan = await understand(backend, home, "turn on the fan and set it to 25 percent", "den")
    assert calls(fan)[1] == ("HassFanSetSpeed", ("fan.wall_mounted_fan",), {"percentage": 25})


async def test_on_and_off_for_two_devices(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "switch the fan off and the lights on", "games_room")
    assert calls(result) == [
        ("HassTurnOff", ("fan.oscillating_fan",), {}),
        ("HassTurnOn", ("light.crystal_lamp", "light.games_room_lamp"), {}),
    ]


async def test_names_and_a_rooms_lights_in_one_list(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "switch off the 3d printer and the studio lights")
    assert sorted(calls(result)) == [
        ("HassTurnOff", ("light.studio_lamp", "light.tripod_lamp"), {}),
        ("HassTurnOff", ("switch.3d_printer",), {}),
    ]
    here = await understand(backend, home, "turn on the waffle iron and the lights in here", "mudroom")
    assert sorted(calls(here)) == [
        ("HassTurnOn", ("light.mateo_s_light", "light.moroccan_light", "light.mudroom_light"), {}),
        ("HassTurnOn", ("switch.waffle_iron",), {}),
    ]
    # "the lights in the pantry" are the room's lights, never only the device called Pantry Lights
    pantry = await understand(backend, home, "pause the jukebox and turn the lights in the pantry off")
    assert calls(pantry)[1] == ("HassTurnOff", ("light.moroccan_lamp", "light.pantry_lights"), {})


async def test_a_kind_in_the_room_leaves_out_the_device_named(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "close the garage door and the curtain in here", "wine_cellar")
    assert sorted(calls(result)) == [
        ("HassTurnOff", ("cover.garage_door",), {}),
        ("HassTurnOff", ("cover.wine_cellar_curtain",), {}),
    ]


async def test_the_speakers_room_and_other_rooms(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "turn off the lights in here and in the den", "games_room")
    assert sorted(calls(result)) == [
        ("HassTurnOff", ("light.crystal_lamp", "light.games_room_lamp"), {}),
        ("HassTurnOff", ("light.den_ceiling_light", "light.lava_lamp"), {}),
    ]


async def test_positions_on_open_and_close(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "open the den window halfway and turn on the crystal lamp")
    assert calls(result)[0] == ("HassSetPosition", ("cover.den_window",), {"position": 50})
    quarter = await understand(backend, home, "open the games room window a quarter")
    assert calls(quarter) == [("HassSetPosition", ("cover.games_room_window",), {"position": 25})]
    half = await understand(backend, home, "lights to half and the fan to 40 percent", "games_room")
    assert calls(half)[0][2] == {"brightness": 50}


async def test_a_player_named_before_is_played_on(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "unmute the jukebox and play the previous track")
    assert calls(result) == [
        ("HassMediaPlayerUnmute", ("media_player.jukebox",), {}),
        ("HassMediaPrevious", ("media_player.jukebox",), {}),
    ]
    # where the speaker's room has a player of its own, a media action without a target stays there
    here = await understand(backend, home, "unmute the jukebox and play the previous track", "utility_room")
    assert calls(here)[1] == ("HassMediaPrevious", ("media_player.utility_room_den_tv",), {})


async def test_a_room_or_floor_the_home_lacks_is_part_of_a_name(backend: CommandModelBackend, home: Home) -> None:
    garage = await understand(backend, home, "open the garage, then switch the bladeless fan on", "parlour")
    assert calls(garage) == [
        ("HassTurnOn", ("cover.garage_door",), {}),
        ("HassTurnOn", ("fan.bladeless_fan",), {}),
    ]
    heating = await understand(backend, home, "turn the underfloor heating on and the bladeless fan off")
    assert calls(heating) == [
        ("HassTurnOn", ("climate.wine_cellar_underfloor_heating",), {}),
        ("HassTurnOff", ("fan.bladeless_fan",), {}),
    ]


async def test_a_number_on_a_named_device_is_its_setting(backend: CommandModelBackend, home: Home) -> None:
    climate = await understand(backend, home, "set the loft mini split to 20 and turn on the sound machine")
    assert calls(climate)[0] == ("HassClimateSetTemperature", ("climate.loft_mini_split",), {"temperature": 20})
    volume = await understand(backend, home, "turn the jukebox up by 15 and the echo down by 15")
    assert sorted(calls(volume)) == [
        ("HassSetVolumeRelative", ("media_player.echo",), {"volume_step": -15}),
        ("HassSetVolumeRelative", ("media_player.jukebox",), {"volume_step": 15}),
    ]


async def test_as_many_numbers_as_rooms(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(backend, home, "set the loft to 19, the conservatory to 21 and the games room to 20")
    assert sorted(calls(result)) == [
        ("HassClimateSetTemperature", ("climate.conservatory_climate_control",), {"temperature": 21}),
        ("HassClimateSetTemperature", ("climate.games_room_mini_split",), {"temperature": 20}),
        ("HassClimateSetTemperature", ("climate.loft_mini_split",), {"temperature": 19}),
    ]


async def test_several_timers_and_spoken_durations(backend: CommandModelBackend, home: Home) -> None:
    two = await understand(backend, home, "set a timer for 30 seconds and then another one for 2 minutes")
    assert calls(two) == [("HassStartTimer", (), {"seconds": 30}), ("HassStartTimer", (), {"minutes": 2})]
    hour = await understand(backend, home, "start a timer for an hour and 15 minutes")
    assert calls(hour) == [("HassStartTimer", (), {"hours": 1, "minutes": 15})]
    half = await understand(backend, home, "set a timer for half an hour")
    assert calls(half) == [("HassStartTimer", (), {"minutes": 30})]


async def test_an_unclear_part_is_left_and_said(backend: CommandModelBackend, home: Home) -> None:
    result = await understand(
        backend, home, "i'm heading out, lock the studio door and turn off the conservatory lights"
    )
    assert calls(result) == [
        ("HassTurnOn", ("lock.studio_door",), {}),
        ("HassTurnOff", ("light.conservatory_lamp", "light.tripod_bulb"), {}),
    ]
    assert result.details["unresolved"] == ['I wasn\'t sure what "i\'m heading out" should do, so I left it.']
    # alone, the same kind of part asks back instead
    alone = await understand(backend, home, "pause the music")
    assert alone.clarification is not None
    assert not alone.calls


# --- other homes: names the rules must not be tuned to -------------------------------------------------------


@pytest.fixture(scope="module")
def home_b() -> Home:
    return read_home(DEFAULT_MODEL_DIR / "eval" / "home_b.json")


@pytest.fixture(scope="module")
def home_c() -> Home:
    return read_home(DEFAULT_MODEL_DIR / "eval" / "home_c.json")


async def test_a_name_tagged_as_a_room_and_names_said_in_a_list(backend: CommandModelBackend, home_b: Home) -> None:
    aquarium = await understand(backend, home_b, "turn on the aquarium and the picture light")
    assert calls(aquarium) == [
        ("HassTurnOn", ("switch.aquarium",), {}),
        ("HassTurnOn", ("light.picture_light",), {}),
    ]
    covers = await understand(backend, home_b, "shut the roman blind and the velvet drapes")
    assert sorted(calls(covers)) == [
        ("HassTurnOff", ("cover.roman_blind",), {}),
        ("HassTurnOff", ("cover.velvet_drapes",), {}),
    ]


async def test_a_colour_word_inside_a_name_is_the_name(backend: CommandModelBackend, home_b: Home) -> None:
    result = await understand(backend, home_b, "turn the neon sign red and the piano lamp off")
    assert calls(result) == [
        ("HassLightSet", ("light.neon_sign",), {"color": "red"}),
        ("HassTurnOff", ("light.piano_lamp",), {}),
    ]


async def test_a_garage_door_by_its_class(backend: CommandModelBackend, home_b: Home) -> None:
    result = await understand(backend, home_b, "close the garage and lock the stable door", "workshop")
    assert calls(result) == [
        ("HassTurnOff", ("cover.roller_door",), {}),
        ("HassTurnOn", ("lock.stable_door",), {}),
    ]


async def test_room_names_the_tagger_cut(backend: CommandModelBackend, home_b: Home, home_c: Home) -> None:
    attic = await understand(backend, home_b, "switch off the attic office lights as well as the projector")
    assert sorted(calls(attic)) == [
        ("HassTurnOff", ("light.architect_lamp", "light.ring_light"), {}),
        ("HassTurnOff", ("media_player.projector",), {}),
    ]
    porch = await understand(backend, home_c, "turn off the sun porch lights and lock the patio slider")
    assert calls(porch)[0] == ("HassTurnOff", ("light.hurricane_lantern", "light.string_bulbs"), {})
    # "the bedroom" for the only room whose name holds it, the Main Bedroom
    bedroom = await understand(backend, home_c, "the bedroom curtains to 30 percent and the bedroom fan on")
    assert calls(bedroom) == [
        ("HassSetPosition", ("cover.linen_curtains",), {"position": 30}),
        ("HassTurnOn", ("fan.whisper_fan",), {}),
    ]


async def test_the_one_device_of_a_kind_and_a_floor_word_in_a_name(backend: CommandModelBackend, home_c: Home) -> None:
    awning = await understand(backend, home_c, "close the awning and the picture window")
    assert sorted(calls(awning)) == [
        ("HassTurnOff", ("cover.picture_window",), {}),
        ("HassTurnOff", ("cover.retractable_awning",), {}),
    ]
    lamps = await understand(backend, home_c, "turn on the orb and the arc floor lamp")
    assert sorted(calls(lamps)) == [
        ("HassTurnOn", ("light.arc_floor_lamp",), {}),
        ("HassTurnOn", ("light.orb",), {}),
    ]


async def test_levels_and_pronouns_the_tagger_left(backend: CommandModelBackend, home_b: Home, home_c: Home) -> None:
    full = await understand(backend, home_b, "fan to full and start a timer for 18 minutes", "scullery")
    assert calls(full) == [
        ("HassFanSetSpeed", ("fan.extractor_fan",), {"percentage": 100}),
        ("HassStartTimer", (), {"minutes": 18}),
    ]
    fan = await understand(backend, home_c, "switch the whisper fan on and put it at 30 percent")
    assert calls(fan) == [
        ("HassTurnOn", ("fan.whisper_fan",), {}),
        ("HassFanSetSpeed", ("fan.whisper_fan",), {"percentage": 30}),
    ]
    red = await understand(backend, home_c, "play the boombox, turn on the pulse strip and set it to red")
    assert calls(red)[2] == ("HassLightSet", ("light.pulse_strip",), {"color": "red"})
    out_here = await understand(backend, home_c, "turn the lights on out here and unlock the patio slider", "sun_porch")
    assert calls(out_here)[0] == ("HassTurnOn", ("light.hurricane_lantern", "light.string_bulbs"), {})
