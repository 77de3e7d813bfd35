"""The contract every understanding tier fulfils, so the agent and the router never care which one answered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from hub.home.model import Home


@dataclass(frozen=True, slots=True)
class TurnRequest:
    """One thing a person said, with where and who it came from (a satellite gives area and device)."""

    text: str
    language: str = "en"
    area_id: str | None = None
    user_id: str | None = None
    device_id: str | None = None
    conversation_id: str | None = None
    tiers: str = "any"
    """The asking agent's tier policy: `local_only` (no model tiers), `local_generator` (no remote), `any`."""


@dataclass(frozen=True, slots=True)
class ToolCall:
    """An HA intent tool call: HA slot names and values in `args`, the entities it resolved to in `entities`.

    `args` is what Home Assistant receives (so its exposure rules decide); `entities` is what the hub
    validated and what tests and the evaluation contract compare.
    """

    tool: str
    args: dict[str, Any]
    entities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Understanding:
    """What a tier made of a turn.

    Exactly one of these holds: `calls` is non-empty (act or ask the home), `clarification` is set (ambiguous,
    ask back instead of guessing), or `failure` is set (understood nothing, or the target does not exist).
    """

    tier: str
    confidence: float
    calls: tuple[ToolCall, ...] = ()
    clarification: str | None = None
    failure: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def is_question(self) -> bool:
        return any(call.tool in READ_ONLY_TOOLS for call in self.calls)


READ_ONLY_TOOLS = frozenset({"HassGetState", "HassClimateGetTemperature", "HassGetCurrentTime", "HassGetCurrentDate"})


class UnderstandingBackend(Protocol):
    """A tier that maps text to tool calls; returns `None` when it cannot answer so the router can escalate."""

    @property
    def name(self) -> str: ...

    async def async_prepare(self) -> None:
        """Load models or compile templates before the first request so it is not slow."""

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None: ...
