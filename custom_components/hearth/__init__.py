"""The Hearth integration: Home Assistant's side of the link to a Hearth hub."""

from __future__ import annotations

from homeassistant.const import CONF_HOST, CONF_PORT, Platform
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import EventOrigin, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import instance_id
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType

from .care import IncidentTracker, async_setup_services
from .const import (
    CONF_TOKEN,
    CONVERSE_TIMEOUT,
    DOMAIN,
    LOGGER,
    RECONNECT_MAX_DELAY,
    RECONNECT_MIN_DELAY,
)
from .errors import HearthError, HubAuthError
from .home import HomeMirror
from .link import HearthLink, async_get_hub_info, hub_url
from .models import HearthConfigEntry, HearthData
from .protocol import HubEvent

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.CONVERSATION, Platform.SENSOR]

__all__ = ["HearthConfigEntry", "HearthData"]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions (once, whatever the number of hubs)."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: HearthConfigEntry) -> bool:
    """Check the hub answers with our token, then keep a link to it open in the background."""
    session = async_get_clientsession(hass)
    host: str = entry.data[CONF_HOST]
    port: int = entry.data[CONF_PORT]
    token: str = entry.data[CONF_TOKEN]
    try:
        info = await async_get_hub_info(session, host, port, token)
    except HubAuthError as err:
        raise ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="invalid_auth") from err
    except HearthError as err:
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"error": type(err).__name__},
        ) from err
    if entry.unique_id is not None and info.hub_id != entry.unique_id:
        raise ConfigEntryError(translation_domain=DOMAIN, translation_key="wrong_hub")

    mirror = HomeMirror(hass)

    @callback
    def fire_event(event: HubEvent) -> None:
        hass.bus.async_fire(event.event_type, dict(event.data), origin=EventOrigin.remote)

    @callback
    def auth_failed() -> None:
        entry.async_start_reauth(hass)

    link = HearthLink(
        session,
        hub_url(host, port, "/api/v1/ws", scheme="ws"),
        token,
        snapshot=mirror.build_snapshot,
        on_event=fire_event,
        on_auth_failed=auth_failed,
        ha_version=HA_VERSION,
        instance_id=await instance_id.async_get(hass),
        converse_timeout=CONVERSE_TIMEOUT,
        reconnect_min=RECONNECT_MIN_DELAY,
        reconnect_max=RECONNECT_MAX_DELAY,
        logger=LOGGER,
    )
    incidents = IncidentTracker(hass)
    incidents.async_start()
    entry.async_on_unload(incidents.async_stop)
    entry.runtime_data = HearthData(info=info, link=link, mirror=mirror, incidents=incidents)

    mirror.async_start(link.send_state_changed, link.send_snapshot)
    entry.async_on_unload(mirror.async_stop)
    entry.async_on_unload(link.async_stop)
    entry.async_create_background_task(hass, link.run(), f"{DOMAIN} link {info.hub_id}")

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: HearthConfigEntry) -> bool:
    """Unload the platforms; the link and the mirror stop through the entry's unload callbacks."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
