"""The audit log: every tool call and remote call, with who, what, when, which tier, why and the decision.

One JSON object per line in `audit.jsonl` in the data directory (append-only; rotated to `audit.jsonl.1` past
`MAX_BYTES`), plus the most recent entries in memory for the REST endpoint and HA diagnostics. Entries hold
what was asked and decided, never PINs or tokens.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

_LOGGER = logging.getLogger(__name__)
AUDIT_FILE: Final = "audit.jsonl"
MAX_BYTES: Final = 10 * 1024 * 1024
RECENT: Final = 500

type Decision = Literal[
    "executed", "confirmed", "held", "refused", "declined", "expired", "failed", "sent", "blocked"
]
"""`executed`: ran without needing a confirmation; `confirmed`: ran after a yes (or PIN); `held`: waiting for a
confirmation; `refused`: not allowed for this person; `declined`: the person said no; `expired`: nobody answered;
`failed`: allowed but did not work; `sent` / `blocked`: a remote call left the hub, or was stopped."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One decision about one call."""

    kind: Literal["tool", "remote"]
    decision: Decision
    tool: str
    """The tool name, or the remote endpoint's model for remote calls."""
    tier: str
    """read, act, sensitive or critical (remote calls: the privacy setting)."""
    reason: str
    """Why this decision: the rule that applied."""
    who: dict[str, Any]
    """`user_id`, `member`, `role` and `device_id` of the person the call was for."""
    source: str
    """What produced the call: an understanding tier, `skill:<name>`, `automation`, `confirmation`."""
    args: dict[str, Any] = field(default_factory=dict)
    entities: tuple[str, ...] = ()
    request_id: str | None = None
    confirmation_id: str | None = None
    time: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["entities"] = list(self.entities)
        return data


class AuditLog:
    """Append-only, thread-safe; `path=None` keeps entries in memory only (tests, evaluations)."""

    def __init__(self, path: Path | None, *, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._recent: deque[dict[str, Any]] = deque(maxlen=RECENT)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def record(self, entry: AuditEntry) -> dict[str, Any]:
        data = entry.to_json()
        data["time"] = entry.time or self._clock()
        line = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
        with self._lock:
            self._recent.append(data)
            if self._path is not None:
                try:
                    self._rotate()
                    with self._path.open("a", encoding="utf-8") as handle:
                        handle.write(line + "\n")
                except OSError as err:
                    _LOGGER.error("Cannot write the audit log %s: %s", self._path, err)
        _LOGGER.debug("Audit %s %s %s (%s)", entry.decision, entry.tool, entry.tier, entry.reason)
        return data

    def _rotate(self) -> None:
        if self._path is not None and self._path.exists() and self._path.stat().st_size > MAX_BYTES:
            self._path.replace(self._path.with_name(self._path.name + ".1"))

    def recent(self, limit: int = 100, *, filters: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
        """The newest entries first, optionally only those whose `decision`, `kind` or `tool` match."""
        with self._lock:
            entries = list(self._recent)
        if filters:
            entries = [e for e in entries if all(str(e.get(k)) == v for k, v in filters.items())]
        return entries[::-1][:limit]

    def read_all(self) -> list[dict[str, Any]]:
        """Every entry on disk (oldest first), for tests and exports."""
        if self._path is None or not self._path.exists():
            return list(self._recent)
        with self._lock, self._path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
