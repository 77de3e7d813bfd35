"""Diagnostics carry link health and turn outcomes, and never the token, the address or what was said."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import get_diagnostics_for_config_entry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .fake_hub import FakeHub, HubSession
from .helpers import agent_entity_id, async_setup_home, setup_entry


async def test_diagnostics_are_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    fake_hub: FakeHub,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The token and host never appear; recent turns show tier and outcome only."""
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.answer(request, "Alice's secret plan is ready.", outcome="answered", tier="local_nlu")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    await conversation.async_converse(
        hass,
        "what is alice planning",
        None,
        Context(),
        language="en",
        agent_id=agent_entity_id(hass, fake_hub.hub_id),
        device_id=home.satellite_id,
    )

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    dumped = json.dumps(diagnostics)
    assert fake_hub.token not in dumped
    assert "127.0.0.1" not in dumped
    assert "alice" not in dumped.lower()
    assert fake_hub.hub_id not in dumped
    assert diagnostics["entry"]["data"] == {
        "token": "**REDACTED**",
        "host": "**REDACTED**",
        "port": "**REDACTED**",
    }
    assert diagnostics["link"]["connected"] is True
    assert diagnostics["link"]["connects"] == 1
    assert diagnostics["snapshot"]["entities"] == 2
    [turn] = diagnostics["recent_turns"]
    assert turn["tier"] == "local_nlu"
    assert turn["outcome"] == "answered"
    assert diagnostics["audit"] == {"entries": []}


async def test_diagnostics_show_the_audit_log_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    fake_hub: FakeHub,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Who asked is redacted and call arguments never leave the hub; a failing hub is reported, not fatal."""
    await async_setup_home(hass)
    entry = {
        "time": 1.0, "kind": "tool", "decision": "refused", "tool": "HassTurnOff", "tier": "sensitive",
        "reason": "children may not unlock doors", "source": "nlu", "entities": ["lock.back_door"],
        "who": {"member": "Alice", "user_id": "u-alice", "role": "child", "device_id": "sat1"},
        "args": {"name": "Alice's diary"},
    }
    fake_hub.rest_answers[("GET", "/api/v1/audit")] = (200, {"entries": [entry]})
    await setup_entry(hass, mock_config_entry, fake_hub)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    [shown] = diagnostics["audit"]["entries"]
    assert shown["decision"] == "refused"
    assert shown["reason"] == "children may not unlock doors"
    assert shown["who"] == {"member": "**REDACTED**", "user_id": "**REDACTED**", "role": "child",
                            "device_id": "**REDACTED**"}
    assert "args" not in shown
    assert "alice" not in json.dumps(diagnostics).lower()
    assert fake_hub.rest_calls[-1][:3] == ("GET", "/api/v1/audit", {"limit": "20"})

    fake_hub.rest_answers[("GET", "/api/v1/audit")] = (500, {"error": "internal_error"})
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    assert diagnostics["audit"] == {"error": "hub answered 500"}


async def test_diagnostics_show_subentries_and_models_without_secrets(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    fake_hub: FakeHub,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Subentry settings and model status are there; agent titles (often a person's name) are redacted."""
    await async_setup_home(hass)
    fake_hub.info_override = {
        "hub_id": fake_hub.hub_id, "name": fake_hub.name, "hub_version": "0.1.0", "protocol": 1,
        "models": [{"name": "command_model", "status": "failed", "error": "missing"}],
    }
    await setup_entry(hass, mock_config_entry, fake_hub)
    sub = next(s for s in mock_config_entry.subentries.values() if s.subentry_type == "conversation")
    hass.config_entries.async_update_subentry(mock_config_entry, sub, title="Grandma Rose")
    await hass.async_block_till_done()
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    dumped = json.dumps(diagnostics)
    assert "Rose" not in dumped
    assert fake_hub.token not in dumped
    assert diagnostics["hub"]["models"] == [{"model": "command_model", "status": "failed", "error": "missing"}]
    kinds = sorted((s["type"], s["title"]) for s in diagnostics["subentries"])
    assert kinds == [("ai_task_data", "**REDACTED**"), ("conversation", "**REDACTED**")]
    conversation_sub = next(s for s in diagnostics["subentries"] if s["type"] == "conversation")
    assert conversation_sub["data"] == {"language": "*", "tools": [], "tier_policy": "any"}


async def test_diagnostics_show_the_hubs_router_decisions(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    fake_hub: FakeHub,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Recent turns from the hub show each tier's decision and reason and the agent's tier policy; request ids and
    anything the hub might add beyond them stay out."""
    await async_setup_home(hass)
    turn = {
        "request_id": "req-secret-1", "time": 1.5, "tier": "template", "outcome": "done", "ms": 4.2,
        "tiers": "local_only", "text": "Alice said something",
        "router": [
            {"tier": "nlu", "result": "escalated", "reason": "low_confidence", "ms": 1.0, "confidence": 0.3},
            {"tier": "template", "result": "answered", "reason": "accepted", "ms": 2.0, "confidence": 1.0},
            {"tier": "remote", "result": "skipped", "reason": "agent_policy", "ms": 0.0, "who": "Alice"},
        ],
    }
    fake_hub.rest_answers[("GET", "/api/v1/turns")] = (200, {"turns": [turn]})
    await setup_entry(hass, mock_config_entry, fake_hub)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    [shown] = diagnostics["router"]["turns"]
    assert shown == {
        "time": 1.5, "tier": "template", "outcome": "done", "ms": 4.2, "tiers": "local_only",
        "router": [
            {"tier": "nlu", "result": "escalated", "reason": "low_confidence", "ms": 1.0, "confidence": 0.3},
            {"tier": "template", "result": "answered", "reason": "accepted", "ms": 2.0, "confidence": 1.0},
            {"tier": "remote", "result": "skipped", "reason": "agent_policy", "ms": 0.0},
        ],
    }
    dumped = json.dumps(diagnostics)
    assert "req-secret-1" not in dumped
    assert "alice" not in dumped.lower()
    assert ("GET", "/api/v1/turns", {"limit": "20"}) in [c[:3] for c in fake_hub.rest_calls]

    fake_hub.rest_answers[("GET", "/api/v1/turns")] = (404, {"error": "not_found"})
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    assert diagnostics["router"] == {"error": "hub answered 404"}
