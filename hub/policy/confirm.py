"""Pending confirmations: calls held until the same person says yes on the same channel (or taps a phone action).

A channel is the speaker plus their conversation (or, without one, their satellite): a "yes" from another
person, another room or another conversation never confirms. A pending confirmation expires after the
household's timeout, and anything other than yes, no or a PIN in reply cancels it.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from hub.llm.base import ToolCall, TurnRequest
from hub.policy.people import Person
from hub.tools.registry import RiskTier

MAX_PIN_ATTEMPTS: Final = 3
_YES: Final = re.compile(
    r"^(?:yes|yeah|yep|yup|sure|ok|okay|confirm(?:ed)?|do it|go ahead|please do|yes please|correct|affirmative)"
    r"(?:,?\s*(?:please|do it|go ahead|thanks|thank you))?[.!]?$",
    re.IGNORECASE,
)
_NO: Final = re.compile(
    r"^(?:no|nope|nah|cancel|stop|don't|do not|never ?mind|no thanks|no thank you|abort|forget it)"
    r"(?:,?\s*(?:thanks|thank you|don't|cancel))?[.!]?$",
    re.IGNORECASE,
)

type Reply = Literal["yes", "no", "other"]


def classify_reply(text: str) -> Reply:
    """Whether a whole utterance is a plain yes or no; "yes and open the garage" is neither."""
    cleaned = " ".join(text.strip().split())
    if _YES.match(cleaned):
        return "yes"
    if _NO.match(cleaned):
        return "no"
    return "other"


def channel_of(request: TurnRequest) -> str:
    """The same person in the same conversation (or at the same satellite when there is no conversation id)."""
    return f"{request.user_id or '-'}|{request.conversation_id or request.device_id or '-'}"


@dataclass(slots=True)
class Pending:
    """Calls waiting for a yes; `needs_pin` when any of them is critical."""

    id: str
    channel: str
    person: Person
    request: TurnRequest
    calls: tuple[ToolCall, ...]
    tiers: tuple[RiskTier, ...]
    source: str
    reason: str
    prompt: str
    expires_at: float
    needs_pin: bool = False
    pin_asked: bool = False
    pin_attempts: int = 0
    request_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


class ConfirmationBook:
    """At most one pending confirmation per channel; a newer one replaces (and returns) the older."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._by_id: dict[str, Pending] = {}

    def now(self) -> float:
        return self._clock()

    def new_id(self) -> str:
        return secrets.token_urlsafe(9)

    def add(self, pending: Pending) -> Pending | None:
        replaced = self.for_channel(pending.channel)
        if replaced is not None:
            self._by_id.pop(replaced.id, None)
        self._by_id[pending.id] = pending
        return replaced

    def expired(self) -> list[Pending]:
        """Remove and return every pending confirmation past its time."""
        now = self._clock()
        gone = [p for p in self._by_id.values() if p.expires_at <= now]
        for pending in gone:
            del self._by_id[pending.id]
        return gone

    def for_channel(self, channel: str) -> Pending | None:
        return next((p for p in self._by_id.values() if p.channel == channel and p.expires_at > self._clock()), None)

    def get(self, confirmation_id: str) -> Pending | None:
        pending = self._by_id.get(confirmation_id)
        return pending if pending is not None and pending.expires_at > self._clock() else None

    def remove(self, confirmation_id: str) -> None:
        self._by_id.pop(confirmation_id, None)

    def pending(self) -> list[Pending]:
        return [p for p in self._by_id.values() if p.expires_at > self._clock()]
