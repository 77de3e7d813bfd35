"""Streaming fall detection for one wearable: resample → impact candidate → gates → model → detection.

Each candidate waits until the 3 s after its impact have arrived, then: a true free fall before it means a
dropped device (rejected); movement 1 to 3 s after it means the person is up again (rejected); otherwise the
int8 model scores the 5 s window. One fall gives one detection: later candidates within `REFRACTORY_S` of a
detected impact are ignored. Everything runs on device time (the stream's own seconds), so a recording replayed
at any speed gives the same detections.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from hub.sensing import fall_features as ff

REFRACTORY_S: Final = 30.0
MAX_BUFFER_S: Final = 20.0
MIN_POST_AT_END: Final = 75
"""At the end of a finished recording, a candidate with at least 1.5 s after its impact is still judged, the rest
of its window filled with the last sample (a recording that stops while the person lies still)."""
MAX_GAP_S: Final = 1.0
"""A longer gap in the stream (lost batches, reconnect) restarts the buffers rather than interpolating across."""

type Scorer = Callable[[np.ndarray], float]


@dataclass(frozen=True, slots=True)
class FallDetection:
    """A detected fall, with the evidence behind it."""

    device_id: str
    impact_time: float
    """Device time of the impact peak (s)."""
    decided_time: float
    """Device time when the stillness window closed and the decision was made (s)."""
    confidence: float
    reason: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class _Stream:
    t: np.ndarray
    acc: np.ndarray
    gyro: np.ndarray
    raw_t: np.ndarray
    raw_v: np.ndarray
    next_grid: float | None = None
    scanned: int = 0
    """Index (into the 50 Hz buffers) up to which candidates were looked for."""
    pending: list[float] = field(default_factory=list)
    """Impact times waiting for their post-impact window."""
    last_detection: float = -math.inf


def _empty() -> _Stream:
    return _Stream(np.zeros(0), np.zeros((0, 3)), np.zeros((0, 3)), np.zeros(0), np.zeros((0, 6)))


class FallDetector:
    """Feed it IMU rows as they come (any rate from 25 to 400 Hz); it returns detections when they are decided."""

    def __init__(self, device_id: str, scorer: Scorer, *, threshold: float) -> None:
        self.device_id = device_id
        self._scorer = scorer
        self.threshold = threshold
        self._s = _empty()
        self.candidates = 0
        self.model_runs = 0
        self.rejected: dict[str, int] = {"free_fall": 0, "moving": 0, "model": 0, "refractory": 0}

    def feed(self, t: np.ndarray, rows: np.ndarray) -> list[FallDetection]:
        """`t` (n,) device seconds, `rows` (n, 6): ax, ay, az (g), gx, gy, gz (deg/s)."""
        if len(t) == 0:
            return []
        s = self._s
        if len(s.raw_t) and (t[0] <= s.raw_t[-1] or t[0] - s.raw_t[-1] > MAX_GAP_S):
            self._s = s = _empty()
        s.raw_t = np.concatenate([s.raw_t, t])
        s.raw_v = np.concatenate([s.raw_v, rows])
        self._resample_tail(s)
        return self._decide(s)

    def flush(self) -> list[FallDetection]:
        """The stream has ended (a finished recording): judge what can still be judged, then forget the stream."""
        s = self._s
        found: list[FallDetection] = []
        for impact in s.pending:
            i = int(np.searchsorted(s.t, impact - 1e-6))
            have = len(s.t) - i
            if have < MIN_POST_AT_END:
                continue
            missing = max(0, ff.POST - have)
            if missing:
                step = 1.0 / ff.RATE_HZ
                s.t = np.concatenate([s.t, s.t[-1] + step * np.arange(1, missing + 1)])
                s.acc = np.vstack([s.acc, np.repeat(s.acc[-1:], missing, 0)])
                s.gyro = np.vstack([s.gyro, np.repeat(s.gyro[-1:], missing, 0)])
            detection = self._judge(s, i)
            if detection is not None:
                found.append(detection)
        self._s = _empty()
        return found

    def _resample_tail(self, s: _Stream) -> None:
        if len(s.raw_t) < 2:
            return
        dt = float(np.median(np.diff(s.raw_t[-64:])))
        ratio = 1.0 / (max(dt, 1e-4) * ff.RATE_HZ)
        k = max(1, round(ratio)) if ratio > 1.1 else 1
        values = s.raw_v
        if k > 1:
            kern = np.ones(k) / k
            values = np.stack([np.convolve(np.pad(values[:, i], k, mode="edge"), kern, mode="same")[k:-k]
                               for i in range(6)], 1)
        usable_until = s.raw_t[-1 - k] if len(s.raw_t) > k + 1 else s.raw_t[0]
        if s.next_grid is None:
            s.next_grid = float(s.raw_t[0])
        if usable_until < s.next_grid:
            return
        grid = np.arange(s.next_grid, usable_until + 1e-9, 1.0 / ff.RATE_HZ)
        out = np.stack([np.interp(grid, s.raw_t, values[:, i]) for i in range(6)], 1)
        s.next_grid = float(grid[-1]) + 1.0 / ff.RATE_HZ
        s.t = np.concatenate([s.t, grid])
        s.acc = np.concatenate([s.acc, out[:, :3]])
        s.gyro = np.concatenate([s.gyro, out[:, 3:]])
        keep_raw = np.searchsorted(s.raw_t, s.next_grid - 2 * k / max(ratio * ff.RATE_HZ, 1.0) - 0.1)
        if keep_raw > 0:
            s.raw_t = s.raw_t[keep_raw:]
            s.raw_v = s.raw_v[keep_raw:]

    def _decide(self, s: _Stream) -> list[FallDetection]:
        mag = ff.magnitude(s.acc[s.scanned - ff.PEAK_HALF_WIDTH if s.scanned >= ff.PEAK_HALF_WIDTH else 0 :])
        offset = max(0, s.scanned - ff.PEAK_HALF_WIDTH)
        stop = len(s.acc) - ff.PEAK_HALF_WIDTH
        if stop > s.scanned:
            for i in ff.candidates(mag, s.scanned - offset, stop - offset):
                s.pending.append(float(s.t[int(i) + offset]))
                self.candidates += 1
            s.scanned = stop
        found: list[FallDetection] = []
        still_pending: list[float] = []
        for impact in s.pending:
            i = int(np.searchsorted(s.t, impact - 1e-6))
            if i + ff.POST > len(s.t):
                still_pending.append(impact)
                continue
            detection = self._judge(s, i)
            if detection is not None:
                found.append(detection)
        s.pending = still_pending
        self._trim(s)
        return found

    def _judge(self, s: _Stream, i: int) -> FallDetection | None:
        impact = float(s.t[i])
        if impact - s.last_detection < REFRACTORY_S:
            self.rejected["refractory"] += 1
            return None
        lo = i - ff.PRE
        acc, gyro = s.acc[max(0, lo) : i + ff.POST], s.gyro[max(0, lo) : i + ff.POST]
        if lo < 0:  # the stream started less than 2 s before the impact: repeat its first sample
            acc = np.vstack([np.repeat(acc[:1], -lo, 0), acc])
            gyro = np.vstack([np.repeat(gyro[:1], -lo, 0), gyro])
        if ff.free_fall_before(acc):
            self.rejected["free_fall"] += 1
            return None
        if not ff.is_still(acc, gyro):
            self.rejected["moving"] += 1
            return None
        feats = ff.window_features(acc, gyro)
        self.model_runs += 1
        score = self._scorer(feats)
        if score < self.threshold:
            self.rejected["model"] += 1
            return None
        s.last_detection = impact
        turned = math.degrees(math.acos(max(-1.0, min(1.0, float(feats[-ff.POST // 2 :, 2].mean()) / 2.0))))
        return FallDetection(
            device_id=self.device_id,
            impact_time=impact,
            decided_time=float(s.t[i + ff.POST - 1]),
            confidence=round(score, 3),
            reason={
                "peak_g": round(float(ff.magnitude(acc[ff.PRE - 2 : ff.PRE + 3]).max()), 2),
                "model_score": round(score, 3),
                "still_after_s": round((ff.STILL_TO - ff.STILL_FROM) / ff.RATE_HZ, 1),
                "posture_change_deg": round(turned),
            },
        )

    def _trim(self, s: _Stream) -> None:
        """Keep what pending candidates and the next window need (bounded memory on a 24 h stream)."""
        keep_from = len(s.t) - int(MAX_BUFFER_S * ff.RATE_HZ)
        if s.pending:
            first = int(np.searchsorted(s.t, s.pending[0] - 1e-6))
            keep_from = min(keep_from, first - ff.PRE)
        keep_from = min(keep_from, s.scanned - ff.PRE - ff.PEAK_HALF_WIDTH)
        if keep_from > 0:
            s.t = s.t[keep_from:]
            s.acc = s.acc[keep_from:]
            s.gyro = s.gyro[keep_from:]
            s.scanned -= keep_from
