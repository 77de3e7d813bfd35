"""Slots to entities: names, aliases, the speaker's area, areas and floors, clarifications and near misses."""

from __future__ import annotations

import pytest

from hub.home.model import Home
from hub.home.resolver import SlotQuery, find_area, fuzzy_matches, normalize_name, resolve
from hub.home.virtual import build_virtual_home


@pytest.fixture
def home() -> Home:
    return build_virtual_home()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kitchen Light", "kitchen light"),
        ("  the KITCHEN-light! ", "kitchen light"),
        ("Grandma's Heart Rate", "grandmas heart rate"),
        ("Café  Lamp", "cafe lamp"),
        ("My Lamp", "lamp"),
    ],
)
def test_normalize_name(text: str, folded: str) -> None:
    assert normalize_name(text) == folded


def test_a_name_wins_regardless_of_case_and_punctuation(home: Home) -> None:
    result = resolve(SlotQuery(name="kitchen light!"), home, speaker_area_id="bedroom")
    assert result.entity_ids == ("light.kitchen_light",)
    assert (result.clarification, result.failure, result.fuzzy) == (None, None, False)


def test_aliases_and_entity_ids_are_names_too(home: Home) -> None:
    assert resolve(SlotQuery(name="TV"), home).entity_ids == ("media_player.living_room_tv",)
    assert resolve(SlotQuery(name="Cooker Hood"), home).entity_ids == ("switch.kitchen_extractor_fan",)
    assert resolve(SlotQuery(name="lock.front_door"), home).entity_ids == ("lock.front_door",)


def test_a_shared_name_prefers_the_speakers_area(home: Home) -> None:
    result = resolve(SlotQuery(name="lamp", domain=("light",)), home, speaker_area_id="bedroom")
    assert result.entity_ids == ("light.bedroom_lamp",)
    result = resolve(SlotQuery(name="lamp", domain=("light",)), home, speaker_area_id="living_room")
    assert result.entity_ids == ("light.living_room_floor_lamp",)


def test_a_shared_name_elsewhere_asks_back(home: Home) -> None:
    result = resolve(SlotQuery(name="ceiling light"), home, speaker_area_id="kitchen")
    assert result.entity_ids == ()
    assert result.clarification == (
        "Which one do you mean: the Living Room Ceiling Light or the Bedroom Ceiling Light?"
    )
    assert set(result.candidates) == {"light.living_room_ceiling", "light.bedroom_ceiling"}
    no_speaker = resolve(SlotQuery(name="lamp"), home)
    assert no_speaker.clarification == "Which one do you mean: the Floor Lamp in the Living Room or the Bedroom Lamp?"


def test_the_domain_tells_same_named_entities_apart(home: Home) -> None:
    assert resolve(SlotQuery(name="Front Door", domain=("lock",)), home).entity_ids == ("lock.front_door",)
    sensor = resolve(SlotQuery(name="Front Door", domain=("binary_sensor",)), home)
    assert sensor.entity_ids == ("binary_sensor.front_door_contact",)


def test_an_explicit_area_narrows_a_name(home: Home) -> None:
    result = resolve(SlotQuery(name="ceiling light", area="Bedroom"), home, speaker_area_id="kitchen")
    assert result.entity_ids == ("light.bedroom_ceiling",)
    missing = resolve(SlotQuery(name="Kettle", area="Garage"), home)
    assert missing.failure == "There is no device called Kettle in the Garage."


def test_a_near_miss_name_is_corrected(home: Home) -> None:
    result = resolve(SlotQuery(name="the kitchen lite"), home, speaker_area_id="hallway")
    assert result.entity_ids == ("light.kitchen_light",)
    assert result.fuzzy
    assert result.matched_name == "Kitchen Light"


def test_an_unknown_name_fails_with_a_reason(home: Home) -> None:
    result = resolve(SlotQuery(name="jacuzzi"), home, speaker_area_id="kitchen")
    assert result.entity_ids == ()
    assert result.failure == "I don't know a device called jacuzzi."
    assert fuzzy_matches("lamb", ["lamp"]) == [], "short words are never corrected"


def test_a_name_that_cannot_do_it(home: Home) -> None:
    result = resolve(SlotQuery(name="Kettle", domain=("light",)), home)
    assert result.failure == "The Kettle can't do that."


def test_no_name_no_area_means_the_speakers_area(home: Home) -> None:
    result = resolve(SlotQuery(domain=("light",)), home, speaker_area_id="kitchen")
    assert result.entity_ids == ("light.kitchen_light",)
    assert result.area_id == "kitchen"
    living = resolve(SlotQuery(domain=("light",)), home, speaker_area_id="living_room")
    assert set(living.entity_ids) == {"light.living_room_ceiling", "light.living_room_floor_lamp"}


def test_no_area_and_no_speaker_area_asks_which_room(home: Home) -> None:
    result = resolve(SlotQuery(domain=("light",)), home, speaker_area_id=None)
    assert result.clarification == "Which room?"
    unknown_room = resolve(SlotQuery(domain=("light",)), home, speaker_area_id="attic")
    assert unknown_room.clarification == "Which room?"


def test_areas_by_name_alias_id_or_near_miss(home: Home) -> None:
    for spoken in ("Living Room", "lounge", "living_room", "livng room"):
        result = resolve(SlotQuery(area=spoken, domain=("light",)), home, speaker_area_id="kitchen")
        assert set(result.entity_ids) == {"light.living_room_ceiling", "light.living_room_floor_lamp"}, spoken
    area = find_area(home, "Master Bedroom")
    assert area is not None
    assert area.id == "bedroom"
    assert resolve(SlotQuery(area="Dungeon", domain=("light",)), home).failure == "I don't know an area called Dungeon."


def test_floors(home: Home) -> None:
    result = resolve(SlotQuery(floor="upstairs", domain=("light",)), home, speaker_area_id="kitchen")
    assert set(result.entity_ids) == {
        "light.bedroom_lamp",
        "light.bedroom_ceiling",
        "light.office_desk_lamp",
        "light.kids_room_night_light",
        "light.kids_room_ceiling",
        "light.bathroom_light",
    }
    assert result.floor_id == "upstairs"
    assert resolve(SlotQuery(floor="Basement", domain=("light",)), home).failure == (
        "I don't know a floor called Basement."
    )


def test_device_class_filters(home: Home) -> None:
    result = resolve(SlotQuery(domain=("cover",), device_class=("blind",)), home, speaker_area_id="bedroom")
    assert result.entity_ids == ("cover.bedroom_blinds",)
    garage = resolve(SlotQuery(domain=("cover",), device_class=("garage",), whole_home=True), home)
    assert garage.entity_ids == ("cover.garage_door",)


def test_nothing_there_is_a_failure_not_a_guess(home: Home) -> None:
    result = resolve(SlotQuery(domain=("fan",)), home, speaker_area_id="kids_room")
    assert result.failure == "There are no fans in the Kids Room."
    blinds = resolve(SlotQuery(domain=("cover",), device_class=("blind",)), home, speaker_area_id="kitchen")
    assert blinds.failure == "There are no blinds in the Kitchen."


def test_the_whole_home(home: Home) -> None:
    result = resolve(SlotQuery(domain=("lock",), whole_home=True), home, speaker_area_id="kitchen")
    assert set(result.entity_ids) == {"lock.front_door", "lock.back_door"}
    assert result.area_id is None
