"""The audit log on its own: append-only JSON lines, rotation, filters, newest first, and a disk that fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.policy import audit as audit_module
from hub.policy.audit import AuditEntry, AuditLog


def _entry(decision: str = "executed", tool: str = "HassTurnOn", kind: str = "tool") -> AuditEntry:
    return AuditEntry(kind=kind, decision=decision, tool=tool, tier="act", reason="r",  # type: ignore[arg-type]
                      who={"user_id": "u", "member": "alex", "role": "adult"}, source="template",
                      args={"name": "Kitchen Light"}, entities=("light.kitchen_light",), request_id="q")


def test_entries_are_json_lines_with_every_field(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl", clock=lambda: 1234.5)
    log.record(_entry())
    [line] = (tmp_path / "audit.jsonl").read_text().splitlines()
    data = json.loads(line)
    assert data == {
        "kind": "tool", "decision": "executed", "tool": "HassTurnOn", "tier": "act", "reason": "r",
        "who": {"user_id": "u", "member": "alex", "role": "adult"}, "source": "template",
        "args": {"name": "Kitchen Light"}, "entities": ["light.kitchen_light"], "request_id": "q",
        "confirmation_id": None, "time": 1234.5,
    }


def test_newest_first_filters_and_limit(tmp_path: Path) -> None:
    log = AuditLog(None)
    for decision in ("held", "confirmed", "refused"):
        log.record(_entry(decision))
    log.record(_entry("sent", tool="remote:m", kind="remote"))
    assert [e["decision"] for e in log.recent()] == ["sent", "refused", "confirmed", "held"]
    assert [e["decision"] for e in log.recent(2)] == ["sent", "refused"]
    assert [e["tool"] for e in log.recent(filters={"kind": "remote"})] == ["remote:m"]
    assert log.read_all()[0]["decision"] == "held"


def test_rotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_module, "MAX_BYTES", 500)
    log = AuditLog(tmp_path / "audit.jsonl")
    for _ in range(10):
        log.record(_entry())
    rotated = tmp_path / "audit.jsonl.1"
    assert rotated.exists()
    total = len(rotated.read_text().splitlines()) + len((tmp_path / "audit.jsonl").read_text().splitlines())
    assert 2 <= total <= 10
    assert len(log.recent()) == 10


def test_a_failing_disk_does_not_stop_the_hub(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "audit.jsonl").mkdir()  # a directory where the file should be
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record(_entry())
    assert log.recent()[0]["decision"] == "executed"
    assert "Cannot write the audit log" in caplog.text
