"""Accuracy report for the command model (the numbers in `models/nlu/MODEL_CARD.md`).

    .venv/bin/python -m bench.nlu_report

For each committed evaluation set (`models/nlu/eval/`, held-out names, never trained on) it runs
`hub eval commands`' code path three ways: the hub's default chain (command model, then HA's templates), the
command model alone, and HA's template matcher alone (the baseline). Then it prints the reliability table of the
command model's calibrated intent confidence and the expected calibration error (ECE).
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hub.eval.commands import read_cases, run_eval_commands
from hub.llm.base import UnderstandingBackend
from hub.llm.hassil_tier import HassilBackend
from hub.llm.nlu_model import DEFAULT_MODEL_DIR, CommandModel
from hub.llm.nlu_tier import CommandModelBackend
from hub.llm.tiers import default_backends

EVAL = DEFAULT_MODEL_DIR / "eval"
SETS = (
    "test", "ha_templates", "paraphrase", "multi", "dev_multi_hand", "blind_paraphrase", "blind_multi",
    "blind_multi_2", "blind_multi_3", "blind_multi_4", "blind_multi_5", "blind_multi_6",
)
"""`paraphrase`, `multi`, `dev_multi_hand` and (since their errors were read) `blind_multi`, `blind_multi_4` and
`blind_multi_5` are development sets; `blind_paraphrase`, `blind_multi_2`, `blind_multi_3` and `blind_multi_6`
were written by engineers who never saw the recipe or the model, and only their scores are read.
`blind_multi_4` to `_6` are each on a home of their writer's own, with names they chose (some of which the
training pool has too)."""
HOME_OF = {"blind_multi_4": "home_b.json", "blind_multi_5": "home_c.json", "blind_multi_6": "home_d.json"}
"""The home a set is written for, where it is not `home.json`."""
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)


async def _score(backends: Sequence[UnderstandingBackend], name: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        summary = await run_eval_commands(
            EVAL / HOME_OF.get(name, "home.json"),
            EVAL / f"{name}.jsonl",
            Path(tmp) / "pred.jsonl",
            backends=backends,
            progress=io.StringIO(),
        )
    return summary


def reliability(model: CommandModel) -> tuple[list[dict[str, Any]], float, int]:
    rows: list[tuple[float, bool]] = []
    for name in ("test", "ha_templates", "blind_paraphrase"):
        for case in read_cases(EVAL / f"{name}.jsonl"):
            expect = case.expect or {}
            prediction = model.predict(case.sentence)
            rows.append((prediction.confidence, prediction.intent == (expect.get("intent") or "none")))
    table = []
    ece = 0.0
    for low, high in itertools.pairwise(BINS):
        inside = [(c, ok) for c, ok in rows if low <= c < high]
        if not inside:
            continue
        mean_conf = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / len(rows) * abs(mean_conf - accuracy)
        table.append(
            {
                "bin": f"[{low:.2f}, {min(high, 1.0):.2f}{']' if high > 1 else ')'}",
                "n": len(inside),
                "mean_confidence": round(mean_conf, 3),
                "accuracy": round(accuracy, 3),
            }
        )
    return table, round(ece, 4), len(rows)


async def main() -> None:
    chain = default_backends()
    nlu = CommandModelBackend()
    template = HassilBackend()
    results: dict[str, dict[str, Any]] = {}
    for name in SETS:
        results[name] = {
            "hub (nlu -> template)": await _score(chain, name),
            "nlu alone": await _score([nlu], name),
            "template alone (HA baseline)": await _score([template], name),
        }
    print("| set | pipeline | cases | intent acc | exact match | p50 ms | p95 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, rows in results.items():
        for pipeline, s in rows.items():
            print(
                f"| {name} | {pipeline} | {s['cases']} | {s['intent_accuracy']} | {s['exact_match']} | "
                f"{s['latency_p50_ms']} | {s['latency_p95_ms']} |"
            )
    model = nlu.model
    if model is None:
        raise RuntimeError("the command model did not load")
    table, ece, n = reliability(model)
    print(f"\nReliability of the intent confidence ({n} cases, test + ha_templates + blind_paraphrase), ECE {ece}:\n")
    print("| confidence | cases | mean confidence | accuracy |")
    print("| --- | --- | --- | --- |")
    for row in table:
        print(f"| {row['bin']} | {row['n']} | {row['mean_confidence']} | {row['accuracy']} |")
    print(json.dumps({"results": results, "reliability": table, "ece": ece}))


if __name__ == "__main__":
    asyncio.run(main())
