"""Local generator bench: time to first token and decode speed for the prompt Hearth builds for a 100-entity home,
with and without the static prompt cache, int8 vs float32, on this machine's CPU.

    .cache/gen-venv/bin/python models/gen-test/build.py .cache/gen-bench/0.5b-int8 --shape 0.5b
    .cache/gen-venv/bin/python models/gen-test/build.py .cache/gen-bench/1.5b-int8 --shape 1.5b
    .venv/bin/python -m bench.generator_bench .cache/gen-bench/0.5b-int8 .cache/gen-bench/1.5b-int8 \
        [--out bench/generator_bench_result.json]

The models have Qwen2.5-0.5B/1.5B shapes and random weights (speed does not depend on the weights). Their toy
tokenizer splits English into far more tokens than a real one, so the prompt is measured in tokens of a real
English tokenizer (models/embed's WordPiece, 30k vocabulary; Qwen's 151k BPE gives about as many or fewer) and
the timed prompt has exactly that many tokens. float32 loads the same int8 model with `compute_type="float32"`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any

from tokenizers import Tokenizer

from hub.home.model import Entity, Home
from hub.home.virtual import build_virtual_home
from hub.llm.base import TurnRequest
from hub.llm.chat_tier import static_prompt, turn_prompt
from hub.llm.generator import LocalGenerator, RenderedPrompt
from hub.tools.registry import TOOLS

ROOT = Path(__file__).resolve().parents[1]
PROXY_TOKENIZER = ROOT / "models" / "embed" / "tokenizer.json"
EXTRA = [("light", "Spot {n}", None), ("switch", "Plug {n}", None), ("sensor", "Motion {n}", "motion"),
         ("light", "Lamp {n}", None), ("cover", "Window {n}", "window"), ("sensor", "Power {n}", "power"),
         ("switch", "Heater {n}", None), ("light", "Strip {n}", None)]


def home_with(count: int) -> Home:
    """The virtual home plus generic devices in each area, up to `count` entities."""
    home = build_virtual_home()
    areas = list(home.areas.values())
    n = 0
    while len(home.entities) < count:
        domain, name, device_class = EXTRA[n % len(EXTRA)]
        area = areas[(n // len(EXTRA)) % len(areas)]
        label = f"{area.name} {name.format(n=n // (len(EXTRA) * len(areas)) + 1)}"
        entity_id = f"{domain}.{label.lower().replace(' ', '_')}"
        home.entities[entity_id] = Entity(entity_id, label, area.id, device_class=device_class, state="off")
        n += 1
    return home


def prompt_tokens(home: Home) -> tuple[int, int, str]:
    proxy = Tokenizer.from_file(str(PROXY_TOKENIZER))
    proxy.no_padding()
    proxy.no_truncation()
    system = static_prompt(home, tools=list(TOOLS.values()), native_tools=False)
    user = turn_prompt(TurnRequest("it's too cold in the bedroom, warm it up a bit", area_id="bedroom"), home,
                       __import__("datetime").datetime(2026, 11, 26, 21, 30))
    # + the chat template's markers: <|im_start|>system\n … <|im_end|>\n and the same for user and assistant.
    return len(proxy.encode(system).ids) + 4, len(proxy.encode(user).ids) + 8, system


class ProxyLengthGenerator(LocalGenerator):
    """Feeds the model prompts of the proxy tokenizer's length (token strings from its own vocabulary)."""

    def __init__(self, model_dir: Path, static_len: int, dynamic_len: int, **kw: Any) -> None:
        super().__init__(model_dir, **kw)
        vocab = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
        words = [t for t in vocab if not t.startswith("<|")]
        rng = random.Random(0)
        self.fixed_static = [rng.choice(words) for _ in range(static_len)]
        self.dynamic_len = dynamic_len
        self._rng = rng

    def render(self, messages: Any) -> RenderedPrompt:
        words = self.fixed_static
        dynamic = [self._rng.choice(words) for _ in range(self.dynamic_len)]
        return RenderedPrompt(static=list(self.fixed_static), dynamic=dynamic)


async def measure(model_dir: Path, compute_type: str, static_len: int, dynamic_len: int, cache: bool,
                  runs: int, new_tokens: int) -> dict[str, Any]:
    generator = ProxyLengthGenerator(model_dir, static_len, dynamic_len, compute_type=compute_type, threads=2,
                                     max_new_tokens=new_tokens, cache_static_prompt=cache)
    started = time.perf_counter()
    await generator.async_prepare()
    load_s = time.perf_counter() - started
    messages = [{"role": "system", "content": "x"}, {"role": "user", "content": "y"}]
    await generator.async_complete(messages, [])  # warm-up: fills the static prompt cache when it is on
    ttft: list[float] = []
    tps: list[float] = []
    for _ in range(runs):
        reply = await generator.async_complete(messages, [])
        first = reply.first_token_ms or reply.total_ms
        ttft.append(first)
        decode_s = (reply.total_ms - first) / 1000
        if reply.usage.completion_tokens > 1 and decode_s > 0:
            tps.append((reply.usage.completion_tokens - 1) / decode_s)
    return {"model": model_dir.name, "compute_type": compute_type, "static_prompt_cache": cache,
            "load_s": round(load_s, 2), "ttft_ms_median": round(statistics.median(ttft), 1),
            "ttft_ms_runs": [round(t, 1) for t in ttft],
            "decode_tokens_per_s": round(statistics.median(tps), 2) if tps else None}


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    home = home_with(args.entities)
    static_len, dynamic_len, system = prompt_tokens(home)
    results = []
    for model_dir in args.models:
        for compute_type in args.compute_types:
            for cache in (True, False):
                row = await measure(model_dir, compute_type, static_len, dynamic_len, cache, args.runs,
                                    args.new_tokens)
                print(json.dumps(row), flush=True)
                results.append(row)
    return {"machine": f"{platform.machine()} {platform.processor() or ''}".strip(), "threads": 2,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "entities": len(home.entities), "prompt_tokens": {"static": static_len, "per_turn": dynamic_len,
                                                                "total": static_len + dynamic_len},
            "prompt_chars": len(system), "new_tokens": args.new_tokens, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, nargs="+")
    parser.add_argument("--entities", type=int, default=100)
    parser.add_argument("--compute-types", nargs="+", default=["int8", "float32"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--new-tokens", type=int, default=24)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = asyncio.run(main_async(args))
    print(json.dumps({k: v for k, v in report.items() if k != "results"}))
    if args.out is not None:
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
