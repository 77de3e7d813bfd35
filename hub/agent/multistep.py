"""Multi-step tasks: plan → act → observe over tools, with a generator, bounded by `MAX_TOOL_ITERATIONS`.

Each step the model sees the static prompt, this session's history and what the last tools returned; it answers
with tool calls (parsed and validated as in `hub.llm.toolcall_parse`) or with its final words. Every call goes
through `ConversationAgent.async_run_calls`, the same policy gate as a spoken command: permissions, tainted
turns, and confirmations. A call the gate holds (a lock, a message outside the home) ends the loop: the person
hears what was done so far and the confirmation question, and their "yes" is answered by the conversation loop.

History is kept per (person, room) session, with every user, assistant and tool turn, so "and the bedroom too"
follows on from the last request. A remote model gets the household's privacy guard, with one pseudonym session
per conversation session so the same person keeps the same placeholder across turns.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import voluptuous as vol

from hub.agent.conversation import ConversationAgent
from hub.agent.turn import Action, Outcome, TurnResult
from hub.errors import HearthError
from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest
from hub.llm.chat_tier import ChatModel, Message, ModelReply, static_prompt, turn_prompt
from hub.llm.router import UNREACHABLE
from hub.llm.speech_stream import SpokenFilter
from hub.llm.toolcall_parse import ToolCallParseError, describe_error, parse_tool_calls, to_tool_call
from hub.policy.privacy import PrivacyGuard, PseudonymSession, RemotePrivacyError
from hub.tools.errors import ToolCallError
from hub.tools.executor import ToolExecutor
from hub.tools.registry import TOOLS, RiskTier, Tool

MAX_TOOL_ITERATIONS: Final = 6
"""Model steps in one turn (each may call several tools); past it the turn stops with `GAVE_UP`."""
MAX_HISTORY_MESSAGES: Final = 40
SESSION_IDLE_S: Final = 600.0
"""A (person, room) session forgets its history after this long without a turn."""
GAVE_UP: Final = "Sorry, I couldn't finish that."
SLEEP_TOOL: Final = "HearthSleepTrack"


@dataclass(slots=True)
class Session:
    """One (person, room) conversation: its history and its pseudonyms."""

    messages: list[Message] = field(default_factory=list)
    pseudonyms: PseudonymSession = field(default_factory=PseudonymSession)
    last_turn: float = 0.0

    def add(self, message: Message) -> None:
        self.messages.append(message)
        del self.messages[:-MAX_HISTORY_MESSAGES]


class Sessions:
    """Sessions by (person, area); idle ones start over."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._sessions: dict[tuple[str | None, str | None], Session] = {}

    def get(self, person: str | None, area: str | None) -> Session:
        now = self._clock()
        session = self._sessions.get((person, area))
        if session is None or now - session.last_turn > SESSION_IDLE_S:
            session = self._sessions[(person, area)] = Session()
        session.last_turn = now
        return session


class SleepTools:
    """`HearthSleepTrack`: "record my sleep quality tonight" starts a sleep session for the speaker."""

    def __init__(self, start: Callable[[str], None], person_of: Callable[[TurnRequest], str | None]) -> None:
        self._start = start
        self._person_of = person_of

    def handles(self, tool: str) -> bool:
        return tool == SLEEP_TOOL

    def risk_tier(self, call: ToolCall) -> RiskTier | None:
        return RiskTier.ACT if call.tool == SLEEP_TOOL else None

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[Outcome, str]:
        person = self._person_of(request)
        if person is None:
            return "failed", "I don't know who you are, so I can't record your sleep."
        self._start(person)
        return "done", "I'll record your sleep tonight; the report comes in the morning."


class LocalToolbox:
    """Several hub-local tool sets behind the conversation loop's single `LocalTools` slot."""

    def __init__(self, *parts: Any) -> None:
        self._parts = parts

    def _part(self, tool: str) -> Any:
        return next((p for p in self._parts if p.handles(tool)), None)

    def handles(self, tool: str) -> bool:
        return self._part(tool) is not None

    def risk_tier(self, call: ToolCall) -> RiskTier | None:
        part = self._part(call.tool)
        risk_tier = getattr(part, "risk_tier", None)
        tier = risk_tier(call) if callable(risk_tier) else None
        return tier if isinstance(tier, RiskTier) else None

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[Outcome, str]:
        outcome: Outcome = "answered"
        said: list[str] = []
        for call in calls:
            kind, text = await self._part(call.tool).async_run([call], request)
            said.append(text)
            if kind == "failed":
                return "failed", " ".join(said)
            if kind == "done":
                outcome = "done"
        return outcome, " ".join(said)


HUB_TOOLS: Final = (
    Tool("CalendarGetEvents", "Reads the speaker's calendar (day: today or tomorrow).",
         vol.Schema({vol.Optional("day"): str}), RiskTier.READ),
    Tool("SendMessage", "Sends a text message to a person (to, text).",
         vol.Schema({vol.Required("to"): str, vol.Required("text"): str}), RiskTier.ACT),
    Tool(SLEEP_TOOL, "Records the speaker's sleep tonight (a morning report follows).", vol.Schema({}),
         RiskTier.ACT),
)
"""Hub-local tools the prompt offers besides HA's intents (they validate their own arguments when they run)."""


