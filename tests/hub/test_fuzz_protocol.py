"""Fuzzing the hub's inputs with hypothesis: the link protocol decoder, a real hub's WebSocket on loopback, the
REST bodies, and the firmware bridge's MQTT topic and payload parsers. Zero crashes means: only the documented
errors come back, the link stays up, and the hub still answers afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firmware_bridge.errors import PayloadError, TopicError
from firmware_bridge.messages import parse_message
from firmware_bridge.topics import Kind, Topic
from hub.config import load_config
from hub.errors import ProtocolError
from hub.link import messages, session
from hub.server import app as server_app
from hub.server.serve import RunningHub, running_hub

TOKEN = "fuzz-token-0123456789abcdef"

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ERROR_CODES = {"invalid_message", "message_too_large", "unknown_type", "unsupported_protocol", "not_ready",
               "unknown_call", "rate_limited", "internal_error"}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
field_values = json_scalars | st.lists(json_scalars, max_size=3) | st.dictionaries(st.text(max_size=8), json_scalars)
TYPES = [*messages.INBOUND, "converse", "converse", "welcome", "bogus", ""]
FIELDS = ["request_id", "text", "language", "conversation_id", "user_id", "device_id", "area_id", "protocol",
          "entity_id", "state", "attributes", "call_id", "success", "data", "error", "event_id", "nonce", "entities",
          "areas", "floors", "persons", "ha_version"]


@st.composite
def typed_frames(draw: st.DrawFn) -> dict[str, Any]:
    """A frame with a real or near-real type and a random selection of real field names and values."""
    frame: dict[str, Any] = {"type": draw(st.sampled_from(TYPES))}
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=6, unique=True)):
        frame[name] = draw(field_values)
    if frame["type"] == "converse" and draw(st.booleans()):
        frame.update(request_id=draw(st.text(min_size=1, max_size=10)), text=draw(st.text(max_size=200)))
    return frame


raw_frames = (
    typed_frames().map(json.dumps)
    | json_values.map(json.dumps)
    | st.text(max_size=300)
    | st.binary(max_size=300)
)


@given(raw=st.one_of(raw_frames, st.binary(max_size=100).map(lambda b: b.decode("latin-1"))))
@FUZZ
def test_decode_raises_only_protocol_errors(raw: str | bytes) -> None:
    code, kind = None, None
    try:
        kind = messages.decode(raw)["type"]
    except ProtocolError as err:
        code = err.code
    assert code in ERROR_CODES if kind is None else kind in messages.INBOUND


class LiveHub:
    """A real hub (virtual home) served from its own thread and loop, so sync hypothesis tests can drive it."""

    def __init__(self, tmp: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self.hub: RunningHub | None = None
        self._thread = threading.Thread(target=self.loop.run_until_complete, args=(self._serve(tmp),), daemon=True)
        self._thread.start()
        assert self._ready.wait(120), "the hub did not start"

    async def _serve(self, tmp: Path) -> None:
        self._stop = asyncio.Event()
        config = load_config(None, {"host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(tmp),
                                    "home": "virtual", "zeroconf": False})
        async with running_hub(config) as hub:
            self.hub = hub
            self._ready.set()
            await self._stop.wait()

    def run[T](self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=60)

    def close(self) -> None:
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        self.loop.close()


@pytest.fixture(scope="module")
def live_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    # The fuzzer opens hundreds of connections quickly; the rate limits have their own tests.
    saved = server_app.TOKEN_RATE, session.FRAME_RATE, session.TURN_RATE
    server_app.TOKEN_RATE = session.FRAME_RATE = session.TURN_RATE = (1e6, 1e6)  # type: ignore[misc]
    hub = LiveHub(tmp_path_factory.mktemp("fuzz"))
    try:
        yield hub
    finally:
        hub.close()
        server_app.TOKEN_RATE, session.FRAME_RATE, session.TURN_RATE = saved  # type: ignore[misc]


async def _exchange(url: str, frames: list[str | bytes], *, greet: bool) -> list[dict[str, Any]]:
    """Send the frames on a fresh link, then a ping; return every frame until the pong (the link must survive)."""
    async with aiohttp.ClientSession() as http, http.ws_connect(
        f"{url}/api/v1/ws", headers={"Authorization": f"Bearer {TOKEN}"}
    ) as ws:
        if greet:
            await ws.send_str(json.dumps({"type": "hello", "protocol": 1}))
            assert (await ws.receive_json(timeout=10))["type"] == "welcome"
        for frame in frames:
            if isinstance(frame, bytes):
                await ws.send_bytes(frame)
            else:
                await ws.send_str(frame)
        await ws.send_str(json.dumps({"type": "ping", "nonce": "end"}))
        received: list[dict[str, Any]] = []
        while True:
            msg = await ws.receive(timeout=30)
            assert msg.type == aiohttp.WSMsgType.TEXT, f"link closed: {msg}"
            frame = json.loads(msg.data)
            received.append(frame)
            if frame == {"type": "pong", "nonce": "end"}:
                return received


@given(frames=st.lists(raw_frames, min_size=1, max_size=8), greet=st.booleans())
@FUZZ
def test_live_websocket_survives_any_frames(live_hub: LiveHub, frames: list[str | bytes], greet: bool) -> None:
    assert live_hub.hub is not None
    frames = [f for f in frames if not (isinstance(f, str) and '"hello"' in f)]  # a bad hello may close by design
    received = live_hub.run(_exchange(live_hub.hub.url, frames, greet=greet))
    for frame in received:
        messages.OUTBOUND[frame["type"]](frame)
        if frame["type"] == "error":
            assert frame["code"] in ERROR_CODES
            assert frame["code"] != "internal_error", frame


async def _post(url: str, path: str, body: bytes) -> int:
    async with aiohttp.ClientSession() as http, http.post(
        f"{url}{path}", data=body, headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    ) as resp:
        payload = await resp.json()
        assert set(payload) != {"error"} or payload["error"]
        return resp.status


@given(
    path=st.sampled_from(["/api/v1/converse", "/api/v1/events", "/api/v1/confirmations/abc", "/api/v1/tools"]),
    body=st.one_of(json_values.map(lambda v: json.dumps(v).encode()), typed_frames().map(lambda f: json.dumps(
        {k: v for k, v in f.items() if k != "type"}).encode()), st.binary(max_size=200)),
)
@FUZZ
def test_rest_bodies_get_answers_not_crashes(live_hub: LiveHub, path: str, body: bytes) -> None:
    assert live_hub.hub is not None
    status = live_hub.run(_post(live_hub.hub.url, path, body))
    assert status in {200, 202, 400, 404}


topics = st.one_of(
    st.text(max_size=60),
    st.builds(lambda d, k: f"hearth/{d}/{k}", st.text(max_size=50), st.sampled_from([k.value for k in Kind] + ["x"])),
)
payload_values = st.one_of(
    st.binary(max_size=400),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {},
        optional={
            "seq": field_values, "t": field_values, "hz": field_values, "range": field_values,
            "s": st.lists(st.lists(st.floats() | st.integers() | st.text(max_size=3), max_size=7), max_size=5),
            "presence": field_values, "moving": field_values, "distance_cm": field_values, "energy": field_values,
            "occupied": field_values, "pressure": field_values,
        },
    ).map(lambda d: json.dumps(d).encode()),
    st.sampled_from([b"online", b"offline", b"ONLINE ", b"\xff\xfe", b"online" * 10]),
)


@given(topic=topics, payload=payload_values)
@settings(max_examples=2000, deadline=None)
def test_mqtt_topic_and_payload_parsers_raise_only_their_errors(topic: str, payload: bytes) -> None:
    try:
        parsed = Topic.parse(topic)
    except TopicError:
        parsed = Topic("fuzz-device", Kind.IMU)
    for kind in Kind:
        with contextlib.suppress(PayloadError):
            parse_message(Topic(parsed.device_id, kind), payload)
