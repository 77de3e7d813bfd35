"""The fall escalation takes who fell from household memory: profile facts (members API, things a person told
Hearth), the `[care]` config as fallback and override, sources in the incident, on a simulated clock."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from hub.memory.embed import HashingEmbedder
from hub.memory.errors import InvalidMemoryError, MemberNotFoundError
from hub.memory.profile import condition_code, member_profile, profile_fact
from hub.memory.store import MemoryStore
from hub.server.serve import RunningHub
from skills.base import ListSink
from skills.fall_response import FALL_DETECTED, FALL_ESCALATED, Escalation

NOW = 1_795_000_000.0  # 2026-11-19 (UTC), so ages are worked out in 2026
AUTH = {"Authorization": "Bearer test-token-0123456789abcdef"}
SETTINGS: dict[str, Any] = {
    "people": {
        "rose": {"name": "Rose", "contacts": ["notify.mobile_app_anna"]},
        "sam": {"name": "Sam", "contacts": ["notify.mobile_app_anna"]},
        "tom": {"name": "Tom", "phone": "notify.mobile_app_tom"},
    },
    "wearables": {"wrist-rose": "rose", "wrist-sam": "sam"},
    "satellites": {"living_room": "assist_satellite.living_room"},
    "ask_timeout_s": 30,
    "ack_timeout_s": 120,
}


class SimClock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> SimClock:
    return SimClock()


@pytest.fixture
def memory(tmp_path: Path, clock: SimClock) -> Iterator[MemoryStore]:
    store = MemoryStore(tmp_path / "memory.db", HashingEmbedder(), clock=clock)
    store.add_member("Rose", ha_user_id="ha-rose")
    store.add_member("Sam", ha_user_id="ha-sam")
    store.add_member("Tom", ha_user_id="ha-tom")
    yield store
    store.close()


def _engine(tmp_path: Path, clock: SimClock, sink: ListSink, memory: MemoryStore, *, home: tuple[str, ...] = (),
            settings: dict[str, Any] | None = None) -> Escalation:
    ids = (f"inc{n}" for n in itertools.count(1))
    engine = Escalation(tmp_path / "incidents.json", sink, settings=settings or SETTINGS, clock=clock,
                        new_id=lambda: next(ids), people_home=lambda: home,
                        profiles=lambda member: member_profile(memory, member))
    engine.load()
    return engine


def _plan(sink: ListSink) -> list[tuple[str, list[str]]]:
    return [(e["step"], e["targets"]) for e in sink.of_type(FALL_ESCALATED)]


def test_profile_facts_from_what_people_say() -> None:
    assert profile_fact("I have a heart condition", at=NOW) == {
        "condition": "heart_condition", "has": True, "said": "a heart condition"}
    assert profile_fact("I use a walker.", at=NOW) == {"condition": "mobility_aid", "has": True, "said": "a walker"}
    assert profile_fact("I'm diabetic", at=NOW) == {"condition": "diabetes", "has": True, "said": "diabetic"}
    assert profile_fact("I no longer use a walker", at=NOW) == {"condition": "mobility_aid", "has": False,
                                                                 "said": "a walker"}
    assert profile_fact("I live alone", at=NOW) == {"lives_alone": True}
    assert profile_fact("I now live with my daughter", at=NOW) == {"lives_alone": False}
    assert profile_fact("I was born in 1944", at=NOW) == {"birth_year": 1944}
    assert profile_fact("I'm 82 years old", at=NOW) == {"birth_year": 1944, "age": 82}
    for ordinary in ("I have a dog", "the wifi password is hunter2", "Rose has a heart condition", "I like jazz"):
        assert profile_fact(ordinary, at=NOW) is None
    assert condition_code("uses a walker") == "mobility_aid"
    assert condition_code("Heart condition") == "heart_condition"
    assert condition_code("gout") == "gout"


def test_told_facts_become_profile_memories_and_the_newest_statement_wins(memory: MemoryStore, clock: SimClock
                                                                          ) -> None:
    said = memory.remember("I have a heart condition", person="rose")
    assert (said.memory.kind, said.memory.data["profile"]["condition"]) == ("profile", "heart_condition")
    assert memory.remember("I have a dog", person="rose").memory.kind == "fact"
    memory.set_profile("rose", {"birth_year": 1944, "conditions": ["uses a walker"], "lives_alone": True,
                                "emergency_contacts": [{"name": "Anna", "notify": "notify.mobile_app_anna"},
                                                       {"name": "GP", "phone": "+44 20 7946 0000"}]})
    profile = member_profile(memory, "rose")
    assert profile is not None
    assert [c.value for c in profile.conditions] == ["mobility_aid", "heart_condition"]
    assert [c.value for c in profile.contacts] == ["notify.mobile_app_anna"]  # a phone number alone cannot be sent to
    clock.now += 60
    memory.remember("I no longer use a walker", person="rose")
    memory.remember("I don't live alone any more", person="rose")
    profile = member_profile(memory, "rose")
    assert profile is not None
    assert [c.value for c in profile.conditions] == ["heart_condition"]
    assert profile.lives_alone is not None
    assert profile.lives_alone.value is False
    assert profile.lives_alone.source.startswith("memory:")
    assert member_profile(memory, "nobody") is None


def test_profile_changes_are_validated(memory: MemoryStore) -> None:
    for bad in ({"birth_year": 1700}, {"lives_alone": "yes"}, {"emergency_contacts": [{"name": "Anna"}]},
                {"emergency_contacts": [{"name": "A", "notify": "sms.anna"}]}, {"colour": "red"}):
        with pytest.raises(InvalidMemoryError):
            memory.set_profile("rose", bad)
    with pytest.raises(MemberNotFoundError):
        memory.set_profile("nobody", {"birth_year": 1950})


async def test_same_fall_escalates_differently_for_who_fell(tmp_path: Path, clock: SimClock,
                                                           memory: MemoryStore) -> None:
    memory.set_profile("rose", {"birth_year": 1944, "lives_alone": True,
                                "emergency_contacts": [{"name": "Ben", "notify": "notify.mobile_app_ben"}]})
    memory.remember("I have a heart condition", person="rose")
    memory.set_profile("sam", {"birth_year": 1991, "lives_alone": False})

    rose_sink = ListSink()
    rose = _engine(tmp_path / "a", clock, rose_sink, memory)
    (tmp_path / "a").mkdir()
    await rose.open(device_id="wrist-rose", area="living_room", confidence=0.97, reason={"peak_g": 4.0})
    detected = rose_sink.of_type(FALL_DETECTED)[0]
    assert detected["plan"] == ["ask", "notify", "notify", "notify_all"]
    why = detected["reason"]["profile"]
    assert detected["reason"]["peak_g"] == 4.0
    assert why["age"] == {"value": 82, "source": "memory:members", "birth_year": 1944}
    assert why["lives_alone"] == {"value": True, "source": "memory:members"}
    assert why["conditions"][0]["value"] == "heart_condition"
    assert why["conditions"][0]["source"].startswith("memory:")
    assert [(c["value"], c["source"]) for c in why["contacts"]] == [("notify.mobile_app_ben", "memory:members"),
                                                                     ("notify.mobile_app_anna", "config")]
    assert why["at_risk"]
    assert why["at_risk_because"] == ["age 82", "heart_condition", "lives alone, nobody else home"]
    assert rose.incidents["inc1"].steps[0].wait_s == 15.0  # the question in the room is halved
    clock.now += 15
    await rose.tick()
    assert _plan(rose_sink)[1] == ("notify", ["notify.mobile_app_ben"])  # contacts after 15 s, 60 s apart
    assert rose.incidents["inc1"].steps[1].wait_s == 60.0

    sam_sink = ListSink()
    (tmp_path / "b").mkdir()
    sam = _engine(tmp_path / "b", clock, sam_sink, memory, home=("sam", "tom"))
    await sam.open(device_id="wrist-sam", area="living_room", confidence=0.97, reason={"peak_g": 4.0})
    detected = sam_sink.of_type(FALL_DETECTED)[0]
    assert detected["reason"]["profile"]["age"]["value"] == 35
    assert not detected["reason"]["profile"]["at_risk"]
    steps = sam.incidents["inc1"].steps
    assert [(s.kind, s.wait_s, s.targets) for s in steps] == [
        ("ask", 30.0, ("assist_satellite.living_room",)), ("notify", 120.0, ("notify.mobile_app_tom",)),
        ("notify", 120.0, ("notify.mobile_app_anna",)),
        ("notify_all", 0.0, ("notify.mobile_app_tom", "notify.mobile_app_anna"))]
    clock.now += 15
    await sam.tick()
    assert len(_plan(sam_sink)) == 1  # still asking in the room


async def test_profile_change_shapes_the_next_incident_without_restart(tmp_path: Path, clock: SimClock,
                                                                       memory: MemoryStore) -> None:
    sink = ListSink()
    engine = _engine(tmp_path, clock, sink, memory)
    memory.set_profile("sam", {"birth_year": 1991})
    await engine.open(device_id="wrist-sam", area="living_room", confidence=0.9, reason={})
    assert engine.incidents["inc1"].steps[0].wait_s == 30.0
    assert await engine.respond("inc1", "ok")
    clock.now += 3600
    memory.remember("I have epilepsy", person="sam")  # said to the agent, no restart
    await engine.open(device_id="wrist-sam", area="living_room", confidence=0.9, reason={})
    second = engine.incidents["inc2"]
    assert second.steps[0].wait_s == 15.0
    assert second.profile["at_risk_because"] == ["epilepsy"]

    # The plan made is kept with the incident: a restart resumes it, whatever memory says by then.
    memory.remember("I no longer have epilepsy", person="sam")
    again = _engine(tmp_path, clock, ListSink(), memory)
    assert again.incidents["inc2"].steps[0].wait_s == 15.0
    assert again.incidents["inc2"].profile["at_risk_because"] == ["epilepsy"]
    assert again.incidents["inc2"].name == "Sam"


async def test_config_fills_gaps_and_override_wins(tmp_path: Path, clock: SimClock, memory: MemoryStore) -> None:
    settings = {**SETTINGS, "people": {
        **SETTINGS["people"],
        "rose": {"name": "Rose", "age": 70, "conditions": ["osteoporosis"], "lives_alone": False,
                 "contacts": ["notify.mobile_app_anna"]},
        "sam": {"name": "Sam", "age": 90, "lives_alone": True, "override": ["age", "contacts"],
                "contacts": ["notify.mobile_app_anna"]},
    }}
    memory.set_profile("rose", {"birth_year": 1980, "conditions": ["diabetes"],
                                "emergency_contacts": [{"name": "Ben", "notify": "notify.mobile_app_ben"}]})
    memory.set_profile("sam", {"birth_year": 1991, "lives_alone": False,
                               "emergency_contacts": [{"name": "Ben", "notify": "notify.mobile_app_ben"}]})
    sink = ListSink()
    engine = _engine(tmp_path, clock, sink, memory, settings=settings)

    await engine.open(device_id="wrist-rose", area="kitchen", confidence=0.9, reason={})
    rose = sink.of_type(FALL_DETECTED)[0]["reason"]["profile"]
    assert rose["age"] == {"value": 46, "source": "memory:members", "birth_year": 1980}  # memory first
    assert rose["lives_alone"] == {"value": False, "source": "config"}  # memory does not know: config
    assert [(c["value"], c["source"]) for c in rose["conditions"]] == [("diabetes", "memory:members"),
                                                                       ("osteoporosis", "config")]  # both count
    assert [c["value"] for c in rose["contacts"]] == ["notify.mobile_app_ben", "notify.mobile_app_anna"]

    await engine.open(device_id="wrist-sam", area="kitchen", confidence=0.9, reason={})
    sam = sink.of_type(FALL_DETECTED)[1]["reason"]["profile"]
    assert sam["age"] == {"value": 90, "source": "config"}  # pinned by the config
    assert sam["lives_alone"] == {"value": False, "source": "memory:members"}  # not pinned: memory
    assert [(c["value"], c["source"]) for c in sam["contacts"]] == [("notify.mobile_app_anna", "config")]
    assert sam["override"] == ["age", "contacts"]
    assert sam["at_risk_because"] == ["age 90"]


async def test_memory_failure_falls_back_to_config(tmp_path: Path, clock: SimClock) -> None:
    def broken(_member: str) -> None:
        raise RuntimeError("database is locked")

    sink = ListSink()
    engine = Escalation(tmp_path / "incidents.json", sink, settings=SETTINGS, clock=clock, profiles=broken)
    await engine.open(device_id="wrist-rose", area="living_room", confidence=0.9, reason={})
    assert sink.of_type(FALL_DETECTED)[0]["reason"]["profile"]["contacts"] == [
        {"value": "notify.mobile_app_anna", "source": "config"}]


async def test_profiles_through_the_household_api(virtual_hub: RunningHub) -> None:
    memory = virtual_hub.runtime.memory
    assert memory is not None
    memory.add_member("Rose", ha_user_id="ha-rose")
    async with aiohttp.ClientSession(base_url=virtual_hub.url, headers=AUTH) as http:
        body = {"birth_year": 1944, "conditions": ["uses a walker"], "lives_alone": True,
                "emergency_contacts": [{"name": "Anna", "notify": "notify.mobile_app_anna", "relation": "daughter"}]}
        async with http.patch("/api/v1/members/rose", json=body) as resp:
            assert resp.status == 200
            member = (await resp.json())["member"]
        assert (member["birth_year"], member["lives_alone"], member["conditions"]) == (1944, True, ["uses a walker"])
        async with http.patch("/api/v1/members/rose", json={"lives_alone": False}) as resp:
            assert (await resp.json())["member"]["birth_year"] == 1944  # only the keys given change
        async with http.patch("/api/v1/members/rose", json={"birth_year": "old"}) as resp:
            assert resp.status == 400
            assert (await resp.json())["error"] == "invalid_message"
        async with http.patch("/api/v1/members/nobody", json={"lives_alone": True}) as resp:
            assert resp.status == 404
            assert (await resp.json())["error"] == "unknown_member"
        async with http.patch("/api/v1/members/gran", json={"name": "Gran", "birth_year": 1939}) as resp:
            assert resp.status == 200
        async with http.get("/api/v1/members") as resp:
            members = {m["id"]: m for m in (await resp.json())["members"]}
        assert members["gran"]["birth_year"] == 1939
        assert members["rose"]["lives_alone"] is False
        # What a person says through the memory action is a profile fact too.
        async with http.post("/api/v1/memories", json={"text": "I have a heart condition", "user_id": "ha-rose"}) as r:
            assert (await r.json())["memory"]["kind"] == "profile"
    profile = member_profile(memory, "rose")
    assert profile is not None
    assert [c.value for c in profile.conditions] == ["mobility_aid", "heart_condition"]


async def test_a_condition_told_to_the_agent_shapes_the_next_fall(tmp_path: Path, clock: SimClock,
                                                                  memory: MemoryStore) -> None:
    """"Remember that I have a heart condition", said to the agent, is what the next escalation reads."""
    from hub.agent.conversation import ConversationAgent
    from hub.home.virtual import build_virtual_home
    from hub.llm.base import TurnRequest
    from hub.llm.hassil_tier import HassilBackend
    from hub.llm.memory_tier import MemoryBackend
    from hub.memory.tools import MemoryToolbox
    from hub.tools.virtual_executor import VirtualHomeExecutor

    templates = HassilBackend()
    await templates.async_prepare()
    home = build_virtual_home()
    toolbox = MemoryToolbox(memory)
    agent = ConversationAgent(home, [MemoryBackend(toolbox, templates), templates], local_tools=toolbox)
    request = TurnRequest("remember that I have a heart condition", area_id="kitchen", user_id="ha-sam",
                          conversation_id="c1")
    result = await agent.async_handle(request, executor=VirtualHomeExecutor(home, clock=clock), request_id="r1")
    assert result.outcome == "done", result.speech
    kept = memory.profile_memories("sam")
    assert [m.data["profile"]["condition"] for m in kept] == ["heart_condition"]

    sink = ListSink()
    engine = _engine(tmp_path, clock, sink, memory)
    await engine.open(device_id="wrist-sam", area="living_room", confidence=0.9, reason={})
    why = sink.of_type(FALL_DETECTED)[0]["reason"]["profile"]
    assert why["conditions"] == [{"value": "heart_condition", "source": f"memory:{kept[0].id}",
                                  "said": kept[0].text}]
    assert engine.incidents["inc1"].steps[0].wait_s == 15.0
