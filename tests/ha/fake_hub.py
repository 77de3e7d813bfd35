"""A small fake Hearth hub: just enough of protocol v1 (docs/protocol.md) to test the integration.

It is a real aiohttp server on 127.0.0.1 with a random port, so the integration's real client code runs
against it. It records what Home Assistant sends, validates it against the wire schemas, and answers
`converse` through a handler that each test can replace (for example: call a tool, then answer).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from custom_components.hearth import protocol

TOKEN = "fake-hub-token-123"
HUB_ID = "hub-test-0001"
HUB_NAME = "Test Hearth"
HUB_VERSION = "0.1.0"

type ConverseHandler = Callable[["HubSession", dict[str, Any]], Awaitable[None]]


@dataclass
class HubSession:
    """One WebSocket session with Home Assistant, as the hub sees it."""

    hub: FakeHub
    ws: web.WebSocketResponse
    tool_results: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    acks: list[str] = field(default_factory=list)
    ack_event: asyncio.Event = field(default_factory=asyncio.Event)
    _calls: int = 0

    async def send(self, frame: dict[str, Any], *, validate: bool = True) -> None:
        """Send one hub -> HA frame (validated, unless a test sends garbage on purpose)."""
        if validate:
            frame = protocol.HUB_TO_HA[frame["type"]](frame)
        await self.ws.send_str(json.dumps(frame))

    async def call_tool(
        self,
        request_id: str,
        tool: str,
        args: dict[str, Any],
        entities: list[str] | None = None,
        *,
        wait_s: float = 10,
    ) -> dict[str, Any]:
        """Send a `tool_call` and wait for HA's `tool_result`."""
        self._calls += 1
        call_id = f"call-{self._calls}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.tool_results[call_id] = future
        await self.send(
            {
                "type": "tool_call",
                "call_id": call_id,
                "request_id": request_id,
                "tool": tool,
                "args": args,
                "entities": entities or [],
            }
        )
        async with asyncio.timeout(wait_s):
            return await future

    async def answer(
        self,
        request: dict[str, Any],
        speech: str,
        *,
        outcome: str = "done",
        tier: str = "fake",
        continue_conversation: bool = False,
        actions: list[dict[str, Any]] | None = None,
    ) -> None:
        """End a turn with a `converse_result`."""
        await self.send(
            {
                "type": "converse_result",
                "request_id": request["request_id"],
                "speech": speech,
                "conversation_id": request.get("conversation_id"),
                "continue_conversation": continue_conversation,
                "tier": tier,
                "confidence": 0.9,
                "outcome": outcome,
                "actions": actions or [],
                "latency_ms": 12.5,
            }
        )

    async def delta(self, request: dict[str, Any], text: str) -> None:
        """Stream a piece of a turn's spoken answer (`converse_delta`) before its result."""
        await self.send({"type": "converse_delta", "request_id": request["request_id"], "delta": text})

    async def send_event(self, event_id: str, event_type: str, data: dict[str, Any]) -> None:
        """Send an `event` frame."""
        await self.send(
            {
                "type": "event",
                "event_id": event_id,
                "event_type": event_type,
                "time": "2026-11-01T07:00:00+00:00",
                "data": data,
            }
        )

    async def wait_for_acks(self, count: int, wait_s: float = 5) -> list[str]:
        """Wait until HA has acknowledged `count` events."""
        async with asyncio.timeout(wait_s):
            while len(self.acks) < count:
                self.ack_event.clear()
                await self.ack_event.wait()
        return self.acks


async def _answer_ok(session: HubSession, request: dict[str, Any]) -> None:
    await session.answer(request, "OK.", outcome="answered")


