"""The demo remembers something in one turn and uses it in a later one, through the satellite path."""

from __future__ import annotations

import json

import pytest

from hub.demo import run_demo


async def test_demo_remembers_then_recalls(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_demo(as_json=True) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    sentences = [line["sentence"] for line in lines]
    remember = sentences.index("remember that the spare key is in the blue pot")
    recall = sentences.index("where's the spare key?")
    assert remember < recall
    assert lines[remember]["result"]["outcome"] == "done"
    assert lines[remember]["result"]["tier"] == "memory"
    assert lines[remember]["area"] != lines[recall]["area"]
    assert lines[recall]["result"]["outcome"] == "answered"
    assert "blue pot" in lines[recall]["result"]["speech"]
    assert lines[recall]["changes"] == []
