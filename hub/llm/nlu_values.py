"""Slot text to HA slot values: spoken numbers, colour temperatures, states and volume directions."""

from __future__ import annotations

import re
from typing import Final

_UNITS: Final = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_LEVELS: Final = {"max": 100, "maximum": 100, "highest": 100, "full": 100, "min": 1, "minimum": 1, "lowest": 1}
COLOR_TEMPERATURES: Final = {
    "candle light": 1900, "candlelight": 1900, "warm white": 2700, "warm": 2700, "cool white": 4000,
    "cold white": 4000, "daylight": 6500, "day light": 6500,
}
"""Colour-temperature names HA's templates know, in Kelvin."""
STATES: Final = {
    "on": "on", "off": "off", "open": "open", "opened": "open", "closed": "closed", "shut": "closed",
    "locked": "locked", "securely locked": "locked", "unlocked": "unlocked", "occupied": "on", "empty": "off",
    "clear": "off", "running": "on",
}
_DIGITS = re.compile(r"-?\d+(?:[.,]\d+)?")
_UP = re.compile(r"\b(up|louder|increase|raise|boost|more|can'?t hear|barely hear|pump|crank)\b")
_DOWN = re.compile(r"\b(down|quieter|softer|decrease|lower|reduce|less|too loud|deafening)\b")


def parse_number(text: str) -> int | float | None:
    """A spoken or written number: "40", "40%", "21.5", "forty five", "twenty-five", "a hundred", "max"."""
    folded = text.casefold().strip()
    match = _DIGITS.search(folded)
    if match is not None:
        value = float(match.group(0).replace(",", "."))
        if "half" in folded[match.end() :]:
            value += 0.5
        return int(value) if value.is_integer() else value
    folded = re.sub(r"[^a-z ]+", " ", folded.replace("-", " "))
    words = [w for w in folded.split() if w not in ("and", "percent", "per", "cent", "degrees")]
    if not words:
        return None
    if len(words) == 1 and words[0] in _LEVELS:
        return _LEVELS[words[0]]
    if words == ["half"]:
        return 30  # "half an hour"; a level said as "half" is read by the caller
    if len(words) > 1:
        words = [w for w in words if w not in ("a", "an")] or words  # "a hundred", "and a half"
    total = 0
    seen = False
    for word in words:
        if word in _UNITS:
            total += _UNITS[word]
            seen = True
        elif word in _TENS:
            total += _TENS[word]
            seen = True
        elif word == "hundred":
            total = (total or 1) * 100
            seen = True
        elif word == "half" and seen:
            return total + 0.5
        else:
            return None
    return total if seen else None


def parse_color_temperature(text: str) -> int | None:
    """Kelvin from "2700", "2700k" or a name such as "warm white"."""
    folded = " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.casefold()).split())
    if folded in COLOR_TEMPERATURES:
        return COLOR_TEMPERATURES[folded]
    number = parse_number(folded.removesuffix("kelvin").removesuffix("k"))
    return int(number) if number is not None and number >= 1000 else None


def parse_state(text: str) -> str | None:
    folded = " ".join(re.sub(r"[^a-z ]+", " ", text.casefold()).split())
    return STATES.get(folded)


def volume_direction(text: str) -> str | None:
    """ "up" or "down" from the words of a volume command, or `None` when they do not say."""
    folded = text.casefold()
    down = _DOWN.search(folded)
    up = _UP.search(folded)
    if down and not up:
        return "down"
    if up and not down:
        return "up"
    if up and down:
        return "up" if up.start() < down.start() else "down"
    return None


_POSITIONS: Final = re.compile(
    r"\b(?P<three>(three|3) quarters?)|(?P<quarter>(a|one) quarter)|(?P<half>half ?way|half)\b"
)


def spoken_position(text: str) -> int | None:
    """A cover position said as a fraction: "halfway" 50, "a quarter" 25, "three quarters" 75."""
    match = _POSITIONS.search(text.casefold())
    if match is None:
        return None
    if match.group("three"):
        return 75
    return 25 if match.group("quarter") else 50
