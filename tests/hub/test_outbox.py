"""The event outbox: bounded, persisted, restart-safe."""

from __future__ import annotations

from pathlib import Path

from hub.link.outbox import Outbox


async def test_events_survive_a_restart_until_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    first = Outbox(path)
    a = await first.add("hearth_fall_detected", {"person": "gran"})
    b = await first.add("hearth_reminder", {"text": "pills"})
    assert await first.ack(a["event_id"])
    assert not await first.ack(a["event_id"]), "a second ack of the same id is a no-op"

    second = Outbox(path)
    second.load()
    assert [e["event_id"] for e in second.pending()] == [b["event_id"]]
    assert second.pending()[0]["data"] == {"text": "pills"}


async def test_capacity_drops_the_oldest(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.json", capacity=3)
    ids = [(await box.add("hearth_reminder", {"i": i}))["event_id"] for i in range(5)]
    assert [e["event_id"] for e in box.pending()] == ids[2:]


def test_a_corrupt_file_is_moved_aside_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    path.write_text('[{"event_id": 1}]')
    box = Outbox(path)
    box.load()
    assert box.pending() == []
    assert (tmp_path / "outbox.corrupt").read_text() == '[{"event_id": 1}]'
