"""Host-side controller of a real hub process, so the HA lane's restart test can stop and start it.

The HA tests run in the HA root (Python 3.14, no hub dependencies); the hub runs on the host in its own venv. So
`tests/ha/run_lane.sh` starts this controller with the hub's interpreter:

    python tests/ha/hub_controller.py HUB_PORT CONTROL_PORT DATA_DIR TOKEN

It starts `python -m hub serve` on 127.0.0.1:HUB_PORT with DATA_DIR (its log appended to DATA_DIR/hub.log) and
listens on 127.0.0.1:CONTROL_PORT. The test sends one command per line and reads one JSON line back:

- `stop`: SIGTERM, as a service manager would; waits for the process to exit (SIGKILL after 20 s) →
  `{"stopped": true, "returncode": n, "seconds": s}`
- `start`: the same command line again, same port and data dir; waits until `/api/health` answers (60 s) →
  `{"started": true, "pid": n, "seconds": s}`
- `status` → `{"running": bool, "pid": n | null}`

A failure is `{"error": "..."}` (with the end of the hub's log), never a hang. When the controller is told to stop
(SIGTERM/SIGINT from run_lane.sh) it stops the hub first.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

STOP_TIMEOUT_S = 20.0
START_TIMEOUT_S = 60.0


class HubProcess:
    """One hub at a time on a fixed port and data dir."""

    def __init__(self, port: int, data_dir: Path, token: str) -> None:
        self.port = port
        self.data_dir = data_dir
        self.token = token
        self.process: asyncio.subprocess.Process | None = None
        self.log = data_dir / "hub.log"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def _tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        except OSError:
            return ""

    async def start(self) -> dict[str, Any]:
        if self.running:
            return {"error": "the hub is already running"}
        began = time.monotonic()
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "hub", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                f"--token={self.token}", "--data-dir", str(self.data_dir), "--no-zeroconf",
                stdout=log, stderr=asyncio.subprocess.STDOUT,
            )
        deadline = began + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not self.running:
                return {"error": f"the hub exited ({self.process.returncode}) before it answered:\n{self._tail()}"}
            if await asyncio.to_thread(self._healthy):
                return {"started": True, "pid": self.process.pid, "seconds": round(time.monotonic() - began, 2)}
            await asyncio.sleep(0.2)
        return {"error": f"the hub did not answer /api/health within {START_TIMEOUT_S:.0f} s:\n{self._tail()}"}

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=2) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    async def stop(self) -> dict[str, Any]:
        process = self.process
        if process is None or process.returncode is not None:
            return {"error": "the hub is not running"}
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(STOP_TIMEOUT_S):
                code = await process.wait()
        except TimeoutError:
            process.kill()
            code = await process.wait()
            return {"error": f"the hub ignored SIGTERM for {STOP_TIMEOUT_S:.0f} s (killed):\n{self._tail()}"}
        return {"stopped": True, "returncode": code, "seconds": round(time.monotonic() - began, 2)}


async def main(port: int, control_port: int, data_dir: Path, token: str) -> int:
    hub = HubProcess(port, data_dir, token)
    lock = asyncio.Lock()
    started = await hub.start()
    if "error" in started:
        print(started["error"], file=sys.stderr, flush=True)
        return 1

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := (await reader.readline()).decode().strip():
                async with lock:
                    if line == "stop":
                        answer = await hub.stop()
                    elif line == "start":
                        answer = await hub.start()
                    elif line == "status":
                        answer = {"running": hub.running, "pid": hub.process.pid if hub.process else None}
                    else:
                        answer = {"error": f"unknown command {line!r}"}
                writer.write(json.dumps(answer).encode() + b"\n")
                await writer.drain()
        except Exception as err:  # the test sees the failure instead of a hang
            writer.write(json.dumps({"error": repr(err)}).encode() + b"\n")
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", control_port)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    print(f"controller ready on 127.0.0.1:{control_port}, hub on {port} (pid {started['pid']})", flush=True)
    async with server:
        await done.wait()
    if hub.running:
        with contextlib.suppress(Exception):
            await hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])))
