"""Why the policy layer refused to start or to load its settings."""

from __future__ import annotations

from hub.errors import ConfigError


class HouseholdConfigError(ConfigError):
    """The household file (people, roles, permissions) has a value the hub cannot use."""


class PinStoreError(ConfigError):
    """The PIN file cannot be read or holds something other than salted hashes."""
