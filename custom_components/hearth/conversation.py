"""The Hearth conversation agent: the hub understands, Home Assistant acts through its own LLM API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal, override

from homeassistant.components import conversation
from homeassistant.components.conversation.models import AbstractConversationAgent
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import MATCH_ALL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import intent, llm
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.json import json_dumps
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util
from homeassistant.util.json import json_loads

from .const import (
    ALL_LANGUAGES,
    CONF_LANGUAGE,
    CONF_TIER_POLICY,
    CONF_TOOLS,
    DOMAIN,
    LOGGER,
    SUBENTRY_CONVERSATION,
    TIER_POLICIES,
    TIER_POLICY_ANY,
)
from .entity import HearthEntity, subentry_device_info
from .errors import HearthError, HubConnectionLostError, HubNotConnectedError, HubRequestError, HubTimeoutError
from .link import ToolOutcome
from .models import HearthConfigEntry, TurnRecord, signal_turn
from .protocol import MAX_TEXT_CHARS, ConverseResult, ToolCall

PARALLEL_UPDATES = 0

_FALLBACK_ERROR: Final = "Sorry, the Hearth hub could not answer."
_OUTCOME_ERRORS: Final = {
    "not_understood": intent.IntentResponseErrorCode.NO_INTENT_MATCH,
    "failed": intent.IntentResponseErrorCode.FAILED_TO_HANDLE,
}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HearthConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one conversation agent per conversation subentry."""
    for subentry in entry.subentries.values():
        if subentry.subentry_type == SUBENTRY_CONVERSATION:
            async_add_entities([HearthConversationEntity(entry, subentry)], config_subentry_id=subentry.subentry_id)


def find_tool(tools: Iterable[llm.Tool], wire_name: str) -> llm.Tool | None:
    """Find the HA tool for a wire tool name: the intent tool for that intent first, then a name suffix.

    HA namespaces tool names (`intent__HassTurnOn`, `light__HassLightSet`); the wire carries intent names.
    """
    candidates = list(tools)
    for tool in candidates:
        base = tool
        while isinstance(base, llm.NamespacedTool):
            base = base.tool
        if isinstance(base, llm.IntentTool) and base.intent_type == wire_name:
            return tool
    for tool in candidates:
        if tool.name == wire_name or tool.name.rpartition("__")[2] == wire_name:
            return tool
    return None


def _json_safe(data: Any) -> dict[str, Any]:
    """A JSON-safe copy of a tool result (intent responses hold enums, sets and the like)."""
    value = json_loads(json_dumps(data))
    return value if isinstance(value, dict) else {"result": value}


def _error_text(data: dict[str, Any]) -> str:
    """The short reason HA gives for a failed tool call."""
    if isinstance(text := data.get("error_text"), str) and text:
        return text
    speech = data.get("speech")
    plain = speech.get("plain") if isinstance(speech, dict) else None
    if isinstance(plain, dict) and isinstance(text := plain.get("speech"), str) and text:
        return text
    inner = data.get("data")
    if isinstance(inner, dict) and isinstance(code := inner.get("code"), str):
        return code
    if isinstance(error := data.get("error"), str):
        return error
    return "the tool call failed"


class _TurnTools:
    """Runs the hub's tool calls of one turn through the chat log, one at a time."""

    def __init__(self, chat_log: conversation.ChatLog, agent_id: str, allowed: frozenset[str] = frozenset()) -> None:
        self._chat_log = chat_log
        self._agent_id = agent_id
        self._allowed = allowed
        """Intents this agent may run; empty means every intent HA exposes to Assist."""
        self._lock = asyncio.Lock()

    async def run(self, call: ToolCall) -> ToolOutcome:
        if self._allowed and call.tool not in self._allowed:
            return ToolOutcome(
                False,
                {"error": "tool_not_allowed", "tool": call.tool},
                f"this conversation agent may not run {call.tool}",
            )
        api = self._chat_log.llm_api
        if api is None:
            return ToolOutcome(False, {"error": "no_llm_api"}, "Home Assistant's Assist API is not available")
        tool = find_tool(api.tools, call.tool)
        if tool is None:
            return ToolOutcome(
                False,
                {"error": "unknown_tool", "tool": call.tool},
                f"Home Assistant has no tool {call.tool} for this conversation "
                "(unknown, or nothing exposed to Assist that it could act on)",
            )
        tool_input = llm.ToolInput(tool_name=tool.name, tool_args=dict(call.args))
        LOGGER.debug("Hub tool call %s -> %s(%s)", call.call_id, tool.name, call.args)
        result: llm.ToolResult | None = None
        async with self._lock:
            async for content in self._chat_log.async_add_assistant_content(
                conversation.AssistantContent(agent_id=self._agent_id, tool_calls=[tool_input])
            ):
                result = content.result
        if result is None:
            return ToolOutcome(False, {}, "the tool returned no result")
        data = _json_safe(result.data)
        success = not result.error and data.get("response_type") != "error"
        return ToolOutcome(success, data, None if success else _error_text(data))


