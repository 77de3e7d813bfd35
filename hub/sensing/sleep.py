"""Sleep sessions from bed occupancy, motion, phone use/charging and sound level, and the morning report.

Signals arrive whenever they change and at least every 10 minutes; each is held until the next sample (and for
at most `STALE_S`). The night is cut into one-minute epochs: in bed or not, asleep or awake. Asleep means in bed,
little motion, phone not in use; sleep onset is the first run of `ONSET_QUIET_MIN` quiet minutes. Each metric
carries a data-quality flag from how much of the session its inputs covered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

EPOCH_S: Final = 60
STALE_S: Final = 15 * 60
"""A signal not refreshed for 15 minutes counts as missing from then on."""
MOTION_AWAKE: Final = 0.3
"""Normalised motion (0 still to 1 very active) above which a minute counts as awake."""
SNORE_DB: Final = 45.0
ONSET_QUIET_MIN: Final = 10
MIN_AWAKENING_MIN: Final = 3
MIN_EXIT_MIN: Final = 1
SIGNALS: Final = ("bed", "motion", "phone_in_use", "charging", "sound_db")
METRIC_INPUTS: Final = {
    "time_in_bed_min": ("bed",),
    "total_sleep_min": ("bed", "motion"),
    "sleep_onset_latency_min": ("bed", "motion"),
    "wake_after_sleep_onset_min": ("bed", "motion"),
    "efficiency_pct": ("bed", "motion"),
    "awakenings": ("bed", "motion"),
    "bed_exits": ("bed",),
    "snore_min": ("sound_db",),
    "bed_entry_at": ("bed",),
}
"""`bed_entry_at` is when the session began (epoch seconds); household memory infers the usual bedtime from it."""


@dataclass(slots=True)
class _Signal:
    times: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)

    def at(self, t: float) -> float | None:
        """The last value at or before t, unless older than STALE_S."""
        lo, hi = 0, len(self.times)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.times[mid] <= t:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0 or t - self.times[lo - 1] > STALE_S:
            return None
        return self.values[lo - 1]


@dataclass(slots=True)
class SleepReport:
    person: str
    start: float
    end: float
    metrics: dict[str, dict[str, Any]]
    hypnogram: list[str]
    """One letter per minute from session start: `S` asleep, `W` awake in bed, `O` out of bed, `?` no data."""

    def to_event(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "night_of": datetime.fromtimestamp(self.start, UTC).date().isoformat(),
            "start": datetime.fromtimestamp(self.start, UTC).isoformat(),
            "end": datetime.fromtimestamp(self.end, UTC).isoformat(),
            "metrics": self.metrics,
            "summary": summary(self),
        }


class SleepTracker:
    """One person's night: feed samples, then `report()` in the morning."""

    def __init__(self, person: str, *, started: float | None = None) -> None:
        self.person = person
        self.started = started
        """Set when a session was requested ("record my sleep tonight"); None for automatic sessions."""
        self._signals: dict[str, _Signal] = {name: _Signal() for name in SIGNALS}

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "started": self.started,
                "signals": {name: [sig.times, sig.values] for name, sig in self._signals.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SleepTracker:
        tracker = cls(str(data["person"]), started=data.get("started"))
        for name, (times, values) in data["signals"].items():
            if name in tracker._signals and len(times) == len(values):
                tracker._signals[name] = _Signal([float(t) for t in times], [float(v) for v in values])
        return tracker

    def sample(self, t: float, **values: float | bool | None) -> None:
        for name, value in values.items():
            if name not in self._signals:
                raise ValueError(f"unknown sleep signal {name!r}")
            if value is None:
                continue
            signal = self._signals[name]
            if signal.times and t < signal.times[-1]:
                continue  # out of order: ignore rather than corrupt the series
            signal.times.append(t)
            signal.values.append(float(value))

    def report(self, until: float) -> SleepReport | None:
        """The night's session (the longest in-bed stretch, bridging short exits), or None without one."""
        bed = self._signals["bed"]
        if not bed.times:
            return None
        first = self.started if self.started is not None else bed.times[0]
        start_epoch = int(first // EPOCH_S)
        minutes = max(0, int(until // EPOCH_S) - start_epoch)
        states: list[str] = []
        coverage: dict[str, int] = {name: 0 for name in SIGNALS}
        snore: list[bool] = []
        for m in range(minutes):
            t = (start_epoch + m) * EPOCH_S + EPOCH_S / 2
            vals = {name: self._signals[name].at(t) for name in SIGNALS}
            for name, value in vals.items():
                coverage[name] += value is not None
            in_bed = vals["bed"]
            if in_bed is None:
                states.append("?")
            elif not in_bed:
                states.append("O")
            else:
                busy = (vals["motion"] or 0.0) > MOTION_AWAKE or bool(vals["phone_in_use"])
                states.append("W" if busy else "Q")
            snore.append(vals["sound_db"] is not None and vals["sound_db"] >= SNORE_DB)
        in_bed_idx = [i for i, s in enumerate(states) if s in "WQ"]
        if not in_bed_idx:
            return None
        lo, hi = in_bed_idx[0], in_bed_idx[-1] + 1
        session = states[lo:hi]
        onset = _first_run(session, "Q", ONSET_QUIET_MIN)
        hyp = ["S" if s == "Q" and onset is not None and i >= onset else ("W" if s == "Q" else s)
               for i, s in enumerate(session)]
        last_sleep = max((i for i, s in enumerate(hyp) if s == "S"), default=None)
        tib = len(session)
        tst = hyp.count("S")
        waso = (sum(1 for s in hyp[onset : last_sleep + 1] if s in "WO?")
                if onset is not None and last_sleep is not None else 0)
        awakenings = _runs(hyp[onset : (last_sleep or 0) + 1], "WO", MIN_AWAKENING_MIN) if onset is not None else 0
        exits = _runs(session, "O", MIN_EXIT_MIN)
        snore_min = sum(1 for i, s in enumerate(hyp) if s == "S" and snore[lo + i])
        values: dict[str, float | int | None] = {
            "time_in_bed_min": tib,
            "total_sleep_min": tst,
            "sleep_onset_latency_min": onset,
            "wake_after_sleep_onset_min": waso,
            "efficiency_pct": round(100 * tst / tib, 1) if tib else None,
            "awakenings": awakenings,
            "bed_exits": exits,
            "snore_min": snore_min,
            "bed_entry_at": (start_epoch + lo) * EPOCH_S,
        }
        metrics = {}
        for name, value in values.items():
            share = min(coverage[i] for i in METRIC_INPUTS[name]) / max(1, minutes)
            quality = "good" if share >= 0.9 else "partial" if share >= 0.5 else "missing"
            metrics[name] = {"value": value, "quality": quality}
        start = (start_epoch + lo) * EPOCH_S
        return SleepReport(self.person, start, start + tib * EPOCH_S, metrics, hyp)


def _first_run(states: list[str], letter: str, length: int) -> int | None:
    run = 0
    for i, s in enumerate(states):
        run = run + 1 if s == letter else 0
        if run >= length:
            return i - length + 1
    return None


def _runs(states: list[str], letters: str, min_len: int) -> int:
    count = run = 0
    for s in [*states, "_"]:
        if s in letters:
            run += 1
        else:
            count += run >= min_len
            run = 0
    return count


def summary(report: SleepReport) -> str:
    m = {k: v["value"] for k, v in report.metrics.items()}
    tst = m["total_sleep_min"] or 0
    return (f"You slept {int(tst) // 60} h {int(tst) % 60:02d} min ({m['efficiency_pct']}% of your time in bed), "
            f"woke {m['awakenings']} times and got up {m['bed_exits']} times.")


def chart_svg(report: SleepReport, *, width: int = 480, height: int = 80) -> str:
    """A small hypnogram: asleep low, awake high, out of bed grey; one column per minute."""
    n = max(1, len(report.hypnogram))
    step = width / n
    levels = {"S": (height * 0.55, "#3b5bdb"), "W": (height * 0.15, "#f59f00"), "O": (height * 0.15, "#adb5bd"),
              "?": (height * 0.15, "#e9ecef")}
    bars = []
    for i, s in enumerate(report.hypnogram):
        top, colour = levels.get(s, levels["?"])
        bars.append(f'<rect x="{i * step:.2f}" y="{top:.0f}" width="{step + 0.05:.2f}" '
                    f'height="{height - top:.0f}" fill="{colour}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><title>Sleep of {report.person}</title>{"".join(bars)}</svg>')
