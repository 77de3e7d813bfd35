"""The Hearth blueprints, loaded in the real HA of this lane and driven by the hub's events."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall, SupportsResponse
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_mock_service

BLUEPRINTS = Path(__file__).resolve().parents[2] / "blueprints" / "automation" / "hearth"

ASK = {"incident_id": "abc123", "person": "rose", "name": "Rose", "area": "living_room", "step": "ask",
       "level": 0, "targets": ["assist_satellite.living_room"], "critical": False,
       "message": "Rose, I think you may have fallen. Are you OK? Say yes if you are fine, or help."}
NOTIFY = {"incident_id": "abc123", "person": "rose", "name": "Rose", "area": "living_room", "step": "notify",
          "level": 1, "targets": ["notify.mobile_app_anna"], "critical": True,
          "message": "Rose may have fallen in the living room and has not said they are OK.",
          "actions": [{"action": "HEARTH_FALL_ACK_abc123", "title": "I'm on it"},
                      {"action": "HEARTH_FALL_FALSE_ALARM_abc123", "title": "False alarm"}]}


async def _load(hass: HomeAssistant, tmp_path: Path, automations: list[dict[str, Any]]) -> None:
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints" / "automation" / "hearth")
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "automation", {"automation": automations})
    await hass.async_block_till_done()


async def test_fall_alert_asks_alerts_phones_and_passes_acks_back(hass: HomeAssistant, tmp_path: Path) -> None:
    ask = async_mock_service(hass, "assist_satellite", "ask_question", response={"id": "help", "sentence": "help me"},
                             supports_response=SupportsResponse.ONLY)
    anna = async_mock_service(hass, "notify", "mobile_app_anna")
    ben = async_mock_service(hass, "notify", "mobile_app_ben")
    respond = async_mock_service(hass, "hearth", "respond_to_incident")
    await _load(hass, tmp_path, [{"use_blueprint": {"path": "hearth/fall_alert.yaml",
                                                    "input": {"extra_phones": ["notify.mobile_app_ben"]}}}])

    hass.bus.async_fire("hearth_fall_escalated", ASK)
    await hass.async_block_till_done()
    assert len(ask) == 1
    assert ask[0].data["entity_id"] == "assist_satellite.living_room"
    assert ask[0].data["question"].startswith("Rose, I think you may have fallen")
    assert [a["id"] for a in ask[0].data["answers"]] == ["ok", "help"]
    assert [(c.data["incident_id"], c.data["response"]) for c in respond] == [("abc123", "help")]
    respond.clear()
    assert not anna

    hass.bus.async_fire("hearth_fall_escalated", NOTIFY)
    await hass.async_block_till_done()
    for calls in (anna, ben):
        assert len(calls) == 1
        data = calls[0].data["data"]
        assert data["push"]["interruption-level"] == "critical"
        assert data["push"]["sound"]["critical"] == 1
        assert data["channel"] == "alarm_stream"
        assert data["tag"] == "hearth-fall-abc123"
        assert [a["action"] for a in data["actions"]] == ["HEARTH_FALL_ACK_abc123", "HEARTH_FALL_FALSE_ALARM_abc123"]

    hass.bus.async_fire("mobile_app_notification_action", {"action": "HEARTH_FALL_ACK_abc123"})
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SOMETHING_ELSE"})
    hass.bus.async_fire("mobile_app_notification_action", {"action": "HEARTH_FALL_FALSE_ALARM_abc123"})
    await hass.async_block_till_done()
    assert [(c.data["incident_id"], c.data["response"]) for c in respond] == [("abc123", "ack"),
                                                                              ("abc123", "false_alarm")]

    hass.bus.async_fire("hearth_fall_resolved", {"incident_id": "abc123", "resolution": "acknowledged"})
    await hass.async_block_till_done()
    assert ben[-1].data["message"] == "clear_notification"


async def test_no_answer_in_the_room_leaves_it_to_the_hub(hass: HomeAssistant, tmp_path: Path) -> None:
    ask = async_mock_service(hass, "assist_satellite", "ask_question", supports_response=SupportsResponse.ONLY,
                             raise_exception=HomeAssistantError("No answer from satellite"))
    respond = async_mock_service(hass, "hearth", "respond_to_incident")
    await _load(hass, tmp_path, [{"use_blueprint": {"path": "hearth/fall_alert.yaml", "input": {}}}])
    hass.bus.async_fire("hearth_fall_escalated", ASK)
    await hass.async_block_till_done()
    assert len(ask) == 1
    assert respond == []


async def test_sleep_report_goes_to_the_persons_phone(hass: HomeAssistant, tmp_path: Path) -> None:
    rose: list[ServiceCall] = async_mock_service(hass, "notify", "mobile_app_rose")
    await _load(hass, tmp_path, [{"use_blueprint": {"path": "hearth/sleep_report.yaml",
                                                    "input": {"person": "rose", "phone": "notify.mobile_app_rose"}}}])
    metrics = {name: {"value": value, "quality": "good"} for name, value in [
        ("time_in_bed_min", 505), ("total_sleep_min", 445), ("sleep_onset_latency_min", 25),
        ("wake_after_sleep_onset_min", 25), ("efficiency_pct", 88.1), ("awakenings", 1), ("bed_exits", 1),
        ("snore_min", 40)]}
    metrics["snore_min"]["quality"] = "missing"
    hass.bus.async_fire("hearth_sleep_report", {"person": "tom", "metrics": metrics, "summary": "x"})
    hass.bus.async_fire("hearth_sleep_report", {"person": "rose", "metrics": metrics,
                                                "summary": "You slept 7 h 25 min (88.1% of your time in bed)."})
    await hass.async_block_till_done()
    assert len(rose) == 1
    message = rose[0].data["message"]
    assert message.startswith("You slept 7 h 25 min")
    assert "In bed: 505 min" in message
    assert "Snoring: 40 min (incomplete data)" in message


def test_the_ask_answers_pass_has_sentence_rules() -> None:
    """The answers given to assist_satellite.ask_question pass the checks HA applies (hassil, no punctuation)."""
    from hassil.parse_expression import parse_sentence
    from hassil.util import PUNCTUATION_END, PUNCTUATION_END_WORD, PUNCTUATION_START, PUNCTUATION_START_WORD
    from homeassistant.util.yaml import parse_yaml

    text = (BLUEPRINTS / "fall_alert.yaml").read_text(encoding="utf-8").replace("!input ", "")
    blueprint: Any = parse_yaml(text)
    ask_step = blueprint["action"][0]["choose"][0]["sequence"][2]
    assert ask_step["action"] == "assist_satellite.ask_question"
    for answer in ask_step["data"]["answers"]:
        for sentence in answer["sentences"]:
            for pattern in (PUNCTUATION_START, PUNCTUATION_END, PUNCTUATION_START_WORD, PUNCTUATION_END_WORD):
                assert not pattern.search(sentence), sentence
            parse_sentence(sentence)