@dataclass(frozen=True, slots=True)
class _End:
    """The turn is over: `speech` is the hub's final answer, or `None` when the turn failed."""

    speech: str | None


class _AnswerStream:
    """Streams the hub's `converse_delta` pieces into the chat log as one assistant message, so Assist can start
    speaking (TTS streaming) before the turn ends.

    Nothing touches the chat log until the first piece arrives: a turn the hub does not stream (the command
    model, the templates) is added whole, as before. The streamed message ends as the result's speech: the
    missing end is added, and if the preview was not the start of the answer (a model began to speak, then
    called a tool), the answer follows as a new message, which is the one the conversation result uses.
    """

    def __init__(self, hass: HomeAssistant, chat_log: conversation.ChatLog, agent_id: str) -> None:
        self._hass = hass
        self._chat_log = chat_log
        self._agent_id = agent_id
        self._queue: asyncio.Queue[str | _End] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.streamed = ""

    def put(self, delta: str) -> None:
        """One piece of the answer from the link (in order, before the result)."""
        self._queue.put_nowait(delta)
        if self._task is None:
            self._task = self._hass.async_create_task(self._async_feed(), "hearth answer stream")

    async def async_end(self, speech: str | None) -> bool:
        """The turn ended; returns whether the answer went into the chat log through the stream."""
        if self._task is None:
            return False
        self._queue.put_nowait(_End(speech))
        await self._task
        return speech is not None

    def cancel(self) -> None:
        """The turn itself was cancelled: stop streaming (what was said stays in the chat log)."""
        if self._task is not None:
            self._task.cancel()

    async def _async_feed(self) -> None:
        async for _content in self._chat_log.async_add_delta_content_stream(self._agent_id, self._deltas()):
            pass

    async def _deltas(self) -> AsyncIterator[conversation.AssistantContentDeltaDict]:
        yield {"role": "assistant"}
        while not isinstance(item := await self._queue.get(), _End):
            self.streamed += item
            yield {"content": item}
        if item.speech is None:  # the turn failed: what was said stays said
            return
        if item.speech.startswith(self.streamed):
            if rest := item.speech[len(self.streamed):]:
                yield {"content": rest}
        else:
            yield {"role": "assistant", "content": item.speech}


