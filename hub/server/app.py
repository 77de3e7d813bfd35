"""aiohttp application: health (open), info, REST converse, events and the HA link WebSocket (token)."""

from __future__ import annotations

import hmac
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Final

import voluptuous as vol
from aiohttp import web

from hub import __version__
from hub.home.model import humanize_invalid
from hub.link import messages
from hub.link.session import LinkSession
from hub.llm.base import TurnRequest
from hub.runtime import HubRuntime

_LOGGER = logging.getLogger(__name__)
RUNTIME: Final = web.AppKey("runtime", HubRuntime)
OPEN_PATHS: Final = frozenset({"/api/health"})
MAX_REST_BODY: Final = 64 * 1024

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

REST_CONVERSE = vol.Schema(
    {
        vol.Required("text"): vol.All(str, vol.Length(max=messages.MAX_TEXT_CHARS)),
        vol.Optional("language", default="en"): vol.All(str, vol.Length(min=1, max=16)),
        vol.Optional("conversation_id"): vol.Any(None, str),
        vol.Optional("user_id"): vol.Any(None, str),
        vol.Optional("device_id"): vol.Any(None, str),
        vol.Optional("area_id"): vol.Any(None, str),
    }
)
REST_EVENT = vol.Schema(
    {vol.Required("event_type"): vol.All(str, vol.Match(r"^hearth_[a-z_]+$")), vol.Optional("data", default=dict): dict}
)


def _json_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every path but the health check needs the bearer token, compared in constant time."""
    if request.path in OPEN_PATHS:
        return await handler(request)
    expected = request.app[RUNTIME].identity.token
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), expected.encode()):
        _LOGGER.info("Rejected unauthenticated request to %s from %s", request.path, request.remote)
        return _json_error(401, "invalid_auth", "missing or wrong bearer token")
    return await handler(request)


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def info(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    return web.json_response(
        {
            "hub_id": runtime.identity.hub_id,
            "name": runtime.config.name,
            "hub_version": __version__,
            "protocol": messages.PROTOCOL_VERSION,
            "home": runtime.config.home,
            "ha_linked": runtime.link is not None and not runtime.link.closed,
        }
    )


async def _read_json(request: web.Request, schema: vol.Schema) -> dict[str, Any] | web.Response:
    if request.content_length is not None and request.content_length > MAX_REST_BODY:
        return _json_error(413, "message_too_large", f"body larger than {MAX_REST_BODY} bytes")
    try:
        raw = await request.content.read(MAX_REST_BODY + 1)
        if len(raw) > MAX_REST_BODY:
            return _json_error(413, "message_too_large", f"body larger than {MAX_REST_BODY} bytes")
        body = json.loads(raw)
        valid: dict[str, Any] = schema(body)
    except ValueError as err:
        return _json_error(400, "invalid_message", f"not JSON: {err}")
    except vol.Invalid as err:
        return _json_error(400, "invalid_message", humanize_invalid(err))
    return valid


async def converse(request: web.Request) -> web.Response:
    body = await _read_json(request, REST_CONVERSE)
    if isinstance(body, web.Response):
        return body
    runtime = request.app[RUNTIME]
    turn = TurnRequest(
        text=body["text"],
        language=body["language"],
        area_id=body.get("area_id"),
        user_id=body.get("user_id"),
        device_id=body.get("device_id"),
        conversation_id=body.get("conversation_id"),
    )
    request_id = uuid.uuid4().hex
    result = await runtime.handle_turn(turn, request_id=request_id)
    return web.json_response(result.to_wire(request_id))


async def raise_event(request: web.Request) -> web.Response:
    """Queue an event for HA (skills use the outbox directly; this is for tools, tests and automations)."""
    body = await _read_json(request, REST_EVENT)
    if isinstance(body, web.Response):
        return body
    runtime = request.app[RUNTIME]
    event = await runtime.outbox.add(body["event_type"], body["data"])
    link = runtime.link
    if link is not None and not link.closed and link.greeted:
        await link.send({"type": "event", **event})
    return web.json_response({"event_id": event["event_id"]}, status=202)


async def link_ws(request: web.Request) -> web.WebSocketResponse:
    """The HA link. A newer connection replaces an older one: HA reconnecting must never be locked out."""
    runtime = request.app[RUNTIME]
    # aiohttp closes the socket (1009) above its own limit; between our limit and twice it we answer with an
    # error frame instead, so a slightly oversized snapshot does not cost the whole link.
    ws = web.WebSocketResponse(max_msg_size=2 * messages.MAX_MESSAGE_BYTES, heartbeat=30)
    await ws.prepare(request)
    session = LinkSession(ws, runtime, peer=str(request.remote))
    previous, runtime.link = runtime.link, session
    if previous is not None and not previous.closed:
        _LOGGER.info("A new HA link replaces link %s", previous.session_id)
        await previous.close()
    try:
        await session.run()
    finally:
        if runtime.link is session:
            runtime.link = None
        _LOGGER.info("HA link %s closed", session.session_id)
    return ws


def create_app(runtime: HubRuntime) -> web.Application:
    app = web.Application(middlewares=[auth_middleware], client_max_size=MAX_REST_BODY)
    app[RUNTIME] = runtime
    app.router.add_get("/api/health", health)
    app.router.add_get("/api/v1/info", info)
    app.router.add_post("/api/v1/converse", converse)
    app.router.add_post("/api/v1/events", raise_event)
    app.router.add_get("/api/v1/ws", link_ws)

    async def close_link(_app: web.Application) -> None:
        if runtime.link is not None and not runtime.link.closed:
            await runtime.link.close()

    app.on_shutdown.append(close_link)
    return app
