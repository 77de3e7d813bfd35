"""A minimal protocol v1 client: what the HA integration does, in a few lines, for the demo, chat and tests."""

from __future__ import annotations

import asyncio
import itertools
import json
from types import TracebackType
from typing import Any, Self

import aiohttp

from hub import __version__
from hub.errors import LinkClosedError, ProtocolError
from hub.link.messages import PROTOCOL_VERSION


class LinkClient:
    """`async with LinkClient(url, token, session=...) as link: await link.converse("turn on the light")`."""

    def __init__(self, url: str, token: str, *, session: aiohttp.ClientSession, timeout: float = 30.0) -> None:
        self._url = url.rstrip("/") + "/api/v1/ws"
        self._token = token
        self._session = session
        self._timeout = timeout
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self.welcome: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []

    async def __aenter__(self) -> Self:
        self._ws = await self._session.ws_connect(
            self._url, headers={"Authorization": f"Bearer {self._token}"}, timeout=aiohttp.ClientWSTimeout(ws_close=5)
        )
        await self.send({"type": "hello", "protocol": PROTOCOL_VERSION, "ha_version": f"hearth-client/{__version__}"})
        self.welcome = await self.receive()
        if self.welcome.get("type") != "welcome":
            raise ProtocolError(str(self.welcome.get("code", "invalid_message")), str(self.welcome))
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def send(self, message: dict[str, Any]) -> None:
        if self._ws is None or self._ws.closed:
            raise LinkClosedError("the link is not open")
        await self._ws.send_str(json.dumps(message))

    async def send_raw(self, frame: str) -> None:
        if self._ws is None or self._ws.closed:
            raise LinkClosedError("the link is not open")
        await self._ws.send_str(frame)

    async def receive(self) -> dict[str, Any]:
        """Next frame that is not an event (events are collected in `self.events` and acknowledged)."""
        if self._ws is None:
            raise LinkClosedError("the link is not open")
        while True:
            msg = await self._ws.receive(timeout=self._timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise LinkClosedError(f"link closed ({msg.type.name})")
            frame: dict[str, Any] = json.loads(msg.data)
            if frame.get("type") == "event":
                self.events.append(frame)
                await self.send({"type": "event_ack", "event_id": frame["event_id"]})
                continue
            return frame

    async def converse(self, text: str, *, area_id: str | None = None, **extra: Any) -> dict[str, Any]:
        """One turn; tool calls (HA mode) are answered by `extra['on_tool_call']` if given, else refused."""
        request_id = f"r{next(self._ids)}"
        on_tool_call = extra.pop("on_tool_call", None)
        await self.send({"type": "converse", "request_id": request_id, "text": text, "area_id": area_id, **extra})
        async with asyncio.timeout(self._timeout):
            while True:
                frame = await self.receive()
                if frame.get("type") == "tool_call":
                    result = await on_tool_call(frame) if on_tool_call else {"success": False, "error": "no executor"}
                    await self.send({"type": "tool_result", "call_id": frame["call_id"], **result})
                    continue
                if frame.get("request_id") == request_id:
                    return frame
