"""Care in HA: the fall-incident binary sensor follows the hub's events; hearth.respond_to_incident reaches the hub."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hearth.const import DOMAIN

from .fake_hub import FakeHub
from .helpers import async_setup_base, setup_entry


class CareHub(FakeHub):
    """The fake hub plus the incident endpoint of a hub with its care loop on."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: list[tuple[str, dict[str, Any]]] = []
        self.open_incidents = {"inc-1"}

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_get("/api/health", self._health)
        app.router.add_get("/api/v1/info", self._info)
        app.router.add_get("/api/v1/ws", self._ws)
        app.router.add_post("/api/v1/incidents/{incident_id}/respond", self._respond)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port or self.port or 0, reuse_address=True)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]

    async def _respond(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return web.json_response({"error": "invalid_auth"}, status=401)
        incident = request.match_info["incident_id"]
        self.responses.append((incident, await request.json()))
        if incident not in self.open_incidents:
            return web.json_response({"resolved_or_escalated": False}, status=404)
        return web.json_response({"resolved_or_escalated": True})


@pytest.fixture
async def care_hub(socket_enabled: None) -> Any:
    hub = CareHub()
    await hub.start()
    yield hub
    await hub.stop()


async def test_incident_sensor_and_responding(hass: HomeAssistant, care_hub: CareHub) -> None:
    await async_setup_base(hass)
    entry = MockConfigEntry(domain=DOMAIN, title=care_hub.name, unique_id=care_hub.hub_id,
                            data={"host": "127.0.0.1", "port": care_hub.port, "token": care_hub.token})
    await setup_entry(hass, entry, care_hub)
    entity_id = er.async_get(hass).async_get_entity_id("binary_sensor", DOMAIN, f"{care_hub.hub_id}-fall_incident")
    assert entity_id is not None
    assert hass.states.get(entity_id).state == STATE_OFF  # type: ignore[union-attr]

    session = care_hub.session
    await session.send_event("e1", "hearth_fall_detected",
                             {"incident_id": "inc-1", "person": "rose", "name": "Rose", "area": "living_room",
                              "confidence": 0.97})
    await session.wait_for_acks(1)
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes["incidents"][0]["incident_id"] == "inc-1"

    await hass.services.async_call(DOMAIN, "respond_to_incident",
                                   {"incident_id": "inc-1", "response": "ack", "by": "notify.mobile_app_anna"},
                                   blocking=True)
    assert care_hub.responses == [("inc-1", {"response": "ack", "by": "notify.mobile_app_anna"})]
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(DOMAIN, "respond_to_incident", {"incident_id": "nope", "response": "ok"},
                                       blocking=True)

    await session.send_event("e2", "hearth_fall_resolved", {"incident_id": "inc-1", "resolution": "acknowledged"})
    await session.wait_for_acks(2)
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == STATE_OFF  # type: ignore[union-attr]


async def test_sleep_reports_become_sensors(hass: HomeAssistant, care_hub: CareHub) -> None:
    await async_setup_base(hass)
    entry = MockConfigEntry(domain=DOMAIN, title=care_hub.name, unique_id=care_hub.hub_id,
                            data={"host": "127.0.0.1", "port": care_hub.port, "token": care_hub.token})
    await setup_entry(hass, entry, care_hub)
    metrics = {"time_in_bed_min": {"value": 505, "quality": "good"},
               "total_sleep_min": {"value": 445, "quality": "good"},
               "efficiency_pct": {"value": 88.1, "quality": "good"},
               "snore_min": {"value": 40, "quality": "missing"}}
    await care_hub.session.send_event("s1", "hearth_sleep_report",
                                      {"person": "rose", "night_of": "2026-11-25", "metrics": metrics, "summary": "x"})
    await care_hub.session.wait_for_acks(1)
    await hass.async_block_till_done()
    registry = er.async_get(hass)

    def state_of(key: str) -> Any:
        entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{care_hub.hub_id}-sleep-rose-{key}")
        assert entity_id is not None
        return hass.states.get(entity_id)

    total = state_of("total_sleep_min")
    assert total.state == "445"
    assert total.attributes["unit_of_measurement"] == "min"
    assert total.attributes["night_of"] == "2026-11-25"
    assert total.attributes["friendly_name"] == "Rose Total sleep"
    device = dr.async_get(hass).async_get(registry.async_get(total.entity_id).device_id)
    assert device is not None
    assert device.name == "Rose"
    assert device.model == "Household member"
    assert state_of("snore_min").attributes["quality"] == "missing"
    assert state_of("awakenings").state == "unknown"

    metrics["total_sleep_min"]["value"] = 400
    await care_hub.session.send_event("s2", "hearth_sleep_report",
                                      {"person": "rose", "night_of": "2026-11-26", "metrics": metrics, "summary": "y"})
    await care_hub.session.wait_for_acks(2)
    await hass.async_block_till_done()
    assert state_of("total_sleep_min").state == "400"
