"""Read-only REST for Home Assistant's LLM tools and diagnostics: memory search, last night's sleep report, and
the router's recent decisions.

Memory search goes through the store's retrieval with the asking person's visibility (their private items and
household ones; household only for an unknown user). A sleep report is a person's own, or any member's for an
adult (a carer asking about grandma); an unknown HA user sees none. Recent turns carry the router's decisions and
reasons, never what was said.
"""

from __future__ import annotations

import asyncio
from typing import Final

import voluptuous as vol
from aiohttp import web

from hub.llm.base import TurnRequest
from hub.server.rest import json_error, memory_of, parsed_query, runtime_of

_ID = vol.All(str, vol.Length(min=1, max=128))
SEARCH_QUERY: Final = vol.Schema(
    {
        vol.Required("q"): vol.All(str, vol.Length(min=1, max=500), vol.Match(r"\S")),
        vol.Optional("user_id"): _ID,
        vol.Optional("k", default=5): vol.All(vol.Coerce(int), vol.Range(min=1, max=50)),
    }
)
REPORT_QUERY: Final = vol.Schema({vol.Optional("user_id"): _ID})
TURNS_QUERY: Final = vol.Schema(
    {vol.Optional("limit", default=20): vol.All(vol.Coerce(int), vol.Range(min=1, max=100))}
)
TURN_FIELDS: Final = ("request_id", "time", "tier", "outcome", "ms", "tiers", "router")
"""What a recent turn shows: which tier answered and why, never the words."""


async def search_memories(request: web.Request) -> web.Response:
    """`GET /api/v1/memories/search?q=&user_id=&k=` → `{"memories": [...]}`, best first, as that person sees them."""
    query = parsed_query(request, SEARCH_QUERY)
    if isinstance(query, web.Response):
        return query
    memory = memory_of(request)
    if isinstance(memory, web.Response):
        return memory
    viewer = memory.viewer_for(query.get("user_id"))
    hits = await asyncio.to_thread(memory.search, query["q"], viewer, k=query["k"])
    return web.json_response({"memories": [{**hit.memory.to_json(), "score": round(hit.score, 6)} for hit in hits]})


async def sleep_report(request: web.Request) -> web.Response:
    """`GET /api/v1/sleep/{person}/report?user_id=` → `{"report": {...}}`: the person's latest night.

    404 `unknown_person` or `no_report`, 409 `care_disabled`, 403 `not_allowed` (someone else's night, asked by a
    child or an unknown user).
    """
    query = parsed_query(request, REPORT_QUERY)
    if isinstance(query, web.Response):
        return query
    runtime = runtime_of(request)
    if runtime.care is None:
        return json_error(409, "care_disabled", "sleep tracking is not configured on this hub")
    sleep = runtime.care.sleep
    person = request.match_info["person"]
    if person not in sleep.people:
        return json_error(404, "unknown_person", "no sleep tracking is set up for that person")
    if "user_id" in query:
        asker = runtime.policy.person_for(TurnRequest("", user_id=query["user_id"]))
        if asker.id != person and (asker.id is None or asker.role != "adult"):
            return json_error(403, "not_allowed", "only the person and the household's adults see a sleep report")
    report = next((r for r in reversed(sleep.reports) if r.person == person), None)
    if report is None:
        return json_error(404, "no_report", "no night has been reported for that person yet")
    return web.json_response({"report": report.to_event()})


async def recent_turns(request: web.Request) -> web.Response:
    """`GET /api/v1/turns?limit=` → `{"turns": [...]}`, newest first: tier, outcome, and the router's decisions."""
    query = parsed_query(request, TURNS_QUERY)
    if isinstance(query, web.Response):
        return query
    turns = runtime_of(request).recent_turns[-query["limit"]:]
    return web.json_response(
        {"turns": [{key: turn.get(key) for key in TURN_FIELDS} for turn in reversed(turns)]}
    )


def add_routes(app: web.Application) -> None:
    """Mount the read-only endpoints (all need the token, like every path but the health check)."""
    app.router.add_get("/api/v1/memories/search", search_memories)
    app.router.add_get("/api/v1/sleep/{person}/report", sleep_report)
    app.router.add_get("/api/v1/turns", recent_turns)
