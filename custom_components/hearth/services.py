"""Actions of the Hearth integration: household memory, sleep tracking and skills, each a REST call to the hub.

Errors are translated: a request the hub refuses because of what was asked (unknown memory, person or skill) is
a `ServiceValidationError`; a hub that cannot be reached or fails is a `HomeAssistantError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any, Final

import aiohttp
import probatio as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util.json import JsonValueType

from .care import RESPOND_SCHEMA, SERVICE_RESPOND
from .const import CONF_TOKEN, DOMAIN, REQUEST_TIMEOUT
from .link import hub_url

ATTR_CONFIG_ENTRY: Final = "config_entry_id"
SKILL_NAMES: Final = ["fall_response", "sleep_report"]
_PERSON = vol.All(cv.string, vol.Match(r"^[a-z0-9_]{1,64}$"))
_ENTRY = {vol.Optional(ATTR_CONFIG_ENTRY): cv.string}

REMEMBER_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required("text"): vol.All(cv.string, vol.Length(min=1, max=2000)),
        vol.Optional("scope", default="private"): vol.In(["private", "household"]),
    }
)
FORGET_SCHEMA: Final = vol.Schema(
    {**_ENTRY, vol.Required("memory_id"): vol.All(cv.string, vol.Match(r"^[A-Za-z0-9_.-]{1,128}$"))}
)
"""Ids go into the URL path, so only id characters pass."""
UPDATE_SCHEMA: Final = FORGET_SCHEMA.extend({vol.Required("text"): vol.All(cv.string, vol.Length(min=1, max=2000))})
LIST_SCHEMA: Final = vol.Schema(
    {**_ENTRY, vol.Optional("limit", default=20): vol.All(vol.Coerce(int), vol.Range(min=1, max=500))}
)
AUDIT_DECISIONS: Final = [
    "executed", "confirmed", "held", "refused", "declined", "expired", "failed", "sent", "blocked"
]
AUDIT_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Optional("limit", default=50): vol.All(vol.Coerce(int), vol.Range(min=1, max=500)),
        vol.Optional("decision"): vol.In(AUDIT_DECISIONS),
    }
)
AUDIT_FIELDS: Final = ("time", "kind", "decision", "tool", "tier", "reason", "source", "entities", "who")
"""What an audit entry shows in HA; call arguments stay on the hub (they can carry what someone said)."""
SLEEP_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Required("person"): _PERSON})
SKILL_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Required("skill"): vol.In(SKILL_NAMES)})
RELOAD_SCHEMA: Final = vol.Schema(_ENTRY)

type Handler = Callable[[HomeAssistant, ServiceCall], Awaitable[ServiceResponse]]

_VALIDATION_ERRORS: Final = {
    "unknown_memory": "unknown_memory",
    "unknown_person": "unknown_person",
    "not_tracking": "not_tracking",
    "care_disabled": "care_disabled",
    "skill_disabled": "skill_disabled",
    "unknown_skill": "unknown_skill",
    "memory_unavailable": "memory_unavailable",
    "no_config_file": "no_config_file",
}
"""Hub error codes that mean "this request cannot be done", mapped to translation keys."""
_MESSAGE_ERRORS: Final = {"invalid_config": "invalid_config"}
"""Hub error codes whose translation shows the hub's message (what is wrong in its config file)."""


def _entry_data(hass: HomeAssistant, call: ServiceCall) -> Mapping[str, Any]:
    """The chosen (or only) loaded Hearth entry's connection data."""
    wanted = call.data.get(ATTR_CONFIG_ENTRY)
    if wanted is not None:
        entry = hass.config_entries.async_get_entry(wanted)
        if entry is None or entry.domain != DOMAIN:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="unknown_entry", translation_placeholders={"entry": wanted}
            )
        if entry.state is not ConfigEntryState.LOADED:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="hub_not_loaded")
        return entry.data
    entries = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="hub_not_loaded")
    return entries[0].data


