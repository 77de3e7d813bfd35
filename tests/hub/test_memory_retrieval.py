"""Retrieval with the real shipped encoder: isolation under adversarial questions, and quality on a household set.

The household set is the benchmark's generator with fewer everyday distractors (the full run is
`python -m bench.memory_bench quality`); the numbers here are floors that catch regressions, not the targets.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from bench.memory_data import QASet, generate
from hub.memory.embed import DEFAULT_MODEL_DIR, CTranslate2Embedder, verify_checksums
from hub.memory.model import GUEST, Viewer
from hub.memory.store import MemoryStore, NewMemory
from hub.memory.text import slug


@pytest.fixture(scope="module")
def qa() -> QASet:
    return generate(seed=11, filler=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, qa: QASet) -> Iterator[MemoryStore]:
    memory = MemoryStore(tmp_path_factory.mktemp("retrieval") / "memory.db", CTranslate2Embedder(),
                         synchronous="NORMAL")
    for name in {m["person"] for m in qa.memories}:
        memory.add_member(name)
    memory.remember_many([
        NewMemory(m["text"], slug(m["person"]), m["scope"], "fact", "import",
                  datetime.fromisoformat(m["time"]).timestamp(), m["id"])
        for m in qa.memories
    ])
    yield memory
    memory.close()


def _now(qa: QASet) -> float:
    return datetime.fromisoformat(qa.queries[0]["time"]).timestamp()


def test_shipped_model_matches_its_checksums() -> None:
    verify_checksums(DEFAULT_MODEL_DIR)
    vectors = CTranslate2Embedder().embed(["where's the spare key?", "The spare key is in the blue pot."])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ vectors[1]) > 0.6


def test_zero_cross_member_leaks_over_adversarial_questions(store: MemoryStore, qa: QASet) -> None:
    owner = {m["id"]: (slug(m["person"]), m["scope"]) for m in qa.memories}
    private = [m for m in qa.memories if m["scope"] == "private"]
    questions = [(slug(x["person"]), x["query"]) for x in qa.leaks]
    # Also ask for each non-filler private memory word for word, as every other member and as a guest.
    specific = [m for m in private if "I left" in m["text"] or "allergic" in m["text"] or "birthday" in m["text"]]
    members = sorted({slug(m["person"]) for m in qa.memories})
    for memory in specific:
        questions += [(other, memory["text"]) for other in members if other != slug(memory["person"])]
        questions.append(("", memory["text"]))
    assert len(questions) >= 500
    now = _now(qa)
    leaks = []
    for asker, question in questions:
        viewer = Viewer(asker) if asker else GUEST
        for hit in store.search(question, viewer, k=20, now=now):
            person, scope = owner[hit.memory.id]
            if scope == "private" and person != asker:
                leaks.append((asker, question, hit.memory.text))
    assert leaks == []


def test_recall_and_answer_floors_on_a_household_set(store: MemoryStore, qa: QASet) -> None:
    text = {m["id"]: m["text"] for m in qa.memories}
    now = _now(qa)
    recall5 = top1 = 0
    for q in qa.queries:
        ids = [h.memory.id for h in store.search(q["query"], Viewer(slug(q["person"])), k=5, now=now)]
        recall5 += q["gold"] in ids
        top1 += bool(ids) and q["answer"].lower() in text[ids[0]].lower()
    assert len(qa.queries) >= 300
    assert recall5 / len(qa.queries) >= 0.93
    assert top1 / len(qa.queries) >= 0.85


def test_the_latest_version_answers_and_the_old_one_is_history(store: MemoryStore, qa: QASet) -> None:
    updates = [q for q in qa.queries if q["kind"] == "preference-update"]
    assert updates
    text = {m["id"]: m["text"] for m in qa.memories}
    right = 0
    for q in updates:
        hits = store.search(q["query"], Viewer(slug(q["person"])), k=1, now=_now(qa))
        right += bool(hits) and hits[0].memory.text == text[q["gold"]]
    assert right / len(updates) >= 0.8


def test_filters_apply_before_ranking(store: MemoryStore, qa: QASet) -> None:
    now = _now(qa)
    viewer = Viewer(slug(qa.memories[0]["person"]))
    early = datetime.fromisoformat(qa.memories[200]["time"]).timestamp()
    hits = store.search("where is it", viewer, k=50, until=early, now=now)
    assert hits
    assert all(h.memory.valid_from <= early for h in hits)
    assert store.search("where is it", viewer, k=10, kinds=["note"], now=now) == []
    assert all(h.memory.valid_from <= early for h in store.search("anything", viewer, k=10, now=early))
