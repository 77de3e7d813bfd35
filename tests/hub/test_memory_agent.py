"""Memory through the conversation loop: remember, recall, forget, the consent view, and "my usual temperature".

The real embedder is used: whether "where's the spare key?" finds "the spare key is in the blue pot" is the point.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from hub.agent.conversation import ConversationAgent
from hub.home.model import Home
from hub.home.virtual import build_virtual_home
from hub.link.client import LinkClient
from hub.llm.base import ToolCall, TurnRequest
from hub.llm.hassil_tier import HassilBackend
from hub.llm.memory_tier import MemoryBackend
from hub.memory.embed import CTranslate2Embedder
from hub.memory.model import Viewer
from hub.memory.store import MemoryStore
from hub.memory.tools import MemoryToolbox
from hub.server.serve import running_hub
from hub.tools.virtual_executor import VirtualHomeExecutor
from tests.hub.conftest import TOKEN, make_config


@pytest.fixture(scope="module")
def embedder() -> CTranslate2Embedder:
    return CTranslate2Embedder()


@pytest.fixture(scope="module")
def templates() -> HassilBackend:
    return HassilBackend()  # prepared (once per language) by the first test that uses it


class Setup:
    def __init__(self, home: Home, agent: ConversationAgent, store: MemoryStore, toolbox: MemoryToolbox) -> None:
        self.home, self.agent, self.store, self.toolbox = home, agent, store, toolbox
        self.executor = VirtualHomeExecutor(home, clock=lambda: 0.0)

    async def say(self, text: str, *, user: str | None = None, area: str = "kitchen") -> tuple[str, str, str]:
        request = TurnRequest(text, area_id=area, user_id=user, conversation_id=f"c-{user}")
        result = await self.agent.async_handle(request, executor=self.executor, request_id="r1")
        return result.outcome, result.tier, result.speech


@pytest.fixture
async def setup(tmp_path: Path, embedder: CTranslate2Embedder, templates: HassilBackend) -> AsyncIterator[Setup]:
    await templates.async_prepare()
    home = build_virtual_home()
    store = MemoryStore(tmp_path / "memory.db", embedder)
    store.add_member("Alex", ha_user_id="user-alex")
    store.add_member("Sam", ha_user_id="user-sam")
    toolbox = MemoryToolbox(store)
    agent = ConversationAgent(home, [MemoryBackend(toolbox, templates), templates], local_tools=toolbox)
    yield Setup(home, agent, store, toolbox)
    store.close()


async def test_remember_then_recall_in_a_later_turn(setup: Setup) -> None:
    outcome, tier, speech = await setup.say("remember that the spare key is in the blue pot", user="user-alex")
    assert (outcome, tier) == ("done", "memory")
    assert "the spare key is in the blue pot" in speech
    outcome, tier, speech = await setup.say("where's the spare key?", user="user-sam", area="hallway")
    assert (outcome, tier) == ("answered", "memory")
    assert "blue pot" in speech
    # A guest at a satellite sees household items too.
    assert "blue pot" in (await setup.say("where is the spare key", area="office"))[2]


async def test_first_person_memories_are_private(setup: Setup) -> None:
    outcome, _, speech = await setup.say("remember that I'm allergic to penicillin", user="user-alex")
    assert outcome == "done"
    assert "just for you" in speech
    assert "you're allergic to penicillin" in speech
    _, _, speech = await setup.say("what am I allergic to?", user="user-alex")
    assert "penicillin" in speech
    for user in ("user-sam", None):
        _, _, speech = await setup.say("what is Alex allergic to?", user=user)
        assert "penicillin" not in speech
    _, _, speech = await setup.say("what do you remember about me?", user="user-sam")
    assert "penicillin" not in speech
    _, _, speech = await setup.say("what do you remember about me?", user="user-alex")
    assert "penicillin" in speech


async def test_home_questions_still_go_to_the_home(setup: Setup) -> None:
    await setup.say("remember that the living room temperature sensor is behind the sofa", user="user-alex")
    outcome, tier, _ = await setup.say("what's the temperature in here", user="user-alex", area="living_room")
    assert (outcome, tier) == ("answered", "template")
    outcome, tier, _ = await setup.say("turn on the light", user="user-alex")
    assert (outcome, tier) == ("done", "template")
    assert setup.home.entities["light.kitchen_light"].state == "on"


async def test_forget_that(setup: Setup) -> None:
    await setup.say("remember that the garage code is 4417", user="user-alex")
    outcome, _, speech = await setup.say("forget that", user="user-alex")
    assert outcome == "done"
    assert "forgotten" in speech
    _, _, speech = await setup.say("what's the garage code?", user="user-alex")
    assert "4417" not in speech
    assert setup.store.search("garage code 4417", Viewer("alex")) == []
    outcome, _, _ = await setup.say("forget that", user="user-alex")
    assert outcome == "failed"


async def test_forget_about_something_by_description(setup: Setup) -> None:
    await setup.say("remember that the wifi password is tulip42", user="user-sam")
    outcome, _, _ = await setup.say("forget the wifi password", user="user-alex")
    assert outcome == "done"
    assert all("tulip42" not in m.text for m in setup.store.list_memories(Viewer("alex"), include_history=True))


async def test_my_usual_temperature(setup: Setup) -> None:
    outcome, _, speech = await setup.say("set it to my usual temperature", user="user-alex", area="bedroom")
    assert outcome == "failed"
    assert "usual temperature" in speech
    await setup.say("remember that I like it at 19 degrees", user="user-alex")
    outcome, tier, _ = await setup.say("set it to my usual temperature", user="user-alex", area="bedroom")
    assert (outcome, tier) == ("done", "memory")
    bedroom = next(e for e in setup.home.entities.values() if e.domain == "climate" and e.area_id == "bedroom")
    assert bedroom.attributes["temperature"] == 19
    # Sam has no such preference: Alex's private one is not used for Sam.
    outcome, _, _ = await setup.say("set it to my usual temperature", user="user-sam", area="bedroom")
    assert outcome == "failed"


async def test_tool_calls_are_validated(setup: Setup) -> None:
    request = TurnRequest("x", user_id="user-alex")
    outcome, speech = await setup.toolbox.async_run([ToolCall("MemoryRemember", {"text": ""})], request)
    assert outcome == "failed"
    assert "couldn't" in speech
    outcome, _ = await setup.toolbox.async_run([ToolCall("MemoryRecall", {"query": "x", "k": 99})], request)
    assert outcome == "failed"
    outcome, _ = await setup.toolbox.async_run([ToolCall("MemoryForget", {"memory_id": "nope"})], request)
    assert outcome == "failed"
    # A guest cannot keep private memories.
    outcome, speech = await setup.toolbox.async_run(
        [ToolCall("MemoryRemember", {"text": "my pin is 1234", "scope": "private"})], TurnRequest("x")
    )
    assert outcome == "failed"


async def test_through_a_running_hub_over_the_link(tmp_path: Path) -> None:
    """The live path: a satellite turn with an HA user, memory in the hub's data directory, the timeline filled."""
    async with running_hub(make_config(tmp_path)) as hub, aiohttp.ClientSession() as http, LinkClient(
        hub.url, TOKEN, session=http
    ) as link:
        said = await link.converse("remember that I like it at 19 degrees", area_id="bedroom", user_id="ha-user-1")
        assert said["outcome"] == "done"
        said = await link.converse("set it to my usual temperature", area_id="bedroom", user_id="ha-user-1")
        assert said["outcome"] == "done"
        assert hub.runtime.home.get("climate.bedroom_thermostat").attributes["temperature"] == 19
        memory = hub.runtime.memory
        assert memory is not None
        assert (tmp_path / "data" / "memory.db").exists()
        member = memory.viewer_for("ha-user-1").member
        assert member is not None
        events = memory.timeline(member, kind="command")
        assert [e["data"]["tool"] for e in events] == ["HassClimateSetTemperature"]
        said = await link.converse("what do you remember about me", area_id="kitchen", user_id="ha-user-2")
        assert "19" not in said["speech"]
