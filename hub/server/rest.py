"""What every REST handler of the hub shares: the error body, the runtime, and validated query parameters.

One error shape (`{"error": code, "message": ...}`) for the whole API, so HA's client maps every failure the
same way whichever module answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import voluptuous as vol
from aiohttp import web

from hub.home.model import humanize_invalid

if TYPE_CHECKING:
    from hub.memory.store import MemoryStore
    from hub.runtime import HubRuntime


def json_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


def runtime_of(request: web.Request) -> HubRuntime:
    from hub.server.app import RUNTIME  # the app module imports the handler modules

    return request.app[RUNTIME]


def parsed_query(request: web.Request, schema: vol.Schema) -> dict[str, Any] | web.Response:
    """The query string validated by `schema`, or the 400 `invalid_message` response to return."""
    try:
        valid: dict[str, Any] = schema(dict(request.query))
    except vol.Invalid as err:
        return json_error(400, "invalid_message", humanize_invalid(err))
    return valid


def memory_of(request: web.Request) -> MemoryStore | web.Response:
    """The household memory, or the 503 `memory_unavailable` response to return when the hub runs without one."""
    memory = runtime_of(request).memory
    if memory is None:
        return json_error(503, "memory_unavailable", "the hub has no household memory")
    return memory
