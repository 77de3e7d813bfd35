"""The policy through a real hub on loopback: the audit and confirmation endpoints, the phone-action path, the
confirmation event, and the rate limits (per token, per failing address, per connection)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp

from hub.config import load_config
from hub.link.client import LinkClient
from hub.server.serve import RunningHub, running_hub

TOKEN = "test-token-0123456789abcdef"  # the token the conftest hubs use
AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def _converse(http: aiohttp.ClientSession, hub: RunningHub, text: str, **extra: Any) -> dict[str, Any]:
    body = {"text": text, "area_id": "hallway", **extra}
    async with http.post(f"{hub.url}/api/v1/converse", json=body, headers=AUTH) as resp:
        assert resp.status == 200
        result: dict[str, Any] = await resp.json()
        return result


async def test_spoken_confirmation_over_rest_and_the_audit_endpoint(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    home = virtual_hub.runtime.home
    home.set_state("lock.back_door", "unlocked")
    channel = {"user_id": "user-alex", "conversation_id": "phone-1"}
    held = await _converse(http, virtual_hub, "lock the back door", **channel)
    assert held["outcome"] == "confirm"
    assert held["continue_conversation"] is True
    assert home.entities["lock.back_door"].state == "unlocked"
    done = await _converse(http, virtual_hub, "yes", **channel)
    assert done["outcome"] == "done"
    assert home.entities["lock.back_door"].state == "locked"
    async with http.get(f"{virtual_hub.url}/api/v1/audit?limit=5", headers=AUTH) as resp:
        entries = (await resp.json())["entries"]
    assert [e["decision"] for e in entries[:2]] == ["confirmed", "held"]
    assert entries[0]["who"] == {"user_id": "user-alex", "member": "alex", "role": "adult", "device_id": None,
                                 "area_id": "hallway"}
    assert entries[0]["tier"] == "sensitive"
    assert entries[0]["tool"] == "HassTurnOn"
    async with http.get(f"{virtual_hub.url}/api/v1/audit?decision=held", headers=AUTH) as resp:
        assert [e["decision"] for e in (await resp.json())["entries"]] == ["held"]
    async with http.get(f"{virtual_hub.url}/api/v1/audit?limit=0", headers=AUTH) as resp:
        assert resp.status == 400
    lines = (virtual_hub.runtime.config.data_dir / "audit.jsonl").read_text().splitlines()
    assert [json.loads(line)["decision"] for line in lines] == ["held", "confirmed"]


async def test_phone_action_confirms_through_rest_and_an_event_announces_it(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    home = virtual_hub.runtime.home
    home.set_state("lock.back_door", "unlocked")
    async with LinkClient(virtual_hub.url, TOKEN, session=http) as link:
        held = await link.converse("lock the back door", area_id="hallway", user_id="user-sam",
                                   conversation_id="c-sam")
        assert held["outcome"] == "confirm"
        async with asyncio.timeout(5):
            while not link.events:  # a ping's pong lets the client collect events sent meanwhile
                await link.send({"type": "ping"})
                await link.receive()
        event = link.events[0]
    assert event["event_type"] == "hearth_confirmation_requested"
    data = event["data"]
    assert data["member"] == "sam"
    assert data["tools"] == ["HassTurnOn"]
    cid = data["confirmation_id"]
    async with http.get(f"{virtual_hub.url}/api/v1/confirmations", headers=AUTH) as resp:
        assert [p["confirmation_id"] for p in (await resp.json())["pending"]] == [cid]
    url = f"{virtual_hub.url}/api/v1/confirmations/{cid}"
    async with http.post(url, json={"approve": True, "user_id": "user-alex"}, headers=AUTH) as resp:
        assert (await resp.json())["outcome"] == "failed", "only the person asked may answer"
    assert home.entities["lock.back_door"].state == "unlocked"
    async with http.post(url, json={"approve": True, "user_id": "user-sam"}, headers=AUTH) as resp:
        result = await resp.json()
    assert result["outcome"] == "done"
    assert home.entities["lock.back_door"].state == "locked"
    async with http.post(url, json={"approve": True, "user_id": "user-sam"}, headers=AUTH) as resp:
        assert resp.status == 404
    async with http.post(url, json={"approve": "yes"}, headers=AUTH) as resp:
        assert resp.status == 400


async def test_rest_is_rate_limited_per_token(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    statuses = []
    for _ in range(80):
        async with http.get(f"{virtual_hub.url}/api/v1/info", headers=AUTH) as resp:
            statuses.append(resp.status)
    assert 429 in statuses
    assert statuses[:50] == [200] * 50
    async with http.get(f"{virtual_hub.url}/api/health") as resp:
        assert resp.status == 200, "the open health check is never limited"


async def test_an_address_that_keeps_guessing_is_locked_out(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    statuses = []
    for i in range(12):
        bad = {"Authorization": f"Bearer guess-{i:04d}-0123456789abcdef"}
        async with http.get(f"{virtual_hub.url}/api/v1/info", headers=bad) as resp:
            statuses.append(resp.status)
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    async with http.get(f"{virtual_hub.url}/api/v1/info", headers=AUTH) as resp:
        assert resp.status == 429, "a right guess after the lockout learns nothing"


async def test_a_flooding_link_is_limited_and_survives(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    async with http.ws_connect(f"{virtual_hub.url}/api/v1/ws", headers=AUTH) as ws:
        await ws.send_str(json.dumps({"type": "hello", "protocol": 1}))
        assert (await ws.receive_json())["type"] == "welcome"
        for i in range(3000):
            await ws.send_str(json.dumps({"type": "ping", "nonce": i}))
        pongs, limited = 0, 0
        while True:
            try:
                frame = await ws.receive_json(timeout=1)
            except TimeoutError:
                break
            if frame["type"] == "pong":
                pongs += 1
            elif frame.get("code") == "rate_limited":
                limited += 1
        assert 2000 <= pongs < 3000
        assert 1 <= limited <= 5, "errors are themselves limited"
        await asyncio.sleep(1.0)
        await ws.send_str(json.dumps({"type": "ping", "nonce": "after"}))
        assert await ws.receive_json(timeout=5) == {"type": "pong", "nonce": "after"}


async def test_too_many_turns_on_one_link_are_refused(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    async with http.ws_connect(f"{virtual_hub.url}/api/v1/ws", headers=AUTH) as ws:
        await ws.send_str(json.dumps({"type": "hello", "protocol": 1}))
        await ws.receive_json()
        for i in range(40):
            await ws.send_str(json.dumps({"type": "converse", "request_id": f"r{i}", "text": "what time is it"}))
        codes = []
        for _ in range(40):
            frame = await ws.receive_json(timeout=10)
            codes.append(frame.get("code") or frame["outcome"])
        assert set(codes) == {"rate_limited", "answered"}
        assert codes.count("rate_limited") >= 10
        assert codes.count("answered") >= 8


async def test_automations_and_skills_go_through_the_same_policy(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    home = virtual_hub.runtime.home
    home.set_state("lock.back_door", "locked")
    body = {
        "calls": [{"tool": "HassTurnOff", "args": {"name": "Back Door"}, "entities": ["lock.back_door"]},
                  {"tool": "HassTurnOn", "args": {"name": "Kitchen Light"}, "entities": ["light.kitchen_light"]}],
        "source": "automation", "user_id": "user-alex", "conversation_id": "auto-1",
    }
    async with http.post(f"{virtual_hub.url}/api/v1/tools", json=body, headers=AUTH) as resp:
        result = await resp.json()
    assert result["outcome"] == "confirm"
    assert home.entities["lock.back_door"].state == "locked"
    assert home.entities["light.kitchen_light"].state == "on"
    done = await _converse(http, virtual_hub, "yes", user_id="user-alex", conversation_id="auto-1")
    assert done["outcome"] == "done"
    assert home.entities["lock.back_door"].state == "unlocked"
    kid = {**body, "source": "skill:bedtime", "user_id": "user-kid", "conversation_id": "auto-2"}
    async with http.post(f"{virtual_hub.url}/api/v1/tools", json=kid, headers=AUTH) as resp:
        assert (await resp.json())["actions"] == [
            {"tool": "HassTurnOn", "args": {"name": "Kitchen Light"}, "entities": ["light.kitchen_light"],
             "success": True, "error": None}
        ]
    assert home.entities["lock.back_door"].state == "unlocked", "a child's skill call is refused"
    for bad in ({**body, "source": "root"}, {**body, "calls": []}, {"calls": body["calls"]}):
        async with http.post(f"{virtual_hub.url}/api/v1/tools", json=bad, headers=AUTH) as resp:
            assert resp.status == 400
    async with http.get(f"{virtual_hub.url}/api/v1/audit?tool=HassTurnOff", headers=AUTH) as resp:
        sources = {e["source"] for e in (await resp.json())["entries"]}
    assert sources == {"automation", "skill:bedtime"}


async def test_in_ha_mode_no_tool_call_reaches_ha_before_the_yes(tmp_path: Path, http: aiohttp.ClientSession) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "household.toml").write_text(
        '[[members]]\nid = "alex"\nname = "Alex"\nrole = "adult"\nha_users = ["ha-user-alex"]\n', encoding="utf-8"
    )
    config = load_config(None, {"host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(data),
                                "home": "ha", "zeroconf": False})
    snapshot = {
        "type": "home_snapshot",
        "areas": [{"id": "hallway", "name": "Hallway"}],
        "entities": [{"id": "lock.front_door", "name": "Front Door", "area": "hallway", "domain": "lock",
                      "state": "locked"}],
    }
    seen: list[dict[str, Any]] = []

    async def execute_in_ha(frame: dict[str, Any]) -> dict[str, Any]:
        seen.append(frame)
        return {"success": True, "data": {}}

    async with running_hub(config) as hub, LinkClient(hub.url, TOKEN, session=http) as link:
        await link.send(snapshot)
        turn = {"area_id": "hallway", "user_id": "ha-user-alex", "conversation_id": "ha-conv-1",
                "on_tool_call": execute_in_ha}
        held = await link.converse("unlock the front door", **turn)
        assert held["outcome"] == "confirm"
        assert seen == []
        stranger = await link.converse("yes", **{**turn, "user_id": "ha-user-guest"})
        assert stranger["outcome"] != "done"
        assert seen == []
        done = await link.converse("yes", **turn)
        assert done["outcome"] == "done"
        assert [(f["tool"], f["entities"]) for f in seen] == [("HassTurnOff", ["lock.front_door"])]
        assert hub.runtime.policy.audit.recent(1)[0]["who"]["member"] == "alex"
