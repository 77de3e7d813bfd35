"""Where a validated tool call runs: the virtual home in the demo and tests, or Home Assistant over the link."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from hub.llm.base import ToolCall


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    """The result of one call; `error` is a short human-readable reason when `success` is false."""

    success: bool
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


class ToolExecutor(Protocol):
    """Runs one validated call. Implementations raise nothing for expected failures: they return an outcome."""

    async def async_execute(self, call: ToolCall, *, request_id: str) -> ToolOutcome: ...
