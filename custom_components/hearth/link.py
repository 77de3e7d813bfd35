"""The client side of the Hearth link: one authenticated WebSocket to the hub, kept open with backoff.

Deliberately light on Home Assistant: it takes an aiohttp session and plain callbacks, so the HA-specific
parts (the home snapshot, the event bus, the chat log) stay in the modules that adapt it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from yarl import URL

from . import protocol
from .const import (
    CONVERSE_TIMEOUT,
    HANDSHAKE_TIMEOUT,
    HEARTBEAT,
    RECONNECT_MAX_DELAY,
    RECONNECT_MIN_DELAY,
    REQUEST_TIMEOUT,
)
from .errors import (
    HearthError,
    HubAuthError,
    HubConnectionError,
    HubConnectionLostError,
    HubNotConnectedError,
    HubRequestError,
    HubTimeoutError,
    ProtocolError,
    UnsupportedProtocolError,
)
from .protocol import ConverseDelta, ConverseResult, HubErrorFrame, HubEvent, HubInfo, ToolCall, Welcome

_LOGGER = logging.getLogger(__name__)

SEEN_EVENTS_KEPT = 1024
"""Event ids remembered to drop redeliveries (the hub delivers at least once)."""

type StatusListener = Callable[[bool], None]
type EventHandler = Callable[[HubEvent], None]
type SnapshotProvider = Callable[[], Mapping[str, Any]]
type ToolHandler = Callable[[ToolCall], Awaitable[ToolOutcome]]
type DeltaHandler = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    """What HA answers to one `tool_call`."""

    success: bool
    data: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(slots=True)
class LinkStats:
    """Counters for diagnostics; never holds message content."""

    connects: int = 0
    disconnects: int = 0
    frames_sent: int = 0
    frames_received: int = 0
    invalid_frames: int = 0
    events_fired: int = 0
    events_duplicate: int = 0
    tool_calls: int = 0
    last_error: str | None = None
    connected_since: datetime | None = None


@dataclass(slots=True)
class _Pending:
    """A `converse` request waiting for its `converse_result`."""

    future: asyncio.Future[ConverseResult]
    tool_handler: ToolHandler
    tool_tasks: set[asyncio.Task[None]] = field(default_factory=set)
    on_delta: DeltaHandler | None = None
    """Gets the spoken answer's `converse_delta` pieces, in order, before the result."""


def hub_url(host: str, port: int, path: str = "", *, scheme: str = "http") -> URL:
    """Build a URL for the hub (IPv6 hosts are bracketed by yarl)."""
    return URL.build(scheme=scheme, host=host, port=port, path=path)


async def async_get_hub_info(
    session: aiohttp.ClientSession, host: str, port: int, token: str, *, max_wait: float = REQUEST_TIMEOUT
) -> HubInfo:
    """Authenticate against the hub with `GET /api/v1/info` and return who it is."""
    url = hub_url(host, port, "/api/v1/info")
    try:
        async with (
            asyncio.timeout(max_wait),
            session.get(url, headers={"Authorization": f"Bearer {token}"}) as resp,
        ):
            if resp.status in (401, 403):
                raise HubAuthError("the hub rejected the token")
            if resp.status != 200:
                raise HearthError(f"unexpected HTTP status {resp.status} from the hub")
            body = await resp.json(content_type=None)
    except TimeoutError as err:
        raise HubConnectionError("timed out talking to the hub") from err
    except aiohttp.ClientResponseError as err:
        raise HearthError(f"bad answer from the hub: {err.status}") from err
    except (aiohttp.ClientError, OSError) as err:
        raise HubConnectionError(f"cannot reach the hub: {type(err).__name__}") from err
    except ValueError as err:
        raise ProtocolError("the hub's info is not JSON") from err
    return protocol.decode_info(body)


