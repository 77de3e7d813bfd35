"""Fixtures of the HA lane.

`custom_components.hearth` is imported here, before HA's `hass` fixture mounts its own test config folder;
otherwise HA resolves `custom_components` to the harness's folder and reports "Integration not found"
(DESIGN §7).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from unittest.mock import patch

import pytest
from homeassistant.const import CONF_HOST, CONF_PORT
from pytest_homeassistant_custom_component.common import MockConfigEntry

import custom_components.hearth  # noqa: F401 - see the module docstring
from custom_components.hearth.const import CONF_TOKEN, DOMAIN

from .fake_hub import FakeHub


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let HA load the integration from this repository."""


@pytest.fixture(autouse=True)
def fast_reconnect() -> object:
    """Reconnect within a few hundredths of a second, so tests need not wait out real backoff."""
    with (
        patch("custom_components.hearth.RECONNECT_MIN_DELAY", 0.05),
        patch("custom_components.hearth.RECONNECT_MAX_DELAY", 0.2),
    ):
        yield


@pytest.fixture
async def fake_hub(socket_enabled: None) -> AsyncGenerator[FakeHub]:
    """A running fake hub on 127.0.0.1."""
    hub = FakeHub()
    await hub.start()
    yield hub
    await hub.stop()
    assert not hub.invalid, f"HA sent frames the protocol rejects: {hub.invalid}"


@pytest.fixture
def mock_config_entry(fake_hub: FakeHub) -> MockConfigEntry:
    """A config entry for the fake hub (not yet added to hass)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=fake_hub.name,
        unique_id=fake_hub.hub_id,
        data={CONF_HOST: "127.0.0.1", CONF_PORT: fake_hub.port, CONF_TOKEN: fake_hub.token},
    )
