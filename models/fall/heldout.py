"""Write held-out synthetic recordings (CSV + truth.json) and score an `eval falls` output against them.

    .venv/bin/python -m models.fall.heldout write DIR [--per-activity 60]
    .venv/bin/python -m hub eval falls --recordings DIR --out OUT.jsonl
    .venv/bin/python -m models.fall.heldout score DIR OUT.jsonl

Held out: seeds from 9,000,000 (training uses 1,000,000+, validation 2,000,000+), and half the recordings at
87 and 128 Hz, rates the training never saw. A fall recording counts as detected when a detection lies within
[impact - 1 s, impact + 5 s]; an activity recording is specific when it has no detection at all.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from models.fall import synth

HELDOUT_SEED = 9_000_000
HELDOUT_RATES = (87, 128, 50, 100)
MATCH_BEFORE_S = 1.0
MATCH_AFTER_S = 5.0


def write(folder: Path, per_activity: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    activities = list(synth.FALL_KINDS) + list(synth.HARD_ADLS) + list(synth.EASY_ADLS)
    seed = HELDOUT_SEED
    for activity in activities:
        for k in range(per_activity):
            seed += 1
            rec = synth.make_recording(seed, activity, hz=HELDOUT_RATES[k % len(HELDOUT_RATES)])
            name = f"{activity}_{rec.placement}_{rec.hz}hz_{seed}.csv"
            synth.write_csv(rec, str(folder / name))
            truth[name] = {"activity": activity, "placement": rec.placement, "hz": rec.hz, "falls": rec.fall_times}
    (folder / "truth.json").write_text(json.dumps(truth, indent=1))


def score(folder: Path, out: Path) -> dict[str, object]:
    truth = json.loads((folder / "truth.json").read_text())
    lines = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fn = tn = fp = 0
    latencies = []
    for line in lines:
        info = truth[line["recording"]]
        dets = line["detections"]
        latencies.append(line["latency_ms"])
        if info["falls"]:
            ok = all(any(f - MATCH_BEFORE_S <= d <= f + MATCH_AFTER_S for d in dets) for f in info["falls"])
            tp += ok
            fn += not ok
            per[info["activity"]][0] += ok
        else:
            ok = not dets
            tn += ok
            fp += not ok
            per[info["activity"]][0] += ok
        per[info["activity"]][1] += 1
    return {
        "recordings": len(lines),
        "sensitivity": round(tp / max(1, tp + fn), 4),
        "specificity": round(tn / max(1, tn + fp), 4),
        "fall_recordings": tp + fn, "missed": fn, "adl_recordings": tn + fp, "false_alarm_recordings": fp,
        "per_activity_correct": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per.items())},
        "latency_ms_mean_per_recording": round(float(np.mean(latencies)), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("folder", type=Path)
    w.add_argument("--per-activity", type=int, default=60)
    s = sub.add_parser("score")
    s.add_argument("folder", type=Path)
    s.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.cmd == "write":
        write(args.folder, args.per_activity)
    else:
        print(json.dumps(score(args.folder, args.out), indent=2))


if __name__ == "__main__":
    main()
