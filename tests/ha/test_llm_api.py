"""The `hearth` LLM API: listed while a hub is loaded, each tool returns the hub's data for the asking user, hub
errors and bad arguments become clear results, and the API goes away with the last entry."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.hearth.const import LLM_API_ID

from .fake_hub import FakeHub
from .helpers import async_setup_home, setup_entry

MEMORY = {"id": "m1", "text": "The plumber comes on Tuesday", "person": None, "scope": "household", "kind": "fact",
          "source": "explicit", "created_at": 1.0, "valid_from": 1.0, "invalid_at": None, "expires_at": None,
          "subject": None, "superseded_by": None, "data": {}, "score": 0.5}
REPORT = {"person": "rose", "night_of": "2026-11-25", "start": "s", "end": "e", "summary": "You slept 7 h.",
          "metrics": {"total_sleep_min": {"value": 420}}}


async def _api(hass: HomeAssistant, user: MockUser | None = None) -> llm.APIInstance:
    context = llm.LLMContext(platform="test", context=Context(user_id=user.id if user else None), language="en",
                             assistant="conversation", device_id=None)
    return await llm.async_get_api(hass, LLM_API_ID, context)


async def _call(api: llm.APIInstance, tool: str, args: dict[str, Any] | None = None) -> llm.ToolResult:
    return await api.async_call_tool(llm.ToolInput(tool_name=tool, tool_args=args or {}))


async def test_the_api_is_listed_while_a_hub_is_loaded(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    await async_setup_home(hass)
    assert LLM_API_ID not in {api.id for api in llm.async_get_apis(hass)}
    await setup_entry(hass, mock_config_entry, fake_hub)
    [api] = [api for api in llm.async_get_apis(hass) if api.id == LLM_API_ID]
    assert api.name == "Hearth"
    instance = await _api(hass)
    assert {tool.name for tool in instance.tools} == {
        "HearthRecallMemories", "HearthRemember", "HearthSleepReport", "HearthFallStatus"}
    assert all(tool.integration == "hearth" for tool in instance.tools)

    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert LLM_API_ID not in {api.id for api in llm.async_get_apis(hass)}


async def test_each_tool_returns_the_hubs_data_for_the_asking_user(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    await async_setup_home(hass)
    fake_hub.rest_answers[("GET", "/api/v1/memories/search")] = (200, {"memories": [MEMORY]})
    fake_hub.rest_answers[("POST", "/api/v1/memories")] = (201, {"memory": {**MEMORY, "id": "m2"}, "status": "added"})
    fake_hub.rest_answers[("GET", "/api/v1/sleep/rose/report")] = (200, {"report": REPORT})
    fake_hub.rest_answers[("GET", "/api/v1/incidents")] = (
        200, [{"incident_id": "i1", "person": "rose", "area": "bathroom", "step": 0, "opened_at": 5.0}])
    await setup_entry(hass, mock_config_entry, fake_hub)
    api = await _api(hass, hass_admin_user)

    recalled = await _call(api, "HearthRecallMemories", {"query": "plumber", "limit": 3})
    assert not recalled.error
    assert recalled.data == {"memories": [{"id": "m1", "text": "The plumber comes on Tuesday", "scope": "household",
                                           "kind": "fact", "created_at": 1.0}]}
    assert fake_hub.rest_calls[-1][:3] == ("GET", "/api/v1/memories/search",
                                           {"q": "plumber", "k": "3", "user_id": hass_admin_user.id})

    remembered = await _call(api, "HearthRemember", {"text": "The bins go out on Monday", "scope": "household"})
    assert remembered.data["remembered"] is True
    assert remembered.data["status"] == "added"
    assert fake_hub.rest_calls[-1][3] == {"text": "The bins go out on Monday", "scope": "household",
                                          "user_id": hass_admin_user.id}

    report = await _call(api, "HearthSleepReport", {"person": "Rose"})
    assert report.data["summary"] == "You slept 7 h."
    assert report.data["metrics"] == {"total_sleep_min": {"value": 420}}
    assert fake_hub.rest_calls[-1][:3] == ("GET", "/api/v1/sleep/rose/report", {"user_id": hass_admin_user.id})

    falls = await _call(api, "HearthFallStatus")
    assert falls.data == {"open": True, "incidents": [
        {"incident_id": "i1", "person": "rose", "area": "bathroom", "step": 0, "opened_at": 5.0}]}


async def test_hub_errors_and_bad_arguments_become_clear_results(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    await async_setup_home(hass)
    fake_hub.rest_answers[("GET", "/api/v1/sleep/rose/report")] = (
        403, {"error": "not_allowed", "message": "only the person and adults"})
    fake_hub.rest_answers[("GET", "/api/v1/sleep/max/report")] = (404, {"error": "no_report", "message": "none"})
    fake_hub.rest_answers[("GET", "/api/v1/memories/search")] = (503, {"error": "memory_unavailable", "message": "x"})
    fake_hub.rest_answers[("GET", "/api/v1/incidents")] = (404, "Not Found")
    await setup_entry(hass, mock_config_entry, fake_hub)
    api = await _api(hass)

    denied = await _call(api, "HearthSleepReport", {"person": "rose"})
    assert denied.error
    assert denied.data["error"] == "not_allowed"
    assert "adults" in str(denied.data["message"])
    assert (await _call(api, "HearthSleepReport", {"person": "max"})).data["error"] == "no_report"
    assert (await _call(api, "HearthRecallMemories", {"query": "x"})).data["error"] == "memory_unavailable"
    assert (await _call(api, "HearthFallStatus")).data["error"] == "care_disabled"

    bad = await _call(api, "HearthRemember", {"text": "x", "scope": "everyone"})
    assert bad.error
    assert bad.data["error"] == "invalid_arguments"
    calls = len(fake_hub.rest_calls)
    assert (await _call(api, "HearthRecallMemories", {})).data["error"] == "invalid_arguments"
    assert len(fake_hub.rest_calls) == calls  # nothing reached the hub

    await fake_hub.stop()
    gone = await _call(api, "HearthRecallMemories", {"query": "plumber"})
    assert gone.error
    assert gone.data["error"] == "hub_unavailable"
