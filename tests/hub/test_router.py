"""The router: cheapest tier first, escalation on declined / low confidence / parse failure / timeout / error,
the household privacy setting, offline mode, and each decision visible in the turn result; end to end through
the conversation loop and the policy gate with a loopback remote that fails in the ways remotes fail."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from test_remote import BAD_ARGS_STREAM, TOOL_STREAM, Server, server, slow, sse, status

from hub.agent.conversation import ConversationAgent
from hub.agent.responses import NOT_UNDERSTOOD
from hub.agent.turn import TurnResult
from hub.config import load_config
from hub.errors import ConfigError
from hub.home.model import Home
from hub.home.virtual import build_virtual_home
from hub.llm.base import ToolCall, TurnRequest, Understanding
from hub.llm.chat_tier import ChatModelBackend, DeltaSink, Message, ModelReply
from hub.llm.remote import OpenAIClient, RemoteSettings
from hub.llm.router import NO_TIER_COULD, UNREACHABLE, RoutedTier, Router, summarize
from hub.llm.router_setup import build_router
from hub.policy.audit import AuditLog
from hub.policy.gate import PolicyGate
from hub.policy.people import household_from_dict
from hub.tools.virtual_executor import VirtualHomeExecutor

__all__ = ["server"]  # the loopback endpoint fixture, shared with test_remote

KITCHEN_ON = ToolCall("HassTurnOn", {"name": "Kitchen Light"}, ("light.kitchen_light",))


class Fixed:
    """A tier with a fixed answer (or none), that can be slow or fail."""

    def __init__(self, name: str, answer: Understanding | None, *, delay: float = 0.0,
                 error: Exception | None = None) -> None:
        self._name, self.answer, self.delay, self.error, self.calls = name, answer, delay, error, 0

    @property
    def name(self) -> str:
        return self._name

    async def async_prepare(self) -> None:
        return None

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        self.calls += 1
        await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return self.answer


class Recorded:
    """A `ChatModel` that replays recorded generator outputs, one per call."""

    native_tools = False

    def __init__(self, outputs: Sequence[str]) -> None:
        self.outputs = list(outputs)
        self.seen: list[list[Message]] = []

    @property
    def name(self) -> str:
        return "recorded"

    async def async_prepare(self) -> None:
        return None

    async def async_complete(
        self, messages: Sequence[Message], tools: Sequence[dict[str, Any]], *, on_delta: DeltaSink | None = None
    ) -> ModelReply:
        self.seen.append(list(messages))
        return ModelReply(text=self.outputs.pop(0))


def answer(tier: str, confidence: float, calls: tuple[ToolCall, ...] = (KITCHEN_ON,)) -> Understanding:
    return Understanding(tier=tier, confidence=confidence, calls=calls)


async def route(router: Router, text: str = "kitchen light on") -> Understanding:
    understanding = await router.async_understand(TurnRequest(text, area_id="kitchen"), build_virtual_home())
    assert understanding is not None
    return understanding


def reasons(understanding: Understanding) -> list[tuple[str, str]]:
    return [(d["tier"], d["reason"]) for d in understanding.details["router"]]


async def test_the_cheapest_tier_that_answers_wins() -> None:
    remote = Fixed("remote", answer("remote", 0.9))
    router = Router([RoutedTier(Fixed("nlu", answer("nlu", 0.97)), min_confidence=0.5),
                     RoutedTier(remote, remote=True, timeout_s=1)])
    result = await route(router)
    assert result.tier == "nlu"
    assert reasons(result) == [("nlu", "accepted")]
    assert remote.calls == 0


async def test_escalation_reasons_are_recorded_in_order() -> None:
    parse_failed = Understanding(tier="generator", confidence=0.0, failure="x", details={"reason": "parse_failure"})
    router = Router([
        RoutedTier(Fixed("nlu", None)),
        RoutedTier(Fixed("templates", answer("templates", 0.3)), min_confidence=0.5),
        RoutedTier(Fixed("generator", parse_failed), timeout_s=1),
        RoutedTier(Fixed("slow", answer("slow", 1.0), delay=1.0), timeout_s=0.05),
        RoutedTier(Fixed("remote", answer("remote", 0.9)), remote=True, timeout_s=1),
    ])
    result = await route(router)
    assert result.tier == "remote"
    assert reasons(result) == [("nlu", "declined"), ("templates", "low_confidence"), ("generator", "parse_failure"),
                               ("slow", "timeout"), ("remote", "accepted")]
    assert summarize(result.details["router"]).startswith("nlu: declined → templates: low_confidence")


async def test_a_low_confidence_answer_is_the_fallback_when_nothing_better_answers() -> None:
    from hub.llm.remote import RemoteUnavailableError

    router = Router([RoutedTier(Fixed("templates", answer("templates", 0.3)), min_confidence=0.5),
                     RoutedTier(Fixed("remote", None, error=RemoteUnavailableError("down")), remote=True)])
    result = await route(router)
    assert result.tier == "templates"
    assert reasons(result) == [("templates", "low_confidence"), ("remote", "error: down"),
                               ("templates", "best_low_confidence")]


async def test_privacy_never_skips_the_remote_without_calling_it() -> None:
    remote = Fixed("remote", answer("remote", 0.9))
    router = Router([RoutedTier(Fixed("nlu", None)), RoutedTier(remote, remote=True)], privacy=lambda: "never")
    result = await route(router, "write me a poem")
    assert remote.calls == 0
    assert reasons(result) == [("nlu", "declined"), ("remote", "privacy_never")]
    assert result.failure == UNREACHABLE


async def test_offline_the_local_tiers_decide_and_the_person_hears_a_clear_answer() -> None:
    router = Router([RoutedTier(Fixed("nlu", None)), RoutedTier(Fixed("templates", None))])
    assert router.offline
    result = await route(router, "write me a poem")
    assert result.failure == NOT_UNDERSTOOD
    assert result.details["outcome"] == "not_understood"
    assert reasons(result) == [("nlu", "declined"), ("templates", "declined")]


async def test_a_generator_that_keeps_failing_to_call_a_tool_says_so() -> None:
    recorded = ["{not json", '<tool_call>{"name": "HassFly"}</tool_call>',
                '```json\n{"name": "HassTurnOn", "arguments": {"name": "Jacuzzi"}}\n```']
    generator = ChatModelBackend(Recorded(recorded), tier="generator")
    router = Router([RoutedTier(Fixed("nlu", None)), RoutedTier(generator, timeout_s=5)])
    result = await route(router, "make it nice")
    assert reasons(result) == [("nlu", "declined"), ("generator", "parse_failure")]
    assert result.failure == NO_TIER_COULD


async def test_build_router_offline_and_with_tiers(tmp_path: Path) -> None:
    gate = PolicyGate()
    local = [Fixed("nlu", None)]
    offline = await build_router(load_config(None, {}), local, policy=lambda: gate, http=None)
    assert [t.backend.name for t in offline.tiers] == ["nlu"]
    assert offline.offline
    config = load_config(None, {"generator_dir": "models/gen-test/tiny", "remote_url": "http://127.0.0.1:9/v1"})
    async with aiohttp.ClientSession() as http:
        full = await build_router(config, local, policy=lambda: gate, http=http)
    assert [t.backend.name for t in full.tiers] == ["nlu", "generator", "remote"]
    assert [t.remote for t in full.tiers] == [False, False, True]
    with pytest.raises(ConfigError, match="generator_dir"):
        await build_router(load_config(None, {"generator_dir": str(tmp_path)}), local, policy=lambda: gate, http=None)


# End to end: the conversation loop, the policy gate and a loopback remote ------------------------------------------

HOUSEHOLD = {"members": [{"id": "alex", "name": "Alex", "role": "adult", "ha_users": ["user-alex"]}]}


class Hub:
    def __init__(self, tmp_path: Path, url: str, http: aiohttp.ClientSession, privacy: str = "masked") -> None:
        self.home = build_virtual_home()
        self.gate = PolicyGate(household_from_dict({**HOUSEHOLD, "settings": {"remote_privacy": privacy}}),
                               audit=AuditLog(tmp_path / "audit.jsonl"))
        settings = RemoteSettings(url=url, read_timeout_s=0.3, total_timeout_s=2.0, backoff_s=0.01, max_retries=1)
        self.remote = OpenAIClient(settings, http)
        backend = ChatModelBackend(self.remote, tier="remote", guard_for=self.gate.privacy_guard)
        self.router = Router([RoutedTier(Fixed("nlu", None)), RoutedTier(backend, remote=True, timeout_s=5)],
                             privacy=lambda: self.gate.household.remote_privacy)
        self.agent = ConversationAgent(self.home, [self.router], policy=self.gate)
        self.executor = VirtualHomeExecutor(self.home, clock=lambda: 0.0)

    async def say(self, text: str) -> TurnResult:
        request = TurnRequest(text, area_id="kitchen", user_id="user-alex", conversation_id="c1")
        return await self.agent.async_handle(request, executor=self.executor, request_id="r1")

    def states(self) -> dict[str, str]:
        return {eid: e.state for eid, e in self.home.entities.items()}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_a_remote_tool_call_runs_through_the_gate_and_the_route_is_in_the_details(
    tmp_path: Path, server: Server, http: aiohttp.ClientSession
) -> None:
    hub = Hub(tmp_path, server.url, http)
    server.replies.append(sse(TOOL_STREAM))
    result = await hub.say("could you light up the kitchen")
    assert result.outcome == "done"
    assert result.tier == "remote"
    assert hub.home.entities["light.kitchen_light"].state == "on"
    assert [(d["tier"], d["reason"]) for d in result.details["router"]] == [("nlu", "declined"),
                                                                          ("remote", "accepted")]
    assert result.details["router"][-1]["tokens"] == {"prompt": 900, "completion": 21}
    audit = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [(e["kind"], e["decision"]) for e in audit] == [("remote", "sent"), ("tool", "executed")]


async def test_a_remote_lock_call_waits_for_confirmation(
    tmp_path: Path, server: Server, http: aiohttp.ClientSession
) -> None:
    hub = Hub(tmp_path, server.url, http)
    lock = [{"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {
        "name": "HassTurnOn", "arguments": json.dumps({"name": "Back Door"})}}]}, "finish_reason": "tool_calls"}]}]
    hub.home.set_state("lock.back_door", "unlocked")
    server.replies.append(sse(lock))
    result = await hub.say("secure the back")
    assert result.outcome == "confirm"
    assert hub.home.entities["lock.back_door"].state == "unlocked"


@pytest.mark.parametrize(("replies", "speech"), [
    ([status(500), status(500)], UNREACHABLE),
    ([slow(1.0), slow(1.0)], UNREACHABLE),
    ([sse(BAD_ARGS_STREAM)] * 3, NO_TIER_COULD),
    ([sse(TOOL_STREAM[:2], done=False), sse(TOOL_STREAM[:2], done=False)], UNREACHABLE),
], ids=["http-500", "timeout", "malformed-tool-call", "stream-cut"])
async def test_remote_failures_give_a_clear_answer_and_change_nothing(
    tmp_path: Path, server: Server, http: aiohttp.ClientSession, replies: list[Any], speech: str
) -> None:
    hub = Hub(tmp_path, server.url, http)
    before = hub.states()
    server.replies += replies
    result = await hub.say("could you light up the kitchen")
    assert result.outcome == "failed"
    assert result.speech == speech
    assert result.actions == ()
    assert hub.states() == before
    assert result.details["router"][-1]["tier"] == "remote"


async def test_privacy_never_keeps_every_byte_on_the_hub(
    tmp_path: Path, server: Server, http: aiohttp.ClientSession
) -> None:
    hub = Hub(tmp_path, server.url, http, privacy="never")
    result = await hub.say("could you light up the kitchen")
    assert server.bodies == []
    assert result.details["router"][-1]["reason"] == "privacy_never"
    assert result.speech == UNREACHABLE


async def test_a_running_hub_with_a_generator_and_a_remote(
    tmp_path: Path, server: Server, http: aiohttp.ClientSession
) -> None:
    from conftest import TOKEN

    from hub.server.serve import running_hub

    config = load_config(None, {
        "host": "127.0.0.1", "port": 0, "token": TOKEN, "data_dir": str(tmp_path / "data"), "home": "virtual",
        "zeroconf": False, "generator_dir": "models/gen-test/tiny", "remote_url": server.url,
        "remote_api_key": "sk-never-logged",
    })
    assert "sk-never-logged" not in repr(config)
    server.replies.append(sse(TOOL_STREAM))
    async with running_hub(config) as hub:
        tiers = [t.backend.name for t in hub.runtime.agent.backends[0].tiers]  # type: ignore[attr-defined]
        assert tiers[-2:] == ["generator", "remote"]
        async with http.post(f"{hub.url}/api/v1/converse", headers={"Authorization": f"Bearer {TOKEN}"},
                             json={"text": "write a short poem about the kitchen light", "area_id": "kitchen"}) as resp:
            body = await resp.json()
        route = hub.runtime.recent_turns[-1]["router"]
        http_session = hub.runtime.http
    assert http_session is not None
    assert http_session.closed
    command_model = next(d for d in route if d["tier"] == "nlu")
    assert command_model["reason"] != "accepted"  # not a home command: the command model declines
    generator = next(d for d in route if d["tier"] == "generator")
    if generator["reason"] == "parse_failure":  # the usual case: random weights write no valid call
        assert route[-1] == {**route[-1], "tier": "remote", "reason": "accepted"}
        assert body["tier"] == "remote"
        assert body["outcome"] == "done"
    else:  # random text that reads as a plain answer: spoken, nothing done
        assert generator["reason"] == "accepted"
        assert body["actions"] == []


async def test_a_local_failure_lets_a_model_try_and_stays_the_fallback() -> None:
    from hub.llm.remote import RemoteUnavailableError

    misread = Understanding(tier="nlu", confidence=0.9, failure="There are no fans in the Bedroom.")
    router = Router([RoutedTier(Fixed("nlu", misread)), RoutedTier(Fixed("remote", answer("remote", 0.9)),
                                                                   remote=True, timeout_s=1)])
    result = await route(router, "it's too cold in the bedroom")
    assert reasons(result) == [("nlu", "local_failure"), ("remote", "accepted")]
    router = Router([RoutedTier(Fixed("nlu", misread)),
                     RoutedTier(Fixed("remote", None, error=RemoteUnavailableError("down")), remote=True)])
    result = await route(router, "it's too cold in the bedroom")
    assert result.failure == misread.failure
    assert reasons(result)[-1] == ("nlu", "local_failure")
    offline = Router([RoutedTier(Fixed("nlu", misread))])
    assert reasons(await route(offline)) == [("nlu", "accepted")]
