"""`python -m hub eval commands`: the contract formats, per-case homes, progress, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hub.cli import main
from hub.home.virtual import build_virtual_home

FIELDS = {"id", "tool", "args", "entities", "calls", "tier", "confidence", "latency_ms"}


def write(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def home_file(tmp_path: Path) -> Path:
    home = build_virtual_home().to_dict()
    for entity in home["entities"]:
        entity["domain"] = entity["id"].split(".")[0]
    path = tmp_path / "home.json"
    path.write_text(json.dumps(home), encoding="utf-8")
    return path


def run(tmp_path: Path, home: Path, cases: list[Any], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    out = tmp_path / "pred.jsonl"
    code = main(["eval", "commands", "--home", str(home), "--cases", str(write(tmp_path / "cases.jsonl", cases)),
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_predictions_follow_the_contract(tmp_path: Path, home_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tiny = {
        "areas": [{"id": "den", "name": "Den"}],
        "entities": [{"id": "light.mushroom_lamp", "name": "Mushroom Lamp", "area": "den"}],
    }
    cases = [
        {"id": "a", "sentence": "turn on the light", "language": "en", "area": "kitchen"},
        {"id": 2, "sentence": "is the front door locked?", "area": "hallway"},
        {"id": "c", "sentence": "tell me a joke"},
        {"id": "d", "sentence": "switch on the mushroom lamp", "home": tiny},
        {"id": "e", "sentence": "turn off the kettle and set a timer for 10 minutes", "area": "kitchen"},
        {"id": "f", "sentence": ""},
        {"id": "g", "sentence": "x" * 10_000},
        {"id": "h", "sentence": "allume la lumière", "language": "fr"},
    ]
    preds = run(tmp_path, home_file, cases, capsys)
    assert [p["id"] for p in preds] == ["a", "2", "c", "d", "e", "f", "g", "h"]
    assert all(p.keys() >= FIELDS for p in preds)
    by_id = {p["id"]: p for p in preds}
    assert by_id["a"]["tool"] == "HassTurnOn"
    assert by_id["a"]["entities"] == ["light.kitchen_light"]
    assert by_id["a"]["tier"] == "nlu"
    assert 0 < by_id["a"]["confidence"] <= 1
    assert by_id["a"]["latency_ms"] > 0
    first = {"tool": "HassTurnOn", "args": by_id["a"]["args"], "entities": ["light.kitchen_light"]}
    assert by_id["a"]["calls"] == [first]
    assert by_id["2"]["tool"] == "HassGetState"
    assert by_id["c"]["tool"] is None
    assert by_id["c"]["calls"] == []
    assert by_id["c"]["entities"] == []
    assert by_id["d"]["entities"] == ["light.mushroom_lamp"]
    assert [c["tool"] for c in by_id["e"]["calls"]] == ["HassTurnOff", "HassStartTimer"]
    assert by_id["e"]["tool"] == "HassTurnOff"
    assert by_id["e"]["entities"] == ["switch.kettle"]
    for bad in ("f", "g", "h"):
        assert by_id[bad]["tool"] is None
    err = capsys.readouterr().err
    assert "8/8 cases" in err


def test_an_empty_home_answers_every_case_without_acting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "empty.json"
    home.write_text("{}", encoding="utf-8")
    preds = run(tmp_path, home, [{"id": "1", "sentence": "turn on the light", "area": "kitchen"},
                                 {"id": "2", "sentence": "what time is it"}], capsys)
    assert preds[0]["tool"] is None
    assert preds[1]["tool"] == "HassGetCurrentTime"


@pytest.mark.parametrize(
    ("cases", "fragment"),
    [
        ("not json\n", "cases.jsonl:1: not valid JSON"),
        ('{"id": "1", "sentence": "hi"}\n[1, 2]\n', "cases.jsonl:2: each line must be a JSON object"),
        ('{"sentence": "hi"}\n', "'id' must be"),
        ('{"id": "1"}\n', "'sentence' must be a string"),
        ('{"id": "1", "sentence": "hi", "area": 3}\n', "'area' must be"),
        ('{"id": "1", "sentence": "hi", "home": []}\n', "'home' must be an object"),
        ('{"id": "1", "sentence": "hi"}\n{"id": "1", "sentence": "ho"}\n', "duplicate id"),
        ("\n\n", "no cases"),
        ('{"id": "1", "sentence": "hi", "home": {"entities": [{"id": "bad id", "name": "x"}]}}\n', "case 1: home"),
    ],
)
def test_bad_cases_are_one_clear_error(
    tmp_path: Path, home_file: Path, capsys: pytest.CaptureFixture[str], cases: str, fragment: str
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(cases, encoding="utf-8")
    code = main(["eval", "commands", "--home", str(home_file), "--cases", str(path), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("home", "fragment"),
    [(None, "no such file"), ("{", "not valid JSON"), ("[]", "must be a JSON object"),
     ('{"entities": [{"id": "light.x"}]}', "invalid home description")],
)
def test_bad_homes_are_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], home: str | None, fragment: str
) -> None:
    path = tmp_path / "home.json"
    if home is not None:
        path.write_text(home, encoding="utf-8")
    cases = write(tmp_path / "cases.jsonl", [{"id": "1", "sentence": "hi"}])
    code = main(["eval", "commands", "--home", str(path), "--cases", str(cases), "--out", str(tmp_path / "o")])
    assert code == 2
    assert fragment in capsys.readouterr().err