class HearthLink:
    """One session with the hub at a time; `run` keeps it open until `async_stop`."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: URL,
        token: str,
        *,
        snapshot: SnapshotProvider,
        on_event: EventHandler,
        on_auth_failed: Callable[[], None] | None = None,
        on_unsupported_protocol: Callable[[], None] | None = None,
        ha_version: str | None = None,
        instance_id: str | None = None,
        converse_timeout: float = CONVERSE_TIMEOUT,
        reconnect_min: float = RECONNECT_MIN_DELAY,
        reconnect_max: float = RECONNECT_MAX_DELAY,
        handshake_timeout: float = HANDSHAKE_TIMEOUT,
        heartbeat: float = HEARTBEAT,
        logger: logging.Logger = _LOGGER,
    ) -> None:
        self._session = session
        self._url = url
        self._token = token
        self._snapshot = snapshot
        self._on_event = on_event
        self._on_auth_failed = on_auth_failed
        self._on_unsupported_protocol = on_unsupported_protocol
        self._hello = protocol.hello(ha_version=ha_version, instance_id=instance_id)
        self._converse_timeout = converse_timeout
        self._reconnect_min = reconnect_min
        self._reconnect_max = reconnect_max
        self._handshake_timeout = handshake_timeout
        self._heartbeat = heartbeat
        self._logger = logger

        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._outbox: asyncio.Queue[str] | None = None
        self._connected = False
        self._stop = asyncio.Event()
        self._welcome: Welcome | None = None
        self._pending: dict[str, _Pending] = {}
        self._listeners: list[StatusListener] = []
        self._seen_events: OrderedDict[str, None] = OrderedDict()
        self.stats = LinkStats()

    @property
    def connected(self) -> bool:
        """Whether a session with the hub is open (welcome received, snapshot sent)."""
        return self._connected

    @property
    def welcome(self) -> Welcome | None:
        """The hub's last `welcome`, if any session has been opened."""
        return self._welcome

    def add_status_listener(self, listener: StatusListener) -> Callable[[], None]:
        """Call `listener(connected)` on every change; returns the function that removes it."""
        self._listeners.append(listener)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    async def run(self) -> None:
        """Connect, serve the session, and reconnect with backoff until stopped or the token is rejected."""
        attempt = 0
        while not self._stop.is_set():
            opened = False
            try:
                opened = await self._connect_and_serve()
            except HubAuthError:
                self._logger.error("The Hearth hub at %s rejected the token", self._url.host)
                if self._on_auth_failed is not None:
                    self._on_auth_failed()
                return
            except UnsupportedProtocolError as err:
                self.stats.last_error = type(err).__name__
                self._logger.error("The Hearth hub does not speak protocol %s: %s", protocol.PROTOCOL_VERSION, err)
                attempt = max(attempt, 16)
                if self._on_unsupported_protocol is not None:
                    self._on_unsupported_protocol()
            except (HearthError, aiohttp.ClientError, OSError, TimeoutError) as err:
                self.stats.last_error = type(err).__name__
                self._logger.debug("Hearth hub connection failed: %s", type(err).__name__)
            except Exception as err:
                self.stats.last_error = type(err).__name__
                self._logger.exception("Unexpected error in the Hearth link; reconnecting")
            if opened:
                attempt = 0
            delay = min(self._reconnect_max, self._reconnect_min * 2**attempt) * random.uniform(0.8, 1.2)
            attempt = min(attempt + 1, 16)
            if not self._stop.is_set():
                self._logger.debug("Reconnecting to the Hearth hub in %.1f s", delay)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._stop.wait()

    async def async_stop(self) -> None:
        """Close the session and stop reconnecting; pending requests fail with `HubConnectionLostError`."""
        self._stop.set()
        if self._ws is not None:
            await self._ws.close()

    async def async_converse(
        self,
        text: str,
        *,
        language: str,
        tool_handler: ToolHandler,
        conversation_id: str | None = None,
        user_id: str | None = None,
        device_id: str | None = None,
        area_id: str | None = None,
        tiers: str = "any",
        on_delta: DeltaHandler | None = None,
        max_wait: float | None = None,
    ) -> ConverseResult:
        """Send one turn and wait for its result, running the hub's tool calls through `tool_handler`.

        `on_delta` gets the answer's text as the hub streams it (a model tier speaking); the result's speech is
        still the whole answer. `tiers` is the agent's tier policy.
        """
        if not self._connected:
            raise HubNotConnectedError("the Hearth hub is not connected")
        max_wait = self._converse_timeout if max_wait is None else max_wait
        request_id = uuid.uuid4().hex
        future: asyncio.Future[ConverseResult] = asyncio.get_running_loop().create_future()
        pending = _Pending(future, tool_handler, on_delta=on_delta)
        self._pending[request_id] = pending
        try:
            self._send(
                protocol.converse(
                    request_id,
                    text,
                    language=language,
                    conversation_id=conversation_id,
                    user_id=user_id,
                    device_id=device_id,
                    area_id=area_id,
                    tiers=tiers,
                )
            )
            async with asyncio.timeout(max_wait):
                return await future
        except TimeoutError:
            raise HubTimeoutError(f"no answer from the Hearth hub within {max_wait:.0f} s") from None
        finally:
            self._pending.pop(request_id, None)
            for task in pending.tool_tasks:
                task.cancel()

    def send_state_changed(self, entity_id: str, state: str | None, attributes: Mapping[str, Any]) -> None:
        """Queue a mirror update; dropped while disconnected (the next snapshot catches up)."""
        if self._connected:
            self._send_quietly(protocol.state_changed(entity_id, state, attributes))

    def send_snapshot(self) -> None:
        """Queue a fresh home snapshot; dropped while disconnected (every session starts with one)."""
        if self._connected:
            self._send_quietly(self._snapshot())

    def _send_quietly(self, frame: Mapping[str, Any]) -> None:
        """Send from a callback: a frame that cannot be sent is logged, never raised into HA's event loop."""
        try:
            self._send(frame)
        except HearthError as err:
            self._logger.error("Not sending a %s to the Hearth hub: %s", frame.get("type"), err)

    def _send(self, frame: Mapping[str, Any]) -> None:
        """Validate a frame and queue it for the writer, which keeps frames in order."""
        if self._outbox is None:
            raise HubNotConnectedError("the Hearth hub is not connected")
        self._outbox.put_nowait(protocol.encode(frame))

    async def _connect_and_serve(self) -> bool:
        """Open one session and serve it until it ends; returns whether the handshake completed."""
        try:
            async with asyncio.timeout(self._handshake_timeout):
                ws = await self._session.ws_connect(
                    self._url,
                    headers={"Authorization": f"Bearer {self._token}"},
                    heartbeat=self._heartbeat,
                    max_msg_size=protocol.MAX_MESSAGE_BYTES,
                )
        except aiohttp.WSServerHandshakeError as err:
            if err.status in (401, 403):
                raise HubAuthError("the hub rejected the token") from err
            raise HubConnectionError(f"WebSocket upgrade refused with HTTP {err.status}") from err
        self._ws = ws
        writer: asyncio.Task[None] | None = None
        opened = False
        try:
            welcome = await self._handshake(ws)
            self._welcome = welcome
            self._outbox = asyncio.Queue()
            writer = asyncio.create_task(self._write(ws, self._outbox), name="hearth link writer")
            self._send(self._snapshot())
            opened = True
            self.stats.connects += 1
            self.stats.connected_since = datetime.now(UTC)
            self._set_connected(True)
            self._logger.info("Connected to Hearth hub %s (version %s)", welcome.name, welcome.hub_version)
            await self._read(ws)
        finally:
            self._outbox = None
            if writer is not None:
                writer.cancel()
                await asyncio.wait({writer})
            self._ws = None
            if not ws.closed:
                with contextlib.suppress(Exception):
                    await asyncio.shield(ws.close())
            self._fail_pending()
            if opened:
                self.stats.disconnects += 1
                self.stats.connected_since = None
                self._set_connected(False)
                if not self._stop.is_set():
                    self._logger.warning("Lost the connection to the Hearth hub; reconnecting")
        return opened

    async def _handshake(self, ws: aiohttp.ClientWebSocketResponse) -> Welcome:
        """Send `hello` and wait for `welcome`."""
        await ws.send_str(protocol.encode(self._hello))
        self.stats.frames_sent += 1
        async with asyncio.timeout(self._handshake_timeout):
            msg = await ws.receive()
        if msg.type is not aiohttp.WSMsgType.TEXT:
            raise HubConnectionError(f"the hub closed the socket during the handshake ({msg.type.name})")
        self.stats.frames_received += 1
        frame = protocol.decode(msg.data)
        if isinstance(frame, HubErrorFrame):
            if frame.code == "unsupported_protocol":
                raise UnsupportedProtocolError(frame.message)
            raise HubRequestError(frame.code, frame.message)
        if not isinstance(frame, Welcome):
            raise ProtocolError(f"expected welcome, got {type(frame).__name__}")
        return frame

    async def _write(self, ws: aiohttp.ClientWebSocketResponse, outbox: asyncio.Queue[str]) -> None:
        """Send queued frames in order; a failed write closes the socket so the reader ends the session."""
        while True:
            data = await outbox.get()
            try:
                await ws.send_str(data)
            except (aiohttp.ClientError, ConnectionError) as err:
                self._logger.debug("Writing to the Hearth hub failed: %s", type(err).__name__)
                await ws.close()
                return
            self.stats.frames_sent += 1

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Dispatch frames until the socket closes; a bad frame is logged and skipped."""
        async for msg in ws:
            if msg.type is aiohttp.WSMsgType.TEXT:
                self.stats.frames_received += 1
                try:
                    frame = protocol.decode(msg.data)
                except ProtocolError as err:
                    self.stats.invalid_frames += 1
                    self._logger.warning("Ignoring a malformed frame from the Hearth hub: %s", err)
                    continue
                self._dispatch(frame)
            elif msg.type is aiohttp.WSMsgType.ERROR:
                self._logger.debug("Hearth hub socket error: %s", ws.exception())
                break
            else:
                self.stats.invalid_frames += 1
                self._logger.warning("Ignoring a %s frame from the Hearth hub", msg.type.name)

    def _dispatch(self, frame: protocol.HubFrame) -> None:
        """Route one validated frame."""
        match frame:
            case ConverseResult():
                if (pending := self._pending.get(frame.request_id)) is not None and not pending.future.done():
                    pending.future.set_result(frame)
                else:
                    self._logger.debug("Dropping a result for unknown request %s", frame.request_id)
            case ConverseDelta():
                self._deliver_delta(frame)
            case ToolCall():
                self._start_tool_call(frame)
            case HubEvent():
                self._handle_event(frame)
            case HubErrorFrame():
                pending = self._pending.get(frame.request_id) if frame.request_id else None
                if pending is not None and not pending.future.done():
                    pending.future.set_exception(HubRequestError(frame.code, frame.message))
                else:
                    self._logger.warning("The Hearth hub reported an error: %s: %s", frame.code, frame.message)
            case Welcome():
                self._logger.debug("Ignoring a repeated welcome")
            case _:
                pass

    def _deliver_delta(self, frame: ConverseDelta) -> None:
        """Hand a piece of a turn's answer to whoever streams it; a late or unknown one is dropped."""
        pending = self._pending.get(frame.request_id)
        if pending is None or pending.future.done() or pending.on_delta is None:
            return
        try:
            pending.on_delta(frame.delta)
        except Exception:
            self._logger.exception("Streaming a Hearth answer failed")

    def _start_tool_call(self, call: ToolCall) -> None:
        """Run a tool call beside the reader, so frames keep flowing while HA works."""
        self.stats.tool_calls += 1
        pending = self._pending.get(call.request_id)
        if pending is None:
            self._send_quietly(
                protocol.tool_result(call.call_id, success=False, data={}, error=f"no open request {call.request_id}")
            )
            return
        task = asyncio.create_task(self._run_tool_call(call, pending.tool_handler), name=f"hearth tool {call.tool}")
        pending.tool_tasks.add(task)
        task.add_done_callback(pending.tool_tasks.discard)

    async def _run_tool_call(self, call: ToolCall, handler: ToolHandler) -> None:
        """Run one tool call and answer it; a handler failure becomes an unsuccessful result."""
        try:
            outcome = await handler(call)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            self._logger.exception("Running %s for the Hearth hub failed", call.tool)
            outcome = ToolOutcome(False, {}, f"{type(err).__name__}: {err}")
        if self._outbox is None:
            return
        try:
            self._send(
                protocol.tool_result(call.call_id, success=outcome.success, data=outcome.data, error=outcome.error)
            )
        except HearthError as err:
            self._send_quietly(
                protocol.tool_result(call.call_id, success=False, data={}, error=f"result not sendable: {err}")
            )

    def _handle_event(self, event: HubEvent) -> None:
        """Fire a hub event once per id, then acknowledge it (a repeat is acknowledged, not fired)."""
        if event.event_id in self._seen_events:
            self.stats.events_duplicate += 1
            self._logger.debug("Dropping repeated event %s", event.event_id)
        else:
            try:
                self._on_event(event)
            except Exception:
                self._logger.exception("Firing Hearth event %s failed", event.event_type)
                return
            self.stats.events_fired += 1
            self._seen_events[event.event_id] = None
            while len(self._seen_events) > SEEN_EVENTS_KEPT:
                self._seen_events.popitem(last=False)
        self._send_quietly(protocol.event_ack(event.event_id))

    def _fail_pending(self) -> None:
        """Fail every waiting request: the session they were sent on is gone."""
        for pending in self._pending.values():
            if not pending.future.done():
                pending.future.set_exception(HubConnectionLostError("the Hearth hub went away"))
            for task in pending.tool_tasks:
                task.cancel()

    def _set_connected(self, connected: bool) -> None:
        """Record the link state and tell the listeners."""
        self._connected = connected
        for listener in list(self._listeners):
            try:
                listener(connected)
            except Exception:
                self._logger.exception("A Hearth status listener failed")
