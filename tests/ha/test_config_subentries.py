"""Reconfigure (the hub moved), options, conversation and AI task subentries, and the 1 -> 2 migration."""

from __future__ import annotations

from ipaddress import ip_address

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState, ConfigSubentryData
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hearth.const import (
    CONF_CONVERSE_TIMEOUT,
    CONF_LANGUAGE,
    CONF_TIER_POLICY,
    CONF_TOKEN,
    CONF_TOOLS,
    DOMAIN,
)

from .fake_hub import FakeHub
from .helpers import async_setup_base, setup_entry


def _v2_entry(hub: FakeHub, **kwargs: object) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=hub.name,
        unique_id=hub.hub_id,
        version=2,
        minor_version=1,
        data={CONF_HOST: "127.0.0.1", CONF_PORT: hub.port, CONF_TOKEN: hub.token},
        **kwargs,  # type: ignore[arg-type]
    )


async def test_reconfigure_hub_moved(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """Reconfigure takes a new address (and token) for the same hub, and reloads the entry."""
    await async_setup_base(hass)
    entry = _v2_entry(fake_hub)
    entry.add_to_hass(hass)
    # The entry knows an old address; the hub now answers on fake_hub.port.
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_PORT: 1})
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    bad = {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: "wrong-token-123456"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], bad)
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {**bad, CONF_PORT: 1})
    assert result["errors"] == {"base": "cannot_connect"}

    good = {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], good)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_PORT] == fake_hub.port
    assert entry.state is ConfigEntryState.LOADED


