"""The sleep skill: feeds each person's `SleepTracker` and emits `hearth_sleep_report` when they are up.

Bed occupancy comes from a bed mat over MQTT; motion from the radar or the wearable; phone use, charging and the
sound level from HA entities (the hub's mirror), sampled every minute by `sample()`. A night ends when the person
has been out of bed for `END_AFTER_OUT_S` after at least `MIN_NIGHT_S` in bed; the report goes out as an event
(with the SVG chart) and, when household memory is there, as an episode in it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import voluptuous as vol

from hub.sensing.sleep import SleepReport, SleepTracker, chart_svg
from skills.base import Clock, EventSink

_LOGGER = logging.getLogger(__name__)
SLEEP_REPORT: Final = "hearth_sleep_report"
END_AFTER_OUT_S: Final = 30 * 60
MIN_NIGHT_S: Final = 3 * 3600

_ENTITY = vol.Match(r"^[a-z_]+\.[a-z0-9_]+$")
PERSON_SCHEMA: Final = vol.Schema(
    {
        vol.Optional("bed"): str,
        vol.Optional("phone_in_use"): _ENTITY,
        vol.Optional("charging"): _ENTITY,
        vol.Optional("sound_level"): _ENTITY,
        vol.Optional("motion"): _ENTITY,
    }
)
SETTINGS_SCHEMA: Final = vol.Schema({vol.Optional("sleep", default=dict): {vol.Match(r"^[a-z0-9_]+$"): PERSON_SCHEMA}},
                                    extra=vol.ALLOW_EXTRA)

type StateGetter = Callable[[str], str | None]
type Remember = Callable[[str, str, dict[str, Any]], None]


@dataclass(slots=True)
class _Night:
    tracker: SleepTracker
    first_in_bed: float | None = None
    last_in_bed: float | None = None
    in_bed: bool = False


@dataclass(slots=True)
class SleepReporter:
    sink: EventSink
    clock: Clock
    people: Mapping[str, Mapping[str, str]]
    states: StateGetter = lambda _entity: None
    remember: Remember | None = None
    path: Path | None = None
    """Where nights in progress are kept (written every `sample()`), so a hub restart does not lose the night."""
    nights: dict[str, _Night] = field(default_factory=dict)
    reports: list[SleepReport] = field(default_factory=list)
    enabled: bool = True
    """Off (`[skills.sleep_report] enabled = false`): beds are ignored and nights are not finished or reported."""

    def load(self) -> None:
        """Nights in progress from the last run; an unreadable file is set aside."""
        if self.path is None:
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            for person, item in raw.items():
                self.nights[person] = _Night(SleepTracker.from_dict(item["tracker"]), item["first_in_bed"],
                                             item["last_in_bed"], bool(item["in_bed"]))
        except FileNotFoundError:
            return
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            self.nights.clear()
            self.path.replace(self.path.with_suffix(".corrupt"))
            _LOGGER.warning("Sleep file unreadable (%s); set aside", err)

    async def save(self) -> None:
        if self.path is None:
            return
        text = json.dumps({person: {"tracker": night.tracker.to_dict(), "first_in_bed": night.first_in_bed,
                                    "last_in_bed": night.last_in_bed, "in_bed": night.in_bed}
                           for person, night in self.nights.items()})
        await asyncio.to_thread(_atomic_write, self.path, text)

    def start(self, person: str) -> None:
        """"Record my sleep quality tonight": a session from now, whatever the bed says."""
        self.nights[person] = _Night(SleepTracker(person, started=self.clock()))

    async def stop(self, person: str) -> tuple[bool, SleepReport | None]:
        """End tonight's session now and raise its report like a morning's: (was one running, its report)."""
        night = self.nights.pop(person, None)
        if night is None:
            return False, None
        report = night.tracker.report(self.clock())
        if report is not None:
            await self._publish(report)
        await self.save()
        return True, report

    def person_for_bed(self, device_id: str) -> str | None:
        return next((p for p, cfg in self.people.items() if cfg.get("bed") == device_id), None)

    def on_bed(self, device_id: str, occupied: bool, at: float) -> None:
        person = self.person_for_bed(device_id) if self.enabled else None
        if person is None:
            return
        night = self.nights.setdefault(person, _Night(SleepTracker(person)))
        night.tracker.sample(at, bed=occupied)
        was_in_bed, night.in_bed = night.in_bed, occupied
        if occupied:
            night.first_in_bed = night.first_in_bed or at
            night.last_in_bed = at
        elif was_in_bed:
            night.last_in_bed = at

    def on_motion(self, person: str, level: float, at: float) -> None:
        night = self.nights.get(person)
        if night is not None:
            night.tracker.sample(at, motion=max(0.0, min(1.0, level)))

    async def sample(self) -> list[SleepReport]:
        """Once a minute: read HA-side signals, and finish nights whose person is up for good."""
        now = self.clock()
        done: list[SleepReport] = []
        if not self.enabled:
            return done
        for person, cfg in self.people.items():
            night = self.nights.get(person)
            if night is None:
                continue
            values: dict[str, float | bool | None] = {
                "phone_in_use": _bool(self.states(cfg["phone_in_use"])) if "phone_in_use" in cfg else None,
                "charging": _bool(self.states(cfg["charging"])) if "charging" in cfg else None,
                "sound_db": _float(self.states(cfg["sound_level"])) if "sound_level" in cfg else None,
                "motion": _float(self.states(cfg["motion"])) if "motion" in cfg else None,
            }
            night.tracker.sample(now, **values)
            if night.in_bed:
                night.last_in_bed = now
            elif (night.first_in_bed is not None and night.last_in_bed is not None
                  and night.last_in_bed - night.first_in_bed >= MIN_NIGHT_S
                  and now - night.last_in_bed >= END_AFTER_OUT_S):
                report = night.tracker.report(now)
                del self.nights[person]
                if report is not None:
                    done.append(report)
                    await self._publish(report)
        await self.save()
        return done

    async def _publish(self, report: SleepReport) -> None:
        self.reports.append(report)
        event = report.to_event()
        event["chart_svg"] = chart_svg(report)
        await self.sink.emit(SLEEP_REPORT, event)
        if self.remember is not None:
            try:
                self.remember(report.person, f"Sleep on the night of {event['night_of']}: {event['summary']}",
                              {"kind": "sleep_report", "metrics": event["metrics"]})
            except Exception:
                _LOGGER.exception("Could not keep the sleep report in memory")


def _bool(state: str | None) -> bool | None:
    if state in (None, "unknown", "unavailable"):
        return None
    return state in ("on", "true", "charging", "home", "playing")


def _float(state: str | None) -> float | None:
    try:
        return float(state) if state is not None else None
    except ValueError:
        return None


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
