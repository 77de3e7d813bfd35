"""Streaming the hub's answer into HA's chat log (`converse_delta`), and each agent's tier policy on the wire."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import chat_session
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.hearth import protocol
from custom_components.hearth.const import CONF_TIER_POLICY

from .fake_hub import FakeHub, HubSession
from .helpers import KITCHEN_LIGHT, Home, agent_entity_id, async_setup_home, setup_entry


async def _converse_streamed(
    hass: HomeAssistant, hub: FakeHub, home: Home, text: str
) -> tuple[conversation.ConversationResult, list[dict[str, Any]], list[Any]]:
    """One turn with a chat-log delta listener, as Assist pipelines attach one for TTS streaming."""
    deltas: list[dict[str, Any]] = []

    def listener(_chat_log: conversation.ChatLog, delta: dict[str, Any]) -> None:
        deltas.append(delta)

    user_input = conversation.ConversationInput(
        text=text, context=Context(), conversation_id=None, device_id=home.satellite_id, satellite_id=None,
        language="en", agent_id=agent_entity_id(hass, hub.hub_id),
    )
    with (
        chat_session.async_get_chat_session(hass) as session,
        conversation.async_get_chat_log(hass, session, user_input, chat_log_delta_listener=listener) as chat_log,
    ):
        result = await conversation.async_converse(
            hass, text, session.conversation_id, Context(), language="en",
            agent_id=agent_entity_id(hass, hub.hub_id), device_id=home.satellite_id,
        )
        content = list(chat_log.content)
    return result, deltas, content


def _speech(result: conversation.ConversationResult) -> str:
    return str(result.response.speech["plain"]["speech"])


def _assistant_texts(content: list[Any]) -> list[str | None]:
    return [c.content for c in content if isinstance(c, conversation.AssistantContent)]


async def test_deltas_stream_into_the_chat_log_role_first(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """The first delta carries the assistant role (so TTS streaming starts), then the text in order; the chat log
    holds the whole answer once, equal to the result's speech."""
    home = await async_setup_home(hass)
    pieces = ["It is", " 21 degrees", " in the", " kitchen."]

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        for piece in pieces:
            await session.delta(request, piece)
            await asyncio.sleep(0)
        await session.answer(request, "".join(pieces), outcome="answered", tier="generator")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    result, deltas, content = await _converse_streamed(hass, fake_hub, home, "how warm is it")

    assert deltas[0] == {"role": "assistant"}
    assert [d["content"] for d in deltas[1:] if "content" in d] == pieces
    assert _speech(result) == "It is 21 degrees in the kitchen."
    assert _assistant_texts(content) == ["It is 21 degrees in the kitchen."]


async def test_a_held_back_end_is_added_and_a_diverging_preview_is_replaced(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """Deltas that are the start of the speech are completed; deltas that are not (a model began to speak, then
    acted) are followed by the real answer as a new message, which is what the result says."""
    home = await async_setup_home(hass)
    script: list[tuple[list[str], str]] = [
        (["Turning on"], "Turning on the kitchen light."),
        (["Let me check."], "Turned on the kitchen light."),
    ]

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        pieces, speech = script.pop(0)
        for piece in pieces:
            await session.delta(request, piece)
        await session.answer(request, speech)

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)

    result, deltas, content = await _converse_streamed(hass, fake_hub, home, "light please")
    assert _speech(result) == "Turning on the kitchen light."
    assert "".join(d.get("content") or "" for d in deltas) == "Turning on the kitchen light."
    assert _assistant_texts(content) == ["Turning on the kitchen light."]

    result, deltas, content = await _converse_streamed(hass, fake_hub, home, "light please")
    assert _speech(result) == "Turned on the kitchen light."
    assert [d.get("role") for d in deltas if "role" in d] == ["assistant", "assistant"]
    assert _assistant_texts(content) == ["Let me check.", "Turned on the kitchen light."]


async def test_tool_results_stay_in_the_chat_log_with_a_streamed_answer(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A tool call the hub made before streaming its answer is recorded with its result, before the answer."""
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.call_tool(request["request_id"], "HassTurnOn", {"name": "Kitchen Light"}, [KITCHEN_LIGHT])
        await session.delta(request, "The kitchen light")
        await session.delta(request, " is on.")
        await session.answer(request, "The kitchen light is on.")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    result, _deltas, content = await _converse_streamed(hass, fake_hub, home, "kitchen light on")
    kinds = [type(c).__name__ for c in content]
    assert kinds[-3:] == ["AssistantContent", "ToolResultContent", "AssistantContent"]
    assert content[-2].tool_name.endswith("HassTurnOn")
    assert content[-1].content == "The kitchen light is on."
    assert _speech(result) == "The kitchen light is on."
    assert hass.states.get(KITCHEN_LIGHT).state == "on"


async def test_a_hub_that_sends_no_deltas_still_answers(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """Template or command-model answers come whole: the chat log gets them as one message, as before."""
    home = await async_setup_home(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    result, deltas, content = await _converse_streamed(hass, fake_hub, home, "hello")
    assert _speech(result) == "OK."
    assert _assistant_texts(content) == ["OK."]
    assert not any("role" in d and d["role"] == "assistant" and "content" not in d for d in deltas)


async def test_a_failed_turn_after_deltas_gives_the_error(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """The hub streams a little, then reports an error for the request: the person hears the error."""
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.delta(request, "Well")
        await session.send({"type": "error", "code": "internal_error", "message": "boom",
                            "request_id": request["request_id"]})

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    result, _deltas, _content = await _converse_streamed(hass, fake_hub, home, "hello")
    assert result.response.error_code is not None
    assert "internal_error" in _speech(result)


async def test_the_agents_tier_policy_goes_with_each_turn(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A default agent sends no `tiers` (older hubs keep working); a local-only agent says so on every turn."""
    home = await async_setup_home(hass)
    await setup_entry(hass, mock_config_entry, fake_hub)
    await _converse_streamed(hass, fake_hub, home, "hello")
    assert fake_hub.frames("converse")[-1]["tiers"] == "any"  # the schema's default: nothing was sent
    assert "tiers" not in protocol.converse("r", "hi", language="en")

    sub = next(s for s in mock_config_entry.subentries.values() if s.subentry_type == "conversation")
    hass.config_entries.async_update_subentry(mock_config_entry, sub, data={**sub.data, CONF_TIER_POLICY: "local_only"})
    await hass.async_block_till_done()
    await fake_hub.wait_for(lambda: len(fake_hub.frames("home_snapshot")) >= 2)
    await _converse_streamed(hass, fake_hub, home, "hello")
    assert fake_hub.frames("converse")[-1]["tiers"] == "local_only"


async def test_a_cancelled_turn_stops_streaming(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A pipeline that gives up mid-answer cancels the turn: the stream stops too (no task is left behind)."""
    home = await async_setup_home(hass)
    streaming = asyncio.Event()

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.delta(request, "Thinking")
        streaming.set()
        await asyncio.sleep(30)

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    turn = hass.async_create_task(conversation.async_converse(
        hass, "hello", None, Context(), language="en", agent_id=agent_entity_id(hass, fake_hub.hub_id),
        device_id=home.satellite_id,
    ))
    await asyncio.wait_for(streaming.wait(), 5)
    await asyncio.sleep(0.05)
    turn.cancel()
    with pytest.raises(asyncio.CancelledError):
        await turn
    await hass.async_block_till_done()
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "hearth answer stream" and not t.done()]
