"""The Hearth integration: Home Assistant's side of the link to a Hearth hub."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import MappingProxyType

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_HOST, CONF_PORT, Platform
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import EventOrigin, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import instance_id
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.collection import CollectionChange
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.typing import ConfigType

from .care import IncidentTracker
from .const import (
    CONF_CONVERSE_TIMEOUT,
    CONF_TIER_POLICY,
    CONF_TOKEN,
    CONVERSE_TIMEOUT,
    DEFAULT_AI_TASK_NAME,
    DEFAULT_CONVERSATION_DATA,
    DEFAULT_CONVERSATION_NAME,
    DOMAIN,
    LOGGER,
    RECONNECT_MAX_DELAY,
    RECONNECT_MIN_DELAY,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
    TIER_POLICY_ANY,
)
from .errors import HearthError, HubAuthError
from .home import HomeMirror
from .link import HearthLink, async_get_hub_info, hub_url
from .llm_api import async_register_llm_api
from .models import HearthConfigEntry, HearthData, signal_event
from .protocol import PROTOCOL_VERSION, HubEvent
from .repairs import ISSUE_MODEL, ISSUE_PROTOCOL, async_check_models, async_check_pipelines, async_check_protocol
from .services import async_setup_services

PLATFORMS: list[Platform] = [
    Platform.AI_TASK,
    Platform.BINARY_SENSOR,
    Platform.CONVERSATION,
    Platform.EVENT,
    Platform.SENSOR,
]

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
    if not async_check_protocol(hass, entry.entry_id, entry.title, info.protocol):
        # Retried with backoff: once the hub (or this integration) is updated, the entry loads by itself.
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="unsupported_protocol",
            translation_placeholders={"hub_protocol": str(info.protocol), "protocol": str(PROTOCOL_VERSION)},
        )
    async_check_models(hass, entry.entry_id, entry.title, info)

    mirror = HomeMirror(hass)

    @callback
    def fire_event(event: HubEvent) -> None:
        hass.bus.async_fire(event.event_type, dict(event.data), origin=EventOrigin.remote)
        async_dispatcher_send(hass, signal_event(entry.entry_id), event)

    @callback
    def auth_failed() -> None:
        entry.async_start_reauth(hass)

    @callback
    def unsupported_protocol() -> None:
        async_check_protocol(hass, entry.entry_id, entry.title, None)

    link = HearthLink(
        session,
        hub_url(host, port, "/api/v1/ws", scheme="ws"),
        token,
        snapshot=mirror.build_snapshot,
        on_event=fire_event,
        on_auth_failed=auth_failed,
        on_unsupported_protocol=unsupported_protocol,
        ha_version=HA_VERSION,
        instance_id=await instance_id.async_get(hass),
        converse_timeout=float(entry.options.get(CONF_CONVERSE_TIMEOUT, CONVERSE_TIMEOUT)),
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

    entry.async_on_unload(link.add_status_listener(_info_refresher(hass, entry, host, port, token)))

    loaded_subentries = _subentry_state(entry)

    async def entry_updated(hass: HomeAssistant, updated: HearthConfigEntry) -> None:
        """Options or a subentry changed: reload, so the link and the agents match them."""
        if _subentry_state(updated) != loaded_subentries:
            hass.config_entries.async_schedule_reload(updated.entry_id)

    entry.async_on_unload(entry.add_update_listener(entry_updated))

    # Any HA agent (OpenAI, Ollama...) may use the hub's memory and care tools while a hub is loaded.
    entry.async_on_unload(async_register_llm_api(hass))

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    async_check_pipelines(hass)
    entry.async_on_unload(_async_watch_pipelines(hass))
    return True


def _info_refresher(
    hass: HomeAssistant, entry: HearthConfigEntry, host: str, port: int, token: str
) -> Callable[[bool], None]:
    """After each reconnect the hub may be a new version with other models: read its info again."""
    session = async_get_clientsession(hass)

    async def refresh_info() -> None:
        try:
            fresh = await async_get_hub_info(session, host, port, token)
        except HearthError as err:
            LOGGER.debug("Could not read the Hearth hub's info after reconnecting: %s", type(err).__name__)
            return
        async_check_protocol(hass, entry.entry_id, entry.title, fresh.protocol)
        async_check_models(hass, entry.entry_id, entry.title, fresh)
        entry.runtime_data.set_info(fresh)

    first = True

    @callback
    def link_changed(connected: bool) -> None:
        nonlocal first
        if connected and not first:
            entry.async_create_background_task(hass, refresh_info(), f"{DOMAIN} info {entry.entry_id}")
        first = first and not connected

    return link_changed


def _subentry_state(entry: HearthConfigEntry) -> tuple[str, dict[str, tuple[str, str, str]]]:
    """What a reload would change: the options and the subentries."""
    return repr(sorted(entry.options.items())), {
        sub_id: (sub.subentry_type, sub.title, repr(sorted(sub.data.items())))
        for sub_id, sub in entry.subentries.items()
    }


@callback
def _async_watch_pipelines(hass: HomeAssistant) -> Callable[[], None]:
    """Check the Assist pipelines again whenever one changes."""
    if "assist_pipeline" not in hass.config.components:
        return lambda: None
    from homeassistant.components.assist_pipeline.pipeline import KEY_ASSIST_PIPELINE

    async def changed(_changes: Iterable[CollectionChange]) -> None:
        async_check_pipelines(hass)

    return hass.data[KEY_ASSIST_PIPELINE].pipeline_store.async_add_change_set_listener(changed)


async def async_unload_entry(hass: HomeAssistant, entry: HearthConfigEntry) -> bool:
    """Unload the platforms; the link and the mirror stop through the entry's unload callbacks."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        async_check_pipelines(hass)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: HearthConfigEntry) -> None:
    """Withdraw the entry's repair issues."""
    for kind in (ISSUE_PROTOCOL, ISSUE_MODEL):
        ir.async_delete_issue(hass, DOMAIN, f"{kind}_{entry.entry_id}")


