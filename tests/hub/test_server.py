"""The hub's HTTP and WebSocket surface: auth, validation, and staying up whatever the client sends."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from hub.errors import LinkClosedError, ProtocolError
from hub.link.client import LinkClient
from hub.link.messages import MAX_MESSAGE_BYTES
from hub.server.serve import RunningHub

TOKEN = "test-token-0123456789abcdef"  # the token the conftest hubs use


HA_HOME: dict[str, Any] = {
    "type": "home_snapshot",
    "floors": [{"id": "ground", "name": "Ground Floor"}],
    "areas": [
        {"id": "kitchen", "name": "Kitchen", "floor": "ground"},
        {"id": "hallway", "name": "Hallway", "floor": "ground"},
    ],
    "entities": [
        {"id": "light.kitchen_light", "name": "Kitchen Light", "area": "kitchen", "state": "off"},
        {"id": "lock.front_door", "name": "Front Door", "area": "hallway", "state": "locked"},
    ],
}


async def test_health_is_open_and_reveals_nothing(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{virtual_hub.url}/api/health") as resp:
        assert resp.status == 200
        assert await resp.json() == {"status": "ok"}


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}", "Bearer"])
async def test_every_other_endpoint_needs_the_token(
    virtual_hub: RunningHub, http: aiohttp.ClientSession, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    for method, path in [("GET", "/api/v1/info"), ("POST", "/api/v1/converse"), ("GET", "/api/v1/ws")]:
        async with http.request(method, f"{virtual_hub.url}{path}", headers=headers, json={"text": "x"}) as resp:
            assert resp.status == 401, path
            assert (await resp.json())["error"] == "invalid_auth"


async def test_info_with_token(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{virtual_hub.url}/api/v1/info", headers={"Authorization": f"Bearer {TOKEN}"}) as resp:
        body = await resp.json()
    assert body["hub_id"] == virtual_hub.runtime.identity.hub_id
    assert body["protocol"] == 1
    assert len(body["hub_id"]) == 32


async def test_wrong_token_refuses_the_websocket(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as err:
        async with LinkClient(virtual_hub.url, "not-the-token-at-all", session=http):
            pass
    assert err.value.status == 401


async def test_rest_converse_validates_its_body(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    url = f"{virtual_hub.url}/api/v1/converse"
    async with http.post(url, headers=auth, data=b"{nope") as resp:
        assert resp.status == 400
        assert "not JSON" in (await resp.json())["message"]
    async with http.post(url, headers=auth, json={"text": 5}) as resp:
        assert resp.status == 400
        assert "text" in (await resp.json())["message"]
    async with http.post(url, headers=auth, data=b"x" * 70_000) as resp:
        assert resp.status == 413


async def test_bad_frames_get_errors_and_the_link_survives(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    async with LinkClient(virtual_hub.url, TOKEN, session=http) as link:
        await link.send_raw("{not json")
        assert (await link.receive())["code"] == "invalid_message"
        await link.send_raw("[1, 2]")
        assert (await link.receive())["code"] == "invalid_message"
        await link.send({"type": "teleport"})
        assert (await link.receive())["code"] == "unknown_type"
        await link.send({"type": "converse", "request_id": "r9", "text": 42})
        error = await link.receive()
        assert (error["code"], error["request_id"]) == ("invalid_message", "r9")
        await link.send({"type": "tool_result", "call_id": "nobody", "success": True})
        assert (await link.receive())["code"] == "unknown_call"
        await link.send_raw(json.dumps({"type": "ping", "pad": "x" * (MAX_MESSAGE_BYTES + 10)}))
        assert (await link.receive())["code"] == "message_too_large"
        # Still fully working after all of that.
        result = await link.converse("turn on the light", area_id="kitchen")
    assert result["outcome"] == "done"
    assert virtual_hub.runtime.home.get("light.kitchen_light").state == "on"


async def _send_then_receive(link: LinkClient, frame: str) -> dict[str, Any]:
    await link.send_raw(frame)
    return await link.receive()


async def test_a_frame_beyond_the_socket_limit_closes_only_that_link(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    async with LinkClient(virtual_hub.url, TOKEN, session=http) as link:
        with pytest.raises((LinkClosedError, ConnectionError)):  # the socket may close before we finish writing
            await _send_then_receive(link, "x" * (2 * MAX_MESSAGE_BYTES + 1))
    async with LinkClient(virtual_hub.url, TOKEN, session=http) as link:
        assert (await link.converse("what time is it"))["outcome"] == "answered"


async def test_hello_is_required_and_versions_are_checked(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with http.ws_connect(f"{virtual_hub.url}/api/v1/ws", headers=headers) as ws:
        await ws.send_json({"type": "converse", "request_id": "a", "text": "hi"})
        assert (await ws.receive_json())["code"] == "not_ready"
        await ws.send_json({"type": "hello", "protocol": 99})
        assert (await ws.receive_json())["code"] == "unsupported_protocol"
        msg = await ws.receive()
        assert msg.type == aiohttp.WSMsgType.CLOSE


async def test_ha_mode_executes_actions_in_ha_and_answers_questions_itself(
    ha_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    calls: list[dict[str, Any]] = []

    async def execute_in_ha(frame: dict[str, Any]) -> dict[str, Any]:
        calls.append(frame)
        return {"success": True, "data": {"response_type": "action_done"}}

    async with LinkClient(ha_hub.url, TOKEN, session=http) as link:
        await link.send(HA_HOME)
        result = await link.converse("turn on the light", area_id="kitchen", on_tool_call=execute_in_ha)
        assert result["outcome"] == "done"
        assert [c["tool"] for c in calls] == ["HassTurnOn"]
        assert calls[0]["entities"] == ["light.kitchen_light"]
        assert calls[0]["request_id"] == "r1"

        answer = await link.converse("is the front door locked?", area_id="kitchen", on_tool_call=execute_in_ha)
        assert answer["outcome"] == "answered"
        assert "locked" in answer["speech"].lower()
        assert len(calls) == 1, "a question must not reach HA as a tool call"

        await link.send({"type": "state_changed", "entity_id": "lock.front_door", "state": "unlocked"})
        answer = await link.converse("is the front door locked?", on_tool_call=execute_in_ha)
        assert "unlocked" in answer["speech"].lower()


async def test_unknown_entity_is_a_clear_failure(ha_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    async with LinkClient(ha_hub.url, TOKEN, session=http) as link:
        await link.send(HA_HOME)
        result = await link.converse("turn on the garage heater", area_id="kitchen")
    assert result["outcome"] in ("not_understood", "failed")
    assert result["actions"] == []
    assert result["speech"]


async def test_ha_failing_a_tool_call_is_reported(ha_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    async def refuse(_frame: dict[str, Any]) -> dict[str, Any]:
        return {"success": False, "error": "entity not exposed"}

    async with LinkClient(ha_hub.url, TOKEN, session=http) as link:
        await link.send(HA_HOME)
        result = await link.converse("turn on the kitchen light", on_tool_call=refuse)
    assert result["outcome"] == "failed"
    assert result["actions"][0]["success"] is False
    assert result["actions"][0]["error"] == "entity not exposed"


async def test_ha_leaving_mid_turn_fails_the_turn_and_the_hub_stays_up(
    ha_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    got_call = asyncio.Event()
    async with LinkClient(ha_hub.url, TOKEN, session=http) as link:
        await link.send(HA_HOME)
        await link.send({"type": "converse", "request_id": "x1", "text": "turn on the kitchen light"})
        frame = await link.receive()
        assert frame["type"] == "tool_call"
        got_call.set()
    # HA vanished without answering; the hub must drop the turn and accept a new link.
    await asyncio.sleep(0.1)
    assert ha_hub.runtime.link is None
    async with LinkClient(ha_hub.url, TOKEN, session=http) as link:
        await link.send(HA_HOME)
        result = await link.converse("is the front door locked?")
    assert result["outcome"] == "answered"


async def test_events_wait_for_ha_and_are_delivered_once_acknowledged(
    ha_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with http.post(
        f"{ha_hub.url}/api/v1/events", headers=auth, json={"event_type": "hearth_reminder", "data": {"n": 1}}
    ) as resp:
        assert resp.status == 202
        event_id = (await resp.json())["event_id"]
    async with http.post(f"{ha_hub.url}/api/v1/events", headers=auth, json={"event_type": "Bad Type"}) as resp:
        assert resp.status == 400
    saved = json.loads((ha_hub.runtime.config.data_dir / "outbox.json").read_text())
    assert [e["event_id"] for e in saved] == [event_id]

    async with LinkClient(ha_hub.url, TOKEN, session=http) as link:
        await link.send({"type": "ping", "nonce": 7})
        assert (await link.receive()) == {"type": "pong", "nonce": 7}
        assert [e["event_id"] for e in link.events] == [event_id]
    await asyncio.sleep(0.05)
    assert ha_hub.runtime.outbox.pending() == []


async def test_protocol_error_type_carries_code() -> None:
    err = ProtocolError("invalid_message", "bad")
    assert (err.code, str(err)) == ("invalid_message", "bad")
