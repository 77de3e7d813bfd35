"""Multi-step tasks end to end on the virtual home with a scripted generator: several calls with a held lock,
scheduling a sleep session, calendar read + message, reading a temperature then setting the thermostat; the
iteration cap; history per (person, room) session; and every call through the policy gate."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from hub.agent.conversation import ConversationAgent
from hub.agent.multistep import GAVE_UP, MAX_TOOL_ITERATIONS, LocalToolbox, MultiStepAgent, SleepTools
from hub.agent.turn import TurnResult
from hub.home.virtual import build_virtual_home
from hub.home.virtual_content import ContentTools, VirtualContent
from hub.llm.base import TurnRequest
from hub.llm.chat_tier import DeltaSink, Message, ModelReply
from hub.policy.audit import AuditLog
from hub.policy.gate import PolicyGate
from hub.policy.people import household_from_dict
from hub.tools.virtual_executor import VirtualHomeExecutor

type Step = str | Callable[[list[Message]], str]


def call(tool: str, /, **arguments: Any) -> str:
    return f"<tool_call>{json.dumps({'name': tool, 'arguments': arguments})}</tool_call>"


class Scripted:
    """A generator that follows a script; a step may read the conversation so far (the observations)."""

    native_tools = False

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = list(steps)
        self.seen: list[list[Message]] = []

    @property
    def name(self) -> str:
        return "scripted"

    async def async_prepare(self) -> None:
        return None

    async def async_complete(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]], *, on_delta: DeltaSink | None = None
    ) -> ModelReply:
        self.seen.append(list(messages))
        step = self.steps.pop(0) if self.steps else "Done."
        return ModelReply(text=step(list(messages)) if callable(step) else step)


HOUSEHOLD = {"members": [
    {"id": "alex", "name": "Alex", "role": "adult", "ha_users": ["user-alex"]},
    {"id": "alice", "name": "Alice", "role": "adult", "ha_users": ["user-alice"]},
]}


class Home:
    def __init__(self, tmp_path: Path, steps: Sequence[Step]) -> None:
        self.home = build_virtual_home()
        self.home.set_state("lock.back_door", "unlocked")
        self.gate = PolicyGate(household_from_dict(HOUSEHOLD), audit=AuditLog(tmp_path / "audit.jsonl"))
        self.content = VirtualContent(members=("Alex", "Alice"))
        self.sleeping: list[str] = []
        tools = LocalToolbox(ContentTools(self.content),
                             SleepTools(self.sleeping.append, lambda r: self.gate.person_for(r).id))
        self.agent = ConversationAgent(self.home, [], local_tools=tools, policy=self.gate)
        self.model = Scripted(steps)
        self.multi = MultiStepAgent(self.model, self.agent, self.home)
        self.executor = VirtualHomeExecutor(self.home, clock=lambda: 0.0)

    async def say(self, text: str, area: str = "kitchen") -> TurnResult:
        request = TurnRequest(text, area_id=area, user_id="user-alex", conversation_id="c1")
        return await self.multi.async_handle(request, executor=self.executor, request_id="r1")

    def state(self, entity_id: str) -> str:
        return self.home.entities[entity_id].state


def last_tool(messages: list[Message]) -> str:
    return next(m["content"] for m in reversed(messages) if m["role"] == "tool")


async def test_turn_off_everything_downstairs_and_lock_up(tmp_path: Path) -> None:
    home = Home(tmp_path, [
        call("HassTurnOff", floor="Downstairs", domain="light") + call("HassTurnOff", name="Living Room TV"),
        call("HassTurnOn", name="Back Door"),
    ])
    result = await home.say("turn off everything downstairs and lock up")
    assert result.outcome == "confirm"
    assert {home.state(e) for e in ("light.living_room_ceiling", "light.hallway_light", "light.kitchen_light")} == {
        "off"}
    assert home.state("media_player.living_room_tv") == "off"
    assert home.state("lock.back_door") == "unlocked"  # the lock waits for the same person's yes
    assert [s["tool"] for s in result.details["steps"]] == ["HassTurnOff", "HassTurnOff", "HassTurnOn"]
    yes = await home.say("yes")
    assert yes.outcome == "done"
    assert home.state("lock.back_door") == "locked"


async def test_record_my_sleep_quality_tonight(tmp_path: Path) -> None:
    home = Home(tmp_path, [call("HearthSleepTrack"), "I'll track your sleep tonight."])
    result = await home.say("record my sleep quality tonight", area="bedroom")
    assert result.outcome == "done"
    assert home.sleeping == ["alex"]
    assert result.speech == "I'll track your sleep tonight."


async def test_tell_alice_whats_on_my_calendar_tomorrow(tmp_path: Path) -> None:
    def message(messages: list[Message]) -> str:
        events = last_tool(messages).split("On your calendar: ", 1)[1]
        return call("SendMessage", to="Alice", text=f"Alex's calendar tomorrow: {events}")

    home = Home(tmp_path, [call("CalendarGetEvents", day="tomorrow"), message, "I've sent Alice the calendar."])
    result = await home.say("tell Alice what's on my calendar tomorrow")
    # The calendar is untrusted text: after it entered the turn, only reads run without a yes.
    assert result.outcome == "confirm"
    assert home.content.sent == []
    assert (await home.say("yes")).outcome == "done"
    assert [(s.to, s.outside) for s in home.content.sent] == [("Alice", False)]
    assert "Dentist appointment at 3 PM" in home.content.sent[0].text
    tool_turns = [m for m in home.model.seen[-1] if m["role"] == "tool"]
    assert tool_turns[0]["content"].startswith("CalendarGetEvents: answered: On your calendar:")


async def test_a_message_outside_the_home_after_reading_the_calendar_waits(tmp_path: Path) -> None:
    home = Home(tmp_path, [call("CalendarGetEvents"), call("SendMessage", to="Bob", text="see you")])
    result = await home.say("tell Bob what's on my calendar")
    assert result.outcome == "confirm"
    assert home.content.sent == []


async def test_its_too_cold_in_the_bedroom(tmp_path: Path) -> None:
    def warmer(messages: list[Message]) -> str:
        observed = last_tool(messages)
        assert "18.5" in observed
        return call("HassClimateSetTemperature", area="Bedroom", temperature="21")

    home = Home(tmp_path, [call("HassClimateGetTemperature", area="Bedroom"), warmer, "I've set it to 21 degrees."])
    result = await home.say("it's too cold in the bedroom", area="bedroom")
    assert result.outcome == "done"
    assert home.home.entities["climate.bedroom_thermostat"].attributes["temperature"] == 21


async def test_the_loop_stops_at_the_iteration_cap(tmp_path: Path) -> None:
    home = Home(tmp_path, [call("HassGetState", name="Kitchen Light")] * 50)
    result = await home.say("keep checking the light")
    assert result.outcome == "failed"
    assert result.speech.endswith(GAVE_UP)
    assert len(home.model.seen) == MAX_TOOL_ITERATIONS


async def test_invalid_calls_are_observed_and_nothing_runs(tmp_path: Path) -> None:
    before = {e: x.state for e, x in build_virtual_home().entities.items()}
    home = Home(tmp_path, ["<tool_call>{broken", call("HassTurnOn", name="Jacuzzi"), "I can't find that."])
    result = await home.say("turn on the jacuzzi")
    assert result.outcome == "answered"
    assert result.actions == ()
    assert [m["content"].split(":")[0] for m in home.model.seen[-1] if m["role"] == "tool"] == ["error",
                                                                                              "HassTurnOn"]
    home.home.set_state("lock.back_door", "locked")
    assert {e: x.state for e, x in home.home.entities.items()} == {**before, "lock.back_door": "locked"}


async def test_history_is_kept_per_person_and_room(tmp_path: Path) -> None:
    home = Home(tmp_path, [call("HassTurnOn", name="Kitchen Light"), "Done.", "OK.", "Hi."])
    await home.say("kitchen light on")
    await home.say("thanks")
    roles = [m["role"] for m in home.model.seen[-1]]
    assert roles == ["system", "user", "assistant", "tool", "assistant", "user"]
    await home.say("hello", area="office")
    assert [m["role"] for m in home.model.seen[-1]] == ["system", "user"]


@pytest.mark.parametrize("privacy", ["masked"])
async def test_a_remote_model_sees_pseudonyms_consistently(tmp_path: Path, privacy: str) -> None:
    home = Home(tmp_path, ["Sure.", "Sure again."])
    home.multi = MultiStepAgent(home.model, home.agent, home.home, guard_for=home.gate.privacy_guard, tier="remote")
    await home.say("my sister Alice calls at 5")
    await home.say("remind Alice later")
    sent = json.dumps(home.model.seen)
    assert "Alice" not in sent
    users = [m["content"] for m in home.model.seen[-1] if m["role"] == "user"]
    assert users[0].count("PERSON_1") == 1
    assert "PERSON_1" in users[1]


async def test_a_running_hub_in_multistep_mode_plans_with_the_remote(tmp_path: Path) -> None:
    import aiohttp
    from conftest import TOKEN
    from test_remote import Server, sse

    from hub.config import load_config
    from hub.server.serve import running_hub

    def content(text: str) -> list[Any]:
        return [{"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": "stop"}]}]

    from aiohttp import web

    state = Server(url="")

    async def chat(request: web.Request) -> web.StreamResponse:
        state.bodies.append(await request.json())
        return await state.replies.pop(0)(request)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.replies += [sse(content(call("HassClimateGetTemperature", area="Bedroom"))),
                      sse(content(call("HassClimateSetTemperature", area="Bedroom", temperature=21))),
                      sse(content("I've turned the bedroom up to 21 degrees."))]
    config = load_config(None, {
        "host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(tmp_path / "data"), "home": "virtual",
        "zeroconf": False, "remote_url": f"http://127.0.0.1:{port}/v1", "multistep": True,
    })
    try:
        async with running_hub(config) as hub, aiohttp.ClientSession() as http:
            assert hub.runtime.multistep is not None
            async with http.post(f"{hub.url}/api/v1/converse", headers={"Authorization": f"Bearer {TOKEN}"},
                                 json={"text": "brr, make it less frosty up here", "area_id": "bedroom"}) as resp:
                body = await resp.json()
            route = hub.runtime.recent_turns[-1]["router"]
            thermostat = hub.runtime.home.entities["climate.bedroom_thermostat"].attributes["temperature"]
    finally:
        await runner.cleanup()
    assert body["outcome"] == "done"
    assert body["tier"] == "multistep"
    assert body["speech"] == "I've turned the bedroom up to 21 degrees."
    assert thermostat == 21
    assert route[-1]["tier"] == "multistep"
    assert route[-1]["reason"] == "accepted"
    assert len(state.bodies) == 3
    observations = [m["content"] for m in state.bodies[2]["messages"] if m["role"] == "tool"]
    assert "18.5" in observations[0]
    assert observations[1].startswith("HassClimateSetTemperature: done")


async def test_privacy_never_stops_a_remote_planner_before_anything_leaves(tmp_path: Path) -> None:
    home = Home(tmp_path, ["Sure."])
    home.gate = PolicyGate(household_from_dict({**HOUSEHOLD, "settings": {"remote_privacy": "never"}}))
    home.agent.policy = home.gate
    home.multi = MultiStepAgent(home.model, home.agent, home.home, guard_for=home.gate.privacy_guard, tier="remote")
    result = await home.say("what should I cook tonight")
    assert result.outcome == "failed"
    assert result.details["reason"] == "privacy_never"
    assert home.model.seen == []
