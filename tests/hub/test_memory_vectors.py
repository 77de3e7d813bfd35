"""The vector index: partitions, filters before ranking, removal, and coarse clusters on large partitions."""

from __future__ import annotations

import numpy as np

from hub.memory.vectors import IVF_MIN_ROWS, RowMeta, VectorFilter, VectorIndex


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_large_partitions_are_clustered_and_still_find_the_nearest_rows() -> None:
    rng = np.random.default_rng(0)
    topics = _unit(rng.normal(size=(300, 64)))
    n = IVF_MIN_ROWS + 5000
    vectors = _unit(topics[rng.integers(0, 300, n)] + rng.normal(scale=0.35, size=(n, 64)))
    index = VectorIndex(64)
    index.add("household", vectors, [RowMeta(i, "fact", float(i), None, None) for i in range(n)])
    assert index.maintain() == 1
    assert index.maintain() == 0
    flt = VectorFilter(now=1e12)
    found = 0
    for i in rng.integers(0, n, 200):
        query = _unit(vectors[i : i + 1] + rng.normal(scale=0.05, size=(1, 64)))[0]
        exact = int(np.argmax(vectors @ query))
        found += index.search(query, ["household"], flt, 10)[0][0] == exact
    assert found / 200 >= 0.95
    # Removed rows and filtered rows never come back, clustered or not.
    index.remove(int(np.argmax(vectors @ vectors[7])))
    assert all(mid != 7 for mid, _ in index.search(vectors[7], ["household"], flt, 10))
    early = index.search(vectors[7], ["household"], VectorFilter(now=1e12, until=100.0), 10)
    assert early
    assert all(mid <= 100 for mid, _ in early)


def test_partitions_are_the_isolation_boundary() -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng.normal(size=(30, 16)))
    index = VectorIndex(16)
    index.add("household", vectors[:10], [RowMeta(i, "fact", 0.0, None, None) for i in range(10)])
    index.add("private:alex", vectors[10:20], [RowMeta(i, "fact", 0.0, None, None) for i in range(10, 20)])
    index.add("private:sam", vectors[20:], [RowMeta(i, "fact", 0.0, None, 5.0) for i in range(20, 30)])
    flt = VectorFilter(now=1.0)
    for i in range(30):
        mids = {mid for mid, _ in index.search(vectors[i], ["household", "private:alex"], flt, 30)}
        assert mids == set(range(20))
    assert {mid for mid, _ in index.search(vectors[0], ["private:sam"], VectorFilter(now=6.0), 30)} == set()
