"""Fall pipeline bench: raw detector rate on simulated days, CPU per 50 Hz stream, model latency per window.

    .venv/bin/python -m bench.fall_bench [--hours 24] [--placements wrist,pendant,pocket]

The day comes from `models/fall/synth.make_day` (walking, sitting, lying, gestures, running, stairs, and hard
activities: sitting down hard, lying down quickly, jumps, stumbles, device drops; no falls). The stream is fed in
half-second batches through the live `FallDetector`, as MQTT delivers it; CPU is process time for that work.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

from hub.eval.falls import batches
from hub.sensing import fall_features as ff
from hub.sensing.fall_model import FallModel
from hub.sensing.falls import FallDetector
from models.fall import synth


def day_rate(model: FallModel, placement: str, hours: float, seed: int) -> dict[str, object]:
    rec = synth.make_day(seed, hours=hours, placement=placement, hz=50)
    detector = FallDetector(placement, model.score, threshold=model.threshold)
    detections = []
    cpu = time.process_time()
    for chunk in batches(rec.data):
        detections += [round(d.impact_time / 3600, 3) for d in detector.feed(chunk[:, 0], chunk[:, 1:7])]
    cpu = time.process_time() - cpu
    seconds = float(rec.data[-1, 0])
    return {
        "placement": placement,
        "hours": round(seconds / 3600, 2),
        "detections": len(detections),
        "per_hour": round(len(detections) / (seconds / 3600), 4),
        "detection_hours": detections,
        "candidates": detector.candidates,
        "model_runs": detector.model_runs,
        "rejected": detector.rejected,
        "cpu_s": round(cpu, 2),
        "cpu_pct_of_one_core_per_50hz_stream": round(100 * cpu / seconds, 3),
    }


def mqtt_path(model: FallModel, minutes: float, seed: int) -> dict[str, object]:
    """The whole per-message path as the hub runs it: JSON payload → voluptuous → detector (no broker I/O)."""
    import asyncio
    import tempfile
    from pathlib import Path

    from firmware_bridge.device import imu_batches
    from hub.sensing.service import SensingService
    from skills.base import ListSink
    from skills.fall_response import Escalation

    rec = synth.make_day(seed, hours=minutes / 60, placement="wrist", hz=50)
    payloads = [b.to_payload() for b in imu_batches("wrist-01", rec.data[:, 1:7].tolist(), 50)]
    with tempfile.TemporaryDirectory() as tmp:
        service = SensingService(Escalation(Path(tmp) / "i.json", ListSink(), clock=time.time), model.score,
                                 threshold=model.threshold)

        async def run() -> float:
            cpu = time.process_time()
            for payload in payloads:
                await service.handle("hearth/wrist-01/imu", payload)
            return time.process_time() - cpu

        cpu = asyncio.run(run())
    seconds = float(rec.data[-1, 0])
    return {"minutes": round(seconds / 60, 1), "batches": len(payloads), "payload_bytes": len(payloads[0]),
            "cpu_s": round(cpu, 3), "cpu_pct_of_one_core_per_50hz_stream": round(100 * cpu / seconds, 3),
            "per_batch_ms": round(1000 * cpu / len(payloads), 3)}


def model_latency(model: FallModel) -> dict[str, float]:
    rng = np.random.default_rng(0)
    window = rng.normal(0.5, 0.3, (ff.WINDOW, ff.CHANNELS)).astype(np.float32)
    for _ in range(50):
        model.score(window)
    runs = []
    for _ in range(2000):
        started = time.perf_counter()
        model.score(window)
        runs.append(time.perf_counter() - started)
    runs.sort()
    return {"p50_ms": round(statistics.median(runs) * 1000, 4), "p99_ms": round(runs[int(0.99 * len(runs))] * 1000, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--placements", default="wrist,pendant,pocket")
    parser.add_argument("--seed", type=int, default=7_000_000)
    args = parser.parse_args()
    model = FallModel()
    report: dict[str, object] = {"model_bytes": model.size_bytes, "threshold": model.threshold,
                                 "model_latency": model_latency(model)}
    report["mqtt_path_50hz"] = mqtt_path(model, 60, args.seed + 99)
    days = [day_rate(model, p, args.hours, args.seed + i) for i, p in enumerate(args.placements.split(","))]
    total_h = sum(float(d["hours"]) for d in days)  # type: ignore[arg-type]
    report["days"] = days
    report["raw_detections_per_hour_overall"] = round(sum(int(d["detections"]) for d in days) / total_h, 4)  # type: ignore[call-overload]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
