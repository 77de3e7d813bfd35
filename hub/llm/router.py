"""The router between understanding tiers: the cheapest tier that can answer, with each decision and its reason.

Tiers run cheapest first (the local command model, HA's templates, the local generator, the remote endpoint).
A tier's answer is taken unless it escalates:

| reason | when |
| --- | --- |
| `declined` | the tier returned nothing (not its kind of sentence) |
| `low_confidence` | its confidence is under the tier's `min_confidence` (kept as a fallback) |
| `parse_failure` | a generator kept producing invalid tool calls (its repair loop gave up) |
| `timeout` | it took longer than the tier's `timeout_s` |
| `error` | it failed (an endpoint down, a cut stream, an open circuit breaker) |
| `privacy_never` | a remote tier, and the household allows nothing to leave the hub |
| `agent_policy` | the asking agent's tier policy (`TurnRequest.tiers`) does not allow the tier (never called) |

Every decision goes into the answer's `details["router"]` (so `TurnResult.details`, the demo transcript and HA
diagnostics show it). When no tier answers, the best low-confidence answer is used; failing that the person
hears a clear sentence, never silence: offline, the local tiers alone decide.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from hub.agent.responses import NOT_UNDERSTOOD
from hub.errors import HearthError
from hub.home.model import Home
from hub.llm.base import TurnRequest, Understanding, UnderstandingBackend
from hub.llm.chat_tier import ChatModel
from hub.policy.privacy import PrivacyGuard, RemotePrivacyError

_LOGGER = logging.getLogger(__name__)
NO_TIER_COULD: Final = "Sorry, I couldn't do that."
OFFLINE: Final = NOT_UNDERSTOOD
"""Heard when no generator or remote tier is configured and the local tiers declined (as before the router)."""
UNREACHABLE: Final = "Sorry, I couldn't reach the assistant for that, and I can't do it on my own."
"""Heard when the generator or remote tiers timed out, failed or were not allowed, and the local tiers declined."""


@dataclass(frozen=True, slots=True)
class Planner:
    """The model for multi-step tasks, with the guard a remote one must use (`remote`: skipped under `never`)."""

    model: ChatModel
    guard_for: Callable[[Home], PrivacyGuard] | None = None
    remote: bool = False
    timeout_s: float = 30.0
    """The longest one model step may take."""


@dataclass(frozen=True, slots=True)
class RoutedTier:
    """One tier as the router uses it."""

    backend: UnderstandingBackend
    min_confidence: float = 0.0
    timeout_s: float | None = None
    remote: bool = False
    """Sends text off the hub: skipped when the household's privacy setting is `never`."""
    kind: TierKind | None = None
    """`local`, `generator` or `remote` for agents' tier policies; unset: remote if `remote`, a generator if it
    has a time limit, else local."""

    @property
    def tier_kind(self) -> TierKind:
        if self.kind is not None:
            return self.kind
        return "remote" if self.remote else "generator" if self.timeout_s is not None else "local"


type TierKind = Literal["local", "generator", "remote"]
TIER_POLICY_KINDS: Final[dict[str, frozenset[str]]] = {
    "local_only": frozenset({"local"}),
    "local_generator": frozenset({"local", "generator"}),
    "any": frozenset({"local", "generator", "remote"}),
}
"""The tiers each agent tier policy (`converse`'s `tiers`) allows; the remote still obeys the household's privacy."""


def allowed_kinds(policy: str) -> frozenset[str]:
    """The tier kinds a policy allows; an unknown policy allows only the local tiers (the safe reading)."""
    return TIER_POLICY_KINDS.get(policy, TIER_POLICY_KINDS["local_only"])


def planner_allowed(planner: Planner, policy: str) -> bool:
    """Whether the multi-step planner's model may run for an agent with this tier policy."""
    return ("remote" if planner.remote else "generator") in allowed_kinds(policy)


