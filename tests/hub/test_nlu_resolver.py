"""The resolver's partial names, which the command model relies on for "the lamp" and "the bedroom reading light"."""

from __future__ import annotations

from hub.home.model import Area, Entity, Home
from hub.home.resolver import SlotQuery, resolve


def home() -> Home:
    h = Home()
    h.areas = {"bedroom": Area("bedroom", "Bedroom"), "office": Area("office", "Office"), "den": Area("den", "Den")}
    h.entities = {
        e.entity_id: e
        for e in (
            Entity("light.bedroom_lamp", "Bedroom Lamp", "bedroom"),
            Entity("light.desk_lamp", "Desk Lamp", "office"),
            Entity("light.reading_light", "Reading Light", "den"),
        )
    }
    return h


def test_part_of_a_name_prefers_the_speakers_room() -> None:
    found = resolve(SlotQuery(name="the lamp", domain=("light",)), home(), speaker_area_id="bedroom")
    assert found.entity_ids == ("light.bedroom_lamp",)
    assert found.fuzzy


def test_part_of_a_name_elsewhere_asks_back() -> None:
    found = resolve(SlotQuery(name="lamp", domain=("light",)), home(), speaker_area_id="den")
    assert found.clarification is not None
    assert set(found.candidates) == {"light.bedroom_lamp", "light.desk_lamp"}


def test_a_name_with_its_room_in_front() -> None:
    found = resolve(SlotQuery(name="den reading light"), home())
    assert found.entity_ids == ("light.reading_light",)


def test_room_words_alone_are_not_a_name() -> None:
    assert resolve(SlotQuery(name="den"), home()).failure is not None
    assert resolve(SlotQuery(name="zebra lamp"), home()).failure is not None