async def test_reconfigure_to_another_hub_aborts(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """An address where a different hub answers is refused; the entry keeps its data."""
    await async_setup_base(hass)
    entry = MockConfigEntry(
        domain=DOMAIN, title="Other", unique_id="another-hub", version=2,
        data={CONF_HOST: "127.0.0.1", CONF_PORT: 1, CONF_TOKEN: fake_hub.token},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_hub"
    assert entry.data[CONF_PORT] == 1


async def test_options_flow_reloads_with_new_timeout(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """The turn timeout is an option; saving it reloads the entry."""
    await async_setup_base(hass)
    entry = _v2_entry(fake_hub)
    await setup_entry(hass, entry, fake_hub)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(result["flow_id"], {CONF_CONVERSE_TIMEOUT: 30})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options == {CONF_CONVERSE_TIMEOUT: 30}
    assert entry.state is ConfigEntryState.LOADED
    await fake_hub.wait_for(lambda: len(fake_hub.frames("hello")) >= 2)


async def test_new_entry_gets_default_subentries(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """The user flow creates one conversation agent (every language, every intent) and one AI task."""
    await async_setup_base(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token}
    )
    entry = result["result"]
    assert entry.version == 2
    kinds = sorted((sub.subentry_type, dict(sub.data)) for sub in entry.subentries.values())
    assert kinds == [
        ("ai_task_data", {}), ("conversation", {CONF_LANGUAGE: "*", CONF_TOOLS: [], CONF_TIER_POLICY: "any"})
    ]
    await hass.async_block_till_done()
    registry = er.async_get(hass)
    for sub in entry.subentries.values():
        domain = "conversation" if sub.subentry_type == "conversation" else "ai_task"
        entity_id = registry.async_get_entity_id(domain, DOMAIN, sub.subentry_id)
        assert entity_id is not None
        assert hass.states.get(entity_id) is not None


async def test_conversation_subentry_add_and_reconfigure(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A German agent limited to lights; then its language changes."""
    await async_setup_base(hass)
    entry = _v2_entry(fake_hub)
    await setup_entry(hass, entry, fake_hub)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "conversation"), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_NAME: "Küche", CONF_LANGUAGE: "de", CONF_TOOLS: ["HassLightSet", "HassTurnOn"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    sub = next(s for s in entry.subentries.values() if s.title == "Küche")
    assert dict(sub.data) == {CONF_LANGUAGE: "de", CONF_TOOLS: ["HassLightSet", "HassTurnOn"], CONF_TIER_POLICY: "any"}
    entity_id = er.async_get(hass).async_get_entity_id("conversation", DOMAIN, sub.subentry_id)
    assert entity_id is not None
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, sub.subentry_id), entry.entry_id)
    assert device is not None
    assert device.name == "Küche"

    result = await entry.start_subentry_reconfigure_flow(hass, sub.subentry_id)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_LANGUAGE: "fr", CONF_TOOLS: [], CONF_TIER_POLICY: "local_only"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.subentries[sub.subentry_id].data) == {
        CONF_LANGUAGE: "fr", CONF_TOOLS: [], CONF_TIER_POLICY: "local_only"
    }


async def test_ai_task_subentry_and_not_loaded(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """An AI task can be added while the hub is loaded; no subentry can be added to an unloaded entry."""
    await async_setup_base(hass)
    entry = _v2_entry(fake_hub)
    await setup_entry(hass, entry, fake_hub)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "ai_task_data"), context={"source": "user"}
    )
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {CONF_NAME: "Summaries"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert any(s.title == "Summaries" for s in entry.subentries.values())
    await hass.async_block_till_done()

    assert await hass.config_entries.async_unload(entry.entry_id)
    for kind in ("conversation", "ai_task_data"):
        result = await hass.config_entries.subentries.async_init((entry.entry_id, kind), context={"source": "user"})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "entry_not_loaded"


async def test_migration_from_version_1(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A version 1 entry (no subentries) gets a default conversation subentry that keeps the old agent's entity
    id, and an AI task subentry."""
    await async_setup_base(hass)
    entry = MockConfigEntry(
        domain=DOMAIN, title=fake_hub.name, unique_id=fake_hub.hub_id, version=1,
        data={CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token},
    )
    entry.add_to_hass(hass)
    registry = er.async_get(hass)
    old = registry.async_get_or_create(
        "conversation", DOMAIN, f"{fake_hub.hub_id}-conversation", config_entry=entry, suggested_object_id="hearth_v1"
    )
    await setup_entry(hass, entry, fake_hub)
    assert entry.version == 2
    conversation = [s for s in entry.subentries.values() if s.subentry_type == "conversation"]
    assert len(conversation) == 1
    assert dict(conversation[0].data) == {CONF_LANGUAGE: "*", CONF_TOOLS: [], CONF_TIER_POLICY: "any"}
    assert (entry.version, entry.minor_version) == (2, 2)
    assert [s.subentry_type for s in entry.subentries.values()].count("ai_task_data") == 1
    migrated = registry.async_get(old.entity_id)
    assert migrated is not None
    assert migrated.unique_id == conversation[0].subentry_id
    assert migrated.config_subentry_id == conversation[0].subentry_id
    assert hass.states.get(old.entity_id) is not None


async def test_migration_refuses_a_newer_version(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """An entry written by a newer integration is not loaded (a downgrade)."""
    await async_setup_base(hass)
    entry = MockConfigEntry(
        domain=DOMAIN, title=fake_hub.name, unique_id=fake_hub.hub_id, version=3,
        data={CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


def test_subentry_data_type() -> None:
    """`ConfigSubentryData` is what the flow hands HA (kept importable for readers of the flow)."""
    assert ConfigSubentryData.__required_keys__ >= {"data", "subentry_type", "title", "unique_id"}


async def test_discovery_confirm_with_a_token_of_another_hub(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """The discovered id and the id the token's hub reports differ: abort instead of creating a wrong entry."""
    await async_setup_base(hass)
    discovery = ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.1"), ip_addresses=[ip_address("127.0.0.1")], port=fake_hub.port,
        hostname="hearth.local.", type="_hearth._tcp.local.", name="Other._hearth._tcp.local.",
        properties={"id": "some-other-hub", "api": "/api/v1"},
    )
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "zeroconf"}, data=discovery)
    assert result["step_id"] == "zeroconf_confirm"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_TOKEN: fake_hub.token})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"


async def test_removing_the_entry_withdraws_its_issues(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """Deleting a hub's entry removes its repair issues with it."""
    await async_setup_base(hass)
    fake_hub.info_override = {
        "hub_id": fake_hub.hub_id, "name": fake_hub.name, "hub_version": "0.1.0", "protocol": 1,
        "models": [{"name": "command_model", "status": "failed"}],
    }
    entry = _v2_entry(fake_hub)
    await setup_entry(hass, entry, fake_hub)
    issue_id = f"model_failed_{entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_migration_2_1_gives_conversation_agents_the_tier_policy_any(
    hass: HomeAssistant, fake_hub: FakeHub
) -> None:
    """A 2.1 entry's conversation subentries (no tier policy yet) get `any`, what the hub did for them before;
    other settings and the AI task stay as they were."""
    await async_setup_base(hass)
    entry = _v2_entry(
        fake_hub,
        subentries_data=[
            ConfigSubentryData(data={CONF_LANGUAGE: "de", CONF_TOOLS: ["HassTurnOn"]}, subentry_type="conversation",
                               title="Küche", unique_id=None),
            ConfigSubentryData(data={}, subentry_type="ai_task_data", title="Task", unique_id=None),
        ],
    )
    await setup_entry(hass, entry, fake_hub)
    assert (entry.version, entry.minor_version) == (2, 2)
    data = sorted((s.subentry_type, dict(s.data)) for s in entry.subentries.values())
    assert data == [
        ("ai_task_data", {}),
        ("conversation", {CONF_LANGUAGE: "de", CONF_TOOLS: ["HassTurnOn"], CONF_TIER_POLICY: "any"}),
    ]
    assert entry.state is ConfigEntryState.LOADED
