"""The conversation loop: understand → validate → policy → answer or execute → speak.

Safety lives here, outside any model: every call is validated against its tool schema and the current home
before anything runs, questions are answered from the hub's live state without executing anything (so a
question can never actuate a device whichever tier produced it), and every call passes the policy gate
(`hub.policy.gate`): per-person permissions, confirmations for sensitive calls on the same channel, PINs for
critical ones, and only reads run unconfirmed once untrusted content entered the turn. Skills and automations
use `async_run_calls`, which takes the same path minus understanding.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Final, Protocol

from hub.agent import responses
from hub.agent.turn import Action, Outcome, TurnResult
from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest, Understanding, UnderstandingBackend
from hub.policy.audit import Decision
from hub.policy.content import TurnContent, turn_content
from hub.policy.gate import PolicyGate, ReplyOutcome
from hub.policy.speech import confirm_prompt, refusal
from hub.tools.errors import ToolCallError
from hub.tools.executor import ToolExecutor, ToolOutcome
from hub.tools.registry import validate_call

_LOGGER = logging.getLogger(__name__)
ANSWERED_LOCALLY: Final = frozenset(
    {"HassGetState", "HassClimateGetTemperature", "HassGetCurrentTime", "HassGetCurrentDate", "HassNevermind"}
)
"""Read-only tools the hub answers from its own mirror of the home; they never reach an executor."""


class LocalTools(Protocol):
    """Tools the hub runs itself rather than in the home (household memory, care); they validate their own calls.
    Several sets share this one slot through a composite that dispatches by tool name (`LocalToolSets`)."""

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
        policy: PolicyGate | None = None,
    ) -> None:
        self._local_tools = local_tools
        self._home = home
        self._backends = list(backends)
        self._timer = timer
        self._now = now
        self.policy = policy or PolicyGate()
        """Without a household file everyone is a guest; confirmations and PINs are always enforced."""

    @property
    def backends(self) -> list[UnderstandingBackend]:
        """The tiers, cheapest first; the runtime replaces them with one router when it assembles the hub."""
        return self._backends

    @backends.setter
    def backends(self, backends: Sequence[UnderstandingBackend]) -> None:
        self._backends = list(backends)

    async def async_handle(self, request: TurnRequest, *, executor: ToolExecutor, request_id: str) -> TurnResult:
        started = self._timer()
        with turn_content() as content:
            pending = self.policy.pending_for(request)
            if pending is not None:
                reply = self.policy.answer(pending, request.text)
                if reply.action != "not_a_reply":
                    return await self._on_reply(started, reply, executor, request_id)
            understanding = await self._understand(request)
            if understanding is None:
                return self._finish(started, request, "not_understood", responses.NOT_UNDERSTOOD, "none", 0.0)
            routed = _routing(understanding)
            if understanding.clarification is not None:
                return self._finish(
                    started, request, "clarify", understanding.clarification, understanding.tier,
                    understanding.confidence, continue_conversation=True, details=routed,
                )
            if understanding.failure is None and not understanding.calls and understanding.details.get("answer"):
                # A generator's plain answer (no tool call): words only, nothing in the home changes.
                return self._finish(started, request, "answered", str(understanding.details["answer"]),
                                    understanding.tier, understanding.confidence, details=routed)
            if understanding.failure is not None or not understanding.calls:
                speech = understanding.failure or responses.NOT_UNDERSTOOD
                outcome: Outcome = "not_understood" if understanding.details.get("outcome") == "not_understood" \
                    else "failed"
                return self._finish(started, request, outcome, speech, understanding.tier, understanding.confidence,
                                    details=routed)
            return await self._act(started, request, understanding, executor, request_id, content)

    async def async_run_calls(
        self, calls: Sequence[ToolCall], request: TurnRequest, *, executor: ToolExecutor, request_id: str, source: str
    ) -> TurnResult:
        """Calls proposed by a skill or an automation (`source` like `skill:fall_response`): same checks as a turn."""
        started = self._timer()
        with turn_content() as content:
            understanding = Understanding(tier=source, confidence=1.0, calls=tuple(calls))
            return await self._act(started, request, understanding, executor, request_id, content)

    async def async_resolve(
        self, confirmation_id: str, *, approve: bool, user_id: str | None, pin: str | None,
        executor: ToolExecutor, request_id: str,
    ) -> TurnResult | None:
        """A phone action answering a pending confirmation; `None` when there is no such confirmation."""
        started = self._timer()
        reply = self.policy.resolve(confirmation_id, approve=approve, user_id=user_id, pin=pin)
        if reply is None:
            return None
        return await self._on_reply(started, reply, executor, request_id)

    async def _understand(self, request: TurnRequest) -> Understanding | None:
        if not request.text.strip():
            return None
        for backend in self._backends:
            understanding = await backend.async_understand(request, self._home)
            if understanding is not None:
                return understanding
        return None

    def _is_local(self, tool: str) -> bool:
        return self._local_tools is not None and self._local_tools.handles(tool)

    async def _act(
        self, started: float, request: TurnRequest, understanding: Understanding, executor: ToolExecutor,
        request_id: str, content: TurnContent,
    ) -> TurnResult:
        tier, confidence = understanding.tier, understanding.confidence
        calls, invalid = self._validate(understanding.calls, request, tier, request_id)
        if not calls:
            _LOGGER.info("Refused a call from tier %s: %s", tier, invalid[0])
            return self._finish(
                started, request, "failed", "Sorry, I can't do that here.", tier, confidence,
                details={"refused": invalid[0], **_routing(understanding)},
            )
        tainted = self.policy.is_tainted(
            request, self._home, source=tier, content=content, details=understanding.details
        )
        review = self.policy.review(
            calls, request, self._home, source=tier, tainted=tainted, local=self._local_tools, request_id=request_id
        )
        allowed = [v.call for v in review.allowed]
        key = understanding.details.get("response") if allowed and allowed[0] is calls[0] else None
        outcome, speech_parts, actions = await self._run(allowed, request, executor, request_id, tier, key)
        self.policy.remember_content(request, content)
        details: dict[str, Any] = _routing(understanding)
        if invalid:
            speech_parts.append("I couldn't do the rest here.")
            details["invalid"] = "; ".join(invalid)
        unresolved = [str(text) for text in understanding.details.get("unresolved", ())]
        if unresolved:
            # Parts of a multi-action sentence the tier could not turn into calls: said, never dropped.
            speech_parts.extend(unresolved)
            details["unresolved"] = unresolved
        if review.refused:
            speech_parts.append(refusal(review.refused, self._home))
            details["refused"] = "; ".join(v.reason for v in review.refused)
            if not allowed:
                outcome = "failed"
        if review.held:
            prompt = confirm_prompt(review.held, self._home, tainted_by=content.sources if tainted else ())
            pending = self.policy.hold(review, request, source=tier, prompt=prompt, request_id=request_id)
            speech_parts.append(prompt)
            details["confirmation_id"] = pending.id
            return self._finish(
                started, request, "confirm", " ".join(p for p in speech_parts if p), tier, confidence,
                continue_conversation=True, actions=tuple(actions), details=details,
            )
        return self._finish(
            started, request, outcome, " ".join(p for p in speech_parts if p), tier, confidence,
            actions=tuple(actions), details=details,
        )

    def _validate(
        self, proposed: Sequence[ToolCall], request: TurnRequest, source: str, request_id: str
    ) -> tuple[list[ToolCall], list[str]]:
        """Each call checked on its own: a malformed call is refused (and audited) without sinking the others."""
        calls: list[ToolCall] = []
        invalid: list[str] = []
        for call in proposed:
            try:
                calls.append(call if self._is_local(call.tool) else validate_call(call, self._home))
            except ToolCallError as err:
                invalid.append(str(err))
                self.policy.record_invalid(call, request, self._home, source=source, reason=str(err),
                                           request_id=request_id)
        return calls, invalid

    async def _on_reply(
        self, started: float, reply: ReplyOutcome, executor: ToolExecutor, request_id: str
    ) -> TurnResult:
        pending, tier = reply.pending, "confirmation"
        if reply.action in ("ask_pin", "wrong_pin"):
            return self._finish(started, pending.request, "confirm", reply.speech, tier, 1.0,
                                continue_conversation=True, details={"confirmation_id": pending.id})
        if reply.action != "run":
            outcome: Outcome = "answered" if reply.action == "declined" else "failed"
            return self._finish(started, pending.request, outcome, reply.speech, tier, 1.0)
        try:
            calls = [c if self._is_local(c.tool) else validate_call(c, self._home) for c in pending.calls]
        except ToolCallError as err:
            return self._finish(started, pending.request, "failed", "Sorry, I can't do that any more.", tier, 1.0,
                                details={"refused": str(err)})
        outcome, speech, actions = await self._run(
            calls, pending.request, executor, request_id, pending.source, None, confirmation=pending.id
        )
        return self._finish(started, pending.request, outcome, " ".join(p for p in speech if p), tier, 1.0,
                            actions=tuple(actions))

    async def _run(
        self, calls: list[ToolCall], request: TurnRequest, executor: ToolExecutor, request_id: str, source: str,
        response_key: str | None, *, confirmation: str | None = None,
    ) -> tuple[Outcome, list[str], list[Action]]:
        """Run allowed calls in order: questions from the mirror, local tools on the hub, the rest in the home."""
        actions: list[Action] = []
        speech: list[str] = []
        kinds: list[Outcome] = []
        if calls and self._local_tools is not None and all(self._is_local(c.tool) for c in calls):
            kind, said = await self._local_tools.async_run(calls, request)
            self._audit(calls, request, source, request_id, confirmation, success=kind != "failed")
            return kind, [said], actions
        for index, call in enumerate(calls):
            key = response_key if index == 0 else None
            if call.tool in ANSWERED_LOCALLY:
                speech.append(responses.describe_call(call, None, self._home, now=self._now(), response_key=key))
                kinds.append("answered")
                continue
            if self._local_tools is not None and self._is_local(call.tool):
                kind, said = await self._local_tools.async_run([call], request)
                outcome = ToolOutcome(success=kind != "failed", error=None if kind != "failed" else said)
                speech.append(said)
            else:
                outcome = await executor.async_execute(call, request_id=request_id)
                speech.append(responses.describe_call(call, outcome, self._home, now=self._now(), response_key=key))
            actions.append(Action(call, outcome))
            kinds.append("done" if outcome.success else "failed")
            self._audit([call], request, source, request_id, confirmation, success=outcome.success)
        if "failed" in kinds:
            return "failed", speech, actions
        return ("answered" if all(k == "answered" for k in kinds) else "done"), speech, actions

    def _audit(
        self, calls: Sequence[ToolCall], request: TurnRequest, source: str, request_id: str,
        confirmation: str | None, *, success: bool,
    ) -> None:
        decision: Decision = ("confirmed" if confirmation else "executed") if success else "failed"
        self.policy.record_run(
            calls, request, self._home, source=source, decision=decision, request_id=request_id,
            confirmation_id=confirmation, local=self._local_tools,
        )

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
        details: dict[str, Any] | None = None,
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


def _routing(understanding: Understanding) -> dict[str, Any]:
    """The router's decisions for this turn (tier, result, reason), carried into `TurnResult.details`."""
    routed = understanding.details.get("router")
    return {"router": routed} if routed else {}
