"""Diagnostics for Hearth: link health and how recent turns went, never secrets or what people said."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Any, Final

import aiohttp
from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CONF_TOKEN, REQUEST_TIMEOUT
from .link import hub_url
from .models import HearthConfigEntry
from .services import audit_view

AUDIT_ENTRIES: Final = 20

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
        "member",
        "device_id",
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
            "audit": await _async_audit(hass, entry),
        },
        REDACT_KEYS,
    )


async def _async_audit(hass: HomeAssistant, entry: HearthConfigEntry) -> dict[str, Any]:
    """The hub's newest audit decisions (who is redacted above); a hub that is away is reported, not fatal."""
    url = hub_url(entry.data[CONF_HOST], entry.data[CONF_PORT], "/api/v1/audit")
    try:
        async with (
            asyncio.timeout(REQUEST_TIMEOUT),
            async_get_clientsession(hass).get(
                url, params={"limit": str(AUDIT_ENTRIES)}, headers={"Authorization": f"Bearer {entry.data[CONF_TOKEN]}"}
            ) as resp,
        ):
            if resp.status != 200:
                return {"error": f"hub answered {resp.status}"}
            body = await resp.json(content_type=None)
    except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as err:
        return {"error": type(err).__name__}
    return {"entries": audit_view(body.get("entries") if isinstance(body, dict) else None)}
