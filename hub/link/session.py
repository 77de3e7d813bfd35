"""One connected Home Assistant: reads frames, runs turns, and executes tool calls in HA on the hub's behalf."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
import uuid
from typing import TYPE_CHECKING, Any, Final

from aiohttp import WSMsgType, web

from hub import __version__
from hub.errors import HomeError, ProtocolError
from hub.link import messages
from hub.llm.base import ToolCall, TurnRequest
from hub.llm.speech_stream import speech_stream
from hub.policy.ratelimit import TokenBucket
from hub.tools.executor import ToolOutcome

if TYPE_CHECKING:
    from hub.runtime import HubRuntime

_LOGGER = logging.getLogger(__name__)
TOOL_CALL_TIMEOUT_S: Final = 10.0
"""HA runs an intent in milliseconds; ten seconds means it is stuck, and the person is still waiting."""
MAX_CONCURRENT_TURNS: Final = 8
FRAME_RATE: Final = (500.0, 2000.0)
"""Frames a second and burst per connection: a busy home's state changes fit (they are cheap), a flood does not."""
TURN_RATE: Final = (5.0, 20.0)
"""Conversation turns a second and burst per connection: people speak far slower than this."""
ERROR_INTERVAL_S: Final = 1.0
"""While a connection floods, at most one `rate_limited` error a second goes back, so errors cannot amplify."""


class LinkSession:
    """Lives as long as one WebSocket; the runtime keeps at most one as the active link."""

    def __init__(self, ws: web.WebSocketResponse, runtime: HubRuntime, *, peer: str) -> None:
        self._ws = ws
        self._runtime = runtime
        self.peer = peer
        self.session_id = uuid.uuid4().hex[:8]
        self.greeted = False
        self.ha_version: str | None = None
        self._send_lock = asyncio.Lock()
        self._pending_calls: dict[str, asyncio.Future[ToolOutcome]] = {}
        self._turns: set[asyncio.Task[None]] = set()
        self._call_ids = itertools.count(1)
        now = time.monotonic()
        self._frames = TokenBucket(FRAME_RATE[0], FRAME_RATE[1], FRAME_RATE[1], now)
        self._turn_budget = TokenBucket(TURN_RATE[0], TURN_RATE[1], TURN_RATE[1], now)
        self._last_limit_error = -ERROR_INTERVAL_S

    @property
    def closed(self) -> bool:
        return self._ws.closed

    async def send(self, message: dict[str, Any]) -> None:
        frame = messages.encode(message)
        async with self._send_lock:
            await self._ws.send_str(frame)

    async def send_error(self, code: str, message: str, request_id: str | None = None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if request_id is not None:
            frame["request_id"] = request_id
        await self.send(frame)

    async def run(self) -> None:
        """Read until the socket closes; a bad frame is answered and skipped, never fatal."""
        try:
            async for msg in self._ws:
                if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY) and not self._frames.take(time.monotonic()):
                    await self._limited("too many frames on this connection")
                    continue
                if msg.type == WSMsgType.TEXT:
                    await self._on_text(msg.data)
                elif msg.type == WSMsgType.BINARY:
                    await self.send_error("invalid_message", "binary frames are not part of protocol v1")
                elif msg.type == WSMsgType.ERROR:
                    _LOGGER.warning("Link %s closed with error: %s", self.session_id, self._ws.exception())
        finally:
            await self._shutdown()

    async def _shutdown(self) -> None:
        for future in self._pending_calls.values():
            if not future.done():
                future.set_result(ToolOutcome(success=False, error="Home Assistant disconnected"))
        self._pending_calls.clear()
        for task in list(self._turns):
            task.cancel()
        if self._turns:
            await asyncio.gather(*self._turns, return_exceptions=True)

    async def close(self) -> None:
        await self._ws.close(code=1001, message=b"hub shutting down")

    async def _on_text(self, raw: str) -> None:
        try:
            message = messages.decode(raw)
        except ProtocolError as err:
            _LOGGER.info("Rejected frame from %s: %s", self.peer, err.message)
            await self.send_error(err.code, err.message, _request_id_of(raw))
            return
        kind = message["type"]
        if kind == "hello":
            await self._on_hello(message)
        elif kind == "ping":
            await self.send({"type": "pong", "nonce": message.get("nonce")})
        elif not self.greeted:
            await self.send_error("not_ready", "send hello first", message.get("request_id"))
        elif kind == "home_snapshot":
            await self._on_snapshot(message)
        elif kind == "state_changed":
            self._runtime.apply_state(message["entity_id"], message["state"], message["attributes"])
        elif kind == "converse":
            self._start_turn(message)
        elif kind == "tool_result":
            await self._on_tool_result(message)
        elif kind == "event_ack":
            await self._runtime.outbox.ack(message["event_id"])

    async def _on_hello(self, message: dict[str, Any]) -> None:
        if message["protocol"] != messages.PROTOCOL_VERSION:
            await self.send_error(
                "unsupported_protocol",
                f"this hub speaks protocol {messages.PROTOCOL_VERSION}, not {message['protocol']}",
            )
            await self._ws.close(code=4000, message=b"unsupported protocol")
            return
        self.greeted = True
        self.ha_version = message.get("ha_version")
        await self.send(
            {
                "type": "welcome",
                "protocol": messages.PROTOCOL_VERSION,
                "hub_id": self._runtime.identity.hub_id,
                "hub_version": __version__,
                "name": self._runtime.config.name,
            }
        )
        _LOGGER.info("Home Assistant %s linked from %s", self.ha_version or "?", self.peer)
        for event in self._runtime.outbox.pending():
            await self.send({"type": "event", **event})

    async def _on_snapshot(self, message: dict[str, Any]) -> None:
        try:
            self._runtime.apply_snapshot(message)
        except HomeError as err:
            await self.send_error("invalid_message", str(err))

    async def _limited(self, message: str, request_id: str | None = None) -> None:
        now = time.monotonic()
        if request_id is None and now - self._last_limit_error < ERROR_INTERVAL_S:
            return
        self._last_limit_error = now
        await self.send_error("rate_limited", message, request_id)

    def _start_turn(self, message: dict[str, Any]) -> None:
        request_id: str = message["request_id"]
        if not self._turn_budget.take(time.monotonic()):
            task = asyncio.create_task(self._limited("too many conversation turns on this connection", request_id))
        elif len(self._turns) >= MAX_CONCURRENT_TURNS:
            task = asyncio.create_task(
                self.send_error("rate_limited", "too many conversations in flight", request_id)
            )
        else:
            task = asyncio.create_task(self._run_turn(message))
        self._turns.add(task)
        task.add_done_callback(self._turns.discard)

    async def _run_turn(self, message: dict[str, Any]) -> None:
        request_id: str = message["request_id"]
        request = TurnRequest(
            text=message["text"],
            language=message["language"],
            area_id=message.get("area_id"),
            user_id=message.get("user_id"),
            device_id=message.get("device_id"),
            conversation_id=message.get("conversation_id"),
            tiers=message.get("tiers", "any"),
        )
        deltas = _DeltaPump(self, request_id)
        try:
            with speech_stream(deltas.put):
                result = await self._runtime.handle_turn(request, request_id=request_id, executor=self)
        except asyncio.CancelledError:
            deltas.cancel()
            raise
        except Exception:
            _LOGGER.exception("Turn %s failed", request_id)
            await deltas.close()
            await self.send_error("internal_error", "the hub failed on this request", request_id)
            return
        if deltas.text and result.speech.startswith(deltas.text):
            deltas.put(result.speech[len(deltas.text):])  # the part of the answer a tier held back
        await deltas.close()
        if not self.closed:
            await self.send(result.to_wire(request_id))

    async def async_execute(self, call: ToolCall, *, request_id: str) -> ToolOutcome:
        """Ask HA to run the call through its LLM API, and wait (bounded) for its answer."""
        call_id = f"{self.session_id}-{next(self._call_ids)}"
        future: asyncio.Future[ToolOutcome] = asyncio.get_running_loop().create_future()
        self._pending_calls[call_id] = future
        try:
            await self.send(
                {
                    "type": "tool_call",
                    "call_id": call_id,
                    "request_id": request_id,
                    "tool": call.tool,
                    "args": call.args,
                    "entities": list(call.entities),
                }
            )
            return await asyncio.wait_for(future, TOOL_CALL_TIMEOUT_S)
        except TimeoutError:
            return ToolOutcome(success=False, error="Home Assistant did not answer in time")
        except ConnectionError:
            return ToolOutcome(success=False, error="Home Assistant disconnected")
        finally:
            self._pending_calls.pop(call_id, None)

    async def _on_tool_result(self, message: dict[str, Any]) -> None:
        future = self._pending_calls.get(message["call_id"])
        if future is None or future.done():
            await self.send_error("unknown_call", f"no tool call {message['call_id']!r} is waiting")
            return
        future.set_result(
            ToolOutcome(success=message["success"], data=message["data"], error=message.get("error"))
        )


