"""aiohttp application: health (open), info, REST converse, events, audit, confirmations and the HA link
WebSocket (token). Every token-protected path is rate limited per token, and an address that keeps failing the
token check is locked out for a while."""

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
from hub.llm.base import ToolCall, TurnRequest
from hub.policy.ratelimit import RateLimiter
from hub.runtime import HubRuntime
from hub.server import household_api, insight_api
from hub.server.household_api import model_status
from hub.server.rest import json_error, parsed_query

_LOGGER = logging.getLogger(__name__)
RUNTIME: Final = web.AppKey("runtime", HubRuntime)
OPEN_PATHS: Final = frozenset({"/api/health"})
MAX_REST_BODY: Final = 64 * 1024
TOKEN_RATE: Final = (20.0, 60.0)
"""Requests a second and burst per API token (REST and WebSocket upgrades alike)."""
FAILED_AUTH_RATE: Final = (0.1, 10.0)
"""Failed token checks an address may make (one every ten seconds, ten at once) before it is turned away."""
TOKEN_LIMITER: Final = web.AppKey("token_limiter", RateLimiter)
AUTH_LIMITER: Final = web.AppKey("auth_limiter", RateLimiter)

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

REST_CONVERSE = vol.Schema(
    {
        vol.Required("text"): vol.All(str, vol.Length(max=messages.MAX_TEXT_CHARS)),
        vol.Optional("language", default="en"): vol.All(str, vol.Length(min=1, max=16)),
        vol.Optional("conversation_id"): vol.Any(None, str),
        vol.Optional("user_id"): vol.Any(None, str),
        vol.Optional("device_id"): vol.Any(None, str),
        vol.Optional("area_id"): vol.Any(None, str),
        vol.Optional("tiers", default="any"): vol.In(list(messages.TIER_POLICIES)),
    }
)
REST_EVENT = vol.Schema(
    {vol.Required("event_type"): vol.All(str, vol.Match(r"^hearth_[a-z_]+$")), vol.Optional("data", default=dict): dict}
)


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every path but the health check needs the bearer token, compared in constant time."""
    if request.path in OPEN_PATHS:
        return await handler(request)
    expected = request.app[RUNTIME].identity.token
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    address = str(request.remote)
    if request.app[AUTH_LIMITER].exhausted(address):
        # Checked before the token, so a locked-out address cannot keep guessing and learn which guess was right.
        return json_error(429, "rate_limited", "too many failed attempts; try again later")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), expected.encode()):
        _LOGGER.info("Rejected unauthenticated request to %s from %s", request.path, address)
        request.app[AUTH_LIMITER].allow(address)
        return json_error(401, "invalid_auth", "missing or wrong bearer token")
    if not request.app[TOKEN_LIMITER].allow(hmac.new(expected.encode(), b"rate", "sha256").hexdigest()):
        return json_error(429, "rate_limited", "too many requests")
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
            "models": model_status(runtime),
        }
    )


async def _read_json(request: web.Request, schema: vol.Schema) -> dict[str, Any] | web.Response:
    if request.content_length is not None and request.content_length > MAX_REST_BODY:
        return json_error(413, "message_too_large", f"body larger than {MAX_REST_BODY} bytes")
    try:
        raw = await request.content.read(MAX_REST_BODY + 1)
        if len(raw) > MAX_REST_BODY:
            return json_error(413, "message_too_large", f"body larger than {MAX_REST_BODY} bytes")
        body = json.loads(raw)
        valid: dict[str, Any] = schema(body)
    except ValueError as err:
        return json_error(400, "invalid_message", f"not JSON: {err}")
    except vol.Invalid as err:
        return json_error(400, "invalid_message", humanize_invalid(err))
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
        tiers=body["tiers"],
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


AUDIT_QUERY = vol.Schema(
    {
        vol.Optional("limit", default=100): vol.All(vol.Coerce(int), vol.Range(min=1, max=500)),
        vol.Optional("decision"): vol.All(str, vol.Length(max=32)),
        vol.Optional("kind"): vol.In(["tool", "remote"]),
        vol.Optional("tool"): vol.All(str, vol.Length(max=128)),
    }
)
REST_CONFIRM = vol.Schema(
    {
        vol.Required("approve"): bool,
        vol.Optional("user_id"): vol.Any(None, vol.All(str, vol.Length(min=1, max=128))),
        vol.Optional("pin"): vol.Any(None, vol.All(str, vol.Match(r"^\d{4,10}$"))),
    }
)


_ID = vol.All(str, vol.Length(min=1, max=128))
REST_TOOLS = vol.Schema(
    {
        vol.Required("calls"): vol.All(
            [{vol.Required("tool"): _ID, vol.Optional("args", default=dict): dict,
              vol.Optional("entities", default=list): [_ID]}],
            vol.Length(min=1, max=10),
        ),
        vol.Required("source"): vol.All(str, vol.Match(r"^(automation|skill:[a-z0-9_]{1,40})$")),
        vol.Optional("user_id"): vol.Any(None, _ID),
        vol.Optional("area_id"): vol.Any(None, _ID),
        vol.Optional("device_id"): vol.Any(None, _ID),
        vol.Optional("conversation_id"): vol.Any(None, _ID),
    }
)


async def run_tools(request: web.Request) -> web.Response:
    """Tool calls from an automation or a skill, on behalf of a person: the same policy as a spoken turn."""
    body = await _read_json(request, REST_TOOLS)
    if isinstance(body, web.Response):
        return body
    runtime = request.app[RUNTIME]
    calls = [ToolCall(c["tool"], c["args"], tuple(c["entities"])) for c in body["calls"]]
    turn = TurnRequest(
        text="", area_id=body.get("area_id"), user_id=body.get("user_id"), device_id=body.get("device_id"),
        conversation_id=body.get("conversation_id"),
    )
    request_id = uuid.uuid4().hex
    result = await runtime.agent.async_run_calls(
        calls, turn, executor=runtime.local_executor or runtime.executor_for(None), request_id=request_id,
        source=body["source"],
    )
    return web.json_response(result.to_wire(request_id))


async def audit(request: web.Request) -> web.Response:
    """The newest audit entries (for HA diagnostics and a service), optionally filtered."""
    query = parsed_query(request, AUDIT_QUERY)
    if isinstance(query, web.Response):
        return query
    limit = query.pop("limit")
    entries = request.app[RUNTIME].policy.audit.recent(limit, filters=query)
    return web.json_response({"entries": entries})


async def confirmations(request: web.Request) -> web.Response:
    """Held calls waiting for an answer (ids, prompts, who they are for)."""
    pending = request.app[RUNTIME].policy.confirmations.pending()
    return web.json_response(
        {
            "pending": [
                {"confirmation_id": p.id, "prompt": p.prompt, "user_id": p.request.user_id, "member": p.person.id,
                 "tools": [c.tool for c in p.calls], "needs_pin": p.needs_pin}
                for p in pending
            ]
        }
    )


async def answer_confirmation(request: web.Request) -> web.Response:
    """A phone notification action: approve or decline a held call, as the person it was held for."""
    body = await _read_json(request, REST_CONFIRM)
    if isinstance(body, web.Response):
        return body
    runtime = request.app[RUNTIME]
    result = await runtime.resolve_confirmation(
        request.match_info["confirmation_id"], approve=body["approve"], user_id=body.get("user_id"),
        pin=body.get("pin"),
    )
    if result is None:
        return json_error(404, "unknown_confirmation", "no such confirmation is waiting (or it expired)")
    request_id = uuid.uuid4().hex
    return web.json_response(result.to_wire(request_id))


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
    app[TOKEN_LIMITER] = RateLimiter(*TOKEN_RATE)
    app[AUTH_LIMITER] = RateLimiter(*FAILED_AUTH_RATE)
    app.router.add_get("/api/health", health)
    app.router.add_get("/api/v1/info", info)
    app.router.add_post("/api/v1/converse", converse)
    app.router.add_post("/api/v1/events", raise_event)
    app.router.add_get("/api/v1/ws", link_ws)
    app.router.add_post("/api/v1/tools", run_tools)
    app.router.add_get("/api/v1/audit", audit)
    app.router.add_get("/api/v1/confirmations", confirmations)
    app.router.add_post("/api/v1/confirmations/{confirmation_id}", answer_confirmation)
    household_api.add_routes(app)
    insight_api.add_routes(app)

    async def close_link(_app: web.Application) -> None:
        if runtime.link is not None and not runtime.link.closed:
            await runtime.link.close()

    app.on_shutdown.append(close_link)
    return app
