"""The household scenario the demo plays on the virtual home: who speaks, from which room, and what they say.

Each line is spoken to the satellite in `area_id`, so room-relative commands ("turn on the light") act on that
room. `expect` is the turn outcome the hub should report (`done`, `answered`, `clarify`, `not_understood`,
`failed`, `confirm`), which is how the demo and its test tell a handled line from a regression. The demo runs
on the virtual family (`hub.policy.people.virtual_household`): each satellite's room says who speaks there, so
the hallway satellite may lock doors after a spoken "yes", and the office (the child's room) may not.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

type Expected = Literal["done", "answered", "clarify", "not_understood", "failed", "confirm"]


class DemoLine(NamedTuple):
    """One spoken line; unpacks as `(speaker, area_id, sentence, expect)`."""

    speaker: str
    area_id: str
    sentence: str
    expect: Expected
    note: str = ""
    """What the line shows, for the transcript and the README."""
    needs_memory: bool = False
    """Answered by the memory tier (household memory), so a template-only run skips it."""
    needs_policy: bool = False
    """Decided by the policy gate (a reply to a confirmation, a refused permission), so a template-only run
    skips it."""
    tier_expect: Expected | None = None
    """What the understanding tier alone makes of the line when the policy gate changes the turn's outcome."""

    @property
    def understood(self) -> Expected:
        """The outcome an understanding tier alone (without the policy gate) should give."""
        return self.tier_expect or self.expect


DEMO_SCRIPT: Final[tuple[DemoLine, ...]] = (
    DemoLine("Alex", "kitchen", "turn on the light", "done", "the speaker's room decides which light"),
    DemoLine("Alex", "kitchen", "set a timer for 5 minutes", "done", "timers"),
    DemoLine(
        "Alex", "kitchen", "remember that the spare key is in the blue pot", "done", "household memory: remembered",
        needs_memory=True,
    ),
    DemoLine("Sam", "living_room", "dim the lights to 30 percent", "done", "both living-room lights"),
    DemoLine("Sam", "living_room", "make the floor lamp blue", "done", "colour by name"),
    DemoLine("Sam", "living_room", "pause the TV", "done", "media"),
    DemoLine("Sam", "living_room", "what's the temperature in here", "answered", "answered from live state"),
    DemoLine("Alex", "hallway", "is the front door locked?", "answered", "a question never actuates"),
    DemoLine(
        "Alex", "hallway", "lock the back door", "confirm", "a sensitive action waits for a spoken yes",
        tier_expect="done",
    ),
    DemoLine("Alex", "hallway", "yes", "done", "confirmed on the same satellite: now it runs", needs_policy=True),
    DemoLine(
        "Kid", "office", "unlock the back door", "failed", "a child may not unlock doors: refused politely",
        needs_policy=True,
    ),
    DemoLine("Grandma", "bedroom", "turn off the lamp", "done", "two lamps share the name; the bedroom one wins"),
    DemoLine("Grandma", "bedroom", "close the blinds", "done", "covers by device class"),
    DemoLine("Grandma", "bedroom", "set the temperature to 20 degrees", "done", "the bedroom thermostat"),
    DemoLine(
        "Grandma", "bedroom", "where's the spare key?", "answered", "recalled from an earlier turn's memory",
        needs_memory=True,
    ),
    DemoLine("Kid", "office", "turn on the fan", "done", "fans by room"),
    DemoLine("Kid", "office", "what time is it", "answered", "time"),
    DemoLine("Alex", "kitchen", "turn on the kitchen lite", "done", "a near-miss name is corrected"),
    DemoLine("Alex", "hallway", "turn off the lamp", "clarify", "ambiguous outside the bedroom: ask back"),
    DemoLine("Kid", "office", "tell me a joke", "not_understood", "not a home command: fails gracefully"),
)
"""The scripted scenario, in order."""
