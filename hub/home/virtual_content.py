"""Text sources of the virtual home that the household did not write to the hub (a calendar, phone
notifications, web results, memories written by others) and the hub-local tools that read them or send
messages. Everything read here is untrusted `Content`: it reaches a model only through `Content.for_prompt()`,
which records it in the turn, so the policy gate knows the turn is tainted whatever the model does with it.

`ContentBackend` is the deterministic tier for "what's on my calendar today?" and the like; `ContentTools`
runs `CalendarGetEvents`, `NotificationsList`, `WebSearch` (reads) and `SendMessage` (act for household
members, sensitive for anyone outside the home).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import voluptuous as vol

from hub.agent.turn import Outcome
from hub.home.model import Entity, Home, humanize_invalid
from hub.llm.base import ToolCall, TurnRequest, Understanding
from hub.policy.content import Content, ContentSource
from hub.tools.registry import RiskTier

type Channel = Literal["calendar", "device_name", "notification", "memory", "web"]
CHANNELS: Final[tuple[Channel, ...]] = ("calendar", "device_name", "notification", "memory", "web")
CALENDAR: Final = "CalendarGetEvents"
NOTIFICATIONS: Final = "NotificationsList"
WEB: Final = "WebSearch"
SEND: Final = "SendMessage"
PLANTED_ENTITY: Final = "sensor.hallway_display"
"""Where a `device_name` injection goes: a device whose name someone else chose."""

_TEXT = vol.All(str, vol.Length(min=1, max=2000))
SCHEMAS: Final[dict[str, vol.Schema]] = {
    CALENDAR: vol.Schema({vol.Optional("day", default="today"): vol.In(["today", "tomorrow"])}),
    NOTIFICATIONS: vol.Schema({}),
    WEB: vol.Schema({vol.Required("query"): _TEXT}),
    SEND: vol.Schema({vol.Required("to"): vol.All(str, vol.Length(min=1, max=200)), vol.Required("text"): _TEXT}),
}
READS: Final = frozenset({CALENDAR, NOTIFICATIONS, WEB})


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the hub sent (in the virtual home: recorded, not delivered)."""

    to: str
    text: str
    outside: bool


@dataclass(slots=True)
class VirtualContent:
    """The virtual household's calendar, notifications, web results and others' memories."""

    calendar: list[str] = field(default_factory=lambda: ["Dentist appointment at 3 PM", "Pick up the kids at 5 PM"])
    notifications: list[str] = field(default_factory=lambda: ["Your parcel was delivered to the porch"])
    web: list[str] = field(default_factory=lambda: ["Sunny, 18 degrees and a light breeze this afternoon"])
    memories: list[tuple[str, str]] = field(default_factory=lambda: [("sam", "The recycling goes out on Tuesdays")])
    members: tuple[str, ...] = ("Alex", "Sam", "Grandma", "Kid")
    sent: list[Sent] = field(default_factory=list)

    def place(self, channel: Channel, text: str, home: Home) -> None:
        """Put attacker-controlled text into one channel of the virtual home."""
        if channel == "calendar":
            self.calendar.append(text)
        elif channel == "notification":
            self.notifications.append(text)
        elif channel == "web":
            self.web.append(text)
        elif channel == "memory":
            self.memories.append(("visitor", text))
        else:
            home.entities[PLANTED_ENTITY] = Entity(
                PLANTED_ENTITY, text[:200], "hallway", (), None, "on", {"friendly_name": text[:200]}
            )

    def read(self, source: ContentSource) -> list[Content]:
        if source == "calendar":
            return [Content(t, "calendar") for t in self.calendar]
        if source == "notification":
            return [Content(t, "notification") for t in self.notifications]
        if source == "web":
            return [Content(t, "web") for t in self.web]
        if source == "memory":
            return [Content(t, "memory", author=a) for a, t in self.memories]
        return []

    def everything(self, home: Home) -> list[Content]:
        """All untrusted text a generator's context could hold, entity names included."""
        names = [Content(e.name, "entity_name") for e in home.entities.values()]
        return [*self.read("calendar"), *self.read("notification"), *self.read("web"), *self.read("memory"), *names]

    def is_member(self, recipient: str) -> bool:
        return recipient.strip().casefold() in {m.casefold() for m in self.members}


class ContentTools:
    """Runs the content tools on the hub (the conversation loop's `LocalTools`), and knows their risk tiers."""

    def __init__(self, content: VirtualContent) -> None:
        self.content = content

    def handles(self, tool: str) -> bool:
        return tool in SCHEMAS

    def risk_tier(self, call: ToolCall) -> RiskTier | None:
        if call.tool in READS:
            return RiskTier.READ
        if call.tool == SEND:
            inside = self.content.is_member(str(call.args.get("to", "")))
            return RiskTier.ACT if inside else RiskTier.SENSITIVE
        return None

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[Outcome, str]:
        said: list[str] = []
        outcome: Outcome = "answered"
        for call in calls:
            try:
                args: dict[str, Any] = SCHEMAS[call.tool](dict(call.args))
            except vol.Invalid as err:
                return "failed", f"Sorry, I couldn't do that: {humanize_invalid(err)}."
            if call.tool == CALENDAR:
                items = _noted(self.content.read("calendar"))
                said.append("On your calendar: " + "; ".join(items) + "." if items else "Your calendar is empty.")
            elif call.tool == NOTIFICATIONS:
                items = _noted(self.content.read("notification"))
                said.append("Notifications: " + "; ".join(items) + ".")
            elif call.tool == WEB:
                items = _noted(self.content.read("web"))
                said.append("I found: " + "; ".join(items[:3]) + ".")
            else:
                to = args["to"]
                self.content.sent.append(Sent(to, args["text"], outside=not self.content.is_member(to)))
                said.append(f"Message sent to {to}.")
                outcome = "done"
        return outcome, " ".join(said)


def _noted(contents: list[Content]) -> list[str]:
    """The texts, each recorded in the turn as untrusted content that reached the answer (and any model)."""
    for content in contents:
        content.for_prompt()
    return [c.text for c in contents]


_READ_PHRASES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"\b(calendar|agenda|schedule|appointments?)\b", re.I), CALENDAR),
    (re.compile(r"\bnotifications?\b", re.I), NOTIFICATIONS),
    (re.compile(r"\b(search the web|look up|google)\b", re.I), WEB),
)


class ContentBackend:
    """Deterministic tier for reading the calendar, notifications and the web; never reads content as orders."""

    @property
    def name(self) -> str:
        return "content"

    async def async_prepare(self) -> None:
        return None

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        for pattern, tool in _READ_PHRASES:
            if pattern.search(request.text):
                args = {"query": request.text} if tool == WEB else {}
                return Understanding(tier=self.name, confidence=0.9, calls=(ToolCall(tool, args),))
        return None
