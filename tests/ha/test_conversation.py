"""The conversation agent: turns go to the hub, the hub's tool calls run through HA's Assist LLM API."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import patch

from homeassistant.components import conversation
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import Context, CoreState, HomeAssistant
from homeassistant.helpers import intent
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from .fake_hub import FakeHub, HubSession
from .helpers import HALLWAY_FAN, KITCHEN_LIGHT, Home, agent_entity_id, async_setup_home, setup_entry


async def _converse(hass: HomeAssistant, hub: FakeHub, text: str, home: Home, **kwargs: Any) -> Any:
    return await conversation.async_converse(
        hass,
        text,
        kwargs.pop("conversation_id", None),
        kwargs.pop("context", Context()),
        language="en",
        agent_id=agent_entity_id(hass, hub.hub_id),
        device_id=home.satellite_id,
        **kwargs,
    )


def _speech(result: conversation.ConversationResult) -> str:
    return str(result.response.speech["plain"]["speech"])


async def test_tool_call_turns_on_an_exposed_light(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    """The hub's HassTurnOn runs through HA's LLM API and the light goes on; HA reports success."""
    home = await async_setup_home(hass)
    tool_results: list[dict[str, Any]] = []

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        result = await session.call_tool(
            request["request_id"],
            "HassTurnOn",
            {"name": "Kitchen Light", "domain": ["light"]},
            [KITCHEN_LIGHT],
        )
        tool_results.append(result)
        await session.answer(request, "Turned on the kitchen light.")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)
    assert hass.states.get(KITCHEN_LIGHT).state == STATE_OFF

    result = await _converse(hass, fake_hub, "turn on the light", home, context=Context(user_id=hass_admin_user.id))

    assert hass.states.get(KITCHEN_LIGHT).state == STATE_ON
    assert _speech(result) == "Turned on the kitchen light."
    assert result.response.response_type is intent.IntentResponseType.ACTION_DONE
    assert [target.id for target in result.response.success_results] == [KITCHEN_LIGHT]
    assert result.continue_conversation is False
    [tool_result] = tool_results
    assert tool_result["success"] is True
    assert tool_result["data"]["response_type"] == "action_done"

    [request] = fake_hub.frames("converse")
    assert request["text"] == "turn on the light"
    assert request["language"] == "en"
    assert request["device_id"] == home.satellite_id
    assert request["area_id"] == home.kitchen_id
    assert request["user_id"] == hass_admin_user.id
    assert request["conversation_id"] == result.conversation_id


async def test_tool_call_on_an_unexposed_entity_fails(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """HA's exposure rules apply to the hub's calls: an unexposed switch is not found and stays off."""
    home = await async_setup_home(hass)
    tool_results: list[dict[str, Any]] = []

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        tool_results.append(await session.call_tool(request["request_id"], "HassTurnOn", {"name": "Hallway Fan"}))
        await session.answer(request, "I could not do that.", outcome="failed")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)

    result = await _converse(hass, fake_hub, "turn on the hallway fan", home)

    assert hass.states.get(HALLWAY_FAN).state == STATE_OFF
    [tool_result] = tool_results
    assert tool_result["success"] is False
    assert tool_result["error"]
    assert result.response.response_type is intent.IntentResponseType.ERROR
    assert result.response.error_code is intent.IntentResponseErrorCode.FAILED_TO_HANDLE
    assert _speech(result) == "I could not do that."


async def test_unknown_tool_is_refused(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A tool HA does not offer gets an unsuccessful result with a clear error, and the turn still ends."""
    home = await async_setup_home(hass)
    tool_results: list[dict[str, Any]] = []

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        tool_results.append(await session.call_tool(request["request_id"], "HassDoTheDishes", {}))
        await session.answer(request, "I can't do the dishes.", outcome="failed")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)

    result = await _converse(hass, fake_hub, "do the dishes", home)

    [tool_result] = tool_results
    assert tool_result["success"] is False
    assert "HassDoTheDishes" in tool_result["error"]
    assert tool_result["data"] == {"error": "unknown_tool", "tool": "HassDoTheDishes"}
    assert _speech(result) == "I can't do the dishes."


async def test_question_answered_by_the_hub(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """A turn without tool calls speaks the hub's answer and keeps the conversation open when asked to."""
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.answer(request, "Which light do you mean?", outcome="clarify", continue_conversation=True)

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)

    result = await _converse(hass, fake_hub, "turn on a light", home)
    assert _speech(result) == "Which light do you mean?"
    assert result.continue_conversation is True
    turns = mock_config_entry.runtime_data.turns
    assert [(turn.tier, turn.outcome) for turn in turns] == [("fake", "clarify")]


async def test_not_understood_is_an_intent_error(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """`not_understood` maps to HA's no-intent-match error, so pipelines can fall back."""
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.answer(request, "Sorry, I didn't understand that.", outcome="not_understood")

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)

    result = await _converse(hass, fake_hub, "blorp", home)
    assert result.response.error_code is intent.IntentResponseErrorCode.NO_INTENT_MATCH
    assert _speech(result) == "Sorry, I didn't understand that."


async def test_hub_going_away_mid_turn(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """The hub dies during a turn: HA speaks a clear error, keeps running, and says so on the next turn."""
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.hub.stop()

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)

    result = await _converse(hass, fake_hub, "turn on the light", home)
    assert result.response.response_type is intent.IntentResponseType.ERROR
    assert "went away" in _speech(result)
    assert hass.state is CoreState.running
    assert hass.states.get(KITCHEN_LIGHT).state == STATE_OFF

    result = await _converse(hass, fake_hub, "turn on the light", home)
    assert result.response.response_type is intent.IntentResponseType.ERROR
    assert "can't reach the Hearth hub" in _speech(result)
    outcomes = [turn.outcome for turn in mock_config_entry.runtime_data.turns]
    assert outcomes == ["hub_went_away", "hub_not_connected"]


async def test_hub_going_away_during_a_tool_call(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """The socket closes right after a tool call: the turn fails cleanly, nothing hangs."""
    home = await async_setup_home(hass)

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        await session.send(
            {
                "type": "tool_call",
                "call_id": "c1",
                "request_id": request["request_id"],
                "tool": "HassTurnOn",
                "args": {"name": "Kitchen Light"},
                "entities": [KITCHEN_LIGHT],
            }
        )
        await session.ws.close()

    fake_hub.on_converse = on_converse
    await setup_entry(hass, mock_config_entry, fake_hub)

    result = await _converse(hass, fake_hub, "turn on the light", home)
    assert result.response.response_type is intent.IntentResponseType.ERROR
    await hass.async_block_till_done()


async def test_hub_error_frame_and_timeout(
    hass: HomeAssistant, fake_hub: FakeHub, mock_config_entry: MockConfigEntry
) -> None:
    """An `error` frame for the request, or no answer at all, becomes a spoken error."""
    home = await async_setup_home(hass)
    answers = iter(["error", "silence"])

    async def on_converse(session: HubSession, request: dict[str, Any]) -> None:
        if next(answers) == "error":
            await session.send(
                {
                    "type": "error",
                    "code": "rate_limited",
                    "message": "slow down",
                    "request_id": request["request_id"],
                }
            )
        else:
            await asyncio.sleep(30)

    fake_hub.on_converse = on_converse
    with patch("custom_components.hearth.CONVERSE_TIMEOUT", 0.5):
        await setup_entry(hass, mock_config_entry, fake_hub)

    result = await _converse(hass, fake_hub, "hello", home)
    assert "rate_limited" in _speech(result)
    result = await _converse(hass, fake_hub, "hello", home)
    assert "took too long" in _speech(result)
