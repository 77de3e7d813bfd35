"""The running hub: its identity, its picture of the home, the agent, the outbox and the active HA link."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import aiohttp

from hub.agent.conversation import ConversationAgent
from hub.agent.multistep import MultiStepAgent
from hub.agent.turn import TurnResult
from hub.config import HubConfig
from hub.home.model import Home
from hub.identity import Identity
from hub.link.outbox import Outbox
from hub.llm.base import ToolCall, TurnRequest
from hub.llm.router import UNREACHABLE, Router, allowed_kinds
from hub.policy.confirm import Pending
from hub.policy.gate import PolicyGate
from hub.policy.setup import build_policy
from hub.tools.executor import ToolExecutor, ToolOutcome

if TYPE_CHECKING:
    from hub.link.session import LinkSession
    from hub.memory.store import MemoryStore
    from hub.sensing.care import CareLoop

_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class HubRuntime:
    """Shared by the HTTP handlers and link sessions; owns no sockets itself."""

    config: HubConfig
    identity: Identity
    home: Home
    agent: ConversationAgent
    outbox: Outbox
    local_executor: ToolExecutor | None = None
    """Set in virtual-home mode: tool calls run on the virtual home instead of in HA."""
    link: LinkSession | None = None
    memory: MemoryStore | None = None
    """Household memory; executed commands go to its timeline."""
    recent_turns: list[dict[str, Any]] = field(default_factory=list)
    care: CareLoop | None = None
    """The MQTT care loop (fall detection and escalation) when `mqtt_url` is configured."""
    http: aiohttp.ClientSession | None = None
    """The session the remote understanding tier uses (when `remote_url` is set); closed with the hub."""
    multistep: MultiStepAgent | None = None
    """In multi-step mode (`multistep = true` and a generator or remote): turns the local tiers decline."""
    _announcements: set[asyncio.Task[str]] = field(default_factory=set)
    _planner_remote: bool = False

    def __post_init__(self) -> None:
        """Install the household's policy (people, PINs, audit log) on the agent; memory holds the user mapping."""
        self.agent.policy = build_policy(
            self.config.data_dir, virtual=self.config.home == "virtual", memory=self.memory,
            on_pending=self._announce_pending,
        )
        router = self.agent.backends[0] if len(self.agent.backends) == 1 else None
        if isinstance(router, Router) and router.planner is not None:
            planner = router.planner
            guard = planner.guard_for if planner.remote else None
            self.multistep = MultiStepAgent(
                planner.model, self.agent, self.home, tier="multistep", hub_tools=(), guard_for=guard,
                step_timeout_s=planner.timeout_s,
            )
            self._planner_remote = planner.remote

    @property
    def policy(self) -> PolicyGate:
        return self.agent.policy

    def _announce_pending(self, pending: Pending) -> None:
        """A held call becomes a `hearth_confirmation_requested` event, so a phone can offer yes and no."""
        data = {
            "confirmation_id": pending.id,
            "prompt": pending.prompt,
            "user_id": pending.request.user_id,
            "member": pending.person.id,
            "area_id": pending.request.area_id,
            "device_id": pending.request.device_id,
            "tools": [call.tool for call in pending.calls],
            "needs_pin": pending.needs_pin,
            "expires_in_s": self.policy.household.confirm_timeout_s,
        }
        task = asyncio.get_running_loop().create_task(self.raise_event("hearth_confirmation_requested", data))
        self._announcements.add(task)
        task.add_done_callback(self._announcements.discard)

    async def raise_event(self, event_type: str, data: dict[str, Any]) -> str:
        """Queue an event for HA and send it now when the link is up; returns its id."""
        event = await self.outbox.add(event_type, data)
        link = self.link
        if link is not None and not link.closed and link.greeted:
            await link.send({"type": "event", **event})
        event_id: str = event["event_id"]
        return event_id

    @property
    def uses_ha_home(self) -> bool:
        return self.local_executor is None

    def apply_snapshot(self, snapshot: Mapping[str, Any]) -> None:
        """HA's view of the home replaces ours; in virtual mode HA's snapshot is ignored by design."""
        if not self.uses_ha_home:
            _LOGGER.debug("Ignoring HA snapshot: the hub runs on the virtual home")
            return
        self.home.replace_all(snapshot)
        _LOGGER.info(
            "Home snapshot: %d areas, %d entities", len(self.home.areas), len(self.home.entities)
        )

    def apply_state(self, entity_id: str, state: str | None, attributes: Mapping[str, Any]) -> None:
        if not self.uses_ha_home:
            return
        if state is None:
            self.home.entities.pop(entity_id, None)
        elif entity_id in self.home.entities:
            self.home.set_state(entity_id, state, attributes)

    def executor_for(self, session: LinkSession | None) -> ToolExecutor:
        """Tool calls go to the virtual home, else to the session that asked, else to the active HA link."""
        if self.local_executor is not None:
            return self.local_executor
        target = session or self.link
        if target is None or target.closed:
            return _Disconnected()
        return target

    async def handle_turn(
        self, request: TurnRequest, *, request_id: str, executor: ToolExecutor | None = None
    ) -> TurnResult:
        chosen = self.local_executor or executor or self.executor_for(None)
        result = await self.agent.async_handle(request, executor=chosen, request_id=request_id)
        if self.multistep is not None and result.outcome == "not_understood":
            result = await self._plan(request, chosen, request_id, result)
        self.recent_turns.append(
            {"request_id": request_id, "time": time.time(), "tier": result.tier, "outcome": result.outcome,
             "ms": result.latency_ms, "tiers": request.tiers, "router": result.details.get("router", [])}
        )
        del self.recent_turns[:-20]
        if self.memory is not None and result.actions:
            await asyncio.to_thread(self._record, request, result)
        return result

    async def _plan(
        self, request: TurnRequest, executor: ToolExecutor, request_id: str, declined: TurnResult
    ) -> TurnResult:
        """The local tiers declined: the multi-step loop takes the turn (its decision joins the router's)."""
        routed: list[dict[str, Any]] = declined.details.get("router", [])
        if TYPE_CHECKING:
            assert self.multistep is not None
        started = time.perf_counter()
        planner_kind = "remote" if self._planner_remote else "generator"
        if planner_kind not in allowed_kinds(request.tiers):
            # The asking agent does not allow the planner's model: the local tiers' answer stands.
            decision = {"tier": "multistep", "result": "skipped", "reason": "agent_policy", "ms": 0.0}
            return replace(declined, details={**declined.details, "router": [*routed, decision]})
        if self._planner_remote and self.policy.household.remote_privacy == "never":
            result = TurnResult(speech=UNREACHABLE, outcome="failed", tier="multistep", confidence=0.0,
                                latency_ms=0.0, conversation_id=request.conversation_id,
                                details={"reason": "privacy_never"})
        else:
            result = await self.multistep.async_handle(request, executor=executor, request_id=request_id)
        reason = str(result.details.get("reason", "accepted"))
        decision = {"tier": "multistep", "result": "answered" if reason == "accepted" else "failed",
                    "reason": reason, "ms": round((time.perf_counter() - started) * 1000, 1)}
        return replace(result, details={**result.details, "router": [*routed, decision]})

    async def resolve_confirmation(
        self, confirmation_id: str, *, approve: bool, user_id: str | None, pin: str | None = None
    ) -> TurnResult | None:
        """A phone action answering a held call (REST); runs it on the virtual home or through the HA link."""
        request_id = uuid.uuid4().hex
        result = await self.agent.async_resolve(
            confirmation_id, approve=approve, user_id=user_id, pin=pin,
            executor=self.local_executor or self.executor_for(None), request_id=request_id,
        )
        if result is not None and self.memory is not None and result.actions:
            await asyncio.to_thread(self._record, TurnRequest("", user_id=user_id), result)
        return result

    def _record(self, request: TurnRequest, result: TurnResult) -> None:
        from hub.memory.timeline import record_command

        if self.memory is None:
            return
        person = self.memory.viewer_for(request.user_id).member
        for action in result.actions:
            if action.outcome.success:
                record_command(
                    self.memory, person, action.call.tool, action.call.args, action.call.entities,
                    area_id=request.area_id,
                )


class _Disconnected:
    """Stands in for HA while no link is up: questions still work, actions fail with a clear reason."""

    async def async_execute(self, call: ToolCall, *, request_id: str) -> ToolOutcome:
        return ToolOutcome(success=False, error="Home Assistant is not connected to the hub")
