"""`python -m hub eval privacy`: 240 PII-bearing requests to a loopback endpoint that records every byte; the
output format, bad input, and a remote that is down."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from test_privacy import leaked, pii_cases

from hub.cli import main
from hub.eval.privacy import UNAVAILABLE, PrivacyEvalError, load_cases, run_privacy_eval


def _write(path: Path, cases: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")


async def test_240_requests_leave_no_pii_and_answers_are_restored(
    tmp_path: Path, recording_chat_endpoint: tuple[str, list[bytes]]
) -> None:
    url, received = recording_chat_endpoint
    cases = pii_cases()
    _write(tmp_path / "cases.jsonl", [{"id": c["id"], "text": c["text"]} for c in cases])
    report = await run_privacy_eval(tmp_path / "cases.jsonl", url, tmp_path / "out.jsonl", progress=None)
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert report.cases == len(cases) == len(out) == len(received) >= 200
    assert report.errors == 0
    leaks = [c["id"] for c, body in zip(cases, received, strict=True) if leaked(c["pii"], body.decode())
             or leaked(c["pii"], json.dumps(json.loads(body), ensure_ascii=False))]
    assert leaks == []
    restored = sum(all(v in line["answer"] for v in case["pii"]) for line, case in zip(out, cases, strict=True))
    assert restored / len(cases) >= 0.95
    assert all(line["answer"].endswith(case["text"]) for line, case in zip(out, cases, strict=True))
    assert all(set(line) == {"id", "answer", "latency_ms"} for line in out)


async def test_a_remote_that_is_down(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _write(tmp_path / "cases.jsonl", [{"id": "a", "text": "Call John Smith at 555-867-5309"}])
    report = await run_privacy_eval(tmp_path / "cases.jsonl", f"http://127.0.0.1:{port}/v1", tmp_path / "o.jsonl",
                                    progress=None)
    [line] = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert report.errors == 1
    assert line["answer"] == UNAVAILABLE
    assert line["error"] == "RemoteUnavailableError"


@pytest.mark.parametrize(("content", "message"), [("nope\n", "not JSON"), ('{"id": 1}\n', "text string")])
def test_bad_case_files(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "c.jsonl").write_text(content)
    with pytest.raises(PrivacyEvalError, match=message):
        load_cases(tmp_path / "c.jsonl")


def test_the_command_line_refuses_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "c.jsonl", [{"id": 1, "text": "hi"}])
    assert main(["eval", "privacy", "--cases", str(tmp_path / "missing.jsonl"), "--remote-url", "http://x/v1",
                 "--out", str(tmp_path / "o.jsonl")]) == 2
    assert main(["eval", "privacy", "--cases", str(tmp_path / "c.jsonl"), "--remote-url", "ftp://x",
                 "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "error:" in capsys.readouterr().err


async def test_one_case_end_to_end(tmp_path: Path, recording_chat_endpoint: tuple[str, list[bytes]]) -> None:
    url, received = recording_chat_endpoint
    _write(tmp_path / "c.jsonl", [{"id": 7, "text": "Email maria.garcia@example.com about Friday"}])
    report = await run_privacy_eval(tmp_path / "c.jsonl", url, tmp_path / "o.jsonl", progress=None)
    assert report.errors == 0
    assert report.masked_values >= 1  # the e-mail, and household names in the home's system prompt
    assert b"maria.garcia" not in received[0]
    body = json.loads(received[0])
    assert body["messages"][0]["role"] == "system"
    assert "HassTurnOn" in json.dumps(body), "the remote tier sends its tools, as a live request does"
    answer = json.loads((tmp_path / "o.jsonl").read_text())["answer"]
    assert answer.startswith("Noted: [")
    assert answer.endswith("] Email maria.garcia@example.com about Friday")
