"""Run a private Mosquitto broker on a free loopback port (tests, the bench and local trials)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from firmware_bridge.errors import BrokerUnavailableError


def mosquitto_binary() -> str | None:
    return shutil.which("mosquitto") or next(
        (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if Path(p).exists()), None
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def mosquitto(*, port: int | None = None, timeout: float = 10.0) -> Iterator[str]:
    """Start `mosquitto -c CONF` with an anonymous loopback listener; yields `mqtt://127.0.0.1:PORT`."""
    binary = mosquitto_binary()
    if binary is None:
        raise BrokerUnavailableError("mosquitto is not installed (apt-get install mosquitto)")
    port = port or _free_port()
    with tempfile.TemporaryDirectory(prefix="hearth-mqtt-") as tmp:
        conf = Path(tmp) / "mosquitto.conf"
        conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n", encoding="utf-8")
        log = (Path(tmp) / "mosquitto.log").open("wb")
        process = subprocess.Popen([binary, "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise BrokerUnavailableError(
                            f"mosquitto did not start: {(Path(tmp) / 'mosquitto.log').read_text()[-500:]}"
                        ) from None
                    time.sleep(0.05)
            yield f"mqtt://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
