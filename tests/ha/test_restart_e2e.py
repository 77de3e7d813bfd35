"""End to end: the REAL hub process is stopped (SIGTERM) and started again under a connected HA.

`tests/ha/run_lane.sh` runs a third hub under `tests/ha/hub_controller.py` on the host (the HA root cannot run the
hub) and passes `HEARTH_RESTART_HUB_URL` and `HEARTH_HUB_CONTROL_PORT`; this test asks the controller to stop and
start that hub on the same port and data dir. HA must notice (connectivity off, link-bound entities unavailable),
reconnect by itself, bring the entities back, and fire each hub event exactly once: one sent before the restart
(acknowledged, so not sent again), one queued right after the restart (from the persisted outbox or live,
whichever wins the race with HA's reconnect) and one after. Without the environment it fails; it never skips.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from yarl import URL

from custom_components.hearth.const import CONF_TOKEN, DOMAIN

from .helpers import async_setup_base

pytestmark = pytest.mark.e2e
PROBE = "hearth_restart_probe"
SETTLE_S = 2.0
"""How long to keep listening for a duplicate after the last expected event."""


class Controller:
    """The host-side hub controller: one command per line, one JSON line back."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def command(self, line: str, within_s: float = 90) -> dict[str, Any]:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(line.encode() + b"\n")
            await writer.drain()
            async with asyncio.timeout(within_s):
                raw = await reader.readline()
        finally:
            writer.close()
        assert raw, f"the hub controller closed the connection on {line!r}"
        answer: dict[str, Any] = json.loads(raw)
        assert "error" not in answer, f"hub controller, {line!r}: {answer['error']}"
        return answer


def _environment() -> tuple[URL, str, Controller]:
    url = os.environ.get("HEARTH_RESTART_HUB_URL", "")
    token = os.environ.get("HEARTH_HUB_TOKEN", "")
    control = os.environ.get("HEARTH_HUB_CONTROL_PORT", "")
    if not (url and token and control):
        pytest.fail(
            "HEARTH_RESTART_HUB_URL, HEARTH_HUB_TOKEN and HEARTH_HUB_CONTROL_PORT are not set. This test restarts a "
            "real hub process: run it with tests/ha/run_lane.sh, which starts tests/ha/hub_controller.py."
        )
    return URL(url), token, Controller(int(control))


async def _until(hass: HomeAssistant, what: str, done: Callable[[], bool], within_s: float = 20) -> float:
    """Wait for `done()`, letting HA run; the seconds it took. A timeout names what was awaited."""
    began = time.monotonic()
    try:
        async with asyncio.timeout(within_s):
            while not done():
                await asyncio.sleep(0.05)
                await hass.async_block_till_done()
    except TimeoutError:
        pytest.fail(f"timed out after {within_s:.0f} s waiting for {what}")
    return time.monotonic() - began


def _state(hass: HomeAssistant, entity_id: str) -> str | None:
    state = hass.states.get(entity_id)
    return state.state if state is not None else None


async def _raise(http: aiohttp.ClientSession, hub: URL, token: str, probe: str) -> str:
    async with http.post(
        hub.with_path("/api/v1/events"), json={"event_type": PROBE, "data": {"probe": probe}},
        headers={"Authorization": f"Bearer {token}"},
    ) as resp:
        assert resp.status == 202, await resp.text()
        event_id: str = (await resp.json())["event_id"]
    return event_id


async def test_hub_restart_reconnects_and_delivers_each_event_once(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    hub, token, controller = _environment()
    assert (await controller.command("status"))["running"], "the hub under the controller is not running"
    await async_setup_base(hass)
    fired: list[str] = []

    @callback
    def record(event: Event) -> None:
        fired.append(str(event.data.get("probe")))

    hass.bus.async_listen(PROBE, record)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: hub.host, CONF_PORT: hub.port, CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    entry = result["result"]
    registry = er.async_get(hass)
    entities = {e.unique_id.removeprefix(f"{entry.unique_id}-"): e.entity_id
                for e in er.async_entries_for_config_entry(registry, entry.entry_id)}
    connectivity, model_status = entities["connectivity"], entities["model_status"]
    linked = [entities[key] for key in ("model_status", "falls", "sleep_reports")]  # availability follows the link
    await _until(hass, "the first connection", lambda: _state(hass, connectivity) == STATE_ON)
    await _until(hass, "the model status", lambda: _state(hass, model_status) not in (None, STATE_UNAVAILABLE))

    async with aiohttp.ClientSession() as http:
        await _raise(http, hub, token, "before")
        await _until(hass, "the event sent before the restart", lambda: fired == ["before"])

        stopped = await controller.command("stop")
        assert stopped["returncode"] == 0, stopped  # a clean shutdown on SIGTERM
        await _until(hass, "connectivity off after SIGTERM", lambda: _state(hass, connectivity) == STATE_OFF)
        await _until(hass, "the hub's entities to go unavailable",
                     lambda: all(_state(hass, e) == STATE_UNAVAILABLE for e in linked))

        started = await controller.command("start")
        await _raise(http, hub, token, "during")  # queued before or just after HA is back: either way once
        reconnect_s = await _until(hass, "connectivity on after the restart",
                                   lambda: _state(hass, connectivity) == STATE_ON, within_s=30)
        await _until(hass, "the hub's entities to come back",
                     lambda: all(_state(hass, e) != STATE_UNAVAILABLE for e in linked))
        await _until(hass, "the event queued at the restart", lambda: "during" in fired)

        await _raise(http, hub, token, "after")
        await _until(hass, "the event sent after the reconnect", lambda: "after" in fired)
        await asyncio.sleep(SETTLE_S)  # a resend would arrive within this
        await hass.async_block_till_done()
    assert fired == ["before", "during", "after"], f"each event once, in order (reconnected in {reconnect_s:.1f} s)"
    print(f"hub stopped in {stopped['seconds']} s, answered again {started['seconds']} s after start, HA back "
          f"{reconnect_s:.2f} s after that")  # shown with -s: the lane's restart numbers
    assert _state(hass, entities["fall_incident"]) == STATE_OFF
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
