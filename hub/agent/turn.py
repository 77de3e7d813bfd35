"""The result of one conversation turn, shaped like the wire's `converse_result`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from hub.llm.base import ToolCall
from hub.tools.executor import ToolOutcome

type Outcome = Literal["done", "answered", "clarify", "not_understood", "failed", "confirm"]
"""`confirm`: the hub holds a sensitive or critical call and waits for a yes or a PIN on the same channel."""


@dataclass(frozen=True, slots=True)
class Action:
    """One call the turn made (or refused), with how it went."""

    call: ToolCall
    outcome: ToolOutcome

    def to_wire(self) -> dict[str, Any]:
        return {
            "tool": self.call.tool,
            "args": self.call.args,
            "entities": list(self.call.entities),
            "success": self.outcome.success,
            "error": self.outcome.error,
        }


@dataclass(frozen=True, slots=True)
class TurnResult:
    """What the person hears, plus everything a transcript, a test or HA diagnostics needs to explain it."""

    speech: str
    outcome: Outcome
    tier: str
    confidence: float
    latency_ms: float
    conversation_id: str | None = None
    continue_conversation: bool = False
    actions: tuple[Action, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_wire(self, request_id: str) -> dict[str, Any]:
        return {
            "type": "converse_result",
            "request_id": request_id,
            "speech": self.speech,
            "conversation_id": self.conversation_id,
            "continue_conversation": self.continue_conversation,
            "tier": self.tier,
            "confidence": self.confidence,
            "outcome": self.outcome,
            "actions": [a.to_wire() for a in self.actions],
            "latency_ms": round(self.latency_ms, 3),
        }
