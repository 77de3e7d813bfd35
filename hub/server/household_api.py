"""REST for Home Assistant's actions: household memory (remember, list, edit, forget), members' safety profiles
(the fall escalation reads them), sleep tracking (start, stop),
skills (list, run now) and the status of the hub's models (for `/api/v1/info`).

Memory goes through the store's public API with its visibility rules: a request for an HA user acts as that
member (they see, edit and forget only their own private items and household items); a request without one acts as
the hub's owner, as HA's admin-only actions do.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import voluptuous as vol
from aiohttp import web

from hub.config import SKILL_NAMES, load_config
from hub.errors import ConfigError
from hub.home.model import humanize_invalid
from hub.memory.errors import MemberNotFoundError, MemoryNotFoundError, MemoryStoreError
from hub.memory.model import KINDS, SCOPES, Member, Scope
from hub.memory.profile import PROFILE_SCHEMA
from hub.runtime import HubRuntime
from hub.server.rest import json_error, memory_of, parsed_query, runtime_of

SHIPPED_COMMAND_MODEL: Final = Path(__file__).resolve().parents[2] / "models" / "nlu"
"""Where the shipped command model lives in a checkout (its `SHA256SUMS` marks a complete copy)."""
SKILLS: Final = SKILL_NAMES

_ID = vol.All(str, vol.Length(min=1, max=128))
REMEMBER: Final = vol.Schema(
    {
        vol.Required("text"): vol.All(str, vol.Length(min=1, max=2000)),
        vol.Optional("user_id"): vol.Any(None, _ID),
        vol.Optional("scope", default="private"): vol.In(SCOPES),
        vol.Optional("kind", default="fact"): vol.In(KINDS),
    }
)
LIST_QUERY: Final = vol.Schema(
    {
        vol.Optional("user_id"): _ID,
        vol.Optional("limit", default=50): vol.All(vol.Coerce(int), vol.Range(min=1, max=500)),
        vol.Optional("kind"): vol.In(KINDS),
    }
)
FORGET_QUERY: Final = vol.Schema({vol.Optional("user_id"): _ID})
UPDATE: Final = vol.Schema(
    {
        vol.Required("text"): vol.All(str, vol.Length(min=1, max=2000), vol.Match(r"\S")),
        vol.Optional("user_id"): vol.Any(None, _ID),
    }
)


async def _body(request: web.Request, schema: vol.Schema) -> dict[str, Any] | web.Response:
    try:
        raw = await request.json()
        valid: dict[str, Any] = schema(raw)
    except ValueError as err:
        return json_error(400, "invalid_message", f"not JSON: {err}")
    except vol.Invalid as err:
        return json_error(400, "invalid_message", humanize_invalid(err))
    return valid


async def remember(request: web.Request) -> web.Response:
    """`POST /api/v1/memories` `{"text", "user_id"?, "scope"?, "kind"?}` → 201 `{"memory", "status"}`."""
    body = await _body(request, REMEMBER)
    if isinstance(body, web.Response):
        return body
    memory = memory_of(request)
    if isinstance(memory, web.Response):
        return memory
    member = memory.viewer_for(body.get("user_id")).member
    scope: Scope = body["scope"] if member is not None else "household"
    try:
        result = await asyncio.to_thread(
            memory.remember, body["text"], person=member, scope=scope, kind=body["kind"], source="explicit"
        )
    except MemoryStoreError as err:
        return json_error(400, "invalid_message", str(err))
    return web.json_response({"memory": result.memory.to_json(), "status": result.status}, status=201)


async def list_memories(request: web.Request) -> web.Response:
    """`GET /api/v1/memories?user_id=&limit=&kind=` → `{"memories": [...]}`, newest first, as that person sees them."""
    query = parsed_query(request, LIST_QUERY)
    if isinstance(query, web.Response):
        return query
    memory = memory_of(request)
    if isinstance(memory, web.Response):
        return memory
    viewer = memory.viewer_for(query.get("user_id"))
    kinds = [query["kind"]] if "kind" in query else None
    items = await asyncio.to_thread(memory.list_memories, viewer, kinds=kinds, limit=query["limit"])
    return web.json_response({"memories": [item.to_json() for item in items]})


async def forget(request: web.Request) -> web.Response:
    """`DELETE /api/v1/memories/{memory_id}?user_id=` → `{"forgotten": n}`, or 404 `unknown_memory`."""
    query = parsed_query(request, FORGET_QUERY)
    if isinstance(query, web.Response):
        return query
    memory = memory_of(request)
    if isinstance(memory, web.Response):
        return memory
    viewer = memory.viewer_for(query["user_id"]) if "user_id" in query else None
    try:
        count = await asyncio.to_thread(memory.forget, request.match_info["memory_id"], viewer, reason="ha_action")
    except MemoryNotFoundError:
        return json_error(404, "unknown_memory", "no such memory (or not visible to that person)")
    return web.json_response({"forgotten": count})


async def update(request: web.Request) -> web.Response:
    """`PATCH /api/v1/memories/{memory_id}` `{"text", "user_id"?}` → `{"memory", "replaced", "status"}`: the edit is a
    new version valid from now and the old one is closed (`invalid_at`), as any update; 404 `unknown_memory`."""
    body = await _body(request, UPDATE)
    if isinstance(body, web.Response):
        return body
    memory = memory_of(request)
    if isinstance(memory, web.Response):
        return memory
    viewer = memory.viewer_for(body["user_id"]) if body.get("user_id") else None
    try:
        result = await asyncio.to_thread(memory.update, request.match_info["memory_id"], body["text"], viewer)
    except MemoryNotFoundError:
        return json_error(404, "unknown_memory", "no such memory (or not visible to that person)")
    except MemoryStoreError as err:
        return json_error(400, "invalid_message", str(err))
    return web.json_response({
        "memory": result.memory.to_json(),
        "replaced": result.replaced.id if result.replaced is not None else None,
        "status": result.status,
    })


def member_json(member: Member) -> dict[str, Any]:
    """A member with the safety profile the fall escalation reads (no memories)."""
    return {
        "id": member.id, "name": member.name, "ha_user_id": member.ha_user_id, "birth_year": member.birth_year,
        "conditions": list(member.conditions), "lives_alone": member.lives_alone,
        "emergency_contacts": list(member.emergency_contacts), "profile_at": member.profile_at,
    }


async def list_members(request: web.Request) -> web.Response:
    """`GET /api/v1/members` → `{"members": [...]}` with their safety profiles (hub owner's view)."""
    memory = memory_of(request)
    if isinstance(memory, web.Response):
        return memory
    members = await asyncio.to_thread(memory.members)
    return web.json_response({"members": [member_json(m) for m in members]})


async def set_profile(request: web.Request) -> web.Response:
    """`PATCH /api/v1/members/{member_id}` `{"birth_year"?, "conditions"?, "lives_alone"?, "emergency_contacts"?,
    "name"?}` → `{"member"}`: only the keys given change; the next fall of that person is planned with them.
    A new member needs a `name`; 404 `unknown_member` without one."""
    body = await _body(request, PROFILE_SCHEMA)
    if isinstance(body, web.Response):
        return body
    memory = memory_of(request)
    if isinstance(memory, web.Response):
        return memory
    member_id = request.match_info["member_id"]
    try:
        if await asyncio.to_thread(memory.member, member_id) is None and "name" in body:
            await asyncio.to_thread(memory.add_member, body["name"], member_id=member_id)
        member = await asyncio.to_thread(memory.set_profile, member_id, body)
    except MemberNotFoundError:
        return json_error(404, "unknown_member", "no such member (give a name to add one)")
    except MemoryStoreError as err:
        return json_error(400, "invalid_message", str(err))
    return web.json_response({"member": member_json(member)})


async def stop_sleep(request: web.Request) -> web.Response:
    """`POST /api/v1/sleep/{person}/stop`: end tonight's session now; its report is raised like a morning's."""
    care = runtime_of(request).care
    if care is None:
        return json_error(409, "care_disabled", "sleep tracking is not configured on this hub")
    sleep = care.sleep
    person = request.match_info["person"]
    if person not in sleep.people:
        return json_error(404, "unknown_person", "unknown person")
    running, report = await sleep.stop(person)
    if not running:
        return json_error(409, "not_tracking", "no sleep session is running for that person")
    return web.json_response({"stopped": person, "report": report is not None})


def skill_states(runtime: HubRuntime) -> list[dict[str, Any]]:
    """Each skill: `configured` (the care loop runs) and `enabled` (configured and not turned off in `[skills]`)."""
    from hub.sensing.care import skill_enabled

    care = runtime.care
    return [
        {"name": name, "enabled": care is not None and skill_enabled(runtime.config.skills, name),
         "configured": care is not None}
        for name in SKILLS
    ]


async def skills(request: web.Request) -> web.Response:
    """`GET /api/v1/skills` → `{"skills": [{"name", "enabled", "configured"}]}`."""
    return web.json_response({"skills": skill_states(runtime_of(request))})


async def reload_skills(request: web.Request) -> web.Response:
    """`POST /api/v1/skills/reload`: re-read `[skills]` (enabled or not) and `[care]` (people, wearables, satellites,
    areas, timeouts, sleep) from the hub's config file and apply them without a restart → `{"skills": [...]}`.

    409 `no_config_file` for a hub started without one; 400 `invalid_config` (nothing changes) for a file that does
    not validate. Turning the care loop itself on or off (`mqtt_url`) still needs a restart.
    """
    from hub.sensing.care import care_settings

    runtime = runtime_of(request)
    path = runtime.config.config_path
    if path is None:
        return json_error(409, "no_config_file", "the hub was started without a config file")
    try:
        fresh = await asyncio.to_thread(load_config, path, {})
        settings = care_settings(dict(fresh.care)) if runtime.care is not None else None
    except ConfigError as err:
        return json_error(400, "invalid_config", str(err)[:300])
    runtime.config = replace(runtime.config, care=fresh.care, skills=fresh.skills)
    if runtime.care is not None and settings is not None:
        runtime.care.apply(settings, fresh.skills)
    return web.json_response({"skills": skill_states(runtime)})


async def run_skill(request: web.Request) -> web.Response:
    """`POST /api/v1/skills/{name}/run`: do the skill's periodic work now (sleep: sample and finish nights; falls:
    advance escalations) → `{"ran": name}`; 404 `unknown_skill`, 409 `skill_disabled`."""
    name = request.match_info["name"]
    if name not in SKILLS:
        return json_error(404, "unknown_skill", "no such skill")
    runtime = runtime_of(request)
    care = runtime.care
    if care is None or not next(s["enabled"] for s in skill_states(runtime) if s["name"] == name):
        return json_error(409, "skill_disabled", "the skill is not configured on this hub, or is turned off")
    if name == "sleep_report":
        reports = await care.sleep.sample()
        return web.json_response({"ran": name, "reports": len(reports)})
    await care.escalation.tick()
    return web.json_response({"ran": name})


def model_status(runtime: HubRuntime) -> list[dict[str, Any]]:
    """Each model the hub ships or is configured with: `loaded`, `failed` (with `error`) or `disabled`."""
    tiers = _tier_names(runtime)
    models: list[dict[str, Any]] = []
    if "nlu" in tiers:
        models.append({"name": "command_model", "status": "loaded"})
    elif (SHIPPED_COMMAND_MODEL / "SHA256SUMS").is_file():
        models.append({"name": "command_model", "status": "failed", "error": "the shipped command model did not load"})
    else:
        models.append({"name": "command_model", "status": "failed", "error": f"missing from {SHIPPED_COMMAND_MODEL}"})
    models.append(
        {"name": "embedder", "status": "loaded"}
        if runtime.memory is not None
        else {"name": "embedder", "status": "failed", "error": "household memory did not open"}
    )
    models.append({"name": "fall_model", "status": "loaded" if runtime.care is not None else "disabled"})
    models.append({"name": "generator", "status": "loaded" if "generator" in tiers else "disabled"})
    return models


def _tier_names(runtime: HubRuntime) -> set[str]:
    """Names of the understanding tiers, looking inside the router."""
    names: set[str] = set()
    for backend in runtime.agent.backends:
        names.add(backend.name)
        for tier in getattr(backend, "tiers", ()):
            inner = getattr(tier, "backend", tier)
            names.add(str(getattr(inner, "name", "")))
    return names


def add_routes(app: web.Application) -> None:
    """Register the routes (all behind the app's token middleware and rate limits)."""
    app.router.add_post("/api/v1/memories", remember)
    app.router.add_get("/api/v1/memories", list_memories)
    app.router.add_patch("/api/v1/memories/{memory_id}", update)
    app.router.add_delete("/api/v1/memories/{memory_id}", forget)
    app.router.add_get("/api/v1/members", list_members)
    app.router.add_patch("/api/v1/members/{member_id}", set_profile)
    app.router.add_post("/api/v1/sleep/{person}/stop", stop_sleep)
    app.router.add_get("/api/v1/skills", skills)
    app.router.add_post("/api/v1/skills/reload", reload_skills)
    app.router.add_post("/api/v1/skills/{name}/run", run_skill)
