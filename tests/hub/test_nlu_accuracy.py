"""Accuracy gates on the committed evaluation sets (held-out names), through `hub eval commands`.

A regression in the model, the resolver or the agent fails here. The sets are made by `models/nlu/data.py` and
never used for training. The gates are the measured numbers of the shipped model less a small margin; where
that is below the done-when target of the local-understanding work (0.97 / 0.93 on the held-back split, 0.90
on paraphrases, 0.90 on several actions) the target is written beside it: those are known shortfalls (see
`models/nlu/MODEL_CARD.md`), not the goal. `blind_*` were written by someone who never saw the training recipe
(`models/nlu/blind/README.md`); their sentences are not read by the model's authors, only their scores.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from hub.eval.commands import run_eval_commands
from hub.llm.nlu_model import DEFAULT_MODEL_DIR

EVAL = DEFAULT_MODEL_DIR / "eval"


@pytest.mark.parametrize(
    ("name", "intent", "exact"),
    [
        ("test", 0.97, 0.95),  # held-back split with fillers and typos; measured 0.981 / 0.960
        ("ha_templates", 0.97, 0.95),  # HA's template sentences, unseen names; measured 0.987 / 0.962
        ("paraphrase", 0.94, 0.93),  # development paraphrases (read while improving); 0.958 / 0.953
        ("multi", None, 0.90),  # development multi-action set (read while improving); measured 0.931
        ("blind_paraphrase", 0.90, 0.87),  # blind, written apart (target 0.90 intent); measured 0.915 / 0.895
        ("blind_multi", None, 0.78),  # written blind, errors read at the end (now development); measured 0.803
        ("blind_multi_2", None, 0.82),  # blind, 2-3 actions (target 0.90 exact: a known shortfall); 0.846
    ],
)
async def test_accuracy_on_committed_sets(
    tmp_path: Path, name: str, intent: float | None, exact: float | None
) -> None:
    progress = io.StringIO()
    summary = await run_eval_commands(
        EVAL / "home.json", EVAL / f"{name}.jsonl", tmp_path / "pred.jsonl", progress=progress
    )
    report = json.dumps(summary)
    if intent is not None:
        assert summary["intent_accuracy"] >= intent, report
    if exact is not None:
        assert summary["exact_match"] >= exact, report