@dataclass(frozen=True, slots=True)
class RouteDecision:
    tier: str
    result: str
    """`answered`, `escalated` or `skipped`."""
    reason: str
    ms: float
    confidence: float | None = None
    tokens: dict[str, int] | None = None
    """A model tier's token use (prompt, completion) for this turn, repairs included."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tier": self.tier, "result": self.result, "reason": self.reason,
                               "ms": round(self.ms, 1)}
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        if self.tokens:
            out["tokens"] = self.tokens
        return out


class Router:
    """An `UnderstandingBackend` over several tiers; `privacy` reads the household's current setting."""

    def __init__(
        self,
        tiers: Sequence[RoutedTier],
        *,
        privacy: Callable[[], str] = lambda: "masked",
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.tiers = list(tiers)
        self._privacy = privacy
        self._timer = timer
        self.planner: Planner | None = None
        """Set in multi-step mode: the model (and privacy guard) the runtime's `MultiStepAgent` uses."""

    @property
    def name(self) -> str:
        return "router"

    @property
    def offline(self) -> bool:
        """Only the always-present local tiers: no generator, no remote (and no multi-step planner)."""
        return self.planner is None and not any(t.remote or t.timeout_s is not None for t in self.tiers)

    def privacy(self) -> str:
        return self._privacy()

    async def async_prepare(self) -> None:
        for tier in self.tiers:
            await tier.backend.async_prepare()

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        decisions: list[RouteDecision] = []
        fallback: Understanding | None = None
        optional = self._optional(allowed_kinds(request.tiers))
        escalate_failures = self._escalates_failures(optional, request.tiers)
        for tier in self.tiers:
            name = tier.backend.name
            if (skipped := self._skip(tier, request.tiers)) is not None:
                decisions.append(skipped)
                continue
            started = self._timer()
            try:
                async with asyncio.timeout(tier.timeout_s):
                    understanding = await tier.backend.async_understand(request, home)
            except TimeoutError:
                decisions.append(RouteDecision(name, "escalated", "timeout", self._ms(started)))
                continue
            except RemotePrivacyError:
                decisions.append(RouteDecision(name, "skipped", "privacy_never", self._ms(started)))
                continue
            except HearthError as err:
                _LOGGER.info("Tier %s failed: %s", name, err)
                decisions.append(RouteDecision(name, "escalated", f"error: {err}", self._ms(started)))
                continue
            ms = self._ms(started)
            if understanding is None:
                decisions.append(RouteDecision(name, "escalated", "declined", ms))
                continue
            tokens = _tokens(understanding)
            if understanding.details.get("reason") == "parse_failure":
                decisions.append(RouteDecision(name, "escalated", "parse_failure", ms, understanding.confidence,
                                               tokens))
                continue
            if escalate_failures and understanding.failure is not None and name not in optional:
                decisions.append(RouteDecision(name, "escalated", "local_failure", ms, understanding.confidence))
                fallback = fallback or understanding
                continue
            if understanding.confidence < tier.min_confidence:
                decisions.append(RouteDecision(name, "escalated", "low_confidence", ms, understanding.confidence))
                if fallback is None or understanding.confidence > fallback.confidence:
                    fallback = understanding
                continue
            decisions.append(RouteDecision(name, "answered", "accepted", ms, understanding.confidence, tokens))
            return self._with(understanding, decisions)
        if fallback is not None and (optional or fallback.failure is None):
            reason = "local_failure" if fallback.failure is not None else "best_low_confidence"
            decisions.append(RouteDecision(fallback.tier, "answered", reason, 0.0, fallback.confidence))
            return self._with(fallback, decisions)
        if not optional:  # offline, or multi-step mode: the runtime hands the turn to the planner
            speech, outcome = OFFLINE, "not_understood"
        elif all(d.result == "skipped" or d.reason.startswith(("error", "timeout"))
                 for d in decisions if d.tier in optional):
            speech, outcome = UNREACHABLE, "failed"
        else:
            speech, outcome = NO_TIER_COULD, "failed"
        return Understanding(tier="none" if outcome == "not_understood" else "router", confidence=0.0, failure=speech,
                             details={"router": [d.as_dict() for d in decisions], "outcome": outcome})

    def _escalates_failures(self, optional: set[str], policy: str) -> bool:
        """With a model behind them, a local tier's failure ("there are no fans in the bedroom") may be a
        misreading: the model gets a try, and the local answer stays the fallback."""
        return bool(optional) or (self.planner is not None and planner_allowed(self.planner, policy))

    def _skip(self, tier: RoutedTier, policy: str) -> RouteDecision | None:
        """A tier this turn must not call: the agent does not allow it, or nothing may leave the hub."""
        if tier.tier_kind not in allowed_kinds(policy):
            return RouteDecision(tier.backend.name, "skipped", "agent_policy", 0.0)
        if tier.remote and self._privacy() == "never":
            return RouteDecision(tier.backend.name, "skipped", "privacy_never", 0.0)
        return None

    def _optional(self, allowed: frozenset[str] = TIER_POLICY_KINDS["any"]) -> set[str]:
        """The model tiers this turn may use (none when the agent allows only the local tiers)."""
        return {t.backend.name for t in self.tiers if t.tier_kind != "local" and t.tier_kind in allowed}

    def _ms(self, started: float) -> float:
        return (self._timer() - started) * 1000

    @staticmethod
    def _with(understanding: Understanding, decisions: list[RouteDecision]) -> Understanding:
        details = {**understanding.details, "router": [d.as_dict() for d in decisions]}
        return replace(understanding, details=details)


def _tokens(understanding: Understanding) -> dict[str, int] | None:
    prompt, completion = understanding.details.get("prompt_tokens"), understanding.details.get("completion_tokens")
    if isinstance(prompt, int) and isinstance(completion, int):
        return {"prompt": prompt, "completion": completion}
    return None


def summarize(decisions: Sequence[dict[str, Any]]) -> str:
    """One line for a transcript: `nlu: declined → generator: parse_failure → remote: accepted`."""
    return " → ".join(f"{d['tier']}: {d['reason']}" for d in decisions)
