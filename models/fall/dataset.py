"""Training and validation windows: candidates found exactly as the hub finds them, labelled from the synthetic truth.

Seeds: training uses seeds from 1,000,000, validation from 2,000,000, the held-out test set (written by
`heldout.py`) from 9,000,000 with sample rates the training never used (87 and 128 Hz are held out).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hub.sensing import fall_features as ff  # noqa: E402
from models.fall import synth  # noqa: E402

TRAIN_RATES = (50, 64, 100, 200)
HELDOUT_RATES = (87, 128, 50, 100)
LABEL_TOLERANCE_S = 0.3
ACTIVITY_MIX = (
    [(kind, 3) for kind in synth.FALL_KINDS]
    + [(kind, 3) for kind in synth.HARD_ADLS]
    + [(kind, 1) for kind in synth.EASY_ADLS]
)


@dataclass
class Windows:
    x: np.ndarray
    y: np.ndarray
    still: np.ndarray
    free_fall: np.ndarray
    activity: np.ndarray


def activity_for(seed: int) -> str:
    rng = np.random.default_rng(seed + 17)
    kinds = [k for k, _ in ACTIVITY_MIX]
    weights = np.array([w for _, w in ACTIVITY_MIX], dtype=float)
    return str(rng.choice(kinds, p=weights / weights.sum()))


def stream_arrays(data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t, values = ff.resample(data[:, 0], data[:, 1:7])
    return t, values[:, :3], values[:, 3:]


def windows_of(rec: synth.Recording) -> list[tuple[np.ndarray, int, bool, bool]]:
    t, acc, gyro = stream_arrays(rec.data)
    mag = ff.magnitude(acc)
    out = []
    for i in ff.candidates(mag, ff.PRE, len(mag) - ff.POST):
        lo, hi = i - ff.PRE, i + ff.POST
        wa, wg = acc[lo:hi], gyro[lo:hi]
        label = int(any(abs(t[i] - f) <= LABEL_TOLERANCE_S for f in rec.fall_times))
        out.append((ff.window_features(wa, wg), label, ff.is_still(wa, wg), ff.free_fall_before(wa)))
    return out


def _job(seed: int, rates: tuple[int, ...]) -> tuple[list[tuple[np.ndarray, int, bool, bool]], str]:
    activity = activity_for(seed)
    rng = np.random.default_rng(seed + 3)
    rec = synth.make_recording(seed, activity, hz=int(rng.choice(rates)))
    return windows_of(rec), activity


def build(seeds: range, rates: tuple[int, ...] = TRAIN_RATES, workers: int = 2) -> Windows:
    from concurrent.futures import ProcessPoolExecutor

    xs, ys, still, ffall, acts = [], [], [], [], []
    with ProcessPoolExecutor(workers) as pool:
        for wins, activity in pool.map(_job, seeds, [rates] * len(seeds), chunksize=32):
            for x, y, s, f in wins:
                xs.append(x)
                ys.append(y)
                still.append(s)
                ffall.append(f)
                acts.append(activity)
    return Windows(np.stack(xs), np.asarray(ys, np.float32), np.asarray(still), np.asarray(ffall),
                   np.asarray(acts))
