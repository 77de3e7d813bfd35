"""A `kill -9` of a process writing memories in a burst loses nothing it acknowledged and leaves the DB consistent."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from hub.memory.embed import HashingEmbedder
from hub.memory.model import Viewer
from hub.memory.store import MemoryStore

REPO = Path(__file__).resolve().parents[2]
WRITER = textwrap.dedent(
    """
    import sys
    from hub.memory.embed import HashingEmbedder
    from hub.memory.store import MemoryStore, NewMemory

    store = MemoryStore(sys.argv[1], HashingEmbedder())
    store.add_member("Alex")
    i = 0
    while True:
        if i % 5 == 4:  # bulk writes too: a batch is acknowledged when its transaction commits
            batch = [NewMemory(f"Bulk note {i} {j} about the garden shed", "alex", "household", memory_id=f"b{i}-{j}")
                     for j in range(20)]
            store.remember_many(batch)
            print(" ".join(m.memory_id for m in batch), flush=True)
        else:
            result = store.remember(f"Burst memory {i}: the parcel is with neighbour {i}", person="alex",
                                    memory_id=f"m{i}")
            print(result.memory.id, flush=True)
        i += 1
    """
)


def test_kill_9_during_a_burst_loses_no_acknowledged_memory(tmp_path: Path) -> None:
    db = tmp_path / "memory.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert writer.stdout is not None
    acknowledged: list[str] = []
    try:
        while len(acknowledged) < 400:
            line = writer.stdout.readline()
            assert line, "the writer stopped early"
            acknowledged.extend(line.split())
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=10)
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO memories_fts (memories_fts) VALUES ('integrity-check')")
    memories = conn.execute("SELECT count(*) FROM memories").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == memories
    assert conn.execute(
        "SELECT count(*) FROM memories m LEFT JOIN vectors v ON v.mid = m.mid WHERE v.mid IS NULL"
    ).fetchone()[0] == 0
    conn.close()

    store = MemoryStore(db, HashingEmbedder())
    alex = Viewer("alex")
    missing = [memory_id for memory_id in acknowledged if store.get(memory_id, alex) is None]
    assert missing == []
    assert len(store.index) == store.count() >= len(acknowledged)
    last = next(m for m in reversed(acknowledged) if m.startswith("m"))
    number = last[1:]
    assert any(h.memory.id == last for h in store.search(f"neighbour {number}", alex, k=10))
    store.close()
