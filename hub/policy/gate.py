"""The policy gate the conversation loop calls for every call, whatever produced it (a tier, a skill, an
automation): permissions per person, risk tiers, confirmations on the same channel, PINs, tainted turns, audit.

Decisions, for a call of tier T by a person allowed up to tier M in areas A:
- T > M, or an actuating call outside A: refused, politely.
- T critical: held for the person's PIN (a member with a PIN set; never an unidentified speaker).
- T sensitive, or T act in a turn that untrusted content entered: held for a yes on the same channel.
- otherwise: runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest
from hub.policy.audit import AuditEntry, AuditLog, Decision
from hub.policy.confirm import MAX_PIN_ATTEMPTS, ConfirmationBook, Pending, channel_of, classify_reply
from hub.policy.content import TurnContent, is_plain_label
from hub.policy.people import Household, MemberDirectory, Person
from hub.policy.pin import PinStore, spoken_pin
from hub.policy.privacy import PrivacyFilter, PrivacyGuard
from hub.policy.tiers import effective_tier
from hub.tools.registry import RiskTier

_LOGGER = logging.getLogger(__name__)
DETERMINISTIC_TIERS: Final = frozenset(
    {"template", "nlu", "memory", "care", "content", "confirmation", "skill", "automation"}
)
"""Tiers that map the speaker's own words to calls by pattern and never read free text as instructions; any
other producer (a generator, a remote model, anything new) counts as having read every entity name."""
TAINT_MEMORY_S: Final = 600.0
"""A conversation that untrusted content entered stays tainted this long for generative tiers (they keep history)."""

type VerdictKind = Literal["allow", "confirm", "pin", "refuse"]


@dataclass(frozen=True, slots=True)
class Verdict:
    call: ToolCall
    tier: RiskTier
    decision: VerdictKind
    reason: str


@dataclass(slots=True)
class Review:
    """The gate's decisions on one turn's calls, in order."""

    person: Person
    tainted: bool
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def allowed(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.decision == "allow"]

    @property
    def held(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.decision in ("confirm", "pin")]

    @property
    def refused(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.decision == "refuse"]


type ReplyAction = Literal["run", "ask_pin", "wrong_pin", "declined", "locked_out", "not_a_reply"]


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    """What a reply to a pending confirmation does: run its calls, ask again, or end it."""

    action: ReplyAction
    pending: Pending
    speech: str = ""


class PolicyGate:
    """One per hub: the household, PINs, pending confirmations and the audit log."""

    def __init__(
        self,
        household: Household | None = None,
        *,
        pins: PinStore | None = None,
        audit: AuditLog | None = None,
        directory: MemberDirectory | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_pending: Callable[[Pending], None] | None = None,
    ) -> None:
        self.household = household or Household()
        self.pins = pins or PinStore(None)
        self.audit = audit or AuditLog(None)
        self.directory = directory
        self.confirmations = ConfirmationBook(clock=clock)
        self._clock = clock
        self._tainted_channels: dict[str, float] = {}
        self.on_pending = on_pending
        """Called with each new pending confirmation (the runtime raises a `hearth_confirmation_requested`
        event, so a phone notification can offer yes/no actions)."""

    def privacy_guard(self, home: Home, *, extra_names: Sequence[str] = ()) -> PrivacyGuard:
        """The guard a remote tier must pass every outgoing request through: the household's setting, its
        members (and `extra_names`, e.g. HA persons and contacts) as known names, and the home's entity and area
        names as public words that stay readable; remote calls are audited here."""
        public = [e.name for e in home.entities.values()] + [a.name for a in home.areas.values()]
        names = [*self.household.names(), *extra_names]
        return PrivacyGuard(self.household.remote_privacy, PrivacyFilter(names=names, public=public), self.audit)

    # Who and how risky ------------------------------------------------------------------------------------------

    def person_for(self, request: TurnRequest) -> Person:
        return self.household.person_for(request.user_id, device_id=request.device_id, directory=self.directory)

    def is_tainted(self, request: TurnRequest, home: Home, *, source: str, content: TurnContent | None,
                   details: dict[str, Any] | None = None) -> bool:
        """Whether untrusted content entered this turn (recorded content, the producer's own report, or, for a
        generative producer, free-text entity names or earlier content in this conversation)."""
        channel = channel_of(request)
        now = self._clock()
        tainted = bool(content is not None and content.tainted) or bool((details or {}).get("untrusted"))
        if source.split(":", maxsplit=1)[0] not in DETERMINISTIC_TIERS:
            tainted = (
                tainted
                or not self.household.trust_label_names
                or any(not is_plain_label(e.name) for e in home.entities.values())
                or now - self._tainted_channels.get(channel, -TAINT_MEMORY_S) < TAINT_MEMORY_S
            )
        if tainted:
            self._tainted_channels[channel] = now
        return tainted

    def remember_content(self, request: TurnRequest, content: TurnContent) -> None:
        """Untrusted content that a tool brought into this turn taints the conversation for generative tiers."""
        if content.tainted:
            self._tainted_channels[channel_of(request)] = self._clock()

    def review(
        self,
        calls: Sequence[ToolCall],
        request: TurnRequest,
        home: Home,
        *,
        source: str,
        tainted: bool,
        local: object | None = None,
        request_id: str | None = None,
    ) -> Review:
        person = self.person_for(request)
        review = Review(person, tainted)
        for call in calls:
            tier = effective_tier(call, home, self.household, person, local=local)
            decision, reason = self._decide(call, tier, person, request, home, tainted)
            verdict = Verdict(call, tier, decision, reason)
            review.verdicts.append(verdict)
            if decision == "refuse":
                self.record(verdict, request, source=source, decision="refused", request_id=request_id)
        return review

    def _decide(
        self, call: ToolCall, tier: RiskTier, person: Person, request: TurnRequest, home: Home, tainted: bool
    ) -> tuple[VerdictKind, str]:
        allowed = person.permissions
        if tier > allowed.max_tier:
            return "refuse", f"{tier.name.lower()} tier is above what a {person.role} may do"
        if tier >= RiskTier.ACT and allowed.tools is not None and call.tool not in allowed.tools:
            return "refuse", f"{call.tool} is not among the tools this {person.role} may use"
        if tier >= RiskTier.ACT and allowed.areas is not None:
            outside = [a for a in _areas_of(call, request, home) if a not in allowed.areas]
            if outside:
                return "refuse", f"area {outside[0]} is not allowed for this {person.role}"
        scope = call.args.get("scope") if call.tool.startswith("Memory") else None
        if isinstance(scope, str) and scope in ("private", "household") and scope not in allowed.memory_scopes:
            return "refuse", f"memory scope {scope} is not allowed for a {person.role}"
        if tier == RiskTier.CRITICAL:
            if not self.pins.has_pin(person.id):
                return "refuse", "critical: needs the PIN of an identified member, and none is set"
            return "pin", "critical: needs the member's PIN"
        if tier == RiskTier.SENSITIVE:
            return "confirm", "sensitive: needs a yes on the same channel"
        if tier == RiskTier.ACT and tainted:
            return "confirm", "untrusted content entered the turn: only reads run unconfirmed"
        return "allow", f"{tier.name.lower()} tier allowed for a {person.role}"

    # Holding and answering --------------------------------------------------------------------------------------

    def hold(
        self, review: Review, request: TurnRequest, *, source: str, prompt: str, request_id: str | None
    ) -> Pending:
        held = review.held
        pending = Pending(
            id=self.confirmations.new_id(),
            channel=channel_of(request),
            person=review.person,
            request=request,
            calls=tuple(v.call for v in held),
            tiers=tuple(v.tier for v in held),
            source=source,
            reason="; ".join(dict.fromkeys(v.reason for v in held)),
            prompt=prompt,
            expires_at=self.confirmations.now() + self.household.confirm_timeout_s,
            needs_pin=any(v.decision == "pin" for v in held),
            pin_asked=any(v.decision == "pin" for v in held),
            request_id=request_id,
        )
        replaced = self.confirmations.add(pending)
        if replaced is not None:
            self._record_pending(replaced, "expired", "replaced by a newer request")
        for verdict in held:
            self.record(verdict, request, source=source, decision="held", request_id=request_id,
                        confirmation_id=pending.id)
        if self.on_pending is not None:
            self.on_pending(pending)
        return pending

    def pending_for(self, request: TurnRequest) -> Pending | None:
        self._expire()
        return self.confirmations.for_channel(channel_of(request))

    def answer(self, pending: Pending, text: str) -> ReplyOutcome:
        """A spoken or typed reply on the pending confirmation's channel."""
        reply = classify_reply(text)
        pin = spoken_pin(text) if pending.needs_pin else None
        if reply == "no":
            self._finish(pending, "declined", "the person said no")
            return ReplyOutcome("declined", pending, "OK, I won't.")
        if pending.needs_pin and pin is not None:
            return self._check_pin(pending, pin)
        if reply == "yes":
            if pending.needs_pin:
                pending.pin_asked = True
                return ReplyOutcome("ask_pin", pending, "Please say your PIN.")
            self.confirmations.remove(pending.id)
            return ReplyOutcome("run", pending)
        self._finish(pending, "declined", "another request came instead of an answer")
        return ReplyOutcome("not_a_reply", pending)

    def _check_pin(self, pending: Pending, pin: str) -> ReplyOutcome:
        member = pending.person.id
        if member is not None and self.pins.locked_out(member):
            self._finish(pending, "refused", "too many wrong PINs: locked out")
            return ReplyOutcome("locked_out", pending, "Too many wrong PINs. Try again later.")
        if self.pins.check(member, pin):
            self.confirmations.remove(pending.id)
            return ReplyOutcome("run", pending)
        pending.pin_attempts += 1
        if pending.pin_attempts >= MAX_PIN_ATTEMPTS or (member is not None and self.pins.locked_out(member)):
            self._finish(pending, "refused", "wrong PIN too many times")
            return ReplyOutcome("locked_out", pending, "That PIN is not right, so I won't do it.")
        return ReplyOutcome("wrong_pin", pending, "That PIN is not right. Please say it again.")

    def resolve(self, confirmation_id: str, *, approve: bool, user_id: str | None, pin: str | None = None
                ) -> ReplyOutcome | None:
        """A phone action (or any out-of-band answer) for a pending confirmation; only the person it is for may
        answer it, and a critical one still needs their PIN. `None` when there is no such confirmation."""
        self._expire()
        pending = self.confirmations.get(confirmation_id)
        if pending is None:
            return None
        answerer = self.household.person_for(user_id, directory=self.directory)
        same_person = (
            answerer.id == pending.person.id if pending.person.is_member
            else user_id is not None and user_id == pending.request.user_id
        )
        if not same_person:
            return ReplyOutcome("not_a_reply", pending, "Only the person who asked can answer this.")
        if not approve:
            self._finish(pending, "declined", "declined from a phone action")
            return ReplyOutcome("declined", pending, "OK, I won't.")
        if pending.needs_pin:
            if pin is None:
                return ReplyOutcome("ask_pin", pending, "This needs your PIN.")
            return self._check_pin(pending, pin)
        self.confirmations.remove(pending.id)
        return ReplyOutcome("run", pending)

    def _finish(self, pending: Pending, decision: Decision, reason: str) -> None:
        self.confirmations.remove(pending.id)
        self._record_pending(pending, decision, reason)

    def _expire(self) -> None:
        for pending in self.confirmations.expired():
            self._record_pending(pending, "expired", "nobody answered in time")

    def _record_pending(self, pending: Pending, decision: Decision, reason: str) -> None:
        for call, tier in zip(pending.calls, pending.tiers, strict=True):
            self.record(Verdict(call, tier, "confirm", reason), pending.request, source=pending.source,
                        decision=decision, request_id=pending.request_id, confirmation_id=pending.id)

    def record_run(
        self,
        calls: Sequence[ToolCall],
        request: TurnRequest,
        home: Home,
        *,
        source: str,
        decision: Decision,
        request_id: str | None,
        confirmation_id: str | None = None,
        local: object | None = None,
    ) -> None:
        """Audit calls that ran (`executed`, `confirmed`) or ran and failed (`failed`)."""
        person = self.person_for(request)
        for call in calls:
            tier = effective_tier(call, home, self.household, person, local=local)
            reason = "confirmed on the same channel" if confirmation_id else f"{tier.name.lower()} tier allowed"
            self.record(Verdict(call, tier, "allow", reason), request, source=source, decision=decision,
                        request_id=request_id, confirmation_id=confirmation_id)

    def record_invalid(
        self, call: ToolCall, request: TurnRequest, home: Home, *, source: str, reason: str, request_id: str | None
    ) -> None:
        """Audit a call refused before policy because it does not fit its tool's schema or the home."""
        tier = effective_tier(call, home, self.household, self.person_for(request))
        self.record(Verdict(call, tier, "refuse", f"invalid: {reason}"), request, source=source, decision="refused",
                    request_id=request_id)

    # Audit -----------------------------------------------------------------------------------------------------

    def record(
        self,
        verdict: Verdict,
        request: TurnRequest,
        *,
        source: str,
        decision: Decision,
        request_id: str | None = None,
        confirmation_id: str | None = None,
    ) -> None:
        person = self.person_for(request)
        self.audit.record(
            AuditEntry(
                kind="tool",
                decision=decision,
                tool=verdict.call.tool,
                tier=verdict.tier.name.lower(),
                reason=verdict.reason,
                who={"user_id": request.user_id, "member": person.id, "role": person.role,
                     "device_id": request.device_id, "area_id": request.area_id},
                source=source,
                args=dict(verdict.call.args),
                entities=verdict.call.entities,
                request_id=request_id,
                confirmation_id=confirmation_id,
            )
        )


def _areas_of(call: ToolCall, request: TurnRequest, home: Home) -> list[str]:
    """The areas a call acts in: its targets' areas, else the speaker's area (timers, messages)."""
    areas = []
    for entity_id in call.entities:
        entity = home.entities.get(entity_id)
        areas.append(entity.area_id if entity is not None and entity.area_id else "(no area)")
    if not areas and request.area_id:
        areas.append(request.area_id)
    return areas
