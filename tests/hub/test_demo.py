"""The demo is the main job: it must handle its whole script, through the satellite path, quickly."""

from __future__ import annotations

import json

import pytest

from hub.agent.demo_script import DEMO_SCRIPT
from hub.demo import MIN_HANDLED, run_demo


async def test_demo_handles_every_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_demo(as_json=True) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == len(DEMO_SCRIPT) >= MIN_HANDLED
    assert all(line["handled"] for line in lines)
    by_sentence = {(line["area"], line["sentence"]): line for line in lines}
    kitchen = by_sentence[("kitchen", "turn on the light")]
    assert kitchen["changes"] == ["light.kitchen_light: off -> on"]
    assert kitchen["result"]["tier"] == "nlu"
    question = by_sentence[("hallway", "is the front door locked?")]
    assert question["changes"] == []
    assert question["result"]["actions"] == []
    assert all(line["result"]["latency_ms"] < 250 for line in lines)


async def test_demo_text_transcript_shows_latency_and_tier(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_demo() == 0
    out = capsys.readouterr().out
    assert "tier=nlu" in out
    assert f"{len(DEMO_SCRIPT)}/{len(DEMO_SCRIPT)} handled as expected" in out
    assert "round-trip=" in out
