"""Household memory benchmark: retrieval quality through `hub eval memory`, leaks, and latency/disk at scale.

    .venv/bin/python -m bench.memory_bench quality            # recall@5, answer-bearing top-1, leaks (own QA set)
    .venv/bin/python -m bench.memory_bench scale --sizes 10000 100000 [1000000]

Quality runs the same code path as `python -m hub eval memory` (`run_memory_eval`) on the generated set from
`bench.memory_data`. Scale fills a store with generated memories, then times the full hybrid query (query
embedding + FTS5 + vector search + fusion + row fetch) side by side with brute-force float32 NumPy over the same
vectors, and reports the database size on disk.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.memory_data import MEMBERS, generate, write_jsonl
from hub.eval.memory import run_memory_eval
from hub.memory.embed import CTranslate2Embedder, Embedder
from hub.memory.model import Viewer
from hub.memory.store import MemoryStore, NewMemory
from hub.memory.text import slug
from hub.memory.vectors import HOUSEHOLD


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def quality(args: argparse.Namespace) -> dict[str, Any]:
    qa = generate(args.seed)
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        root = Path(tmp)
        write_jsonl(root / "mem.jsonl", qa.memories)
        write_jsonl(root / "queries.jsonl", qa.queries + qa.leaks)
        report = run_memory_eval(root / "mem.jsonl", root / "queries.jsonl", root / "out.jsonl", k=10)
        results = {row["id"]: row["results"] for row in map(json.loads, (root / "out.jsonl").open())}
    text = {m["id"]: m["text"] for m in qa.memories}
    owner = {m["id"]: (m["person"], m["scope"]) for m in qa.memories}
    by_kind: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    misses = []
    for q in qa.queries:
        got = results[q["id"]]
        hit5 = q["gold"] in got[:5]
        top1 = bool(got) and q["answer"].lower() in text[got[0]].lower()
        by_kind[q["kind"]].append((hit5, top1))
        if not (hit5 and top1):
            misses.append({"q": q["query"], "by": q["person"], "want": text[q["gold"]],
                           "top": [text[i] for i in got[:3]]})
    leaks = 0
    for query in [*qa.queries, *qa.leaks]:
        for memory_id in results[query["id"]]:
            person, scope = owner[memory_id]
            leaks += scope == "private" and person != query["person"]
    flat = [x for rows in by_kind.values() for x in rows]
    out = {
        "memories": len(qa.memories),
        "questions": len(qa.queries),
        "adversarial_questions": len(qa.leaks),
        "recall_at_5": round(sum(h for h, _ in flat) / len(flat), 4),
        "answer_top1": round(sum(t for _, t in flat) / len(flat), 4),
        "cross_member_leaks": leaks,
        "by_kind": {k: {"n": len(v), "recall_at_5": round(sum(h for h, _ in v) / len(v), 3),
                        "top1": round(sum(t for _, t in v) / len(v), 3)} for k, v in sorted(by_kind.items())},
        "ingest_per_s": round(report.ingest_per_s, 1),
        "query_p50_ms": round(statistics.median(report.latencies_ms), 2),
        "query_p95_ms": round(_p(report.latencies_ms, 0.95), 2),
    }
    if args.show_misses:
        for miss in misses:
            print(json.dumps(miss), file=sys.stderr)
    return out


def _filler_texts(rng: random.Random, n: int) -> list[str]:
    qa = generate(rng.randint(0, 10**6), filler=0)
    base = [m["text"] for m in qa.memories]
    from bench import memory_data as d

    texts = []
    for i in range(n):
        if i % 3 == 0:
            texts.append(f"{rng.choice(base)[:-1]} ({rng.choice(d.WEEKDAYS)} {rng.randint(1, 28)} "
                         f"{rng.choice(d.MONTHS)})")
        else:
            texts.append(f"{rng.choice(d.FILLER_SUBJECTS)} {rng.choice(d.FILLER_VERBS)} "
                         f"{rng.choice(d.FILLER_OBJECTS)} {rng.choice(d.FILLER_WHEN)} with "
                         f"{rng.choice(MEMBERS)} #{i}.")
    return texts


class CachedEmbedder:
    """The real embedder, with vectors of texts already embedded in an earlier run kept in a file (float16)."""

    def __init__(self, inner: Embedder, path: Path | None) -> None:
        self.inner = inner
        self.path = path
        self.rows: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            data = np.load(path, allow_pickle=False)
            self.rows = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimensions(self) -> int:
        return self.inner.dimensions

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.rows))
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self.rows[text] = vector.astype(np.float16)
        return np.stack([self.rows[t] for t in texts]).astype(np.float32) if texts else self.inner.embed(texts)

    def save(self) -> None:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, texts=np.array(list(self.rows)), vectors=np.stack(list(self.rows.values())))


def _fill(store: MemoryStore, n: int, rng: random.Random, *, embed_limit: int) -> None:
    """Add `n` memories; above `embed_limit` distinct texts, vectors are real embeddings of earlier texts, jittered."""
    for name in MEMBERS:
        store.add_member(name)
    texts = _filler_texts(random.Random(n), n)
    start = time.time() - 400 * 86400
    done = 0
    while done < n:
        chunk = texts[done : done + 2048]
        items = [
            NewMemory(t, slug(rng.choice(MEMBERS)), rng.choice(["private", "household"]), "fact", "import",
                      start + (done + i) * 300.0, f"f{done + i}")
            for i, t in enumerate(chunk)
        ]
        store.remember_many(items, batch=2048)
        done += len(chunk)
        print(f"\rfilled {done}/{n}", end="", file=sys.stderr, flush=True)
        if done >= embed_limit:
            break
    print(file=sys.stderr)
    if done < n:
        _fill_jittered(store, texts, done, n, rng)
        store.index.maintain()


def _fill_jittered(store: MemoryStore, texts: list[str], done: int, n: int, rng: random.Random) -> None:
    """Beyond the embedding budget: rows with real text (FTS5) and vectors jittered from real ones."""
    from hub.memory.vectors import RowMeta, partition_of, quantize

    sample = store.embedder.embed(texts[:2048])
    generator = np.random.default_rng(1)
    start = time.time() - 400 * 86400
    while done < n:
        count = min(8192, n - done)
        picks = generator.integers(0, len(sample), count)
        vectors = sample[picks] + generator.normal(0, 0.04, (count, sample.shape[1])).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        q, scale = quantize(vectors)
        rows = []
        with store.db.atomic():
            for i in range(count):
                person = slug(rng.choice(MEMBERS))
                scope = rng.choice(["private", "household"])
                at = start + (done + i) * 30.0
                cursor = store.db.execute(
                    "INSERT INTO memories (id, text, person, scope, kind, source, created_at, valid_from, data) "
                    "VALUES (?, ?, ?, ?, 'fact', 'import', ?, ?, '{}')",
                    [f"f{done + i}", texts[done + i], person, scope, at, at],
                )
                mid = int(cursor.lastrowid or 0)
                store.db.execute("INSERT INTO vectors VALUES (?, ?, ?)", [mid, q[i].tobytes(), float(scale[i])])
                rows.append((partition_of(scope, person), mid, at, i))
        for part in {r[0] for r in rows}:
            sel = [r for r in rows if r[0] == part]
            idx = [r[3] for r in sel]
            store.index.add(part, (q[idx], scale[idx]), [RowMeta(r[1], "fact", r[2], None, None) for r in sel])
        done += count
        print(f"\rfilled {done}/{n} (jittered vectors)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def scale(args: argparse.Namespace) -> list[dict[str, Any]]:
    rng = random.Random(3)
    questions = [q for q in generate(args.seed).queries][:200]
    reports = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="hearth-scale-", dir=args.work_dir) as tmp:
            path = Path(tmp) / "memory.db"
            cache = args.cache_dir / f"embeddings-{n}.npz" if args.cache_dir else None
            ingest_embedder = CachedEmbedder(CTranslate2Embedder(threads=2), cache)
            store = MemoryStore(path, ingest_embedder, synchronous="NORMAL")
            t0 = time.perf_counter()
            _fill(store, n, rng, embed_limit=args.embed_limit)
            fill_s = time.perf_counter() - t0
            ingest_embedder.save()
            store.embedder = CTranslate2Embedder(threads=1)
            store.db.execute("VACUUM")
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # VACUUM in WAL mode goes through the WAL
            disk = sum(p.stat().st_size for p in Path(tmp).iterdir())
            hybrid, embed_only, brute, overlap = [], [], [], []
            matrix, all_mids, owner_arr = _reference(store)
            for i, q in enumerate(questions):
                viewer = Viewer(slug(q["person"]))
                t = time.perf_counter()
                hits = store.search(q["query"], viewer, k=10)
                hybrid.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                vec = store.embedder.embed([q["query"]])[0]
                embed_only.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                visible = (owner_arr == HOUSEHOLD) | (owner_arr == f"private:{viewer.member}")
                scores = matrix @ vec
                scores[~visible] = -np.inf
                top = all_mids[np.argpartition(-scores, 10)[:10]]
                brute.append((time.perf_counter() - t) * 1000 + embed_only[-1])
                ours = store.index.search(vec, [HOUSEHOLD, f"private:{viewer.member}"],
                                          _flt(store), 10)
                overlap.append(len({m for m, _ in ours} & set(top.tolist())) / 10)
                del hits
                if i == 0:
                    hybrid.clear()
                    embed_only.clear()
                    brute.clear()
            t = time.perf_counter()
            victim = store.search(questions[0]["query"], Viewer(slug(questions[0]["person"])), k=1)
            if victim:
                store.forget(victim[0].memory.id, None)
            forget_ms = (time.perf_counter() - t) * 1000
            report = {
                "memories": n,
                "forget_one_ms": round(forget_ms, 1),
                "fill_s": round(fill_s, 1),
                "jittered_vectors": max(0, n - args.embed_limit),
                "disk_mb": round(disk / 1e6, 1),
                "hybrid_p50_ms": round(statistics.median(hybrid), 2),
                "hybrid_p95_ms": round(_p(hybrid, 0.95), 2),
                "embed_p95_ms": round(_p(embed_only, 0.95), 2),
                "bruteforce_f32_plus_embed_p50_ms": round(statistics.median(brute), 2),
                "bruteforce_f32_plus_embed_p95_ms": round(_p(brute, 0.95), 2),
                "int8_vs_f32_top10_overlap": round(statistics.mean(overlap), 3),
                "cpu_threads": os.cpu_count(),
            }
            print(json.dumps(report), flush=True)
            reports.append(report)
            store.close()
    return reports


def _reference(store: MemoryStore) -> tuple[Any, Any, Any]:
    """The brute-force reference: float32 copies of the same rows, in one matrix, with their owners."""
    mats, mids, owners = [], [], []
    for name, part in store.index._parts.items():  # the reference needs the raw rows
        rows = part.size
        mats.append(part.q[:rows].astype(np.float32) * part.scale[:rows, None])
        mids.append(part.mid[:rows])
        owners.extend([name] * rows)
    return np.concatenate(mats), np.concatenate(mids), np.array(owners)


def _flt(store: MemoryStore) -> Any:
    from hub.memory.vectors import VectorFilter

    return VectorFilter(now=store.clock())


def main() -> None:
    parser = argparse.ArgumentParser(description="Household memory benchmark")
    sub = parser.add_subparsers(dest="what", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--seed", type=int, default=7)
    q.add_argument("--show-misses", action="store_true")
    s = sub.add_parser("scale")
    s.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--embed-limit", type=int, default=100_000, help="embed this many texts for real, jitter the rest")
    s.add_argument("--work-dir", type=Path, default=None)
    s.add_argument("--cache-dir", type=Path, default=None, help="keep fill embeddings here to reuse across runs")
    args = parser.parse_args()
    if args.what == "quality":
        print(json.dumps(quality(args), indent=2))
    else:
        scale(args)


if __name__ == "__main__":
    main()
