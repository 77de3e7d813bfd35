"""Config flow for Hearth: discovery with a confirm step, manual entry, re-authentication, reconfiguration,
options, and subentries for conversation agents and the AI task."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, override

import probatio as vol
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryData,
    ConfigSubentryFlow,
    OptionsFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    LanguageSelector,
    LanguageSelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from .const import (
    ALL_LANGUAGES,
    CONF_CONVERSE_TIMEOUT,
    CONF_LANGUAGE,
    CONF_TIER_POLICY,
    CONF_TOKEN,
    CONF_TOOLS,
    CONVERSE_TIMEOUT,
    DEFAULT_AI_TASK_NAME,
    DEFAULT_CONVERSATION_DATA,
    DEFAULT_CONVERSATION_NAME,
    DEFAULT_NAME,
    DEFAULT_PORT,
    DOMAIN,
    LOGGER,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
    SUPPORTED_API_PREFIX,
    TIER_POLICIES,
    TIER_POLICY_ANY,
    TOOL_CHOICES,
)
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


def default_subentries() -> list[ConfigSubentryData]:
    """A new hub gets one conversation agent for every language and one AI task."""
    return [
        ConfigSubentryData(
            data=dict(DEFAULT_CONVERSATION_DATA),
            subentry_type=SUBENTRY_CONVERSATION,
            title=DEFAULT_CONVERSATION_NAME,
            unique_id=None,
        ),
        ConfigSubentryData(data={}, subentry_type=SUBENTRY_AI_TASK, title=DEFAULT_AI_TASK_NAME, unique_id=None),
    ]


class HearthConfigFlow(ConfigFlow, domain=DOMAIN):
    """Pair Home Assistant with a Hearth hub."""

    VERSION = 2
    """2: conversation agents and the AI task are subentries (1 had one agent per entry and no subentries)."""
    MINOR_VERSION = 2
    """2.2: every conversation subentry has a tier policy (2.1 subentries get `any`, what the hub did for them)."""

    @staticmethod
    @callback
    @override
    def async_get_options_flow(config_entry: ConfigEntry) -> HearthOptionsFlow:
        """Tunables of a paired hub."""
        return HearthOptionsFlow()

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(cls, config_entry: ConfigEntry) -> dict[str, type[ConfigSubentryFlow]]:
        """Conversation agents (one per persona or language) and AI tasks."""
        return {SUBENTRY_CONVERSATION: ConversationSubentryFlow, SUBENTRY_AI_TASK: AITaskSubentryFlow}

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
                    subentries=default_subentries(),
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
                    subentries=default_subentries(),
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

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The hub moved (new host or port), or its token changed: the same hub, at a new address."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host = user_input[CONF_HOST].strip()
            port = int(user_input[CONF_PORT])
            token = user_input[CONF_TOKEN].strip()
            info, errors = await self._async_validate(host, port, token)
            if info is not None:
                await self.async_set_unique_id(info.hub_id)
                self._abort_if_unique_id_mismatch(reason="wrong_hub")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_HOST: host, CONF_PORT: port, CONF_TOKEN: token}
                )
        suggested = {CONF_HOST: entry.data[CONF_HOST], CONF_PORT: entry.data[CONF_PORT]}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(_user_schema({}), user_input or suggested),
            description_placeholders={"name": entry.title},
            errors=errors,
        )


class HearthOptionsFlow(OptionsFlow):
    """How long a conversation turn may take; the entry reloads when it changes (its update listener)."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """One form."""
        if user_input is not None:
            return self.async_create_entry(data={CONF_CONVERSE_TIMEOUT: int(user_input[CONF_CONVERSE_TIMEOUT])})
        schema = vol.Schema(
            {
                vol.Required(CONF_CONVERSE_TIMEOUT, default=int(CONVERSE_TIMEOUT)): NumberSelector(
                    NumberSelectorConfig(min=5, max=600, step=1, mode=NumberSelectorMode.BOX, unit_of_measurement="s")
                ),
            }
        )
        return self.async_show_form(
            step_id="init", data_schema=self.add_suggested_values_to_schema(schema, self.config_entry.options)
        )


def _conversation_schema(is_new: bool) -> vol.Schema:
    fields: dict[Any, Any] = {}
    if is_new:
        fields[vol.Required(CONF_NAME, default=DEFAULT_CONVERSATION_NAME)] = TextSelector()
    fields[vol.Required(CONF_LANGUAGE, default=ALL_LANGUAGES)] = LanguageSelector(
        LanguageSelectorConfig(languages=[ALL_LANGUAGES, "en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv"])
    )
    fields[vol.Optional(CONF_TOOLS, default=[])] = SelectSelector(
        SelectSelectorConfig(options=list(TOOL_CHOICES), multiple=True, translation_key="tools")
    )
    fields[vol.Required(CONF_TIER_POLICY, default=TIER_POLICY_ANY)] = SelectSelector(
        SelectSelectorConfig(options=list(TIER_POLICIES), translation_key="tier_policy")
    )
    return vol.Schema(fields)


class ConversationSubentryFlow(ConfigSubentryFlow):
    """Add or change one conversation agent: its name, language and the intents it may run."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """A new agent."""
        if self._get_entry().state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        if user_input is not None:
            name = str(user_input.pop(CONF_NAME)).strip() or DEFAULT_CONVERSATION_NAME
            return self.async_create_entry(title=name, data=_conversation_data(user_input))
        return self.async_show_form(step_id="user", data_schema=_conversation_schema(is_new=True))

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Change an agent's language or intents."""
        subentry = self._get_reconfigure_subentry()
        if user_input is not None:
            return self.async_update_and_abort(
                self._get_entry(), subentry, data=_conversation_data(user_input)
            )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(_conversation_schema(is_new=False), subentry.data),
        )


def _conversation_data(user_input: Mapping[str, Any]) -> dict[str, Any]:
    tools = [tool for tool in user_input.get(CONF_TOOLS, []) if tool in TOOL_CHOICES]
    policy = user_input.get(CONF_TIER_POLICY)
    return {
        CONF_LANGUAGE: str(user_input.get(CONF_LANGUAGE) or ALL_LANGUAGES),
        CONF_TOOLS: tools,
        CONF_TIER_POLICY: policy if policy in TIER_POLICIES else TIER_POLICY_ANY,
    }


class AITaskSubentryFlow(ConfigSubentryFlow):
    """Add an AI task entity backed by the hub (it generates text and never acts)."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Name it."""
        if self._get_entry().state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        if user_input is not None:
            return self.async_create_entry(title=str(user_input[CONF_NAME]).strip() or DEFAULT_AI_TASK_NAME, data={})
        return self.async_show_form(
            step_id="user",
            data_schema=vol.Schema({vol.Required(CONF_NAME, default=DEFAULT_AI_TASK_NAME): TextSelector()}),
        )
