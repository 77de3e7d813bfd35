"""The hub's stable id and pairing token, kept in its data directory so they survive restarts and IP changes."""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from hub.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Identity:
    """`hub_id` is HA's unique id for this hub; `token` is what HA presents on every request."""

    hub_id: str
    token: str
    token_created: bool


def _read_or_create(path: Path, make: str) -> tuple[str, bool]:
    try:
        return path.read_text(encoding="utf-8").strip(), False
    except FileNotFoundError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(make + "\n")
    return make, True


def load_identity(data_dir: Path, configured_token: str | None) -> Identity:
    """Create the data directory, the hub id and (unless configured) a random token on first start.

    The token is hex (192 bits) so it never starts with "-", which a shell flag parser would take for an option.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        hub_id, _ = _read_or_create(data_dir / "hub_id", uuid.uuid4().hex)
        if configured_token is not None:
            return Identity(hub_id, configured_token, False)
        token, created = _read_or_create(data_dir / "token", secrets.token_hex(24))
    except OSError as err:
        raise ConfigError(f"cannot use data directory {data_dir}: {err}") from None
    if len(token) < 16:
        raise ConfigError(f"the token in {data_dir / 'token'} is shorter than 16 characters")
    return Identity(hub_id, token, created)
