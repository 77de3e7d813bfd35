"""Care incidents in Home Assistant: which falls are open (from the hub's events) and answering them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Final

import aiohttp
import probatio
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import Event, HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CONF_TOKEN, DOMAIN, REQUEST_TIMEOUT
from .link import hub_url

EVENT_FALL_DETECTED: Final = "hearth_fall_detected"
EVENT_FALL_ESCALATED: Final = "hearth_fall_escalated"
EVENT_FALL_RESOLVED: Final = "hearth_fall_resolved"
SERVICE_RESPOND: Final = "respond_to_incident"
RESPONSES: Final = ["ok", "help", "ack", "false_alarm"]
RESPOND_SCHEMA: Final = probatio.Schema(
    {
        probatio.Required("incident_id"): probatio.All(cv.string, probatio.Length(min=1, max=64)),
        probatio.Required("response"): probatio.In(RESPONSES),
        probatio.Optional("by"): probatio.All(cv.string, probatio.Length(max=128)),
    }
)


class IncidentTracker:
    """Open incidents by id, from `hearth_fall_detected` until `hearth_fall_resolved`."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self.open: dict[str, dict[str, Any]] = {}
        self._listeners: list[Callable[[], None]] = []
        self._unsubs: list[Callable[[], None]] = []

    @callback
    def async_start(self) -> None:
        self._unsubs = [
            self._hass.bus.async_listen(EVENT_FALL_DETECTED, self._on_detected),
            self._hass.bus.async_listen(EVENT_FALL_RESOLVED, self._on_resolved),
        ]

    @callback
    def async_stop(self) -> None:
        for unsub in self._unsubs:
            unsub()
        self._unsubs = []

    @callback
    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def _on_detected(self, event: Event[dict[str, Any]]) -> None:
        incident_id = event.data.get("incident_id")
        if isinstance(incident_id, str):
            self.open[incident_id] = {k: event.data.get(k) for k in ("person", "name", "area", "confidence")}
            self._notify()

    @callback
    def _on_resolved(self, event: Event[dict[str, Any]]) -> None:
        if self.open.pop(str(event.data.get("incident_id")), None) is not None:
            self._notify()

    @callback
    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()


async def async_respond(hass: HomeAssistant, call: ServiceCall) -> None:
    """`hearth.respond_to_incident`: pass an answer or a phone acknowledgement to the hub."""
    entries = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="hub_not_connected")
    entry = entries[0]
    url = hub_url(entry.data[CONF_HOST], entry.data[CONF_PORT],
                  f"/api/v1/incidents/{call.data['incident_id']}/respond")
    body = {"response": call.data["response"], "by": call.data.get("by")}
    session = async_get_clientsession(hass)
    try:
        async with (
            asyncio.timeout(REQUEST_TIMEOUT),
            session.post(url, json=body, headers={"Authorization": f"Bearer {entry.data[CONF_TOKEN]}"}) as resp,
        ):
            status = resp.status
    except (TimeoutError, aiohttp.ClientError, OSError) as err:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="hub_not_connected") from err
    if status == 404:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="unknown_incident",
            translation_placeholders={"incident_id": call.data["incident_id"]},
        )
    if status != 200:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="hub_error", translation_placeholders={"code": str(status)}
        )


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    async def respond(call: ServiceCall) -> None:
        await async_respond(hass, call)

    hass.services.async_register(DOMAIN, SERVICE_RESPOND, respond, schema=RESPOND_SCHEMA)