async def async_migrate_entry(hass: HomeAssistant, entry: HearthConfigEntry) -> bool:
    """Bring an entry written by an older version of the integration up to the current schema.

    1 -> 2: the conversation agent (one per entry, unique id `<hub_id>-conversation`) becomes a conversation
    subentry with the default settings, keeping its entity id and history; an AI task subentry is added.
    2.1 -> 2.2: conversation subentries get the tier policy `any` (the hub's own configuration decided before).
    """
    LOGGER.debug("Migrating Hearth entry from version %s.%s", entry.version, entry.minor_version)
    if entry.version > 2:
        # A downgrade: this version cannot read what a newer one wrote.
        return False
    if entry.version == 1:
        conversation = ConfigSubentry(
            data=MappingProxyType(dict(DEFAULT_CONVERSATION_DATA)),
            subentry_type=SUBENTRY_CONVERSATION,
            title=DEFAULT_CONVERSATION_NAME,
            unique_id=None,
        )
        hass.config_entries.async_add_subentry(entry, conversation)
        hass.config_entries.async_add_subentry(
            entry,
            ConfigSubentry(
                data=MappingProxyType({}), subentry_type=SUBENTRY_AI_TASK, title=DEFAULT_AI_TASK_NAME, unique_id=None
            ),
        )
        registry = er.async_get(hass)
        old_unique_id = f"{entry.unique_id or entry.entry_id}-conversation"
        if entity_id := registry.async_get_entity_id(Platform.CONVERSATION, DOMAIN, old_unique_id):
            registry.async_update_entity(
                entity_id,
                new_unique_id=conversation.subentry_id,
                config_subentry_id=conversation.subentry_id,
                device_id=None,
            )
        hass.config_entries.async_update_entry(entry, version=2, minor_version=1)
    if entry.version == 2 and entry.minor_version < 2:
        for subentry in list(entry.subentries.values()):
            if subentry.subentry_type == SUBENTRY_CONVERSATION and CONF_TIER_POLICY not in subentry.data:
                hass.config_entries.async_update_subentry(
                    entry, subentry, data={**subentry.data, CONF_TIER_POLICY: TIER_POLICY_ANY}
                )
        hass.config_entries.async_update_entry(entry, minor_version=2)
    LOGGER.debug("Migrated Hearth entry to version %s.%s", entry.version, entry.minor_version)
    return True


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: HearthConfigEntry, device: dr.DeviceEntry
) -> bool:
    """A household member's device may be deleted by hand (it comes back with their next report); the hub's and
    the agents' devices go with the entry and its subentries."""
    return any(domain == DOMAIN and "-member-" in identifier for domain, identifier in device.identifiers)