class HearthConversationEntity(
    conversation.ConversationEntity,
    AbstractConversationAgent,
    HearthEntity,
):
    """Sends each turn to the hub and runs the hub's tool calls with HA's Assist API."""

    _attr_name = None
    _attr_supported_features = conversation.ConversationEntityFeature.CONTROL

    def __init__(self, entry: HearthConfigEntry, subentry: ConfigSubentry) -> None:
        super().__init__(entry, "conversation", device_info=subentry_device_info(entry, subentry))
        self._attr_unique_id = subentry.subentry_id
        self.subentry = subentry
        self._language = str(subentry.data.get(CONF_LANGUAGE) or ALL_LANGUAGES)
        self._allowed_tools = frozenset(subentry.data.get(CONF_TOOLS) or ())
        policy = subentry.data.get(CONF_TIER_POLICY)
        self._tier_policy = policy if policy in TIER_POLICIES else TIER_POLICY_ANY
        """Which of the hub's understanding tiers may answer this agent (sent with every turn)."""

    @property
    @override
    def supported_languages(self) -> list[str] | Literal["*"]:
        """The subentry's language, or every language: the hub decides what it understands."""
        return MATCH_ALL if self._language == ALL_LANGUAGES else [self._language]

    @override
    async def async_added_to_hass(self) -> None:
        """Entity-based agents are found by entity id; nothing to register."""
        await super().async_added_to_hass()

    @override
    async def _async_handle_message(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
    ) -> conversation.ConversationResult:
        """Send the turn to the hub, run its tool calls, and speak its answer."""
        try:
            await chat_log.async_provide_llm_data(
                user_input.as_llm_context(DOMAIN),
                llm.LLM_API_ASSIST,
                None,
                user_input.extra_system_prompt,
            )
        except conversation.ConverseError as err:
            return err.as_conversation_result()

        if len(user_input.text) > MAX_TEXT_CHARS:
            return await self._async_error(user_input, chat_log, "text_too_long", {"max": str(MAX_TEXT_CHARS)})

        data = self.entry.runtime_data
        tools = _TurnTools(chat_log, self.entity_id, self._allowed_tools)
        answer = _AnswerStream(self.hass, chat_log, self.entity_id)
        try:
            result = await data.link.async_converse(
                user_input.text,
                language=user_input.language,
                tool_handler=tools.run,
                conversation_id=chat_log.conversation_id,
                user_id=user_input.context.user_id,
                device_id=user_input.device_id,
                area_id=self._satellite_area(user_input.device_id),
                tiers=self._tier_policy,
                on_delta=answer.put,
            )
        except HearthError as err:
            await answer.async_end(None)
            return await self._async_turn_error(user_input, chat_log, err)
        except asyncio.CancelledError:
            answer.cancel()
            raise

        self._record(result)
        if not await answer.async_end(result.speech):
            chat_log.async_add_assistant_content_without_tools(
                conversation.AssistantContent(agent_id=self.entity_id, content=result.speech)
            )
        conv_result = conversation.async_get_result_from_chat_log(user_input, chat_log)
        if (code := _OUTCOME_ERRORS.get(result.outcome)) is not None:
            conv_result.response.async_set_error(code, result.speech)
        conv_result.continue_conversation = result.continue_conversation
        return conv_result

    async def _async_turn_error(
        self, user_input: conversation.ConversationInput, chat_log: conversation.ChatLog, err: HearthError
    ) -> conversation.ConversationResult:
        """The spoken error for a turn the hub could not answer."""
        if isinstance(err, HubNotConnectedError):
            return await self._async_error(user_input, chat_log, "hub_not_connected")
        if isinstance(err, HubConnectionLostError):
            return await self._async_error(user_input, chat_log, "hub_went_away")
        if isinstance(err, HubTimeoutError):
            return await self._async_error(user_input, chat_log, "hub_timeout")
        if isinstance(err, HubRequestError):
            return await self._async_error(user_input, chat_log, "hub_error", {"code": err.code})
        LOGGER.error("Could not send the turn to the Hearth hub: %s", err)
        return await self._async_error(user_input, chat_log, "hub_error", {"code": type(err).__name__})

    def _satellite_area(self, device_id: str | None) -> str | None:
        """The area of the device that heard the request, which gives commands their implied target."""
        if device_id and (device := dr.async_get(self.hass).async_get(device_id)):
            return dr.async_get_effective_area_id(self.hass, device)
        return None

    def _record(self, result: ConverseResult) -> None:
        self._append(
            TurnRecord(
                time=dt_util.utcnow(),
                tier=result.tier,
                outcome=result.outcome,
                confidence=result.confidence,
                latency_ms=result.latency_ms,
                actions=len(result.actions),
                failed_actions=sum(not action.success for action in result.actions),
            )
        )

    def _append(self, record: TurnRecord) -> None:
        self.entry.runtime_data.turns.append(record)
        async_dispatcher_send(self.hass, signal_turn(self.entry.entry_id), record)

    async def _async_error(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
        key: str,
        placeholders: dict[str, str] | None = None,
    ) -> conversation.ConversationResult:
        """A spoken error in the request's language; the turn is not stored in the chat history."""
        LOGGER.debug("Hearth turn failed: %s", key)
        self._append(TurnRecord(time=dt_util.utcnow(), tier=None, outcome=key))
        message = await self._async_message(user_input.language, key, placeholders or {})
        response = intent.IntentResponse(language=user_input.language)
        response.async_set_error(intent.IntentResponseErrorCode.UNKNOWN, message)
        return conversation.ConversationResult(response=response, conversation_id=chat_log.conversation_id)

    async def _async_message(self, language: str, key: str, placeholders: dict[str, str]) -> str:
        """The translated text of one of this integration's exceptions, falling back to English."""
        translation_key = f"component.{DOMAIN}.exceptions.{key}.message"
        for lang in dict.fromkeys((language, "en")):
            translations = await async_get_translations(self.hass, lang, "exceptions", {DOMAIN})
            if template := translations.get(translation_key):
                try:
                    return template.format(**placeholders)
                except (KeyError, IndexError, ValueError):
                    return template
        return _FALLBACK_ERROR
