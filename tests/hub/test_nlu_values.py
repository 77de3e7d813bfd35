"""Slot text to values: spoken numbers, colour temperatures, states and volume directions."""

from __future__ import annotations

import pytest

from hub.llm.nlu_values import parse_color_temperature, parse_number, parse_state, volume_direction


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("40", 40), ("40%", 40), ("21.5", 21.5), ("forty five", 45), ("twenty-five", 25), ("a hundred", 100),
        ("one hundred", 100), ("max", 100), ("minimum", 1), ("seven", 7), ("half", 30), ("twenty one and a half", 21.5),
        ("", None), ("lots", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_color_temperature_state_and_direction() -> None:
    assert parse_color_temperature("warm white") == 2700
    assert parse_color_temperature("4000k") == 4000
    assert parse_color_temperature("50") is None
    assert parse_state("Locked") == "locked"
    assert parse_state("shut") == "closed"
    assert parse_state("purple") is None
    assert volume_direction("turn it down a bit") == "down"
    assert volume_direction("I can't hear the TV") == "up"
    assert volume_direction("play music") is None
