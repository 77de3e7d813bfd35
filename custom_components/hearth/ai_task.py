"""AI Task entities backed by the hub: text (or JSON) generated from instructions, never actions."""

from __future__ import annotations

from json import JSONDecodeError
from typing import override

from homeassistant.components import ai_task, conversation
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util.json import json_loads

from .const import DOMAIN, SUBENTRY_AI_TASK
from .entity import HearthEntity, subentry_device_info
from .errors import HearthError, HubNotConnectedError, HubTimeoutError
from .link import ToolOutcome
from .models import HearthConfigEntry
from .protocol import MAX_TEXT_CHARS, ToolCall

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HearthConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one AI task entity per AI task subentry."""
    for subentry in entry.subentries.values():
        if subentry.subentry_type == SUBENTRY_AI_TASK:
            async_add_entities([HearthTaskEntity(entry, subentry)], config_subentry_id=subentry.subentry_id)


async def _refuse_tools(call: ToolCall) -> ToolOutcome:
    """An AI task generates data; it never acts in the home."""
    return ToolOutcome(False, {"error": "tool_not_allowed", "tool": call.tool}, "AI tasks may not act")


class HearthTaskEntity(ai_task.AITaskEntity, HearthEntity):
    """Generates data with the hub's understanding tiers."""

    _attr_name = None
    _attr_supported_features = ai_task.AITaskEntityFeature.GENERATE_DATA

    def __init__(self, entry: HearthConfigEntry, subentry: ConfigSubentry) -> None:
        super().__init__(entry, "ai_task", device_info=subentry_device_info(entry, subentry))
        self._attr_unique_id = subentry.subentry_id

    @property
    @override
    def available(self) -> bool:
        """Only while the hub is connected."""
        return self.entry.runtime_data.link.connected

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the link's state."""
        await super().async_added_to_hass()
        self.async_on_remove(self.entry.runtime_data.link.add_status_listener(lambda _up: self.async_write_ha_state()))

    @override
    async def _async_generate_data(
        self, task: ai_task.GenDataTask, chat_log: conversation.ChatLog
    ) -> ai_task.GenDataTaskResult:
        """Send the instructions to the hub as one turn; parse JSON when a structure was asked for."""
        if len(task.instructions) > MAX_TEXT_CHARS:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="text_too_long",
                translation_placeholders={"max": str(MAX_TEXT_CHARS)},
            )
        try:
            result = await self.entry.runtime_data.link.async_converse(
                task.instructions,
                language=self.hass.config.language,
                tool_handler=_refuse_tools,
                conversation_id=chat_log.conversation_id,
            )
        except HubNotConnectedError as err:
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="hub_not_connected") from err
        except HubTimeoutError as err:
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="hub_timeout") from err
        except HearthError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="hub_error",
                translation_placeholders={"code": type(err).__name__},
            ) from err
        chat_log.async_add_assistant_content_without_tools(
            conversation.AssistantContent(agent_id=self.entity_id, content=result.speech)
        )
        if not task.structure:
            return ai_task.GenDataTaskResult(conversation_id=chat_log.conversation_id, data=result.speech)
        try:
            data = json_loads(result.speech)
        except JSONDecodeError as err:
            raise HomeAssistantError(translation_domain=DOMAIN, translation_key="not_structured") from err
        return ai_task.GenDataTaskResult(conversation_id=chat_log.conversation_id, data=data)