class MultiStepAgent:
    """Runs one turn as a bounded plan → act → observe loop over `model`."""

    def __init__(
        self,
        model: ChatModel,
        agent: ConversationAgent,
        home: Home,
        *,
        tier: str = "generator",
        hub_tools: Sequence[Tool] = HUB_TOOLS,
        guard_for: Callable[[Home], PrivacyGuard] | None = None,
        sessions: Sessions | None = None,
        step_timeout_s: float | None = None,
        timer: Callable[[], float] = time.perf_counter,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        self._model = model
        self._agent = agent
        self._home = home
        self._tier = tier
        self._tools = [*TOOLS.values(), *hub_tools]
        self._guard_for = guard_for
        self.sessions = sessions or Sessions()
        self._step_timeout_s = step_timeout_s
        self._timer = timer
        self._now = now

    async def async_handle(self, request: TurnRequest, *, executor: ToolExecutor, request_id: str) -> TurnResult:
        if self._agent.policy.pending_for(request) is not None:  # a yes/no/PIN for a held call
            return await self._agent.async_handle(request, executor=executor, request_id=request_id)
        started = self._timer()
        person = self._agent.policy.person_for(request).id
        session = self.sessions.get(person, request.area_id)
        session.add({"role": "user", "content": turn_prompt(request, self._home, self._now())})
        system = {"role": "system", "content": static_prompt(self._home, tools=self._tools, native_tools=False)}
        guard = self._guard_for(self._home) if self._guard_for is not None else None
        actions: list[Action] = []
        said: list[str] = []
        steps: list[dict[str, Any]] = []
        for _ in range(MAX_TOOL_ITERATIONS):
            # Words are spoken as they are decoded (a streaming client); a step that calls a tool says nothing.
            spoken = SpokenFilter(restore=_restorer(guard, session))
            try:
                reply = await self._step([system, *session.messages], guard, session, request, request_id, spoken)
            except RemotePrivacyError:
                return self._result(started, request, "failed", " ".join([*said, UNREACHABLE]), actions, steps,
                                    reason="privacy_never")
            except TimeoutError:
                return self._result(started, request, "failed", " ".join([*said, UNREACHABLE]), actions, steps,
                                    reason="timeout")
            except HearthError as err:
                return self._result(started, request, "failed", " ".join([*said, UNREACHABLE]), actions, steps,
                                    reason=f"error: {err}")
            text = guard.incoming(reply.text, session.pseudonyms) if guard is not None else reply.text
            session.add({"role": "assistant", "content": text})
            try:
                parsed = parse_tool_calls(text)
            except ToolCallParseError as err:
                session.add({"role": "tool", "content": f"error: {describe_error(err)}"})
                steps.append({"error": describe_error(err)})
                continue
            if parsed is None:
                final = text.strip() or " ".join(said)
                spoken.finish(final)
                outcome: Outcome = "done" if any(s.get("outcome") == "done" for s in steps) else "answered"
                return self._result(started, request, outcome, final, actions, steps)
            for proposed in parsed:
                try:
                    call = (to_tool_call(proposed, self._home, request) if proposed.name in TOOLS
                            else ToolCall(proposed.name, dict(proposed.arguments)))
                except ToolCallError as err:
                    session.add({"role": "tool", "content": f"{proposed.name}: error: {describe_error(err)}"})
                    steps.append({"tool": proposed.name, "error": describe_error(err)})
                    continue
                result = await self._agent.async_run_calls(
                    [call], request, executor=executor, request_id=request_id, source=self._tier
                )
                actions.extend(result.actions)
                steps.append({"tool": call.tool, "outcome": result.outcome})
                session.add({"role": "tool", "content": f"{call.tool}: {result.outcome}: {result.speech}"})
                if result.outcome == "confirm":
                    speech = " ".join([*said, result.speech])
                    return self._result(started, request, "confirm", speech, actions, steps,
                                        continue_conversation=True, extra=result.details)
                if result.outcome in ("done", "failed"):
                    said.append(result.speech)
        return self._result(started, request, "failed", " ".join([*said, GAVE_UP]), actions, steps,
                            reason="iteration_cap")

    async def _step(
        self, messages: list[Message], guard: PrivacyGuard | None, session: Session, request: TurnRequest,
        request_id: str, spoken: SpokenFilter,
    ) -> ModelReply:
        if guard is not None:
            messages = guard.outgoing(messages, session.pseudonyms, endpoint=self._model.name, request_id=request_id,
                                      who={"user_id": request.user_id, "area_id": request.area_id})
        async with asyncio.timeout(self._step_timeout_s):
            return await self._model.async_complete(messages, [], on_delta=spoken.feed if spoken.active else None)

    def _result(
        self, started: float, request: TurnRequest, outcome: Outcome, speech: str, actions: list[Action],
        steps: list[dict[str, Any]], *, continue_conversation: bool = False, extra: dict[str, Any] | None = None,
        reason: str = "accepted",
    ) -> TurnResult:
        return TurnResult(
            speech=speech, outcome=outcome, tier=self._tier, confidence=1.0 if outcome != "failed" else 0.0,
            latency_ms=(self._timer() - started) * 1000, conversation_id=request.conversation_id,
            continue_conversation=continue_conversation, actions=tuple(actions),
            details={**(extra or {}), "steps": steps, "reason": reason},
        )


def _restorer(guard: PrivacyGuard | None, session: Session) -> Callable[[str], str] | None:
    """A remote planner's streamed words with the session's pseudonyms restored (the generator needs none)."""
    if guard is None:
        return None
    return lambda text: guard.incoming(text, session.pseudonyms)
