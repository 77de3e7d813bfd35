"""`python -m hub eval falls`: run recordings through the live fall pipeline (resampler, gates, int8 model).

`DIR` holds one CSV per recording with the header `t,ax,ay,az,gx,gy,gz` (seconds; g; deg/s; any rate from 25 to
400 Hz). Each file is fed to a fresh `FallDetector` in half-second batches, as a wearable streams it over MQTT;
at the end of the file, an impact with at least 1.5 s of data after it is still judged (`FallDetector.flush`).
`OUT.jsonl` gets one line per recording, in file-name order:
`{"recording": name, "detections": [impact times in s], "latency_ms": processing time}`.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

import numpy as np

from hub.errors import HearthError
from hub.sensing.fall_model import FallModel
from hub.sensing.falls import FallDetector

HEADER: Final = ["t", "ax", "ay", "az", "gx", "gy", "gz"]
BATCH_S: Final = 0.5


class FallEvalError(HearthError):
    """The recordings folder or a recording cannot be used."""


@dataclass(frozen=True, slots=True)
class FallEvalReport:
    recordings: int
    with_detections: int
    seconds_of_data: float
    processing_s: float


def read_recording(path: Path) -> np.ndarray:
    """(n, 7) float64 rows. Real logs have glitches: rows with a missing or non-finite value, and timestamps that
    repeat or go back, are dropped (not fatal); a wrong header or a non-numeric value is an error."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        if header != HEADER:
            raise FallEvalError(f"{path.name}: header must be {','.join(HEADER)}, not {','.join(header)[:80]}")
        rows: list[list[float]] = []
        for line, row in enumerate(reader, start=2):
            if not row or len(row) != 7:
                continue
            try:
                values = [float(v) if v.strip() else math.nan for v in row]
            except ValueError:
                raise FallEvalError(f"{path.name}:{line}: not a number") from None
            if all(math.isfinite(v) for v in values):
                rows.append(values)
    data = np.asarray(rows, dtype=np.float64).reshape(-1, 7)
    if len(data) > 1:
        keep = np.concatenate([[True], data[1:, 0] > np.maximum.accumulate(data[:-1, 0])])
        data = data[keep]
    return data


def batches(data: np.ndarray, batch_s: float = BATCH_S) -> Iterator[np.ndarray]:
    if not len(data):
        return
    edges = np.arange(data[0, 0], data[-1, 0] + batch_s, batch_s)
    idx = np.searchsorted(data[:, 0], edges[1:], side="left")
    start = 0
    for stop in [*idx.tolist(), len(data)]:
        if stop > start:
            yield data[start:stop]
            start = stop


def detect(model: FallModel, data: np.ndarray, *, name: str = "recording") -> list[float]:
    detector = FallDetector(name, model.score, threshold=model.threshold)
    found: list[float] = []
    for chunk in batches(data):
        found.extend(d.impact_time for d in detector.feed(chunk[:, 0], chunk[:, 1:7]))
    found.extend(d.impact_time for d in detector.flush())
    return found


def run_falls_eval(recordings: Path, out: Path, *, model: FallModel | None = None,
                   progress: TextIO | None = sys.stderr) -> FallEvalReport:
    if not recordings.is_dir():
        raise FallEvalError(f"not a folder: {recordings}")
    files = sorted(p for p in recordings.iterdir() if p.suffix.lower() == ".csv")
    if not files:
        raise FallEvalError(f"no .csv recordings in {recordings}")
    model = model or FallModel()
    hits = 0
    seconds = 0.0
    total = 0.0
    with out.open("w", encoding="utf-8") as sink:
        for n, path in enumerate(files, start=1):
            data = read_recording(path)
            started = time.perf_counter()
            found = detect(model, data, name=path.stem)
            elapsed = time.perf_counter() - started
            total += elapsed
            seconds += float(data[-1, 0] - data[0, 0]) if len(data) > 1 else 0.0
            hits += bool(found)
            line = {"recording": path.name, "detections": [round(t, 3) for t in found],
                    "latency_ms": round(elapsed * 1000, 2)}
            sink.write(json.dumps(line) + "\n")
            if progress is not None and n % 50 == 0:
                print(f"{n}/{len(files)} recordings", file=progress, flush=True)
    return FallEvalReport(len(files), hits, seconds, total)
