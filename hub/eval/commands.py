"""`python -m hub eval commands`: run command cases through the conversation agent and write predictions.

    python -m hub eval commands --home HOME.json --cases CASES.jsonl --out PRED.jsonl

Each case goes through the same `ConversationAgent` and tiers as a live turn, on the case's home (`home` in the
case, else HOME.json), with the speaker's area as a satellite gives it. Actions are recorded instead of being
run. One line per case is written to PRED.jsonl:

    {"id", "tool", "args", "entities", "calls": [{"tool", "args", "entities"}...], "tier", "confidence",
     "latency_ms", "outcome", "speech"}

`tool`, `args` and `entities` describe the first understood and validated call (`null`, `{}`, `[]` when
nothing was understood, the hub asked back, or the target does not exist); `calls` lists every call in order.
What the hub then did with them is `outcome` (`done`, `answered`, `confirm` when a sensitive call waits for a
yes, `failed` when refused or failed, `clarify`, `not_understood`) and `speech`. A case may carry an `expect` object
(`{"intent", "calls"}`, as the committed evaluation sets do); then a score is printed at the end.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

from hub.agent.conversation import ConversationAgent
from hub.errors import HearthError
from hub.home.model import Home
from hub.llm.base import ToolCall, TurnRequest, Understanding, UnderstandingBackend
from hub.llm.tiers import async_prepare_all, default_backends
from hub.tools.errors import ToolCallError
from hub.tools.executor import ToolOutcome
from hub.tools.registry import validate_call

KEY_ARGS: Final = (
    "brightness", "color", "temperature", "position", "volume_level", "volume_step", "percentage", "hours",
    "minutes", "seconds", "state",
)
"""Arguments the full-call match compares; names and areas are compared through the resolved entities."""
PROGRESS_EVERY: Final = 250
MAX_HOMES_CACHED: Final = 64


class EvalInputError(HearthError):
    """A HOME.json or CASES.jsonl file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Case:
    """One line of CASES.jsonl."""

    id: str
    sentence: str
    language: str = "en"
    area: str | None = None
    home: Mapping[str, Any] | None = None
    expect: Mapping[str, Any] | None = None


