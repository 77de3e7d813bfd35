"""`python -m hub eval memory`: file formats, bad input, privacy, k, and the report (real embedder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hub.cli import main

MEMORIES = [
    {"id": "m1", "person": "Alex", "scope": "household", "text": "The spare key is in the blue pot.",
     "time": "2026-03-01T10:00:00Z"},
    {"id": "m2", "person": "Alex", "scope": "private", "text": "I'm allergic to penicillin.",
     "time": "2026-03-02T10:00:00+01:00"},
    {"id": "m3", "person": "Sam", "scope": "private", "text": "My dentist appointment is on Tuesday.",
     "time": "2026-03-03T09:00:00"},
    {"id": "m4", "person": "Sam", "scope": "household", "text": "The wifi password is tulip42.",
     "time": "2026-03-04T09:00:00Z"},
    {"id": "m5", "person": "Alex", "scope": "household", "text": "The wifi password is now maple77.",
     "time": "2026-06-04T09:00:00Z"},
]
QUERIES = [
    {"id": "q1", "person": "Sam", "query": "where's the spare key?"},
    {"id": "q2", "person": "Alex", "query": "what am I allergic to?", "time": "2026-04-01T00:00:00Z"},
    {"id": "q3", "person": "Sam", "query": "what is Alex allergic to?"},
    {"id": "q4", "person": "Alex", "query": "when is Sam's dentist appointment?"},
    {"id": "q5", "person": "Rose", "query": "what's the wifi password?"},
    {"id": "q6", "person": "Rose", "query": "what's the wifi password?", "time": "2026-05-01T00:00:00Z"},
    {"id": "q7", "person": "Alex", "query": "what am I allergic to?", "time": "2026-03-01T12:00:00Z"},
]


def _write(path: Path, rows: list[dict[str, Any]] | list[str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def _run(tmp_path: Path, memories: list[Any], queries: list[Any], *extra: str) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "out.jsonl"
    code = main([
        "eval", "memory", "--memories", str(_write(tmp_path / "mem.jsonl", memories)),
        "--queries", str(_write(tmp_path / "queries.jsonl", queries)), "--out", str(out), *extra,
    ])
    rows = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())} if out.exists() else {}
    return code, rows


def test_answers_every_query_in_the_documented_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, rows = _run(tmp_path, MEMORIES, QUERIES, "--k", "3")
    assert code == 0
    assert list(rows) == [q["id"] for q in QUERIES]
    for row in rows.values():
        assert set(row) == {"id", "results", "latency_ms"}
        assert len(row["results"]) <= 3
        assert row["latency_ms"] > 0
    assert rows["q1"]["results"][0] == "m1"
    assert rows["q2"]["results"][0] == "m2"
    assert rows["q5"]["results"][0] == "m5"  # the update is the answer now
    assert rows["q6"]["results"][0] == "m4"  # asked before the update: the old value, and never the future
    assert "m5" not in rows["q6"]["results"]
    assert "m2" not in rows["q7"]["results"]  # not yet written at that time
    err = capsys.readouterr().err
    assert "ingested 5 memories" in err
    assert "/s" in err
    assert "p95" in err


def test_private_memories_never_reach_another_person(tmp_path: Path) -> None:
    _, rows = _run(tmp_path, MEMORIES, QUERIES)
    private = {"m2": "Alex", "m3": "Sam"}
    by_person = {q["id"]: q["person"] for q in QUERIES}
    for query_id, row in rows.items():
        for memory_id in row["results"]:
            assert private.get(memory_id, by_person[query_id]) == by_person[query_id], (query_id, memory_id)


@pytest.mark.parametrize(
    ("memories", "queries", "message"),
    [
        (["{not json"], QUERIES, "mem.jsonl:1: not JSON"),
        ([{**MEMORIES[0], "scope": "secret"}], QUERIES, "'scope' must be 'private' or 'household'"),
        ([{k: v for k, v in MEMORIES[0].items() if k != "text"}], QUERIES, "'text' must be a non-empty string"),
        ([{**MEMORIES[0], "time": "yesterday"}], QUERIES, "is not an ISO 8601 time"),
        ([MEMORIES[0], MEMORIES[0]], QUERIES, "duplicate id"),
        (MEMORIES, [{"id": "q1", "query": "where?"}], "queries.jsonl:1: 'person'"),
        (MEMORIES, ["[1, 2]"], "expected a JSON object"),
    ],
)
def test_bad_input_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memories: list[Any], queries: list[Any], message: str
) -> None:
    code, _ = _run(tmp_path, memories, queries)
    assert code == 2
    assert message in capsys.readouterr().err


def test_missing_file_and_bad_k(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["eval", "memory", "--memories", str(tmp_path / "nope.jsonl"), "--queries", "q", "--out",
                 str(out)]) == 2
    assert "cannot read" in capsys.readouterr().err
    code, _ = _run(tmp_path, MEMORIES, QUERIES, "--k", "0")
    assert code == 2
    assert "--k" in capsys.readouterr().err


def test_empty_files_give_an_empty_output(tmp_path: Path) -> None:
    code, rows = _run(tmp_path, [], [])
    assert code == 0
    assert rows == {}
