"""Config flow: manual entry, zeroconf discovery with confirm, errors, duplicates and re-authentication."""

from __future__ import annotations

from ipaddress import ip_address

import pytest
from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry, start_reauth_flow

from custom_components.hearth.const import CONF_TOKEN, DOMAIN

from .fake_hub import FakeHub
from .helpers import async_setup_base


@pytest.fixture(autouse=True)
async def base_components(hass: HomeAssistant) -> None:
    """The integration's dependencies (conversation needs HA's exposure settings)."""
    await async_setup_base(hass)


def _discovery(hub: FakeHub, **properties: str) -> ZeroconfServiceInfo:
    return ZeroconfServiceInfo(
        ip_address=ip_address("127.0.0.1"),
        ip_addresses=[ip_address("127.0.0.1")],
        port=hub.port,
        hostname="hearth.local.",
        type="_hearth._tcp.local.",
        name="Test Hearth._hearth._tcp.local.",
        properties={"id": hub.hub_id, "version": "0.1.0", "api": "/api/v1", **properties},
    )


async def test_user_flow(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """Host, port and token create an entry whose unique id is the hub's id."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: " 127.0.0.1 ", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == fake_hub.name
    assert result["data"] == {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token}
    assert result["result"].unique_id == fake_hub.hub_id


async def test_user_flow_errors_then_recovers(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A wrong token is invalid_auth, a bad answer is unknown, and the form can be submitted again."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    user_input = {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: "wrong"}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    fake_hub.info_override = {"not": "a hub"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input | {CONF_TOKEN: fake_hub.token}
    )
    assert result["errors"] == {"base": "unknown"}

    fake_hub.info_override = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input | {CONF_TOKEN: fake_hub.token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_cannot_connect(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """Nothing listening at the address is cannot_connect."""
    port = fake_hub.port
    await fake_hub.stop()
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: port, CONF_TOKEN: fake_hub.token}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}


async def test_user_flow_already_configured_updates_address(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """Entering a hub that is already set up aborts and keeps the entry pointing at the new address."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=fake_hub.hub_id,
        data={CONF_HOST: "192.0.2.10", CONF_PORT: 1, CONF_TOKEN: fake_hub.token},
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": config_entries.SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.1"
    assert entry.data[CONF_PORT] == fake_hub.port


async def test_zeroconf_discovery_and_confirm(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A discovered hub is confirmed with its token; a wrong token shows invalid_auth first."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_ZEROCONF}, data=_discovery(fake_hub)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {"name": "Test Hearth", "host": f"127.0.0.1:{fake_hub.port}"}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_TOKEN: "wrong"})
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_TOKEN: fake_hub.token})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == fake_hub.name
    assert result["result"].unique_id == fake_hub.hub_id
    assert result["data"] == {CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token}


async def test_zeroconf_already_configured_updates_host(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """Rediscovery of a configured hub at a new address updates the entry and aborts."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=fake_hub.hub_id,
        data={CONF_HOST: "192.0.2.10", CONF_PORT: 8765, CONF_TOKEN: fake_hub.token},
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_ZEROCONF}, data=_discovery(fake_hub)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.1"
    assert entry.data[CONF_PORT] == fake_hub.port


async def test_zeroconf_without_id_or_with_unknown_api(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A TXT record without an id, or with an API this integration cannot speak, is not offered."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_ZEROCONF}, data=_discovery(fake_hub, id="")
    )
    assert result["reason"] == "invalid_discovery_info"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_ZEROCONF}, data=_discovery(fake_hub, api="/api/v2")
    )
    assert result["reason"] == "unsupported_version"


async def test_reauth(hass: HomeAssistant, fake_hub: FakeHub) -> None:
    """A new token replaces the rejected one."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=fake_hub.hub_id,
        data={CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: "old"},
    )
    entry.add_to_hass(hass)
    result = await start_reauth_flow(hass, entry)
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_TOKEN: "still wrong"})
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_TOKEN: fake_hub.token})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_TOKEN] == fake_hub.token
    await hass.async_block_till_done()
