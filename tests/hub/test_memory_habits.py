"""Inferred habits: the usual bedtime from the sleep skill's morning episodes (circular median of bed-entry times,
at least 3 nights, sources kept, updates keep history), answered by the memory tier; edits by id."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hub.home.model import Home
from hub.llm.base import TurnRequest, Understanding
from hub.llm.memory_tier import MemoryBackend
from hub.memory.embed import HashingEmbedder
from hub.memory.errors import InvalidMemoryError, MemoryNotFoundError
from hub.memory.model import Memory, Viewer
from hub.memory.store import MemoryStore
from hub.memory.timeline import circular_median_minute, infer_bedtime
from hub.memory.tools import MemoryToolbox
from hub.sensing.sleep import SleepTracker

ALEX, SAM = Viewer("alex"), Viewer("sam")
MIDNIGHT = 1_800_000_000 // 86_400 * 86_400  # a UTC midnight
HOUR = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = float(MIDNIGHT + 10 * 86_400)

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The hub infers bedtimes in its local time zone; these tests pin it to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[MemoryStore]:
    memory = MemoryStore(tmp_path / "memory.db", HashingEmbedder(), clock=clock)
    memory.add_member("Alex", ha_user_id="ha-alex")
    memory.add_member("Sam", ha_user_id="ha-sam")
    yield memory
    memory.close()


def _night(store: MemoryStore, clock: Clock, person: str, entry: float) -> str:
    """One morning report as the sleep skill keeps it (the same call as `hub.sensing.care._rememberer`)."""
    clock.now = entry + 8 * HOUR
    when = datetime.fromtimestamp(entry, UTC).date().isoformat()
    metrics = {"time_in_bed_min": {"value": 480, "quality": "good"},
               "bed_entry_at": {"value": entry, "quality": "good"}}
    result = store.remember(f"Sleep on the night of {when}: You slept 7 h 40 min.", person=person, kind="episode",
                            source="inferred", data={"kind": "sleep_report", "metrics": metrics})
    return result.memory.id


def _at(day: int, hour: int, minute: int) -> float:
    return MIDNIGHT + day * 86_400 + hour * HOUR + minute * 60


def _habit(store: MemoryStore, viewer: Viewer) -> Memory:
    return next(m for m in store.list_memories(viewer, about_me=True, kinds=["preference"]) if "bedtime" in m.data)


def _bedtimes(store: MemoryStore, viewer: Viewer, *, history: bool = False) -> list[str]:
    return [m.data["bedtime"] for m in store.list_memories(viewer, about_me=True, kinds=["preference"],
                                                           include_history=history) if "bedtime" in m.data]


def test_circular_median_across_midnight() -> None:
    assert circular_median_minute([23 * 60 + 50, 10, 20]) == 10  # not 00:20 (linear median) nor ~08:00 (mean)
    assert circular_median_minute([22 * 60, 22 * 60 + 30, 23 * 60]) == 22 * 60 + 30
    assert circular_median_minute([23 * 60 + 50, 10]) == 0  # two nights: midway along the short arc


def test_fewer_than_three_nights_infer_nothing(store: MemoryStore, clock: Clock) -> None:
    _night(store, clock, "alex", _at(1, 23, 0))
    _night(store, clock, "alex", _at(2, 23, 10))
    assert _bedtimes(store, ALEX) == []
    assert infer_bedtime(store, "alex", tz=UTC) is None
    # Other people's nights and other episodes do not count towards Alex's habit.
    _night(store, clock, "sam", _at(3, 22, 0))
    store.remember("Alex went to the dentist", person="alex", kind="episode")
    assert infer_bedtime(store, "alex", tz=UTC) is None


def test_usual_bedtime_across_midnight_keeps_its_sources(store: MemoryStore, clock: Clock) -> None:
    ids = [_night(store, clock, "alex", entry) for entry in (_at(1, 23, 50), _at(3, 0, 10), _at(4, 0, 20))]
    habit = _habit(store, ALEX)  # written when the third morning's episode was kept
    assert habit.text == "Alex usually goes to bed at 00:10"
    assert (habit.kind, habit.source, habit.scope) == ("preference", "inferred", "private")
    assert habit.data["sources"] == ids
    assert habit.data["evidence"] == 3
    assert infer_bedtime(store, "alex", tz=UTC) is None  # the same habit is not written twice
    assert store.get(habit.id, SAM) is None  # private to Alex
    assert _bedtimes(store, SAM) == []


def test_the_sleep_skill_episodes_infer_it_on_their_own(store: MemoryStore, clock: Clock) -> None:
    """No explicit call: the third morning episode makes the habit (in the hub's local time zone)."""
    entries = (_at(1, 22, 31), _at(2, 22, 44), _at(3, 22, 38))
    for entry in entries[:2]:
        _night(store, clock, "alex", entry)
    assert _bedtimes(store, ALEX) == []
    _night(store, clock, "alex", entries[2])
    local = datetime.fromtimestamp(entries[2]).astimezone()
    minute = round((local.hour * 60 + local.minute) / 5) * 5 % 1440
    assert _bedtimes(store, ALEX) == [f"{minute // 60:02d}:{minute % 60:02d}"]


def test_a_shifted_habit_updates_and_keeps_the_old_one_as_history(store: MemoryStore, clock: Clock) -> None:
    for entry in (_at(1, 23, 50), _at(3, 0, 10), _at(4, 0, 20)):
        _night(store, clock, "alex", entry)
    first = _habit(store, ALEX)
    # A month later Alex goes to bed earlier; the old nights have left the window.
    new_ids = [_night(store, clock, "alex", entry) for entry in (_at(40, 22, 30), _at(41, 22, 33), _at(42, 22, 41))]
    second = _habit(store, ALEX)
    assert second.text == "Alex usually goes to bed at 22:35"
    assert second.data["sources"] == new_ids
    assert _bedtimes(store, ALEX) == ["22:35"]
    assert _bedtimes(store, ALEX, history=True) == ["22:35", "00:10"]
    old = store.get(first.id, ALEX)
    assert old is not None
    assert old.invalid_at == second.valid_from
    assert old.superseded_by == second.id
    # The explicit call with another zone agrees with what was inferred for the same nights.
    assert infer_bedtime(store, "alex", tz=UTC) is None


def test_sleep_tracker_reports_the_bed_entry_time() -> None:
    tracker = SleepTracker("alex")
    entry = _at(1, 23, 5)
    for minute in range(0, 8 * 60, 5):
        tracker.sample(entry + minute * 60, bed=True, motion=0.0)
    tracker.sample(entry + 8 * HOUR, bed=False)
    report = tracker.report(entry + 8 * HOUR + 1800)
    assert report is not None
    assert report.metrics["bed_entry_at"] == {"value": entry, "quality": "good"}
    assert report.to_event()["metrics"]["bed_entry_at"]["value"] == entry


class _NoTemplates:
    name = "templates"

    async def async_prepare(self) -> None:
        return None

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        return None


async def test_what_is_my_usual_bedtime(store: MemoryStore, clock: Clock) -> None:
    toolbox = MemoryToolbox(store)
    tier = MemoryBackend(toolbox, _NoTemplates())
    home = Home()
    ask = TurnRequest("What's my usual bedtime?", "en", None, "ha-alex", None, "c1")

    unknown = await tier.async_understand(ask, home)
    assert unknown is not None
    assert unknown.failure is not None
    assert "bedtime" in unknown.failure

    for entry in (_at(1, 23, 50), _at(3, 0, 10), _at(4, 0, 20)):
        _night(store, clock, "alex", entry)
    for text in ("What's my usual bedtime?", "when do I usually go to bed"):
        understanding = await tier.async_understand(
            TurnRequest(text, "en", None, "ha-alex", None, "c1"), home
        )
        assert understanding is not None
        assert understanding.calls, text
        kind, said = toolbox.run(understanding.calls[0], ask)
        assert kind == "answered"
        assert "00:10" in said
        assert "3 nights" in said
    # Sam has no bedtime of their own and never hears Alex's.
    sams = await tier.async_understand(TurnRequest("What's my usual bedtime?", "en", None, "ha-sam", None, "c2"), home)
    assert sams is not None
    assert sams.failure is not None


def test_update_by_id_closes_the_old_version(store: MemoryStore, clock: Clock) -> None:
    old = store.remember("My bike lock code is 1234", person="alex").memory
    clock.now += 60
    with pytest.raises(MemoryNotFoundError):
        store.update(old.id, "My bike lock code is 0000", SAM)
    with pytest.raises(MemoryNotFoundError):
        store.update("missing", "x", None)
    result = store.update(old.id, "The garage code is 4455 now", ALEX)  # not similar: still replaces it
    assert result.status == "updated"
    assert result.memory.valid_from == clock.now
    assert (result.memory.person, result.memory.scope) == ("alex", "private")
    previous = store.get(old.id, ALEX)
    assert previous is not None
    assert (previous.invalid_at, previous.superseded_by) == (clock.now, result.memory.id)
    with pytest.raises(InvalidMemoryError):
        store.update(old.id, "again", ALEX)
    assert store.update(result.memory.id, "The garage code is 4455 now", ALEX).status == "duplicate"
