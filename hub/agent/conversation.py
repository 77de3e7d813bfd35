"""The conversation loop: understand → validate → answer or execute → speak.

Safety lives here, outside any model: every call is validated against its tool schema and the current home
before anything runs, and questions are answered from the hub's live state without executing anything, so a
question can never actuate a device whichever tier produced it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Final, Protocol

from hub.agent import responses
from hub.agent.turn import Action, Outcome, TurnResult
from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest, Understanding, UnderstandingBackend
from hub.tools.errors import ToolCallError
from hub.tools.executor import ToolExecutor
from hub.tools.registry import validate_call

_LOGGER = logging.getLogger(__name__)
ANSWERED_LOCALLY: Final = frozenset(
    {"HassGetState", "HassClimateGetTemperature", "HassGetCurrentTime", "HassGetCurrentDate", "HassNevermind"}
)
"""Read-only tools the hub answers from its own mirror of the home; they never reach an executor."""


class LocalTools(Protocol):
    """Tools the hub runs itself rather than in the home (household memory); they validate their own calls."""

    def handles(self, tool: str) -> bool: ...

    async def async_run(self, calls: Sequence[ToolCall], request: TurnRequest) -> tuple[Outcome, str]: ...


class ConversationAgent:
    """Tries the tiers in order (cheapest first) and takes the first that answers."""

    def __init__(
        self,
        home: Home,
        backends: Sequence[UnderstandingBackend],
        *,
        timer: Callable[[], float] = time.perf_counter,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        local_tools: LocalTools | None = None,
    ) -> None:
        self._local_tools = local_tools
        self._home = home
        self._backends = list(backends)
        self._timer = timer
        self._now = now

    async def async_handle(self, request: TurnRequest, *, executor: ToolExecutor, request_id: str) -> TurnResult:
        started = self._timer()
        understanding = await self._understand(request)
        if understanding is None:
            return self._finish(started, request, "not_understood", responses.NOT_UNDERSTOOD, "none", 0.0)
        if understanding.clarification is not None:
            return self._finish(
                started, request, "clarify", understanding.clarification, understanding.tier,
                understanding.confidence, continue_conversation=True,
            )
        if understanding.failure is not None or not understanding.calls:
            speech = understanding.failure or responses.NOT_UNDERSTOOD
            return self._finish(started, request, "failed", speech, understanding.tier, understanding.confidence)
        if self._local_tools is not None and all(self._local_tools.handles(c.tool) for c in understanding.calls):
            local, said = await self._local_tools.async_run(understanding.calls, request)
            return self._finish(started, request, local, said, understanding.tier, understanding.confidence)
        try:
            calls = [validate_call(call, self._home) for call in understanding.calls]
        except ToolCallError as err:
            _LOGGER.info("Refused a call from tier %s: %s", understanding.tier, err)
            return self._finish(
                started, request, "failed", "Sorry, I can't do that here.", understanding.tier,
                understanding.confidence, details={"refused": str(err)},
            )
        actions, speech_parts = await self._run(calls, understanding, executor, request_id)
        if all(call.tool in ANSWERED_LOCALLY for call in calls):
            outcome: Outcome = "answered"
        elif all(a.outcome.success for a in actions):
            outcome = "done"
        else:
            outcome = "failed"
        return self._finish(
            started, request, outcome, " ".join(p for p in speech_parts if p), understanding.tier,
            understanding.confidence, actions=tuple(actions),
        )

    async def _understand(self, request: TurnRequest) -> Understanding | None:
        if not request.text.strip():
            return None
        for backend in self._backends:
            understanding = await backend.async_understand(request, self._home)
            if understanding is not None:
                return understanding
        return None

    async def _run(
        self, calls: list[ToolCall], understanding: Understanding, executor: ToolExecutor, request_id: str
    ) -> tuple[list[Action], list[str]]:
        actions: list[Action] = []
        speech: list[str] = []
        response_key = understanding.details.get("response")
        for index, call in enumerate(calls):
            key = response_key if index == 0 else None
            if call.tool in ANSWERED_LOCALLY:
                speech.append(responses.describe_call(call, None, self._home, now=self._now(), response_key=key))
                continue
            outcome = await executor.async_execute(call, request_id=request_id)
            actions.append(Action(call, outcome))
            speech.append(responses.describe_call(call, outcome, self._home, now=self._now(), response_key=key))
        return actions, speech

    def _finish(
        self,
        started: float,
        request: TurnRequest,
        outcome: Outcome,
        speech: str,
        tier: str,
        confidence: float,
        *,
        continue_conversation: bool = False,
        actions: tuple[Action, ...] = (),
        details: dict[str, str] | None = None,
    ) -> TurnResult:
        latency_ms = (self._timer() - started) * 1000
        _LOGGER.debug("Turn outcome=%s tier=%s %.1f ms", outcome, tier, latency_ms)
        return TurnResult(
            speech=speech,
            outcome=outcome,
            tier=tier,
            confidence=confidence,
            latency_ms=latency_ms,
            conversation_id=request.conversation_id,
            continue_conversation=continue_conversation,
            actions=actions,
            details=details or {},
        )
