"""`python -m hub` as a user runs it: a real process, real signals, clear errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hub.cli import main
from hub.config import load_config
from hub.errors import ConfigError
from hub.identity import load_identity

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_runs_logs_json_and_stops_gracefully_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    config = tmp_path / "hearth.toml"
    config.write_text(f'[hub]\nname = "Test Hub"\nport = {port}\nhost = "127.0.0.1"\nzeroconf = false\n')
    proc = subprocess.Popen(
        [sys.executable, "-m", "hub", "serve", "--config", str(config), "--data-dir", str(tmp_path / "d"),
         "--log-format", "json", "--home", "virtual"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as resp:
                    assert json.load(resp) == {"status": "ok"}
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "hub did not start"
                time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    records = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    messages = [r["message"] for r in records]
    assert any("listening on 127.0.0.1" in m for m in messages)
    assert messages[-1] == "Hearth hub stopped"
    token = (tmp_path / "d" / "token").read_text().strip()
    assert token in stdout, "a freshly generated pairing token is shown once on stdout"
    assert token not in stderr, "tokens never go to the logs"
    assert oct((tmp_path / "d" / "token").stat().st_mode & 0o777) == "0o600"


def test_identity_is_stable_across_restarts(tmp_path: Path) -> None:
    first = load_identity(tmp_path, None)
    second = load_identity(tmp_path, None)
    assert first.hub_id == second.hub_id
    assert first.token == second.token
    assert first.token_created
    assert not second.token_created
    assert load_identity(tmp_path, "configured-token-123456").token == "configured-token-123456"


@pytest.mark.parametrize(
    ("text", "flags", "fragment"),
    [
        ("port = 'eighty'", {}, "port"),
        ("color = 'blue'", {}, "color"),
        ("port = [", {}, "not valid TOML"),
        ("", {"home": "mars"}, "home"),
        ("token = 'short'", {}, "token"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, text: str, flags: dict[str, str], fragment: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=fragment):
        load_config(path, flags)


def test_cli_reports_config_errors_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--config", str(tmp_path / "missing.toml")]) == 2
    assert "config file not found" in capsys.readouterr().err


def test_token_command_prints_the_pairing_token(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    identity = load_identity(tmp_path, None)
    assert main(["token", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == identity.token


def test_environment_does_not_leak_into_config(tmp_path: Path) -> None:
    os.environ.pop("HEARTH_TOKEN", None)
    assert load_config(None, {"data_dir": str(tmp_path)}).token is None
