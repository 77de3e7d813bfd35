"""Config flow for Hearth: zeroconf discovery with a confirm step, manual entry, and re-authentication."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, override

import probatio as vol
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from .const import CONF_TOKEN, DEFAULT_NAME, DEFAULT_PORT, DOMAIN, LOGGER, SUPPORTED_API_PREFIX
from .errors import HubAuthError, HubConnectionError
from .link import async_get_hub_info
from .protocol import HubInfo

_TOKEN_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_PORT_SELECTOR = NumberSelector(NumberSelectorConfig(min=1, max=65535, step=1, mode=NumberSelectorMode.BOX))
TOKEN_SCHEMA = vol.Schema({vol.Required(CONF_TOKEN): _TOKEN_SELECTOR})


def _user_schema(defaults: Mapping[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_HOST, default=defaults.get(CONF_HOST, "")): TextSelector(),
            vol.Required(CONF_PORT, default=defaults.get(CONF_PORT, DEFAULT_PORT)): _PORT_SELECTOR,
            vol.Required(CONF_TOKEN): _TOKEN_SELECTOR,
        }
    )


class HearthConfigFlow(ConfigFlow, domain=DOMAIN):
    """Pair Home Assistant with a Hearth hub."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        self._host: str | None = None
        self._port: int = DEFAULT_PORT
        self._name: str = DEFAULT_NAME

    async def _async_validate(self, host: str, port: int, token: str) -> tuple[HubInfo | None, dict[str, str]]:
        """Connect and authenticate; return the hub's info, or the form errors."""
        try:
            info = await async_get_hub_info(async_get_clientsession(self.hass), host, port, token)
        except HubAuthError:
            return None, {"base": "invalid_auth"}
        except HubConnectionError:
            return None, {"base": "cannot_connect"}
        except Exception:
            LOGGER.exception("Unexpected error while checking the Hearth hub")
            return None, {"base": "unknown"}
        return info, {}

    @override
    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Enter the hub's address and token by hand."""
        errors: dict[str, str] = {}
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            port = int(user_input[CONF_PORT])
            token = user_input[CONF_TOKEN].strip()
            info, errors = await self._async_validate(host, port, token)
            if info is not None:
                await self.async_set_unique_id(info.hub_id, raise_on_progress=False)
                self._abort_if_unique_id_configured(updates={CONF_HOST: host, CONF_PORT: port})
                return self.async_create_entry(
                    title=info.name or DEFAULT_NAME,
                    data={CONF_HOST: host, CONF_PORT: port, CONF_TOKEN: token},
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(_user_schema({}), user_input),
            errors=errors,
        )

    @override
    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """A hub announced itself; its TXT record carries its stable id, version and API path."""
        hub_id = discovery_info.properties.get("id")
        api = discovery_info.properties.get("api", SUPPORTED_API_PREFIX)
        if not hub_id or discovery_info.port is None:
            return self.async_abort(reason="invalid_discovery_info")
        if not str(api).startswith(SUPPORTED_API_PREFIX):
            return self.async_abort(reason="unsupported_version")
        self._host = discovery_info.host
        self._port = discovery_info.port
        await self.async_set_unique_id(str(hub_id))
        self._abort_if_unique_id_configured(updates={CONF_HOST: self._host, CONF_PORT: self._port})
        self._name = str(discovery_info.properties.get("name") or discovery_info.name.split(".", 1)[0])
        self.context["title_placeholders"] = {"name": self._name}
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Confirm the discovered hub with the token it shows."""
        errors: dict[str, str] = {}
        if user_input is not None and self._host is not None:
            token = user_input[CONF_TOKEN].strip()
            info, errors = await self._async_validate(self._host, self._port, token)
            if info is not None:
                if info.hub_id != self.unique_id:
                    return self.async_abort(reason="unique_id_mismatch")
                return self.async_create_entry(
                    title=info.name or self._name,
                    data={CONF_HOST: self._host, CONF_PORT: self._port, CONF_TOKEN: token},
                )
        return self.async_show_form(
            step_id="zeroconf_confirm",
            data_schema=TOKEN_SCHEMA,
            description_placeholders={"name": self._name, "host": f"{self._host}:{self._port}"},
            errors=errors,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The hub stopped accepting the token."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for a new token."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            token = user_input[CONF_TOKEN].strip()
            info, errors = await self._async_validate(entry.data[CONF_HOST], entry.data[CONF_PORT], token)
            if info is not None:
                await self.async_set_unique_id(info.hub_id)
                self._abort_if_unique_id_mismatch()
                return self.async_update_reload_and_abort(entry, data_updates={CONF_TOKEN: token})
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=TOKEN_SCHEMA,
            description_placeholders={"name": entry.title},
            errors=errors,
        )
