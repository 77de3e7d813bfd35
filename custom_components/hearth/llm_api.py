"""Hearth's tools in Home Assistant's LLM API: any HA agent (OpenAI, Ollama, Anthropic conversation...) can
recall and store household memories and read care information through the hub.

The API (id `hearth`) is registered while at least one Hearth entry is loaded and asks the first loaded hub, as
the actions do. Each tool validates its arguments, makes one authenticated REST call with HA's shared aiohttp
session, and acts as the HA user the conversation runs for, so the hub's visibility rules apply: private memories
stay with their owner, and only a person or the household's adults see that person's sleep. A hub that is away or
refuses becomes a tool result with an `error` code and a sentence the model can pass on, never an exception.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, override

import aiohttp
import probatio as vol
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import llm
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util.json import JsonObjectType, JsonValueType

from .const import CONF_TOKEN, DOMAIN, LLM_API_ID, REQUEST_TIMEOUT
from .link import hub_url

API_PROMPT: Final = (
    "You can use Hearth's household tools: recall what the household asked to remember (search before saying you "
    "don't know), remember a new fact when asked to, read a person's last sleep report, and check whether a fall "
    "incident is open. Tool results with an `error` explain what went wrong; tell the user in plain words."
)
_ERRORS: Final = {
    "hub_unavailable": "The Hearth hub cannot be reached right now.",
    "invalid_auth": "Home Assistant's token for the Hearth hub was rejected.",
    "memory_unavailable": "The Hearth hub has no household memory.",
    "unknown_person": "Hearth tracks no sleep for that person.",
    "no_report": "There is no sleep report for that person yet.",
    "care_disabled": "Sleep tracking and fall detection are not set up on the Hearth hub.",
    "not_allowed": "Only that person and the household's adults may see their sleep report.",
    "invalid_message": "The Hearth hub did not accept the request.",
    "invalid_arguments": "The tool arguments are not valid.",
    "hub_error": "The Hearth hub failed to answer.",
}
"""Hub error codes (and the tools' own) with the sentence a model can relay."""
_PERSON_CHARS: Final = re.compile(r"[^a-z0-9_]+")
_READ_ONLY: Final = llm.ToolAnnotations(read_only=True, destructive=False, idempotent=True, open_world=False)


class HubAnswer(Exception):
    """A REST call that did not succeed, as an error code for the tool result."""

    def __init__(self, code: str, status: int | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.status = status


def error_result(code: str, **extra: Any) -> llm.ToolResult:
    """A clear, structured failure for the model (`error` code, `message` sentence)."""
    return llm.ToolResult(data={"error": code, "message": _ERRORS.get(code, _ERRORS["hub_error"]), **extra},
                          error=True)


def person_id(name: str) -> str:
    """The hub's care person id for a name a model wrote ("Rose", "rose"): lower case, `_` between words."""
    return _PERSON_CHARS.sub("_", name.strip().lower()).strip("_")


async def async_hub_call(
    hass: HomeAssistant,
    method: str,
    path: str,
    *,
    params: Mapping[str, str] | None = None,
    json: Mapping[str, Any] | None = None,
) -> Any:
    """One authenticated call to the first loaded hub; raises `HubAnswer` with the hub's error code."""
    entries = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise HubAnswer("hub_unavailable")
    data = entries[0].data
    url = hub_url(data[CONF_HOST], data[CONF_PORT], path)
    try:
        async with (
            asyncio.timeout(REQUEST_TIMEOUT),
            async_get_clientsession(hass).request(
                method, url, params=params, json=json, headers={"Authorization": f"Bearer {data[CONF_TOKEN]}"}
            ) as resp,
        ):
            status = resp.status
            try:
                body = await resp.json(content_type=None)
            except ValueError:
                body = None
    except (TimeoutError, aiohttp.ClientError, OSError) as err:
        raise HubAnswer("hub_unavailable") from err
    if 200 <= status < 300:
        return body
    if status in (401, 403) and not (isinstance(body, dict) and body.get("error") == "not_allowed"):
        raise HubAnswer("invalid_auth", status)
    code = body.get("error") if isinstance(body, dict) else None
    raise HubAnswer(code if isinstance(code, str) and code in _ERRORS else "hub_error", status)


class _HearthTool(llm.Tool):
    """Validates the arguments, runs the call, and turns hub failures into error results."""

    integration = DOMAIN

    @override
    async def async_call(
        self, hass: HomeAssistant, tool_input: llm.ToolInput, llm_context: llm.LLMContext
    ) -> llm.ToolResult:
        """Call the hub for the user this conversation runs for."""
        try:
            args: dict[str, Any] = self.parameters(dict(tool_input.tool_args))
        except vol.Invalid as err:
            return error_result("invalid_arguments", detail=str(err)[:200])
        user_id = llm_context.context.user_id if llm_context.context is not None else None
        try:
            return llm.ToolResult(data=await self._async_run(hass, args, user_id))
        except HubAnswer as err:
            return error_result(err.code)

    async def _async_run(self, hass: HomeAssistant, args: dict[str, Any], user_id: str | None) -> JsonObjectType:
        raise NotImplementedError


def _memory_view(memory: Any) -> dict[str, Any]:
    """What a model sees of a memory: its words, whose, and when; not the hub's bookkeeping."""
    item = memory if isinstance(memory, dict) else {}
    return {key: item.get(key) for key in ("id", "text", "scope", "kind", "created_at")}


class RecallMemoriesTool(_HearthTool):
    """Searches the household memory as the asking user may see it."""

    name = "HearthRecallMemories"
    title = "Recall household memories"
    description = (
        "Search what the household asked Hearth to remember (codes, appointments, preferences, where things are). "
        "Returns the best matches the asking person may see."
    )
    parameters = vol.Schema(
        {
            vol.Required("query"): vol.All(str, vol.Length(min=1, max=500)),
            vol.Optional("limit", default=5): vol.All(vol.Coerce(int), vol.Range(min=1, max=20)),
        }
    )
    annotations = _READ_ONLY

    @override
    async def _async_run(self, hass: HomeAssistant, args: dict[str, Any], user_id: str | None) -> JsonObjectType:
        params = {"q": args["query"], "k": str(args["limit"])}
        if user_id:
            params["user_id"] = user_id
        body = await async_hub_call(hass, "GET", "/api/v1/memories/search", params=params)
        memories = body.get("memories") if isinstance(body, dict) else None
        return {"memories": [_memory_view(m) for m in memories or []]}


class RememberTool(_HearthTool):
    """Stores a fact for the asking user (private) or for the whole household."""

    name = "HearthRemember"
    title = "Remember a fact"
    description = (
        "Store a fact in Hearth's household memory when the user asks you to remember something. Scope `private` "
        "(default) keeps it for the asking person, `household` shares it with everyone."
    )
    parameters = vol.Schema(
        {
            vol.Required("text"): vol.All(str, vol.Length(min=1, max=2000)),
            vol.Optional("scope", default="private"): vol.In(["private", "household"]),
        }
    )
    annotations = llm.ToolAnnotations(read_only=False, destructive=False, idempotent=False, open_world=False)

    @override
    async def _async_run(self, hass: HomeAssistant, args: dict[str, Any], user_id: str | None) -> JsonObjectType:
        payload: dict[str, Any] = {"text": args["text"], "scope": args["scope"]}
        if user_id:
            payload["user_id"] = user_id
        body = await async_hub_call(hass, "POST", "/api/v1/memories", json=payload)
        body = body if isinstance(body, dict) else {}
        return {"remembered": True, "status": body.get("status"), "memory": _memory_view(body.get("memory"))}


class SleepReportTool(_HearthTool):
    """Last night's sleep report for a household member."""

    name = "HearthSleepReport"
    title = "Last night's sleep"
    description = (
        "Get the latest sleep report of a household member whose sleep Hearth tracks: a summary and metrics "
        "(total sleep, efficiency, awakenings, bed exits)."
    )
    parameters = vol.Schema({vol.Required("person"): vol.All(str, vol.Length(min=1, max=64))})
    annotations = _READ_ONLY

    @override
    async def _async_run(self, hass: HomeAssistant, args: dict[str, Any], user_id: str | None) -> JsonObjectType:
        person = person_id(args["person"])
        if not person:
            raise HubAnswer("unknown_person")
        params = {"user_id": user_id} if user_id else None
        body = await async_hub_call(hass, "GET", f"/api/v1/sleep/{person}/report", params=params)
        report = body.get("report") if isinstance(body, dict) else None
        if not isinstance(report, dict):
            raise HubAnswer("no_report")
        return {key: report.get(key) for key in ("person", "night_of", "start", "end", "summary", "metrics")}


class FallStatusTool(_HearthTool):
    """Whether a fall incident is open (and who, where, how far its escalation went)."""

    name = "HearthFallStatus"
    title = "Fall status"
    description = "Check whether Hearth has an open fall incident: who fell, where, and since when."
    parameters = vol.Schema({})
    annotations = _READ_ONLY

    @override
    async def _async_run(self, hass: HomeAssistant, args: dict[str, Any], user_id: str | None) -> JsonObjectType:
        try:
            body = await async_hub_call(hass, "GET", "/api/v1/incidents")
        except HubAnswer as err:
            if err.status == 404:  # the hub runs without its care loop
                raise HubAnswer("care_disabled") from None
            raise
        incidents: list[JsonValueType] = [
            {key: item.get(key) for key in ("incident_id", "person", "area", "step", "opened_at")}
            for item in (body if isinstance(body, list) else [])
            if isinstance(item, dict)
        ]
        return {"open": bool(incidents), "incidents": incidents}


TOOLS: Final = (RecallMemoriesTool, RememberTool, SleepReportTool, FallStatusTool)


class HearthAPI(llm.API):
    """The `hearth` LLM API: the hub's memory and care tools for any conversation agent."""

    @override
    async def async_get_api_instance(self, llm_context: llm.LLMContext) -> llm.APIInstance:
        """Fresh tool objects per conversation (they hold no state)."""
        return llm.APIInstance(self, API_PROMPT, llm_context, tools=[tool() for tool in TOOLS])


_REGISTRATIONS: Final = f"{DOMAIN}_llm_api"


@callback
def async_register_llm_api(hass: HomeAssistant) -> Callable[[], None]:
    """Register the API on the first loaded entry; the returned callback unregisters it with the last one."""
    state: dict[str, Any] = hass.data.setdefault(_REGISTRATIONS, {"count": 0, "unregister": None})
    if state["count"] == 0:
        state["unregister"] = llm.async_register_api(hass, HearthAPI(hass=hass, id=LLM_API_ID, name="Hearth"))
    state["count"] += 1
    released = False

    @callback
    def release() -> None:
        nonlocal released
        if released:
            return
        released = True
        state["count"] -= 1
        if state["count"] == 0 and state["unregister"] is not None:
            state["unregister"]()
            state["unregister"] = None

    return release
