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
ROUTER_TURNS: Final = 20
TURN_FIELDS: Final = ("time", "tier", "outcome", "ms", "tiers")
DECISION_FIELDS: Final = ("tier", "result", "reason", "ms", "confidence", "tokens")
"""What diagnostics show of the hub's router: its decisions and reasons, never request ids or words."""

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
            "router": await _async_router_turns(hass, entry),
            "audit": await _async_audit(hass, entry),
        },
        REDACT_KEYS,
    )


async def _async_hub_get(
    hass: HomeAssistant, entry: HearthConfigEntry, path: str, limit: int
) -> tuple[Any, str | None]:
    """One read from the hub for diagnostics: (body, None), or (None, why) when the hub is away or fails."""
    url = hub_url(entry.data[CONF_HOST], entry.data[CONF_PORT], path)
    try:
        async with (
            asyncio.timeout(REQUEST_TIMEOUT),
            async_get_clientsession(hass).get(
                url, params={"limit": str(limit)}, headers={"Authorization": f"Bearer {entry.data[CONF_TOKEN]}"}
            ) as resp,
        ):
            if resp.status != 200:
                return None, f"hub answered {resp.status}"
            return await resp.json(content_type=None), None
    except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as err:
        return None, type(err).__name__


async def _async_audit(hass: HomeAssistant, entry: HearthConfigEntry) -> dict[str, Any]:
    """The hub's newest audit decisions (who is redacted above); a hub that is away is reported, not fatal."""
    body, error = await _async_hub_get(hass, entry, "/api/v1/audit", AUDIT_ENTRIES)
    if error is not None:
        return {"error": error}
    return {"entries": audit_view(body.get("entries") if isinstance(body, dict) else None)}


async def _async_router_turns(hass: HomeAssistant, entry: HearthConfigEntry) -> dict[str, Any]:
    """The hub's recent turns: which tier answered, each router decision and its reason, the agent's tier policy.

    Only the fields below are kept (no request ids, no words); the hub sends no text to begin with.
    """
    body, error = await _async_hub_get(hass, entry, "/api/v1/turns", ROUTER_TURNS)
    if error is not None:
        return {"error": error}
    turns = body.get("turns") if isinstance(body, dict) else None
    return {"turns": [_turn_view(turn) for turn in turns or [] if isinstance(turn, dict)]}


def _turn_view(turn: dict[str, Any]) -> dict[str, Any]:
    raw = turn.get("router")
    decisions: list[Any] = raw if isinstance(raw, list) else []
    return {
        **{key: turn.get(key) for key in TURN_FIELDS},
        "router": [
            {key: d.get(key) for key in DECISION_FIELDS if key in d} for d in decisions if isinstance(d, dict)
        ],
    }