class _DeltaPump:
    """Sends one turn's `converse_delta` frames in order, before its result, from a synchronous sink.

    Tiers call `put` from the event loop (the generator's thread hands its tokens over with
    `call_soon_threadsafe`); what piled up while a frame was being written goes out as one frame.
    """

    def __init__(self, session: LinkSession, request_id: str) -> None:
        self._session = session
        self._request_id = request_id
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.text = ""
        """Everything put so far: the spoken answer as far as HA has it."""

    def put(self, delta: str) -> None:
        if not delta or self._closed:
            return
        self.text += delta
        self._queue.put_nowait(delta)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._pump())

    async def close(self) -> None:
        """Wait until every delta is sent (or the link is gone), so the result cannot overtake them."""
        self._closed = True
        if self._task is None:
            return
        self._queue.put_nowait(None)
        await self._task

    def cancel(self) -> None:
        """The turn was cancelled (the link closes): late tokens are dropped and nothing more is sent."""
        self._closed = True
        if self._task is not None:
            self._task.cancel()

    async def _pump(self) -> None:
        done = False
        while not done:
            pieces = [await self._queue.get()]
            while not self._queue.empty():
                pieces.append(self._queue.get_nowait())
            done = None in pieces
            text = "".join(p for p in pieces if p)
            for start in range(0, len(text), messages.MAX_DELTA_CHARS):
                if self._session.closed:
                    continue
                try:
                    await self._session.send({"type": "converse_delta", "request_id": self._request_id,
                                              "delta": text[start:start + messages.MAX_DELTA_CHARS]})
                except (ConnectionError, RuntimeError) as err:
                    _LOGGER.debug("Could not send a delta of %s: %s", self._request_id, err)


def _request_id_of(raw: str) -> str | None:
    """Best effort, so an error about a broken `converse` can still be matched to its request."""
    try:
        data = json.loads(raw)
    except (ValueError, TypeError):
        return None
    value = data.get("request_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 128 else None
