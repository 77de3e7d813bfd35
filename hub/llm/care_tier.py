"""The care tier: "record my sleep quality tonight", "start sleep tracking", "stop tracking my sleep".

Deterministic phrases become hub-local tool calls (`HearthSleepTrack`, `HearthSleepStop`) that `CareTools` runs
against the care loop's sleep reporter for the speaker's household member. The member is the policy's: the HA user
of the turn mapped through the people/policy mapping (`hub.policy.people`, the memory store's members first), the
same one the gate decides with. Every call goes through the conversation loop and so through the policy gate
(both are `act` tier). Placed before the other tiers; anything else is declined so ordinary commands are unaffected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, Protocol

from hub.agent.multistep import SLEEP_TOOL
from hub.agent.turn import Outcome
from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest, Understanding
from hub.tools.registry import RiskTier

if TYPE_CHECKING:
    from hub.sensing.care import CareLoop


class _Part(Protocol):
    def handles(self, tool: str) -> bool: ...

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[Outcome, str]: ...

SLEEP_START: Final = SLEEP_TOOL
SLEEP_STOP: Final = "HearthSleepStop"
CARE_TOOLS: Final = frozenset({SLEEP_START, SLEEP_STOP})

_LEAD: Final = r"^(?:(?:hey|ok|okay|hearth),?\s+)*(?:please\s+)?(?:(?:can|could|would|will) you\s+)?(?:please\s+)?"
_TAIL: Final = r"(?:,?\s+please)?[.!?]*$"
_WHEN: Final = r"(?:\s+(?:tonight|this night|from now(?: on)?|now|while i sleep))?"
_START: Final = re.compile(
    _LEAD
    + r"(?:(?:record|track|monitor|log|measure|watch)\s+(?:my|how i)\s+sleep(?:ing)?(?:\s+quality)?"
    r"|start\s+(?:(?:tracking|recording|monitoring)\s+my\s+sleep(?:\s+quality)?"
    r"|(?:my\s+)?sleep\s+(?:tracking|recording|monitoring|session)))"
    + _WHEN + _TAIL,
    re.IGNORECASE,
)
_STOP: Final = re.compile(
    _LEAD
    + r"(?:(?:stop|end|finish)\s+(?:(?:tracking|recording|monitoring)\s+my\s+sleep(?:\s+quality)?"
    r"|(?:my\s+)?sleep\s+(?:tracking|recording|monitoring|session)))"
    + r"(?:\s+now)?" + _TAIL,
    re.IGNORECASE,
)

UNKNOWN_SPEAKER: Final = "I need to know who you are to record your sleep. Ask from your own Home Assistant account."
CARE_OFF: Final = "Sleep tracking isn't set up on this hub, so I can't record your sleep."
NOT_CONFIGURED: Final = "Sleep tracking isn't set up for you yet, so I can't record your sleep."


class CareBackend:
    """`UnderstandingBackend` for the spoken care requests; its tier name is "care"."""

    @property
    def name(self) -> str:
        return "care"

    async def async_prepare(self) -> None:
        return None

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        text = " ".join(request.text.split())
        if _START.match(text):
            return self._call(SLEEP_START)
        if _STOP.match(text):
            return self._call(SLEEP_STOP)
        return None

    def _call(self, tool: str) -> Understanding:
        return Understanding(tier=self.name, confidence=0.95, calls=(ToolCall(tool, {}),))


class CareTools:
    """Runs the care tools on the hub (a `LocalTools`); `care` gives the running care loop, if any."""

    def __init__(
        self,
        person_of: Callable[[TurnRequest], str | None],
        care: Callable[[], CareLoop | None] = lambda: None,
    ) -> None:
        self._person_of = person_of
        self.care = care

    def handles(self, tool: str) -> bool:
        return tool in CARE_TOOLS

    def risk_tier(self, call: ToolCall) -> RiskTier | None:
        return RiskTier.ACT if call.tool in CARE_TOOLS else None

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[Outcome, str]:
        outcome: Outcome = "answered"
        said: list[str] = []
        for call in calls:
            kind, text = await self._run(call, request)
            said.append(text)
            if kind == "failed":
                return "failed", " ".join(said)
            if kind == "done":
                outcome = "done"
        return outcome, " ".join(said)

    async def _run(self, call: ToolCall, request: TurnRequest) -> tuple[Outcome, str]:
        if call.tool not in CARE_TOOLS or call.args:
            return "failed", "Sorry, I can't do that."
        care = self.care()
        if care is None:
            return "failed", CARE_OFF
        person = self._person_of(request)
        if person is None:
            return "failed", UNKNOWN_SPEAKER
        sleep = care.sleep
        if person not in sleep.people:
            return "failed", NOT_CONFIGURED
        if call.tool == SLEEP_START:
            sleep.start(person)
            await sleep.save()
            return "done", "OK, I'll record your sleep tonight; the report comes in the morning."
        running, report = await sleep.stop(person)
        if not running:
            return "answered", "I'm not recording your sleep right now."
        return "done", "OK, I've stopped recording your sleep." + (
            " Your report is on its way." if report is not None else ""
        )


class LocalToolSets:
    """Several hub-local tool sets behind the conversation loop's one `LocalTools` slot, dispatched by tool name.

    Calls run in order, each by the set that handles it; like a single set, the turn is `failed` if any call
    failed (the others still run), else `done` if any acted, else `answered`."""

    def __init__(self, *parts: _Part) -> None:
        self._parts = parts

    def _part(self, tool: str) -> _Part | None:
        return next((p for p in self._parts if p.handles(tool)), None)

    def handles(self, tool: str) -> bool:
        return self._part(tool) is not None

    def risk_tier(self, call: ToolCall) -> RiskTier | None:
        risk_tier = getattr(self._part(call.tool), "risk_tier", None)
        tier = risk_tier(call) if callable(risk_tier) else None
        return tier if isinstance(tier, RiskTier) else None

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[Outcome, str]:
        outcome: Outcome = "answered"
        said: list[str] = []
        for call in calls:
            part = self._part(call.tool)
            kind, text = ("failed", "Sorry, I can't do that.") if part is None else await part.async_run(
                [call], request
            )
            said.append(text)
            if kind == "failed":
                outcome = "failed"
            elif kind == "done" and outcome != "failed":
                outcome = "done"
        return outcome, " ".join(said)
