"""REST for HA's actions: memory (remember, list, forget with each person's visibility), sleep stop, skills, and
the model status in `/api/v1/info` — against a real hub on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from hub.server.serve import RunningHub
from skills.base import ListSink
from skills.sleep_report import SleepReporter

TOKEN = "test-token-0123456789abcdef"  # the token the conftest hubs use

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def api(virtual_hub: RunningHub) -> AsyncIterator[tuple[RunningHub, aiohttp.ClientSession]]:
    async with aiohttp.ClientSession(base_url=virtual_hub.url, headers=AUTH) as session:
        yield virtual_hub, session


async def _json(resp: aiohttp.ClientResponse) -> Any:
    return await resp.json()


async def test_info_reports_models(api: tuple[RunningHub, aiohttp.ClientSession]) -> None:
    _hub, http = api
    async with http.get("/api/v1/info") as resp:
        body = await _json(resp)
    models = {m["name"]: m for m in body["models"]}
    assert set(models) == {"command_model", "embedder", "fall_model", "generator"}
    assert models["embedder"]["status"] == "loaded"
    assert models["fall_model"]["status"] == "disabled"
    assert models["generator"]["status"] == "disabled"
    assert models["command_model"]["status"] in {"loaded", "failed"}
    if models["command_model"]["status"] == "failed":
        assert models["command_model"]["error"]


async def test_remember_list_forget_with_visibility(api: tuple[RunningHub, aiohttp.ClientSession]) -> None:
    hub, http = api
    memory = hub.runtime.memory
    assert memory is not None
    memory.add_member("Anna", ha_user_id="ha-anna")
    memory.add_member("Ben", ha_user_id="ha-ben")

    async with http.post("/api/v1/memories", json={"text": "my gym locker code is 4411", "user_id": "ha-anna"}) as r:
        assert r.status == 201
        private = (await _json(r))["memory"]
    assert private["person"] == "anna"
    assert private["scope"] == "private"
    async with http.post("/api/v1/memories", json={"text": "the spare key is under the blue pot"}) as r:
        assert r.status == 201
        shared = (await _json(r))["memory"]
    assert shared["scope"] == "household"

    async with http.get("/api/v1/memories", params={"user_id": "ha-ben"}) as r:
        ben_sees = [m["id"] for m in (await _json(r))["memories"]]
    assert ben_sees == [shared["id"]]
    async with http.get("/api/v1/memories", params={"user_id": "ha-anna"}) as r:
        anna_sees = {m["id"] for m in (await _json(r))["memories"]}
    assert anna_sees == {shared["id"], private["id"]}

    # Ben cannot forget Anna's private memory; it stays.
    async with http.delete(f"/api/v1/memories/{private['id']}", params={"user_id": "ha-ben"}) as r:
        assert r.status == 404
        assert (await _json(r))["error"] == "unknown_memory"
    async with http.delete(f"/api/v1/memories/{private['id']}", params={"user_id": "ha-anna"}) as r:
        assert r.status == 200
        assert (await _json(r))["forgotten"] == 1
    # The owner (no user) forgets a household item; a second time it is gone.
    async with http.delete(f"/api/v1/memories/{shared['id']}") as r:
        assert r.status == 200
    async with http.delete(f"/api/v1/memories/{shared['id']}") as r:
        assert r.status == 404
    async with http.get("/api/v1/memories", params={"user_id": "ha-anna"}) as r:
        assert (await _json(r))["memories"] == []


async def test_memory_requests_are_validated(api: tuple[RunningHub, aiohttp.ClientSession]) -> None:
    _hub, http = api
    async with http.post("/api/v1/memories", json={"text": ""}) as r:
        assert r.status == 400
    async with http.post("/api/v1/memories", json={"text": "x", "scope": "everyone"}) as r:
        assert r.status == 400
    async with http.post("/api/v1/memories", data=b"not json") as r:
        assert r.status == 400
    async with http.get("/api/v1/memories", params={"limit": "0"}) as r:
        assert r.status == 400
    async with aiohttp.ClientSession(base_url=_hub.url) as anonymous, anonymous.get("/api/v1/memories") as r:
        assert r.status == 401


async def test_skills_without_care(api: tuple[RunningHub, aiohttp.ClientSession]) -> None:
    _hub, http = api
    async with http.get("/api/v1/skills") as r:
        assert (await _json(r))["skills"] == [
            {"name": "fall_response", "enabled": False, "configured": False},
            {"name": "sleep_report", "enabled": False, "configured": False},
        ]
    async with http.post("/api/v1/skills/sleep_report/run") as r:
        assert r.status == 409
        assert (await _json(r))["error"] == "skill_disabled"
    async with http.post("/api/v1/skills/nope/run") as r:
        assert r.status == 404
    async with http.post("/api/v1/sleep/rose/stop") as r:
        assert r.status == 409
        assert (await _json(r))["error"] == "care_disabled"


@dataclass
class _Escalation:
    ticks: int = 0

    async def tick(self) -> None:
        self.ticks += 1


@dataclass
class _Care:
    sleep: SleepReporter
    escalation: _Escalation


async def test_sleep_stop_and_run_skills(api: tuple[RunningHub, aiohttp.ClientSession]) -> None:
    hub, http = api
    now = [1_800_000_000.0]
    sink = ListSink()
    sleep = SleepReporter(sink, lambda: now[0], {"rose": {"bed": "bed_rose"}})
    escalation = _Escalation()
    hub.runtime.care = _Care(sleep, escalation)  # type: ignore[assignment]

    async with http.post("/api/v1/sleep/rose/stop") as r:
        assert r.status == 409
        assert (await _json(r))["error"] == "not_tracking"
    async with http.post("/api/v1/sleep/nobody/stop") as r:
        assert r.status == 404
    sleep.start("rose")
    for minute in range(0, 6 * 60, 5):
        sleep.on_bed("bed_rose", True, now[0] + minute * 60)
    now[0] += 6 * 3600
    async with http.post("/api/v1/sleep/rose/stop") as r:
        assert r.status == 200
        body = await _json(r)
    assert body == {"stopped": "rose", "report": True}
    assert [data["person"] for data in sink.of_type("hearth_sleep_report")] == ["rose"]
    assert "rose" not in sleep.nights

    async with http.post("/api/v1/skills/fall_response/run") as r:
        assert r.status == 200
    assert escalation.ticks == 1
    async with http.post("/api/v1/skills/sleep_report/run") as r:
        assert (await _json(r)) == {"ran": "sleep_report", "reports": 0}
    hub.runtime.care = None


async def test_edit_a_memory_keeps_the_old_version_as_history(api: tuple[RunningHub, aiohttp.ClientSession]) -> None:
    hub, http = api
    memory = hub.runtime.memory
    assert memory is not None
    memory.add_member("Anna", ha_user_id="ha-anna")
    memory.add_member("Ben", ha_user_id="ha-ben")
    async with http.post("/api/v1/memories", json={"text": "my bike lock code is 1234", "user_id": "ha-anna"}) as r:
        private = (await _json(r))["memory"]
    async with http.post("/api/v1/memories", json={"text": "the wifi password is on the fridge"}) as r:
        shared = (await _json(r))["memory"]

    # Ben may neither see nor edit Anna's private item; an unknown id is 404 too.
    async with http.patch(f"/api/v1/memories/{private['id']}", json={"text": "hacked", "user_id": "ha-ben"}) as r:
        assert r.status == 404
        assert (await _json(r))["error"] == "unknown_memory"
    async with http.patch("/api/v1/memories/nope", json={"text": "x"}) as r:
        assert r.status == 404
        assert (await _json(r))["error"] == "unknown_memory"
    for bad in ({}, {"text": ""}, {"text": "   "}, {"text": 5}, {"text": "x", "user_id": ""}, {"text": "x", "bad": 1}):
        async with http.patch(f"/api/v1/memories/{private['id']}", json=bad) as r:
            assert r.status == 400, bad
            assert (await _json(r))["error"] == "invalid_message"
    async with http.patch(f"/api/v1/memories/{private['id']}", data=b"{not json") as r:
        assert r.status == 400

    async with http.patch(
        f"/api/v1/memories/{private['id']}", json={"text": "my bike lock code is 9876", "user_id": "ha-anna"}
    ) as r:
        assert r.status == 200
        body = await _json(r)
    assert body["status"] == "updated"
    assert body["replaced"] == private["id"]
    edited = body["memory"]
    assert edited["text"] == "my bike lock code is 9876"
    assert (edited["person"], edited["scope"], edited["invalid_at"]) == ("anna", "private", None)
    anna = memory.viewer_for("ha-anna")
    old = memory.get(private["id"], anna)
    assert old is not None
    assert old.invalid_at == edited["valid_from"]
    assert old.superseded_by == edited["id"]
    async with http.get("/api/v1/memories", params={"user_id": "ha-anna"}) as r:
        current = {m["id"] for m in (await _json(r))["memories"]}
    assert current == {edited["id"], shared["id"]}
    # The replaced version cannot be edited again; the current one can.
    async with http.patch(f"/api/v1/memories/{private['id']}", json={"text": "x", "user_id": "ha-anna"}) as r:
        assert r.status == 400

    # Ben may edit a household item, as may the owner (no user).
    async with http.patch(
        f"/api/v1/memories/{shared['id']}", json={"text": "the wifi password is in the drawer", "user_id": "ha-ben"}
    ) as r:
        assert r.status == 200
        household = (await _json(r))["memory"]
    assert (household["scope"], household["person"]) == ("household", None)
    edit = {"text": "the wifi password is on the router"}
    async with http.patch(f"/api/v1/memories/{household['id']}", json=edit) as r:
        assert r.status == 200
        assert (await _json(r))["memory"]["text"] == "the wifi password is on the router"
