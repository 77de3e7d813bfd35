"""Fall escalation: steps per person, a simulated clock, answers, acknowledgements and restarts."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from skills.base import ListSink
from skills.fall_response import FALL_DETECTED, FALL_ESCALATED, FALL_RESOLVED, Escalation, plan_for

SETTINGS: dict[str, Any] = {
    "people": {
        "rose": {"name": "Rose", "age": 84, "conditions": ["osteoporosis"], "lives_alone": True,
                 "contacts": ["notify.mobile_app_anna", "notify.mobile_app_ben"]},
        "tom": {"name": "Tom", "age": 40, "phone": "notify.mobile_app_tom", "contacts": ["notify.mobile_app_anna"]},
        "ida": {"name": "Ida", "age": 70, "conditions": ["dementia"], "contacts": ["notify.mobile_app_anna"]},
    },
    "wearables": {"wrist-01": "rose", "wrist-02": "tom", "pendant-03": "ida"},
    "satellites": {"living_room": "assist_satellite.living_room"},
    "ask_timeout_s": 30,
    "ack_timeout_s": 120,
}


class SimClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _engine(tmp_path: Path, clock: SimClock, sink: ListSink, home: tuple[str, ...] = ()) -> Escalation:
    ids = (f"inc{n}" for n in itertools.count(1))
    engine = Escalation(tmp_path / "incidents.json", sink, settings=SETTINGS, clock=clock,
                        new_id=lambda: next(ids), people_home=lambda: home)
    engine.load()
    return engine


def test_plans_depend_on_who_fell_and_who_is_home() -> None:
    settings = Escalation(Path("/nonexistent"), ListSink(), settings=SETTINGS, clock=lambda: 0).settings
    rose = plan_for(settings, "rose", "living_room", [])
    assert [(s.kind, s.wait_s) for s in rose] == [("ask", 15.0), ("notify", 60.0), ("notify", 60.0),
                                                  ("notify_all", 0.0)]
    tom = plan_for(settings, "tom", "kitchen", [])
    assert [(s.kind, s.wait_s) for s in tom] == [("notify", 120.0), ("notify_all", 0.0)]
    rose_with_tom_home = plan_for(settings, "rose", "living_room", ["tom"])
    assert rose_with_tom_home[1].targets == ("notify.mobile_app_tom",)
    assert plan_for(settings, "ida", "living_room", [])[0].kind == "notify"  # cannot reliably answer


async def test_unanswered_fall_escalates_to_phones_then_next_contact(tmp_path: Path) -> None:
    clock, sink = SimClock(), ListSink()
    engine = _engine(tmp_path, clock, sink)
    incident = await engine.open(device_id="wrist-01", area="living_room", confidence=0.97, reason={"peak_g": 4})
    assert incident is not None
    assert [k for k, _ in sink.events] == [FALL_DETECTED, FALL_ESCALATED]
    assert sink.of_type(FALL_ESCALATED)[0]["step"] == "ask"
    clock.now += 14
    await engine.tick()
    assert len(sink.events) == 2
    clock.now += 1
    await engine.tick()
    notify = sink.of_type(FALL_ESCALATED)[1]
    assert (notify["step"], notify["targets"], notify["critical"]) == ("notify", ["notify.mobile_app_anna"], True)
    assert notify["actions"][0]["action"] == "HEARTH_FALL_ACK_inc1"
    clock.now += 60
    await engine.tick()
    assert sink.of_type(FALL_ESCALATED)[2]["targets"] == ["notify.mobile_app_ben"]
    assert await engine.respond("inc1", "ack", by="notify.mobile_app_ben")
    resolved = sink.of_type(FALL_RESOLVED)[0]
    assert (resolved["resolution"], resolved["by"], resolved["duration_s"]) == ("acknowledged",
                                                                               "notify.mobile_app_ben", 75.0)
    assert not engine.open_incidents
    assert not await engine.respond("inc1", "ack")


async def test_person_answering_ok_resolves_and_help_skips_the_wait(tmp_path: Path) -> None:
    clock, sink = SimClock(), ListSink()
    engine = _engine(tmp_path, clock, sink)
    await engine.open(device_id="wrist-01", area="living_room", confidence=0.9, reason={})
    assert await engine.respond("inc1", "ok", by="rose")
    assert sink.of_type(FALL_RESOLVED)[0]["resolution"] == "person_ok"
    await engine.open(device_id="wrist-01", area="living_room", confidence=0.9, reason={})
    clock.now += 3
    await engine.respond("inc2", "help", by="rose")
    assert sink.of_type(FALL_ESCALATED)[-1]["step"] == "notify"


async def test_state_survives_a_restart_and_overdue_steps_fire_once(tmp_path: Path) -> None:
    clock, sink = SimClock(), ListSink()
    engine = _engine(tmp_path, clock, sink)
    await engine.open(device_id="wrist-01", area="living_room", confidence=0.9, reason={})
    clock.now += 500  # the hub was down through two deadlines
    sink2 = ListSink()
    restarted = _engine(tmp_path, clock, sink2)
    assert [i.incident_id for i in restarted.open_incidents] == ["inc1"]
    await restarted.tick()
    assert [e["step"] for e in sink2.of_type(FALL_ESCALATED)] == ["notify", "notify", "notify_all"]
    await restarted.tick()
    assert len(sink2.events) == 3
    assert restarted.next_deadline() is None


async def test_one_open_incident_per_person_and_replays_are_deterministic(tmp_path: Path) -> None:
    runs = []
    for sub in ("a", "b"):
        folder = tmp_path / sub
        folder.mkdir()
        clock, sink = SimClock(), ListSink()
        engine = _engine(folder, clock, sink, home=("tom",))
        await engine.open(device_id="wrist-01", area="living_room", confidence=0.9, reason={})
        assert await engine.open(device_id="wrist-01", area="hall", confidence=0.9, reason={}) is None
        for _ in range(20):
            clock.now += 10
            await engine.tick()
        runs.append(sink.events)
    assert runs[0] == runs[1]


async def test_bad_responses_and_corrupt_state(tmp_path: Path) -> None:
    (tmp_path / "incidents.json").write_text("{not json")
    engine = _engine(tmp_path, SimClock(), ListSink())
    assert not engine.incidents
    assert (tmp_path / "incidents.corrupt").exists()
    with pytest.raises(ValueError, match="unknown response"):
        await engine.respond("x", "maybe")
