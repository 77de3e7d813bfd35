"""Command-model benchmark: whole-tier latency per command, CTranslate2 int8 vs float32 vs PyTorch fp32, and RSS.

    .venv/bin/python -m bench.nlu_bench [--n 400] [--threads 1]

"Whole tier" is what `CommandModelBackend.understand_sync` does for one sentence: tokenize, encode, heads, a
second pass per extra action, resolve against the home and validate. Sentences are the committed evaluation
sets (`models/nlu/eval/`) on their home. CTranslate2 float32 uses the float32 export in `.cache/nlu/ct2-float32`
when training left one there (else the shipped int8 weights computed in float32, and says so). PyTorch fp32
runs in the training environment (`.cache/train-venv`, from `models/nlu/train.py`'s checkpoint) in a child
process, because the hub never has PyTorch; its tier time is its model time plus the same resolve time
measured here. Resident memory is read from /proc for this process after each load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hub.eval.commands import read_cases, read_home
from hub.home.model import Home
from hub.llm.nlu_model import DEFAULT_MODEL_DIR, CommandModel
from hub.llm.nlu_tier import CommandModelBackend

ROOT = Path(__file__).resolve().parents[1]
EVAL = DEFAULT_MODEL_DIR / "eval"
CACHE = ROOT / ".cache" / "nlu"
TRAIN_PYTHON = ROOT / ".cache" / "train-venv" / "bin" / "python"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def sentences(n: int, seed: int = 5) -> list[tuple[str, str | None]]:
    rows: list[tuple[str, str | None]] = []
    for name in ("test", "paraphrase", "multi"):
        rows += [(c.sentence, c.area) for c in read_cases(EVAL / f"{name}.jsonl")]
    random.Random(seed).shuffle(rows)
    return rows[:n]


def time_tier(model: CommandModel, home: Home, rows: list[tuple[str, str | None]]) -> dict[str, Any]:
    backend = CommandModelBackend(model=model)
    for text, area in rows[:20]:
        backend.understand_sync(model, text, area, home)
    tier: list[float] = []
    encode: list[float] = []
    for text, area in rows:
        started = time.perf_counter()
        result = backend.understand_sync(model, text, area, home)
        tier.append((time.perf_counter() - started) * 1000)
        encode.append(float(result.details.get("model_ms", 0.0)) if result is not None else tier[-1])
    resolve = [max(0.0, t - e) for t, e in zip(tier, encode, strict=True)]
    return {
        "tier_p50_ms": round(_p(tier, 0.5), 3),
        "tier_p95_ms": round(_p(tier, 0.95), 3),
        "model_p50_ms": round(_p(encode, 0.5), 3),
        "resolve_p50_ms": round(_p(resolve, 0.5), 3),
        "resolve_ms": resolve,
    }


def run_torch(rows: list[tuple[str, str | None]], threads: int) -> dict[str, Any] | None:
    checkpoint = CACHE / "joint.pt"
    if not TRAIN_PYTHON.exists() or not checkpoint.exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump([text for text, _area in rows], handle)
        path = handle.name
    try:
        done = subprocess.run(
            [str(TRAIN_PYTHON), str(ROOT / "bench" / "nlu_torch.py"), path, "--threads", str(threads)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=900,
        )
    finally:
        os.unlink(path)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=400, help="sentences to time (default 400)")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per request (default 1)")
    args = parser.parse_args()
    home = read_home(EVAL / "home.json")
    rows = sentences(args.n)
    report: dict[str, Any] = {"sentences": len(rows), "threads": args.threads, "cpu_count": os.cpu_count()}
    report["rss_before_mb"] = round(rss_mb(), 1)

    started = time.perf_counter()
    int8 = CommandModel.load(DEFAULT_MODEL_DIR, compute_type="int8", threads=args.threads)
    report["int8_load_s"] = round(time.perf_counter() - started, 3)
    report["rss_int8_loaded_mb"] = round(rss_mb(), 1)
    results: dict[str, dict[str, Any]] = {"ct2_int8": time_tier(int8, home, rows)}
    resolve_ms = results["ct2_int8"].pop("resolve_ms")
    del int8

    float_dir = CACHE / "ct2-float32"
    if (float_dir / "model.bin").exists():
        source = str(float_dir)
        model_dir = DEFAULT_MODEL_DIR
        # Same heads, labels and tokenizer; only the encoder weights differ (float32 export).
        f32 = CommandModel.load(model_dir, compute_type="float32", threads=args.threads)
        import ctranslate2

        f32._encoder = ctranslate2.Encoder(source, device="cpu", compute_type="float32", intra_threads=args.threads)
    else:
        source = "shipped int8 weights, float32 compute"
        f32 = CommandModel.load(DEFAULT_MODEL_DIR, compute_type="float32", threads=args.threads)
    results["ct2_float32"] = time_tier(f32, home, rows)
    results["ct2_float32"].pop("resolve_ms")
    results["ct2_float32"]["weights"] = source
    del f32

    torch_result = run_torch(rows, args.threads)
    if torch_result is not None:
        model_ms = torch_result.pop("model_ms")
        tier = [m + r for m, r in zip(model_ms, resolve_ms, strict=True)]
        results["torch_fp32"] = {
            "tier_p50_ms": round(_p(tier, 0.5), 3),
            "tier_p95_ms": round(_p(tier, 0.95), 3),
            "model_p50_ms": round(_p(model_ms, 0.5), 3),
            **torch_result,
        }
    else:
        results["torch_fp32"] = {"skipped": "no .cache/train-venv or .cache/nlu/joint.pt (run models/nlu/train.py)"}
    if "tier_p50_ms" in results["torch_fp32"]:
        report["int8_speedup_vs_torch_tier_p50"] = round(
            results["torch_fp32"]["tier_p50_ms"] / results["ct2_int8"]["tier_p50_ms"], 2
        )
        report["int8_speedup_vs_torch_model_p50"] = round(
            results["torch_fp32"]["model_p50_ms"] / results["ct2_int8"]["model_p50_ms"], 2
        )
    report["results"] = results

    # The hub's own footprint: a fresh process with both default tiers loaded (command model + templates).
    probe = subprocess.run(
        [sys.executable, "-c", _HUB_RSS], check=True, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    report["hub_tiers_loaded"] = json.loads(probe.stdout.strip().splitlines()[-1])

    print(f"{'backend':<12} {'tier p50':>9} {'tier p95':>9} {'model p50':>10}")
    for name, row in results.items():
        if "tier_p50_ms" in row:
            print(f"{name:<12} {row['tier_p50_ms']:>8.2f}ms {row['tier_p95_ms']:>8.2f}ms {row['model_p50_ms']:>9.2f}ms")
        else:
            print(f"{name:<12} {row.get('skipped')}")
    print(json.dumps(report, indent=1))


_HUB_RSS = """
import asyncio, json, time
from hub.llm.tiers import default_backends, async_prepare_all
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
before = rss()
started = time.perf_counter()
backends = default_backends()
asyncio.run(async_prepare_all(backends[:1]))
nlu_s = time.perf_counter() - started
nlu_rss = rss()
asyncio.run(async_prepare_all(backends[1:]))
print(json.dumps({"rss_python_mb": round(before, 1), "nlu_load_s": round(nlu_s, 3), "rss_nlu_mb": round(nlu_rss, 1),
                  "rss_nlu_and_templates_mb": round(rss(), 1)}))
"""


if __name__ == "__main__":
    main()
