"""Every action and its errors, against the fake hub's REST endpoints (the real hub's are tested in tests/hub and
in the end-to-end test)."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hearth.const import DOMAIN

from .fake_hub import FakeHub
from .helpers import async_setup_base, setup_entry

MEMORY = {"id": "m1", "text": "the spare key is under the blue pot", "person": "anna", "scope": "private",
          "kind": "fact", "valid_from": 1.0, "data": {"secret": "not passed on"}}


@pytest.fixture
async def loaded(hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry) -> MockConfigEntry:
    await async_setup_base(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    return mock_config_entry


async def _call(hass: HomeAssistant, service: str, data: dict[str, Any], *, response: bool = False) -> Any:
    return await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=response, context=Context(user_id="ha-anna")
    )


async def test_every_action_is_registered(hass: HomeAssistant, loaded: MockConfigEntry) -> None:
    assert set(hass.services.async_services_for_domain(DOMAIN)) == {
        "respond_to_incident", "remember", "forget", "update_memory", "list_memories", "start_sleep_tracking",
        "stop_sleep_tracking", "run_skill", "audit_log", "reload_skills",
    }


AUDIT_ENTRY = {
    "time": 1764150000.0, "kind": "tool", "decision": "held", "tool": "HassTurnOff", "tier": "sensitive",
    "reason": "sensitive calls wait for a yes", "source": "nlu", "entities": ["lock.front_door"],
    "who": {"member": "anna", "role": "adult"}, "args": {"name": "Front Door"}, "request_id": "r1",
}


async def test_audit_log_shows_decisions_without_arguments(
    hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry
) -> None:
    fake_hub.rest_answers[("GET", "/api/v1/audit")] = (200, {"entries": [AUDIT_ENTRY, "junk"]})
    result = await _call(hass, "audit_log", {"limit": 5, "decision": "held"}, response=True)
    assert result == {"entries": [{k: v for k, v in AUDIT_ENTRY.items() if k not in ("args", "request_id")}]}
    assert fake_hub.rest_calls[-1][:3] == ("GET", "/api/v1/audit", {"limit": "5", "decision": "held"})
    with pytest.raises(Exception, match="decision"):
        await _call(hass, "audit_log", {"decision": "maybe"}, response=True)


async def test_remember_list_forget(hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry) -> None:
    fake_hub.rest_answers[("POST", "/api/v1/memories")] = (201, {"memory": MEMORY, "status": "added"})
    result = await _call(hass, "remember", {"text": MEMORY["text"], "scope": "private"}, response=True)
    assert result == {"memory_id": "m1", "status": "added"}
    assert fake_hub.rest_calls[-1] == (
        "POST", "/api/v1/memories", {}, {"text": MEMORY["text"], "scope": "private", "user_id": "ha-anna"}
    )

    fake_hub.rest_answers[("GET", "/api/v1/memories")] = (200, {"memories": [MEMORY]})
    result = await _call(hass, "list_memories", {"limit": 5}, response=True)
    assert result == {"memories": [{k: MEMORY[k] for k in ("id", "text", "person", "scope", "kind", "valid_from")}]}
    assert fake_hub.rest_calls[-1][2] == {"limit": "5", "user_id": "ha-anna"}

    fake_hub.rest_answers[("DELETE", "/api/v1/memories/m1")] = (200, {"forgotten": 2})
    assert await _call(hass, "forget", {"memory_id": "m1"}, response=True) == {"forgotten": 2}
    assert fake_hub.rest_calls[-1][:3] == ("DELETE", "/api/v1/memories/m1", {"user_id": "ha-anna"})


async def test_update_memory(hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry) -> None:
    edited = {**MEMORY, "id": "m2", "text": "The spare key is in the green pot"}
    fake_hub.rest_answers[("PATCH", "/api/v1/memories/m1")] = (
        200, {"memory": edited, "replaced": "m1", "status": "updated"}
    )
    result = await _call(hass, "update_memory", {"memory_id": "m1", "text": edited["text"]}, response=True)
    assert result == {"memory_id": "m2", "status": "updated"}
    assert fake_hub.rest_calls[-1] == (
        "PATCH", "/api/v1/memories/m1", {}, {"text": edited["text"], "user_id": "ha-anna"}
    )
    fake_hub.rest_answers[("PATCH", "/api/v1/memories/nope")] = (404, {"error": "unknown_memory"})
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "update_memory", {"memory_id": "nope", "text": "x"}, response=True)
    assert caught.value.translation_key == "unknown_memory"
    with pytest.raises(Exception, match="memory_id"):
        await _call(hass, "update_memory", {"memory_id": "../audit", "text": "x"}, response=True)
    with pytest.raises(Exception, match="text"):
        await _call(hass, "update_memory", {"memory_id": "m1"}, response=True)


async def test_sleep_and_skills(hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry) -> None:
    fake_hub.rest_answers[("POST", "/api/v1/sleep/rose/start")] = (202, {"started": "rose"})
    await _call(hass, "start_sleep_tracking", {"person": "rose"})
    fake_hub.rest_answers[("POST", "/api/v1/sleep/rose/stop")] = (200, {"stopped": "rose", "report": True})
    assert await _call(hass, "stop_sleep_tracking", {"person": "rose"}, response=True) == {"report": True}
    await _call(hass, "run_skill", {"skill": "sleep_report"})
    assert [call[:2] for call in fake_hub.rest_calls] == [
        ("POST", "/api/v1/sleep/rose/start"), ("POST", "/api/v1/sleep/rose/stop"),
        ("POST", "/api/v1/skills/sleep_report/run"),
    ]


async def test_reload_skills(hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry) -> None:
    fake_hub.rest_answers[("POST", "/api/v1/skills/reload")] = (200, {"skills": [
        {"name": "fall_response", "enabled": True, "configured": True},
        {"name": "sleep_report", "enabled": False, "configured": True}, "junk"]})
    result = await _call(hass, "reload_skills", {}, response=True)
    assert result == {"skills": [{"name": "fall_response", "enabled": True, "configured": True},
                                 {"name": "sleep_report", "enabled": False, "configured": True}]}
    assert fake_hub.rest_calls[-1][:2] == ("POST", "/api/v1/skills/reload")
    await _call(hass, "reload_skills", {"config_entry_id": loaded.entry_id})  # without a response too

    fake_hub.rest_answers[("POST", "/api/v1/skills/reload")] = (
        400, {"error": "invalid_config", "message": "invalid configuration: expected int for dictionary value"})
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "reload_skills", {}, response=True)
    assert caught.value.translation_key == "invalid_config"
    assert caught.value.translation_placeholders == {
        "message": "invalid configuration: expected int for dictionary value"}
    assert "expected int" in str(caught.value)
    with pytest.raises(Exception, match="skill"):
        await _call(hass, "reload_skills", {"skill": "sleep_report"})


@pytest.mark.parametrize(
    ("service", "data", "path", "status", "body", "error", "key"),
    [
        ("forget", {"memory_id": "nope"}, ("DELETE", "/api/v1/memories/nope"), 404,
         {"error": "unknown_memory"}, ServiceValidationError, "unknown_memory"),
        ("remember", {"text": "x"}, ("POST", "/api/v1/memories"), 503,
         {"error": "memory_unavailable"}, ServiceValidationError, "memory_unavailable"),
        ("remember", {"text": "x"}, ("POST", "/api/v1/memories"), 400,
         {"error": "invalid_message", "message": "bad"}, ServiceValidationError, "invalid_request"),
        ("start_sleep_tracking", {"person": "rose"}, ("POST", "/api/v1/sleep/rose/start"), 404,
         "404: Not Found", ServiceValidationError, "sleep_unavailable"),
        ("stop_sleep_tracking", {"person": "rose"}, ("POST", "/api/v1/sleep/rose/stop"), 409,
         {"error": "not_tracking"}, ServiceValidationError, "not_tracking"),
        ("stop_sleep_tracking", {"person": "rose"}, ("POST", "/api/v1/sleep/rose/stop"), 409,
         {"error": "care_disabled"}, ServiceValidationError, "care_disabled"),
        ("stop_sleep_tracking", {"person": "rose"}, ("POST", "/api/v1/sleep/rose/stop"), 404,
         {"error": "unknown_person"}, ServiceValidationError, "unknown_person"),
        ("run_skill", {"skill": "fall_response"}, ("POST", "/api/v1/skills/fall_response/run"), 409,
         {"error": "skill_disabled"}, ServiceValidationError, "skill_disabled"),
        ("run_skill", {"skill": "fall_response"}, ("POST", "/api/v1/skills/fall_response/run"), 404,
         {"error": "unknown_skill"}, ServiceValidationError, "unknown_skill"),
        ("list_memories", {}, ("GET", "/api/v1/memories"), 404, "404: Not Found", ServiceValidationError,
         "not_supported"),
        ("reload_skills", {}, ("POST", "/api/v1/skills/reload"), 409, {"error": "no_config_file"},
         ServiceValidationError, "no_config_file"),
        ("reload_skills", {}, ("POST", "/api/v1/skills/reload"), 404, "404: Not Found", ServiceValidationError,
         "not_supported"),
        ("reload_skills", {}, ("POST", "/api/v1/skills/reload"), 503, {"error": "internal_error"},
         HomeAssistantError, "hub_error"),
        ("list_memories", {}, ("GET", "/api/v1/memories"), 500, {"error": "internal_error"}, HomeAssistantError,
         "hub_error"),
        ("list_memories", {}, ("GET", "/api/v1/memories"), 401, {"error": "invalid_auth"}, HomeAssistantError,
         "invalid_auth"),
    ],
)
async def test_hub_errors_are_translated(
    hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry, service: str, data: dict[str, Any],
    path: tuple[str, str], status: int, body: Any, error: type[Exception], key: str,
) -> None:
    fake_hub.rest_answers[path] = (status, body)
    with pytest.raises(error) as caught:
        await _call(hass, service, data, response=service == "list_memories")
    assert getattr(caught.value, "translation_key", None) == key
    assert getattr(caught.value, "translation_domain", None) == DOMAIN
    assert str(caught.value)  # the translated message, not the key


async def test_schema_rejects_bad_input(hass: HomeAssistant, loaded: MockConfigEntry) -> None:
    for service, data in [("remember", {"text": ""}), ("remember", {"text": "x", "scope": "all"}),
                          ("start_sleep_tracking", {"person": "Rose Smith"}), ("run_skill", {"skill": "nope"}),
                          ("list_memories", {"limit": 0})]:
        with pytest.raises(Exception, match=r"\w"):
            await _call(hass, service, data, response=service == "list_memories")


async def test_no_hub_and_unreachable_hub(
    hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "run_skill", {"skill": "sleep_report", "config_entry_id": "missing"})
    assert caught.value.translation_key == "unknown_entry"

    await fake_hub.stop()
    with pytest.raises(HomeAssistantError) as caught:
        await _call(hass, "run_skill", {"skill": "sleep_report"})
    assert caught.value.translation_key == "hub_not_connected"
    assert not isinstance(caught.value, ServiceValidationError)

    assert await hass.config_entries.async_unload(loaded.entry_id)
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "run_skill", {"skill": "sleep_report"})
    assert caught.value.translation_key == "hub_not_loaded"
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "run_skill", {"skill": "sleep_report", "config_entry_id": loaded.entry_id})
    assert caught.value.translation_key == "hub_not_loaded"


async def test_respond_to_incident_errors(hass: HomeAssistant, fake_hub: FakeHub, loaded: MockConfigEntry) -> None:
    """Unknown incident: a validation error naming it; a hub that is away: a Home Assistant error."""
    fake_hub.rest_answers[("POST", "/api/v1/incidents/inc-7/respond")] = (404, {"resolved_or_escalated": False})
    with pytest.raises(ServiceValidationError) as caught:
        await _call(hass, "respond_to_incident", {"incident_id": "inc-7", "response": "ok"})
    assert caught.value.translation_key == "unknown_incident"
    assert caught.value.translation_placeholders == {"incident_id": "inc-7"}
    with pytest.raises(Exception, match=r"\w"):
        await _call(hass, "respond_to_incident", {"incident_id": "../memories", "response": "ok"})
    with pytest.raises(Exception, match=r"\w"):
        await _call(hass, "forget", {"memory_id": "../../skills/sleep_report/run"})
    await fake_hub.stop()
    with pytest.raises(HomeAssistantError) as caught:
        await _call(hass, "respond_to_incident", {"incident_id": "inc-7", "response": "ok"})
    assert caught.value.translation_key == "hub_not_connected"
    assert not isinstance(caught.value, ServiceValidationError)
