"""Diagnostics for Hearth: link health and how recent turns went, never secrets or what people said."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Final

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant

from .const import CONF_TOKEN
from .models import HearthConfigEntry

REDACT_KEYS: Final = frozenset(
    {
        CONF_TOKEN,
        CONF_HOST,
        CONF_PORT,
        "instance_id",
        "unique_id",
        "hub_id",
        "name",
        "title",
        "user_id",
        "conversation_id",
        "speech",
        "text",
    }
)
"""Tokens, addresses and ids that identify a home or a person; turns carry no text to begin with."""


async def async_get_config_entry_diagnostics(hass: HomeAssistant, entry: HearthConfigEntry) -> dict[str, Any]:
    """Return redacted diagnostics for one hub."""
    data = entry.runtime_data
    link = data.link
    welcome = link.welcome
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "hub": {
                "hub_id": data.info.hub_id,
                "name": data.info.name,
                "hub_version": welcome.hub_version if welcome else data.info.hub_version,
                "protocol": data.info.protocol,
                "models": [{"model": m.name, "status": m.status, "error": m.error} for m in data.info.models],
            },
            "subentries": [
                {"type": sub.subentry_type, "title": sub.title, "data": dict(sub.data)}
                for sub in entry.subentries.values()
            ],
            "link": {"connected": link.connected, **asdict(link.stats)},
            "snapshot": dict(data.mirror.counts),
            "recent_turns": [asdict(turn) for turn in data.turns],
        },
        REDACT_KEYS,
    )
