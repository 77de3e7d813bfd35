"""Sleep sessions: a scripted night sampled every few minutes gives metrics within 5 minutes of the truth."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from firmware_bridge import BedState
from hub.sensing.service import SensingService
from hub.sensing.sleep import SleepTracker, chart_svg
from skills.base import ListSink
from skills.fall_response import Escalation
from skills.sleep_report import SleepReporter

T0 = datetime(2026, 11, 25, 21, 0, tzinfo=UTC).timestamp()


def _m(hhmm: str) -> float:
    """Seconds since the epoch for a clock time that night (after midnight rolls to the next day)."""
    h, m = (int(x) for x in hhmm.split(":"))
    minutes = (h - 21) * 60 + m if h >= 12 else (h + 3) * 60 + m
    return T0 + minutes * 60


NIGHT = {
    # (from, to, in bed, motion, phone in use, sound dB)
    "script": [
        ("21:00", "22:30", False, 0.8, True, 35),
        ("22:30", "22:42", True, 0.5, True, 33),   # in bed on the phone
        ("22:42", "22:55", True, 0.4, False, 32),  # settling
        ("22:55", "00:30", True, 0.05, False, 34),
        ("00:30", "01:10", True, 0.05, False, 52),  # snoring 40 min
        ("01:10", "02:10", True, 0.05, False, 34),
        ("02:10", "02:16", True, 0.6, False, 36),   # awake
        ("02:16", "02:24", False, 0.9, False, 36),  # bathroom
        ("02:24", "02:35", True, 0.5, False, 33),   # back, awake
        ("02:35", "06:40", True, 0.05, False, 33),
        ("06:40", "06:55", True, 0.6, True, 35),    # awake, phone
        ("06:55", "08:00", False, 0.9, False, 40),
    ],
    "truth": {
        "time_in_bed_min": 505,  # 22:30 to 06:55
        "sleep_onset_latency_min": 25,  # 22:30 to 22:55
        "total_sleep_min": 195 + 250,  # 22:55-02:10 and 02:35-06:40
        "wake_after_sleep_onset_min": 25,  # 02:10-02:35
        "awakenings": 1,
        "bed_exits": 1,
        "snore_min": 40,
    },
}


@pytest.mark.parametrize("every_min", [1, 5, 10])
def test_a_scripted_night_matches_the_truth(every_min: int) -> None:
    tracker = SleepTracker("rose")
    for start, end, bed, motion, phone, sound in NIGHT["script"]:
        t = _m(start)
        while t < _m(end):
            # Changes are reported when they happen; otherwise a sample every `every_min` minutes.
            tracker.sample(t, bed=bed, motion=motion, phone_in_use=phone, charging=not phone, sound_db=sound)
            t += 60 * every_min
    report = tracker.report(_m("08:00"))
    assert report is not None
    for name, want in NIGHT["truth"].items():
        got = report.metrics[name]["value"]
        tolerance = 5 if name.endswith("_min") else 0
        assert abs(got - want) <= tolerance, (name, got, want)
        assert report.metrics[name]["quality"] == "good"
    eff = report.metrics["efficiency_pct"]["value"]
    assert abs(eff - 100 * 445 / 505) < 1.5
    event = report.to_event()
    assert event["person"] == "rose"
    assert "You slept 7 h" in event["summary"]
    svg = chart_svg(report)
    assert svg.startswith("<svg")
    assert svg.count("<rect") == len(report.hypnogram)


def test_missing_sound_is_flagged_not_guessed() -> None:
    tracker = SleepTracker("tom")
    for minute in range(0, 8 * 60, 5):
        tracker.sample(T0 + minute * 60, bed=30 <= minute < 450, motion=0.05)
    report = tracker.report(T0 + 8 * 3600)
    assert report is not None
    assert report.metrics["snore_min"]["quality"] == "missing"
    assert report.metrics["time_in_bed_min"]["quality"] == "good"
    assert abs(report.metrics["time_in_bed_min"]["value"] - 420) <= 5


def test_no_bed_data_means_no_report() -> None:
    assert SleepTracker("x").report(T0) is None
    with pytest.raises(ValueError, match="unknown sleep signal"):
        SleepTracker("x").sample(T0, heart_rate=60)


async def test_a_simulated_night_through_mqtt_payloads_and_ha_states(tmp_path: Path) -> None:
    """Bed mat over the MQTT contract, phone and sound from HA states; one minute ticks on a simulated clock."""
    clock = {"now": _m("21:00")}
    states: dict[str, str] = {}
    sink = ListSink()
    kept: list[tuple[str, str]] = []
    reporter = SleepReporter(
        sink, lambda: clock["now"],
        {"rose": {"bed": "bed-main", "phone_in_use": "binary_sensor.rose_phone_interactive",
                  "charging": "binary_sensor.rose_phone_charging", "sound_level": "sensor.bedroom_sound",
                  "motion": "sensor.bedroom_motion_level"}},
        states=states.get, remember=lambda person, text, data: kept.append((person, text)),
    )
    escalation = Escalation(tmp_path / "incidents.json", ListSink(), clock=lambda: clock["now"])
    service = SensingService(escalation, lambda _x: 0.0, threshold=0.9, clock=lambda: clock["now"],
                             on_bed=lambda bed, at: reporter.on_bed(bed.device_id, bed.occupied, at))
    was_in_bed = None
    for start, end, bed, motion, phone, sound in NIGHT["script"]:
        t = _m(start)
        while t < _m(end):
            clock["now"] = t
            if bed != was_in_bed or int(t) % 600 == 0:  # the mat reports changes, and every 10 minutes
                await service.handle("hearth/bed-main/bed", BedState("bed-main", bed).to_payload())
                was_in_bed = bed
            states.update({"binary_sensor.rose_phone_interactive": "on" if phone else "off",
                           "binary_sensor.rose_phone_charging": "off" if phone else "on",
                           "sensor.bedroom_sound": str(sound), "sensor.bedroom_motion_level": str(motion)})
            await reporter.sample()
            t += 60
    assert len(sink.events) == 1
    kind, event = sink.events[0]
    assert kind == "hearth_sleep_report"
    for name, want in NIGHT["truth"].items():
        assert abs(event["metrics"][name]["value"] - want) <= 5, (name, event["metrics"][name], want)
    assert event["chart_svg"].startswith("<svg")
    assert kept[0][0] == "rose"
    assert "Sleep on the night of 2026-11-25" in kept[0][1]


async def test_a_night_in_progress_survives_a_hub_restart(tmp_path: Path) -> None:
    clock = {"now": _m("22:00")}
    people = {"rose": {"bed": "bed-main"}}

    def reporter() -> SleepReporter:
        made = SleepReporter(ListSink(), lambda: clock["now"], people, path=tmp_path / "sleep.json")
        made.load()
        return made

    first = reporter()
    first.on_bed("bed-main", True, clock["now"])
    for minute in range(1, 5 * 60 + 1):  # five hours in bed (the mat reports every 10 min), then a restart
        clock["now"] += 60
        if minute % 10 == 0:
            first.on_bed("bed-main", True, clock["now"])
        await first.sample()
    second = reporter()
    second.on_bed("bed-main", False, clock["now"])
    for _ in range(40):
        clock["now"] += 60
        await second.sample()
    assert len(second.reports) == 1
    assert abs(second.reports[0].metrics["time_in_bed_min"]["value"] - 300) <= 1
    (tmp_path / "sleep.json").write_text("{broken")
    assert reporter().nights == {}
    assert (tmp_path / "sleep.corrupt").exists()


def test_record_my_sleep_tonight_starts_a_session() -> None:
    reporter = SleepReporter(ListSink(), lambda: T0, {"tom": {}})
    reporter.start("tom")
    assert reporter.nights["tom"].tracker.started == T0
