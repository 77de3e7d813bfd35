"""Fall-window features shared by the hub and the training script (numpy only, Python 3.11-compatible).

A stream is resampled to 50 Hz; an impact candidate is a peak of the acceleration magnitude of at least
`IMPACT_G` that is the largest within half a second; the model sees the 5 s around it (2 s before, 3 s after) as
three orientation-free channels: |a|, |omega| and the cosine between the current and the pre-impact gravity
direction (how far the body turned). The stillness check looks at 1 to 3 s after the impact.
"""

from __future__ import annotations

import numpy as np

RATE_HZ = 50
PRE = 100
"""Samples before the impact in a window (2 s)."""
POST = 150
"""Samples after the impact (3 s): the detection is decided when they have arrived."""
WINDOW = PRE + POST
CHANNELS = 3
IMPACT_G = 1.6
PEAK_HALF_WIDTH = 25
"""A candidate is the largest peak within ±0.5 s."""
STILL_FROM = PRE + 50
STILL_TO = PRE + 150
STILL_ACC_STD_G = 0.1
STILL_GYRO_MEAN_DPS = 25.0
FREE_FALL_G = 0.15
FREE_FALL_MIN_SAMPLES = 12
"""0.24 s below 0.15 g just before the impact: a dropped device, not a person (people do not free-fall)."""


def resample(t: np.ndarray, values: np.ndarray, *, rate_hz: int = RATE_HZ) -> tuple[np.ndarray, np.ndarray]:
    """Any rate from 25 to 400 Hz to `rate_hz`: a boxcar anti-alias filter, then linear interpolation."""
    t = np.asarray(t, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if len(t) < 2:
        return t.copy(), values.copy()
    dt = float(np.median(np.diff(t)))
    if dt <= 0:
        raise ValueError("timestamps must increase")
    ratio = 1.0 / (dt * rate_hz)
    if ratio > 1.1:
        k = max(1, round(ratio))
        kern = np.ones(k) / k
        pad = k
        values = np.stack(
            [np.convolve(np.pad(values[:, i], pad, mode="edge"), kern, mode="same")[pad:-pad]
             for i in range(values.shape[1])], 1)
    grid = np.arange(t[0], t[-1] + 1e-9, 1.0 / rate_hz)
    out = np.stack([np.interp(grid, t, values[:, i]) for i in range(values.shape[1])], 1)
    return grid, out


def magnitude(acc: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.sqrt(np.einsum("ij,ij->i", acc, acc))
    return out


def candidates(mag: np.ndarray, start: int = 0, stop: int | None = None) -> np.ndarray:
    """Indices in [start, stop) that are impact peaks (their ±0.5 s neighbourhood must lie inside `mag`)."""
    stop = len(mag) if stop is None else stop
    idx = np.flatnonzero(mag[start:stop] >= IMPACT_G) + start
    out = []
    for i in idx.tolist():
        lo, hi = max(0, i - PEAK_HALF_WIDTH), min(len(mag), i + PEAK_HALF_WIDTH + 1)
        seg = mag[lo:hi]
        if lo + int(np.argmax(seg)) == i:
            out.append(i)
    return np.asarray(out, dtype=np.int64)


def window_features(acc: np.ndarray, gyro: np.ndarray) -> np.ndarray:
    """(WINDOW, 3) acc in g and (WINDOW, 3) gyro in deg/s to (WINDOW, CHANNELS) float32 model input."""
    mag = magnitude(acc)
    gmag = magnitude(gyro)
    kern = np.ones(9) / 9
    low = np.stack([np.convolve(np.pad(acc[:, i], 9, mode="edge"), kern, mode="same")[9:-9] for i in range(3)], 1)
    ref = acc[: PRE // 2].mean(axis=0)
    ref_norm = float(np.linalg.norm(ref)) or 1.0
    low_norm = np.maximum(magnitude(low), 1e-6)
    cos = (low @ ref) / (low_norm * ref_norm)
    feats = np.stack([np.minimum(mag, 8.0) / 2.0, np.minimum(gmag, 1000.0) / 250.0, 2.0 * cos], 1)
    return feats.astype(np.float32)


def is_still(acc: np.ndarray, gyro: np.ndarray) -> bool:
    """Lying still after the impact: little change in |a| and little rotation, 1 to 3 s after it."""
    mag = magnitude(acc[STILL_FROM:STILL_TO])
    gmag = magnitude(gyro[STILL_FROM:STILL_TO])
    return bool(mag.std() <= STILL_ACC_STD_G and gmag.mean() <= STILL_GYRO_MEAN_DPS)


def free_fall_before(acc: np.ndarray) -> bool:
    """A true free fall (a dropped device) in the 1 s before the impact."""
    low = magnitude(acc[PRE - 50 : PRE]) < FREE_FALL_G
    run = best = 0
    for flag in low:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best >= FREE_FALL_MIN_SAMPLES
