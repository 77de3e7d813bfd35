"""Streaming the spoken answer (`converse_delta`) and agents' tier policies (`converse`'s `tiers`): the filter
that keeps tool calls and half pseudonyms unspoken, a remote's and a generator's streams through the chat tier,
the link sending deltas in order before the result, and the router never calling a tier an agent leaves out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
from conftest import TOKEN
from test_remote import TOOL_STREAM, Server, server, sse
from test_router import Fixed, Recorded, answer

from hub.agent.conversation import ConversationAgent
from hub.agent.turn import TurnResult
from hub.home.virtual import build_virtual_home
from hub.llm.base import TurnRequest
from hub.llm.chat_tier import ChatModelBackend, DeltaSink, Message, ModelReply
from hub.llm.remote import OpenAIClient, RemoteSettings
from hub.llm.router import UNREACHABLE, Planner, RoutedTier, Router
from hub.llm.speech_stream import SpokenFilter, speech_stream
from hub.server.serve import RunningHub
from hub.tools.virtual_executor import VirtualHomeExecutor

__all__ = ["server"]  # the loopback endpoint fixture, shared with test_remote

AUTH = {"Authorization": f"Bearer {TOKEN}"}
METRICS = {"total_sleep_min": {"value": 420}, "efficiency_pct": {"value": 91}, "awakenings": {"value": 2},
           "bed_exits": {"value": 1}}


class Streaming:
    """A `ChatModel` that streams each recorded output piece by piece, as the generator does token by token."""

    native_tools = False

    def __init__(self, outputs: Sequence[Sequence[str]]) -> None:
        self.outputs = [list(o) for o in outputs]
        self.calls = 0

    @property
    def name(self) -> str:
        return "streaming"

    async def async_prepare(self) -> None:
        return None

    async def async_complete(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]], *, on_delta: DeltaSink | None = None
    ) -> ModelReply:
        self.calls += 1
        pieces = self.outputs.pop(0)
        for piece in pieces:
            if on_delta is not None:
                on_delta(piece)
        return ModelReply(text="".join(pieces))


def _filter(pieces: Sequence[str], **kwargs: Any) -> list[str]:
    out: list[str] = []
    spoken = SpokenFilter(out.append, **kwargs)
    for piece in pieces:
        spoken.feed(piece)
    return out


def test_plain_speech_streams_word_by_word_and_finish_completes_it() -> None:
    out: list[str] = []
    spoken = SpokenFilter(out.append)
    for piece in ["  It", " is", " 18", " deg", "rees."]:
        spoken.feed(piece)
    assert out == ["It", " is", " 18"]
    spoken.finish("It is 18 degrees.")
    assert out == ["It", " is", " 18", " degrees."]
    assert "".join(out) == "It is 18 degrees."


def test_tool_calls_are_never_spoken() -> None:
    assert _filter(['<tool_call>{"name": ', '"HassTurnOn", "arguments": {"name": "Kitchen Light"}}</tool_call>']) == []
    assert _filter(["[", '{"name": "HassTurnOn"}]']) == []
    assert _filter(["```json\n", '{"name": "x"}\n```']) == []
    assert _filter(["Sure, ", "doing it now. ", '<tool_call>{"name"']) == ["Sure,", " doing it now."]


def test_a_leading_bracket_waits_for_the_next_character() -> None:
    restore = {"[PERSON_1]": "Alex"}
    out = _filter(["[", "PERSON_1] is", " home. "],
                  restore=lambda text: text.replace("[PERSON_1]", restore["[PERSON_1]"]))
    assert "".join(out) == "Alex is home."


def test_pseudonyms_are_restored_whole_before_they_are_spoken() -> None:
    out: list[str] = []
    spoken = SpokenFilter(out.append, restore=lambda text: text.replace("PERSON_1", "Alex"))
    for piece in ["PER", "SON", "_1 is", " in the", " kitchen."]:
        spoken.feed(piece)
    spoken.finish("Alex is in the kitchen.")
    assert "PERSON" not in "".join(out)
    assert "".join(out) == "Alex is in the kitchen."


def test_without_a_streaming_client_nothing_happens() -> None:
    spoken = SpokenFilter()
    assert not spoken.active
    spoken.feed("hello ")
    spoken.finish("hello")
    assert spoken.sent == ""


async def test_a_generator_answer_streams_and_adds_up_to_the_speech() -> None:
    model = Streaming([["The", " kitchen", " light", " is", " on", "."]])
    backend = ChatModelBackend(model, tier="generator")
    deltas: list[str] = []
    with speech_stream(deltas.append):
        understanding = await backend.async_understand(TurnRequest("is the kitchen light on?"), build_virtual_home())
    assert understanding is not None
    assert deltas == ["The", " kitchen", " light", " is", " on."]
    assert "".join(deltas) == understanding.details["answer"] == "The kitchen light is on."


async def test_a_generator_tool_call_streams_nothing() -> None:
    call = '<tool_call>{"name": "HassTurnOn", "arguments": {"name": "Kitchen Light"}}</tool_call>'
    model = Streaming([[call[:5], call[5:30], call[30:]]])
    deltas: list[str] = []
    with speech_stream(deltas.append):
        understanding = await ChatModelBackend(model, tier="generator").async_understand(
            TurnRequest("kitchen light on"), build_virtual_home())
    assert understanding is not None
    assert [c.tool for c in understanding.calls] == ["HassTurnOn"]
    assert deltas == []


async def test_a_remote_stream_arrives_in_order_and_adds_up_to_the_speech(
    server: Server, http: aiohttp.ClientSession
) -> None:
    words = ["Good", " morning", ", the", " house", " is", " quiet", "."]
    chunks = [{"choices": [{"index": 0, "delta": {"content": w}}]} for w in words]
    server.replies.append(sse([*chunks, {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}]))
    remote = OpenAIClient(RemoteSettings(url=server.url, total_timeout_s=5.0), http)
    deltas: list[str] = []
    with speech_stream(deltas.append):
        understanding = await ChatModelBackend(remote, tier="remote").async_understand(
            TurnRequest("good morning"), build_virtual_home())
    assert understanding is not None
    assert deltas == ["Good", " morning,", " the", " house", " is", " quiet."]
    assert "".join(deltas) == understanding.details["answer"] == "Good morning, the house is quiet."


async def test_a_remote_tool_call_streams_nothing(server: Server, http: aiohttp.ClientSession) -> None:
    server.replies.append(sse(TOOL_STREAM))
    remote = OpenAIClient(RemoteSettings(url=server.url, total_timeout_s=5.0), http)
    deltas: list[str] = []
    with speech_stream(deltas.append):
        understanding = await ChatModelBackend(remote, tier="remote").async_understand(
            TurnRequest("kitchen light on"), build_virtual_home())
    assert understanding is not None
    assert understanding.calls
    assert deltas == []


def _streaming_router(model: Streaming) -> Router:
    return Router([RoutedTier(Fixed("nlu", None)),
                   RoutedTier(ChatModelBackend(model, tier="generator"), timeout_s=5, kind="generator")])


async def _link_turn(hub: RunningHub, http: aiohttp.ClientSession, **fields: Any) -> list[dict[str, Any]]:
    """One `converse` over a real link; every frame up to and including its result."""
    frames: list[dict[str, Any]] = []
    async with http.ws_connect(f"{hub.url}/api/v1/ws", headers=AUTH) as ws:
        await ws.send_json({"type": "hello", "protocol": 1})
        assert (await ws.receive_json())["type"] == "welcome"
        await ws.send_json({"type": "converse", "request_id": "r1", **fields})
        while not frames or frames[-1]["type"] not in ("converse_result", "error"):
            frames.append(json.loads((await ws.receive()).data))
    return frames


async def test_the_link_sends_deltas_in_order_before_the_result(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    model = Streaming([["Hello", " there,", " I", " am", " Hearth."]])
    virtual_hub.runtime.agent.backends = [_streaming_router(model)]
    frames = await _link_turn(virtual_hub, http, text="who are you")
    *deltas, result = frames
    assert {f["type"] for f in deltas} == {"converse_delta"}
    assert all(f["request_id"] == "r1" for f in frames)
    assert result["type"] == "converse_result"
    assert result["tier"] == "generator"
    assert "".join(f["delta"] for f in deltas) == result["speech"] == "Hello there, I am Hearth."


async def test_a_turn_without_a_streaming_tier_sends_no_deltas(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    frames = await _link_turn(virtual_hub, http, text="turn on the kitchen light", area_id="kitchen")
    assert [f["type"] for f in frames] == ["converse_result"]


async def test_local_only_agents_never_reach_the_generator(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    model = Streaming([["I", " should", " not", " run."]])
    virtual_hub.runtime.agent.backends = [_streaming_router(model)]
    frames = await _link_turn(virtual_hub, http, text="who are you", tiers="local_only")
    assert [f["type"] for f in frames] == ["converse_result"]
    assert model.calls == 0
    route = virtual_hub.runtime.recent_turns[-1]
    assert route["tiers"] == "local_only"
    assert [(d["tier"], d["result"], d["reason"]) for d in route["router"]] == [
        ("nlu", "escalated", "declined"), ("generator", "skipped", "agent_policy")]
    assert frames[-1]["outcome"] == "not_understood"


async def _route(router: Router, tiers: str) -> TurnResult:
    home = build_virtual_home()
    agent = ConversationAgent(home, [router])
    request = TurnRequest("could you light up the kitchen", area_id="kitchen", tiers=tiers)
    return await agent.async_handle(request, executor=VirtualHomeExecutor(home, clock=lambda: 0.0), request_id="r1")


async def test_tier_policies_decide_which_model_tiers_run() -> None:
    def build() -> tuple[Router, Fixed, Fixed]:
        generator = Fixed("generator", answer("generator", 0.9))
        remote = Fixed("remote", answer("remote", 0.9))
        router = Router([RoutedTier(Fixed("nlu", answer("nlu", 0.3)), min_confidence=0.5),
                         RoutedTier(generator, timeout_s=5, kind="generator", min_confidence=0.95),
                         RoutedTier(remote, timeout_s=5, remote=True, kind="remote")])
        return router, generator, remote

    router, generator, remote = build()
    result = await _route(router, "any")
    assert (result.tier, generator.calls, remote.calls) == ("remote", 1, 1)

    router, generator, remote = build()
    result = await _route(router, "local_generator")
    assert (generator.calls, remote.calls) == (1, 0)
    assert result.tier == "generator"  # under its bar, but the best answer the allowed tiers gave
    assert ("remote", "skipped", "agent_policy") in [(d["tier"], d["result"], d["reason"])
                                                     for d in result.details["router"]]

    router, generator, remote = build()
    result = await _route(router, "local_only")
    assert (generator.calls, remote.calls) == (0, 0)
    assert result.tier == "nlu"
    assert [d["reason"] for d in result.details["router"]] == [
        "low_confidence", "agent_policy", "agent_policy", "best_low_confidence"]


async def test_a_local_only_agent_hears_the_offline_answer_not_unreachable() -> None:
    router = Router([RoutedTier(Fixed("nlu", None)),
                     RoutedTier(Fixed("remote", answer("remote", 0.9)), timeout_s=5, remote=True)])
    result = await _route(router, "local_only")
    assert result.outcome == "not_understood"
    assert result.speech != UNREACHABLE


async def test_the_planner_obeys_the_tier_policy(tmp_path: Path) -> None:
    router = Router([RoutedTier(Fixed("nlu", None))])
    router.planner = Planner(Recorded(["Hi."]), remote=True)
    assert not router.offline
    from hub.llm.router import planner_allowed

    assert planner_allowed(router.planner, "any")
    assert not planner_allowed(router.planner, "local_generator")
    assert planner_allowed(Planner(Recorded([])), "local_generator")
    assert not planner_allowed(Planner(Recorded([])), "local_only")


async def test_recent_turns_and_memory_search_over_rest(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    memory = virtual_hub.runtime.memory
    assert memory is not None
    memory.add_member("Anna", ha_user_id="ha-anna")
    memory.add_member("Ben", ha_user_id="ha-ben")
    memory.remember("Anna's gym locker code is 4411", person="anna", scope="private")
    memory.remember("The plumber comes on Tuesday", person=None, scope="household")
    base = virtual_hub.url
    async with http.post(f"{base}/api/v1/converse", headers=AUTH,
                         json={"text": "turn on the kitchen light", "area_id": "kitchen",
                               "tiers": "local_only"}) as resp:
        assert resp.status == 200
    async with http.get(f"{base}/api/v1/turns", headers=AUTH, params={"limit": "5"}) as resp:
        turns = (await resp.json())["turns"]
    assert turns[0]["tiers"] == "local_only"
    assert set(turns[0]) == {"request_id", "time", "tier", "outcome", "ms", "tiers", "router"}
    assert "text" not in json.dumps(turns)

    async with http.get(f"{base}/api/v1/memories/search", headers=AUTH,
                        params={"q": "locker code", "user_id": "ha-anna", "k": "3"}) as resp:
        anna = [m["text"] for m in (await resp.json())["memories"]]
    async with http.get(f"{base}/api/v1/memories/search", headers=AUTH,
                        params={"q": "locker code", "user_id": "ha-ben"}) as resp:
        ben = [m["text"] for m in (await resp.json())["memories"]]
    assert anna[0] == "Anna's gym locker code is 4411"
    assert "Anna's gym locker code is 4411" not in ben
    async with http.get(f"{base}/api/v1/memories/search", headers=AUTH, params={"q": " "}) as resp:
        assert resp.status == 400
    async with http.post(f"{base}/api/v1/converse", headers=AUTH, json={"text": "hi", "tiers": "cloud"}) as resp:
        assert resp.status == 400


async def test_sleep_report_over_rest(virtual_hub: RunningHub, http: aiohttp.ClientSession) -> None:
    from hub.sensing.sleep import SleepReport
    from skills.base import ListSink
    from skills.sleep_report import SleepReporter

    base, runtime = virtual_hub.url, virtual_hub.runtime
    async with http.get(f"{base}/api/v1/sleep/rose/report", headers=AUTH) as resp:
        assert (resp.status, (await resp.json())["error"]) == (409, "care_disabled")

    class _Care:
        sleep = SleepReporter(ListSink(), lambda: 0.0, {"rose": {"bed": "bed_rose"}})

    runtime.care = _Care()  # type: ignore[assignment]
    try:
        async with http.get(f"{base}/api/v1/sleep/rose/report", headers=AUTH) as resp:
            assert (resp.status, (await resp.json())["error"]) == (404, "no_report")
        _Care.sleep.reports.append(SleepReport("rose", 1_800_000_000.0, 1_800_028_800.0,
                                               METRICS, ["S"] * 480))
        async with http.get(f"{base}/api/v1/sleep/rose/report", headers=AUTH) as resp:
            report = (await resp.json())["report"]
        assert report["person"] == "rose"
        assert report["metrics"] == METRICS
        async with http.get(f"{base}/api/v1/sleep/nobody/report", headers=AUTH) as resp:
            assert (resp.status, (await resp.json())["error"]) == (404, "unknown_person")
        async with http.get(f"{base}/api/v1/sleep/rose/report", headers=AUTH,
                            params={"user_id": "ha-stranger"}) as resp:
            assert (resp.status, (await resp.json())["error"]) == (403, "not_allowed")
    finally:
        runtime.care = None


async def test_a_multistep_turn_streams_only_its_final_words(tmp_path: Path) -> None:
    """Plan → act → observe: the step that calls a tool says nothing; the final answer streams and adds up."""
    from hub.agent.multistep import MultiStepAgent

    home = build_virtual_home()
    agent = ConversationAgent(home, [])
    step = '<tool_call>{"name": "HassTurnOn", "arguments": {"name": "Kitchen Light"}}</tool_call>'
    model = Streaming([[step[:12], step[12:]], ["The kitchen", " light is", " on now."]])
    multi = MultiStepAgent(model, agent, home)
    deltas: list[str] = []
    with speech_stream(deltas.append):
        result = await multi.async_handle(TurnRequest("kitchen light on please", area_id="kitchen"),
                                          executor=VirtualHomeExecutor(home, clock=lambda: 0.0), request_id="r1")
    assert home.entities["light.kitchen_light"].state == "on"
    assert "".join(deltas) == result.speech == "The kitchen light is on now."
    assert not any("tool_call" in d for d in deltas)


async def test_the_real_generator_streams_over_the_link(tmp_path: Path, http: aiohttp.ClientSession) -> None:
    """The tiny random-weight generator on a running hub, over the link: whatever it writes, no delta carries
    tool-call markup, and a plain answer adds up to the speech."""
    from hub.config import load_config
    from hub.server.serve import running_hub

    config = load_config(None, {
        "host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(tmp_path / "data"), "home": "virtual",
        "zeroconf": False, "generator_dir": "models/gen-test/tiny",
    })
    async with running_hub(config) as hub:
        frames = await _link_turn(hub, http, text="tell me something nice about the kitchen",
                                  tiers="local_generator")
        route = hub.runtime.recent_turns[-1]["router"]
    *deltas, result = frames
    assert result["type"] == "converse_result"
    assert {f["type"] for f in deltas} <= {"converse_delta"}
    text = "".join(f["delta"] for f in deltas)
    assert not any(mark in text for mark in "<{`")
    generator = next(d for d in route if d["tier"] == "generator")
    if generator["reason"] == "accepted" and result["outcome"] == "answered":
        assert text == result["speech"]
    else:  # the usual case: random weights write markup that is no valid call, and none of it was spoken
        assert generator["reason"] == "parse_failure"


class Threaded(Streaming):
    """Streams from a worker thread, as `LocalGenerator` does (`call_soon_threadsafe`, then `to_thread` returns)."""

    async def async_complete(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]], *, on_delta: DeltaSink | None = None
    ) -> ModelReply:
        import asyncio

        self.calls += 1
        pieces = self.outputs.pop(0)
        loop = asyncio.get_running_loop()

        def decode() -> str:
            for piece in pieces:
                if on_delta is not None:
                    loop.call_soon_threadsafe(on_delta, piece)
            return "".join(pieces)

        return ModelReply(text=await asyncio.to_thread(decode))


async def test_tokens_from_a_decoding_thread_arrive_in_order_before_the_result(
    virtual_hub: RunningHub, http: aiohttp.ClientSession
) -> None:
    words = [f" word{i}" for i in range(200)]
    model = Threaded([["Here", *words, "."]])
    virtual_hub.runtime.agent.backends = [_streaming_router(model)]
    frames = await _link_turn(virtual_hub, http, text="say many words")
    *deltas, result = frames
    assert deltas
    assert "".join(f["delta"] for f in deltas) == result["speech"] == "Here" + "".join(words) + "."
