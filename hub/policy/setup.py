"""Build the hub's policy gate from its data directory: household file, PINs, audit log, member directory."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hub.policy.audit import AUDIT_FILE, AuditLog
from hub.policy.confirm import Pending
from hub.policy.gate import PolicyGate
from hub.policy.people import HOUSEHOLD_FILE, Household, load_household, virtual_household
from hub.policy.pin import PIN_FILE, PinStore

if TYPE_CHECKING:
    from hub.memory.store import MemoryStore

_LOGGER = logging.getLogger(__name__)


class MemoryDirectory:
    """The memory store's members table as the one member ↔ HA user mapping."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def member_id_for(self, user_id: str) -> str | None:
        return self._store.viewer_for(user_id).member


def build_policy(
    data_dir: Path,
    *,
    virtual: bool,
    memory: MemoryStore | None = None,
    on_pending: Callable[[Pending], None] | None = None,
) -> PolicyGate:
    """`household.toml` in the data directory, else (virtual home only) the demo family, else nobody known."""
    path = data_dir / HOUSEHOLD_FILE
    household: Household = load_household(path) if path.exists() or not virtual else virtual_household()
    if memory is not None:
        _sync_members(household, memory)
    _LOGGER.info("Household: %d members, remote privacy %s", len(household.members), household.remote_privacy)
    return PolicyGate(
        household,
        pins=PinStore(data_dir / PIN_FILE),
        audit=AuditLog(data_dir / AUDIT_FILE),
        directory=MemoryDirectory(memory) if memory is not None else None,
        on_pending=on_pending,
    )


def _sync_members(household: Household, memory: MemoryStore) -> None:
    """Members named in the household file but unknown to memory are added there (memory keeps the mapping)."""
    for entry in household.members.values():
        if memory.member(entry.id) is None:
            memory.add_member(entry.name, ha_user_id=entry.ha_users[0] if entry.ha_users else None, member_id=entry.id)