@dataclass(slots=True)
class Score:
    """Running totals for cases that carry an expectation."""

    cases: int = 0
    intent_ok: int = 0
    exact: int = 0
    latencies: list[float] = field(default_factory=list)

    def add(self, expect: Mapping[str, Any], prediction: Mapping[str, Any]) -> None:
        self.cases += 1
        expected_calls = [_comparable(c) for c in expect.get("calls", [])]
        predicted_calls = [_comparable(c) for c in prediction["calls"]]
        expected_tool = expected_calls[0][0] if expected_calls else None
        if expected_tool == prediction["tool"]:
            self.intent_ok += 1
        if sorted(expected_calls) == sorted(predicted_calls):
            self.exact += 1

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        return {
            "cases": self.cases,
            "intent_accuracy": round(self.intent_ok / self.cases, 4) if self.cases else None,
            "exact_match": round(self.exact / self.cases, 4) if self.cases else None,
            "latency_p50_ms": round(ordered[len(ordered) // 2], 3) if ordered else None,
            "latency_p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3) if ordered else None,
        }


def _comparable(call: Mapping[str, Any]) -> tuple[Any, ...]:
    args = call.get("args") or {}
    key = tuple(sorted((k, json.dumps(args[k])) for k in KEY_ARGS if k in args))
    return (call.get("tool"), tuple(sorted(call.get("entities") or [])), key)


def read_home(path: Path) -> Home:
    """HOME.json as a `Home`; raises `EvalInputError` naming the file and the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalInputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise EvalInputError(f"{path}: cannot read: {err}") from None
    except json.JSONDecodeError as err:
        raise EvalInputError(f"{path}: not valid JSON: {err}") from None
    return _home(data, str(path))


def _home(data: Any, where: str) -> Home:
    if not isinstance(data, dict):
        raise EvalInputError(f"{where}: a home must be a JSON object with floors, areas and entities")
    try:
        return Home.from_dict(data)
    except HearthError as err:
        raise EvalInputError(f"{where}: {err}") from None


def read_cases(path: Path) -> Iterator[Case]:
    """CASES.jsonl, one case at a time; raises `EvalInputError` with the line number of a bad line."""
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise EvalInputError(f"{path}: no such file") from None
    except OSError as err:
        raise EvalInputError(f"{path}: cannot read: {err}") from None
    seen: set[str] = set()
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                case = parse_case(line, f"{path}:{number}")
                if case.id in seen:
                    raise EvalInputError(f"{path}:{number}: duplicate id {case.id!r}")
                seen.add(case.id)
                yield case
        except UnicodeDecodeError as err:
            raise EvalInputError(f"{path}: not UTF-8 text: {err}") from None


def parse_case(line: str, where: str) -> Case:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise EvalInputError(f"{where}: not valid JSON: {err}") from None
    if not isinstance(data, dict):
        raise EvalInputError(f"{where}: each line must be a JSON object")
    case_id = data.get("id")
    if isinstance(case_id, bool) or not isinstance(case_id, str | int) or str(case_id) == "":
        raise EvalInputError(f"{where}: 'id' must be a non-empty string or a number")
    sentence = data.get("sentence")
    if not isinstance(sentence, str):
        raise EvalInputError(f"{where}: 'sentence' must be a string")
    language = data.get("language", "en")
    if not isinstance(language, str) or not language:
        raise EvalInputError(f"{where}: 'language' must be a non-empty string")
    area = data.get("area")
    if area is not None and not isinstance(area, str):
        raise EvalInputError(f"{where}: 'area' must be an area id (a string)")
    home = data.get("home")
    if home is not None and not isinstance(home, dict):
        raise EvalInputError(f"{where}: 'home' must be an object in the HOME.json format")
    expect = data.get("expect")
    if expect is not None and not isinstance(expect, dict):
        raise EvalInputError(f"{where}: 'expect' must be an object")
    return Case(str(case_id), sentence, language, area, home, expect)


class RecordingExecutor:
    """A `ToolExecutor` that records calls and reports success without touching any home."""

    def __init__(self) -> None:
        self.calls: list[ToolCall] = []

    async def async_execute(self, call: ToolCall, *, request_id: str) -> ToolOutcome:
        self.calls.append(call)
        return ToolOutcome(True, {"recorded": True})


class RecordingBackend:
    """Wraps a tier and keeps what it answered last, so predictions include questions (never executed)."""

    def __init__(self, inner: UnderstandingBackend) -> None:
        self._inner = inner
        self.last: Understanding | None = None

    @property
    def name(self) -> str:
        return self._inner.name

    async def async_prepare(self) -> None:
        await self._inner.async_prepare()

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        self.last = await self._inner.async_understand(request, home)
        return self.last


def call_json(call: ToolCall) -> dict[str, Any]:
    return {"tool": call.tool, "args": dict(call.args), "entities": list(call.entities)}


class Evaluator:
    """Runs cases through agents on their homes; one agent per distinct home, sharing the prepared tiers."""

    def __init__(self, home: Home, backends: Sequence[UnderstandingBackend]) -> None:
        self._default_home = home
        self._recorders = [RecordingBackend(b) for b in backends]
        self._agents: dict[str, tuple[Home, ConversationAgent]] = {}

    def _agent(self, case: Case) -> tuple[Home, ConversationAgent]:
        if case.home is None:
            key = ""
            if key not in self._agents:
                self._agents[key] = (self._default_home, ConversationAgent(self._default_home, self._recorders))
            return self._agents[key]
        key = json.dumps(case.home, sort_keys=True)
        cached = self._agents.get(key)
        if cached is None:
            home = _home(case.home, f"case {case.id}: home")
            if len(self._agents) >= MAX_HOMES_CACHED:
                self._agents.pop(next(k for k in self._agents if k))
            cached = self._agents[key] = (home, ConversationAgent(home, self._recorders))
        return cached

    async def async_run(self, case: Case) -> dict[str, Any]:
        home, agent = self._agent(case)
        area = case.area if case.area in home.areas else None
        for recorder in self._recorders:
            recorder.last = None
        executor = RecordingExecutor()
        result = await agent.async_handle(
            # Its own conversation, so a confirmation one case leaves pending never captures the next case.
            TurnRequest(text=case.sentence, language=case.language, area_id=area, conversation_id=f"eval-{case.id}"),
            executor=executor,
            request_id=f"eval-{case.id}",
        )
        understanding = next((r.last for r in self._recorders if r.last is not None), None)
        calls: list[dict[str, Any]] = []
        if understanding is not None and understanding.calls and result.outcome != "not_understood":
            # What the hub understood and validated; the policy's decision (done, confirm, refused) is `outcome`.
            try:
                calls = [call_json(validate_call(call, home)) for call in understanding.calls]
            except ToolCallError:
                calls = []
        first = calls[0] if calls else {"tool": None, "args": {}, "entities": []}
        return {
            "id": case.id,
            "tool": first["tool"],
            "args": first["args"],
            "entities": first["entities"],
            "calls": calls,
            "tier": result.tier,
            "confidence": round(result.confidence, 4),
            "latency_ms": round(result.latency_ms, 3),
            "outcome": result.outcome,
            "speech": result.speech,
        }


async def run_eval_commands(
    home_path: Path,
    cases_path: Path,
    out_path: Path,
    *,
    backends: Sequence[UnderstandingBackend] | None = None,
    progress: TextIO | None = None,
) -> dict[str, Any]:
    """Score every case into `out_path`; returns the summary (also printed to `progress`, default stderr)."""
    progress = progress if progress is not None else sys.stderr
    home = read_home(home_path)
    cases = list(read_cases(cases_path))
    if not cases:
        raise EvalInputError(f"{cases_path}: no cases")
    tiers = list(backends) if backends is not None else default_backends()
    started = time.perf_counter()
    await async_prepare_all(tiers)
    print(f"tiers ready in {time.perf_counter() - started:.1f} s; {len(cases)} cases", file=progress, flush=True)
    evaluator = Evaluator(home, tiers)
    score = Score()
    all_latencies: list[float] = []
    tiers_used: dict[str, int] = {}
    try:
        out = out_path.open("w", encoding="utf-8")
    except OSError as err:
        raise EvalInputError(f"{out_path}: cannot write: {err}") from None
    run_started = time.perf_counter()
    with out:
        for index, case in enumerate(cases, start=1):
            prediction = await evaluator.async_run(case)
            out.write(json.dumps(prediction, ensure_ascii=False) + "\n")
            all_latencies.append(prediction["latency_ms"])
            tiers_used[prediction["tier"]] = tiers_used.get(prediction["tier"], 0) + 1
            if case.expect is not None:
                score.add(case.expect, prediction)
            if index % PROGRESS_EVERY == 0 or index == len(cases):
                rate = index / max(time.perf_counter() - run_started, 1e-9)
                print(f"{index}/{len(cases)} cases ({rate:.0f}/s)", file=progress, flush=True)
    score.latencies = all_latencies
    summary = {**score.summary(), "total": len(cases), "tiers": tiers_used}
    print(json.dumps(summary), file=progress, flush=True)
    return summary