class FakeHub:
    """The fake hub server; `start()` it, point the integration at `port`, `stop()` it to make it go away."""

    def __init__(self, *, token: str = TOKEN, hub_id: str = HUB_ID, name: str = HUB_NAME) -> None:
        self.token = token
        self.hub_id = hub_id
        self.name = name
        self.info_override: Any = None
        """When set, `GET /api/v1/info` returns this body instead of the real info."""
        self.on_converse: ConverseHandler = _answer_ok
        self.received: list[dict[str, Any]] = []
        """Every valid frame HA sent, in order, across sessions."""
        self.invalid: list[tuple[str, str]] = []
        """Frames HA sent that do not match the protocol (should stay empty)."""
        self.sessions: list[HubSession] = []
        self.rest_answers: dict[tuple[str, str], tuple[int, Any]] = {}
        """(method, path) -> (status, JSON body) for the REST endpoints behind HA's actions (default 200 {})."""
        self.rest_calls: list[tuple[str, str, dict[str, str], Any]] = []
        """(method, path, query, JSON body) of every REST call to those endpoints."""
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Condition()
        self._tasks: set[asyncio.Task[None]] = set()

    # -- server lifecycle --------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_get("/api/health", self._health)
        app.router.add_get("/api/v1/info", self._info)
        app.router.add_get("/api/v1/ws", self._ws)
        app.router.add_route("*", "/api/v1/{tail:.+}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port or self.port or 0, reuse_address=True)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Go away: close every session and stop listening."""
        for task in list(self._tasks):
            if task is not asyncio.current_task():
                task.cancel()
        for session in self.sessions:
            if not session.ws.closed:
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        async with self._changed:
            self._changed.notify_all()

    @property
    def session(self) -> HubSession:
        """The newest session."""
        return self.sessions[-1]

    @property
    def connected(self) -> bool:
        return bool(self.sessions) and not self.sessions[-1].ws.closed

    def frames(self, kind: str) -> list[dict[str, Any]]:
        return [frame for frame in self.received if frame["type"] == kind]

    async def wait_for(self, predicate: Callable[[], bool], wait_s: float = 5) -> None:
        """Wait until `predicate()` holds (checked whenever a frame arrives or a session ends)."""
        async with asyncio.timeout(wait_s), self._changed:
            await self._changed.wait_for(predicate)

    # -- HTTP ---------------------------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    async def _health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _info(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        if self.info_override is not None:
            return web.json_response(self.info_override)
        return web.json_response({"hub_id": self.hub_id, "name": self.name, "hub_version": HUB_VERSION, "protocol": 1})

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return web.json_response({"error": "invalid_auth"}, status=401)
        body = await request.json() if request.can_read_body else None
        self.rest_calls.append((request.method, request.path, dict(request.query), body))
        status, answer = self.rest_answers.get((request.method, request.path), (200, {}))
        if isinstance(answer, str):
            return web.Response(status=status, text=answer)
        return web.json_response(answer, status=status)

    async def _ws(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        session = HubSession(self, ws)
        self.sessions.append(session)
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                await self._handle(session, msg.data)
        finally:
            async with self._changed:
                self._changed.notify_all()
        return ws

    async def _handle(self, session: HubSession, raw: str) -> None:
        data = json.loads(raw)
        kind = data.get("type")
        schema = protocol.HA_TO_HUB.get(kind)
        try:
            if schema is None:
                raise ValueError(f"unknown type {kind!r}")
            frame: dict[str, Any] = schema(data)
        except Exception as err:
            self.invalid.append((raw, str(err)))
            await session.send({"type": "error", "code": "invalid_message", "message": str(err)})
            return
        self.received.append(frame)
        match kind:
            case "hello":
                await session.send(
                    {
                        "type": "welcome",
                        "protocol": 1,
                        "hub_id": self.hub_id,
                        "hub_version": HUB_VERSION,
                        "name": self.name,
                    }
                )
            case "converse":
                task = asyncio.create_task(self._converse(session, frame))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            case "tool_result":
                future = session.tool_results.pop(frame["call_id"], None)
                if future is not None and not future.done():
                    future.set_result(frame)
            case "event_ack":
                session.acks.append(frame["event_id"])
                session.ack_event.set()
            case "ping":
                await session.send({"type": "pong", "nonce": frame.get("nonce")})
        async with self._changed:
            self._changed.notify_all()

    async def _converse(self, session: HubSession, frame: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionResetError):
            await self.on_converse(session, frame)