async def async_hub_request(
    hass: HomeAssistant,
    call: ServiceCall,
    method: str,
    path: str,
    *,
    json: Mapping[str, Any] | None = None,
    params: Mapping[str, str] | None = None,
    not_found: str = "not_supported",
    placeholders: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One authenticated REST call to the hub; its error codes become translated Home Assistant errors."""
    data = _entry_data(hass, call)
    url = hub_url(data[CONF_HOST], data[CONF_PORT], path)
    session = async_get_clientsession(hass)
    try:
        async with (
            asyncio.timeout(REQUEST_TIMEOUT),
            session.request(
                method, url, json=json, params=params, headers={"Authorization": f"Bearer {data[CONF_TOKEN]}"}
            ) as resp,
        ):
            status = resp.status
            try:
                body = await resp.json(content_type=None)
            except ValueError:
                body = None
    except (TimeoutError, aiohttp.ClientError, OSError) as err:
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="hub_not_connected") from err
    if not isinstance(body, dict):
        body = {}
    if 200 <= status < 300:
        return body
    code = str(body.get("error") or status)
    if status in (401, 403):
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="invalid_auth")
    if (key := _MESSAGE_ERRORS.get(code)) is not None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders={"message": str(body.get("message", code))[:300]},
        )
    if (key := _VALIDATION_ERRORS.get(code)) is not None or (status == 404 and (key := not_found)):
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key=key, translation_placeholders=dict(placeholders or {})
        )
    if status == 400:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_request",
            translation_placeholders={"message": str(body.get("message", code))[:200]},
        )
    raise HomeAssistantError(
        translation_domain=DOMAIN, translation_key="hub_error", translation_placeholders={"code": code}
    )


async def _remember(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    body = await async_hub_request(
        hass, call, "POST", "/api/v1/memories",
        json={"text": call.data["text"], "scope": call.data["scope"], "user_id": call.context.user_id},
    )
    memory = body.get("memory") or {}
    return {"memory_id": memory.get("id"), "status": body.get("status")}


async def _forget(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    params = {"user_id": call.context.user_id} if call.context.user_id else None
    body = await async_hub_request(hass, call, "DELETE", f"/api/v1/memories/{call.data['memory_id']}", params=params)
    return {"forgotten": body.get("forgotten", 0)}


async def _update(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    """`hearth.update_memory`: the hub keeps the old text as history (closed now) and the new one from now."""
    json: dict[str, Any] = {"text": call.data["text"]}
    if call.context.user_id:
        json["user_id"] = call.context.user_id
    body = await async_hub_request(hass, call, "PATCH", f"/api/v1/memories/{call.data['memory_id']}", json=json)
    memory = body.get("memory") or {}
    return {"memory_id": memory.get("id"), "status": body.get("status")}


async def _list(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    params = {"limit": str(call.data["limit"])}
    if call.context.user_id:
        params["user_id"] = call.context.user_id
    body = await async_hub_request(hass, call, "GET", "/api/v1/memories", params=params)
    return {
        "memories": [
            {key: item.get(key) for key in ("id", "text", "person", "scope", "kind", "valid_from")}
            for item in body.get("memories", [])
            if isinstance(item, dict)
        ]
    }


def audit_view(entries: Any) -> list[JsonValueType]:
    """The hub's audit entries, reduced to `AUDIT_FIELDS`."""
    if not isinstance(entries, list):
        return []
    return [{key: entry.get(key) for key in AUDIT_FIELDS} for entry in entries if isinstance(entry, dict)]


async def _audit(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    """`hearth.audit_log`: the newest decisions about tool and remote calls, newest first."""
    params = {"limit": str(call.data["limit"])}
    if decision := call.data.get("decision"):
        params["decision"] = decision
    body = await async_hub_request(hass, call, "GET", "/api/v1/audit", params=params)
    return {"entries": audit_view(body.get("entries"))}


async def _start_sleep(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    # The hub answers 404 for an unknown person, and has no such route while sleep tracking is off.
    await async_hub_request(
        hass, call, "POST", f"/api/v1/sleep/{call.data['person']}/start", not_found="sleep_unavailable"
    )
    return None


async def _stop_sleep(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    body = await async_hub_request(hass, call, "POST", f"/api/v1/sleep/{call.data['person']}/stop")
    return {"report": bool(body.get("report"))}


async def _respond(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    """`hearth.respond_to_incident`: pass an answer or a phone acknowledgement to the hub."""
    incident_id = call.data["incident_id"]
    await async_hub_request(
        hass, call, "POST", f"/api/v1/incidents/{incident_id}/respond",
        json={"response": call.data["response"], "by": call.data.get("by")},
        not_found="unknown_incident", placeholders={"incident_id": incident_id},
    )
    return None


async def _run_skill(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    await async_hub_request(hass, call, "POST", f"/api/v1/skills/{call.data['skill']}/run")
    return None


async def _reload_skills(hass: HomeAssistant, call: ServiceCall) -> ServiceResponse:
    """`hearth.reload_skills`: the hub re-reads its skills' on/off state and `[care]` settings from its config file,
    without a restart; answers each skill's state."""
    body = await async_hub_request(hass, call, "POST", "/api/v1/skills/reload")
    skills = body.get("skills")
    return {
        "skills": [
            {"name": str(item.get("name")), "enabled": bool(item.get("enabled")),
             "configured": bool(item.get("configured", item.get("enabled")))}
            for item in (skills if isinstance(skills, list) else [])
            if isinstance(item, dict)
        ]
    }


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every action once (in `async_setup`), whatever the number of hubs."""
    def bind(handler: Handler) -> Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]:
        async def run(call: ServiceCall) -> ServiceResponse:
            return await handler(hass, call)

        return run

    hass.services.async_register(
        DOMAIN, "remember", bind(_remember), schema=REMEMBER_SCHEMA, supports_response=SupportsResponse.OPTIONAL
    )
    hass.services.async_register(
        DOMAIN, "forget", bind(_forget), schema=FORGET_SCHEMA, supports_response=SupportsResponse.OPTIONAL
    )
    hass.services.async_register(
        DOMAIN, "update_memory", bind(_update), schema=UPDATE_SCHEMA, supports_response=SupportsResponse.OPTIONAL
    )
    hass.services.async_register(
        DOMAIN, "list_memories", bind(_list), schema=LIST_SCHEMA, supports_response=SupportsResponse.ONLY
    )
    hass.services.async_register(
        DOMAIN, "audit_log", bind(_audit), schema=AUDIT_SCHEMA, supports_response=SupportsResponse.ONLY
    )
    hass.services.async_register(DOMAIN, "start_sleep_tracking", bind(_start_sleep), schema=SLEEP_SCHEMA)
    hass.services.async_register(
        DOMAIN, "stop_sleep_tracking", bind(_stop_sleep), schema=SLEEP_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(DOMAIN, "run_skill", bind(_run_skill), schema=SKILL_SCHEMA)
    hass.services.async_register(
        DOMAIN, "reload_skills", bind(_reload_skills), schema=RELOAD_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(DOMAIN, SERVICE_RESPOND, bind(_respond), schema=RESPOND_SCHEMA.extend(_ENTRY))
