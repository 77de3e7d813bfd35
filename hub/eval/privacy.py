"""`python -m hub eval privacy`: requests with personal data through the remote tier and its privacy guard.

    python -m hub eval privacy --cases CASES.jsonl --remote-url URL --out OUT.jsonl [--model NAME]

`CASES.jsonl`: `{"id", "text"}` — what a household member says. Each case is a turn of the conversation agent on
the virtual home whose only tier is the remote one (as if the local tiers had declined): the same
`ChatModelBackend` over `OpenAIClient` that `remote_url` configures, with the household's privacy guard
(`PolicyGate.privacy_guard`, setting `masked`), so `POST {URL}/chat/completions` receives exactly what a live
request would send. `OUT.jsonl`: `{"id", "answer", "latency_ms"}`: the final spoken text with the pseudonyms
restored (plus `"error"` when the remote failed).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

import aiohttp

from hub.agent.conversation import ConversationAgent
from hub.errors import HearthError
from hub.home.virtual import build_virtual_home
from hub.llm.base import TurnRequest
from hub.llm.chat_tier import ChatModelBackend
from hub.llm.remote import OpenAIClient, RemoteError, RemoteSettings
from hub.policy.audit import AuditLog
from hub.policy.gate import PolicyGate
from hub.policy.people import virtual_household
from hub.tools.virtual_executor import VirtualHomeExecutor

UNAVAILABLE: Final = "Sorry, I can't reach the remote assistant right now."


class PrivacyEvalError(HearthError):
    """CASES.jsonl is missing or malformed, or the remote URL is unusable."""


@dataclass(slots=True)
class PrivacyReport:
    cases: int = 0
    errors: int = 0
    masked_values: int = 0

    def summary(self) -> str:
        return f"{self.cases} cases, {self.masked_values} personal values masked, {self.errors} remote errors"


def load_cases(path: Path) -> list[tuple[str, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise PrivacyEvalError(f"cannot read {path}: {err.strerror or err}") from None
    cases = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError:
            raise PrivacyEvalError(f"{path}:{number}: not JSON") from None
        if not isinstance(raw, dict) or "id" not in raw or not isinstance(raw.get("text"), str):
            raise PrivacyEvalError(f"{path}:{number}: needs an id and a text string")
        cases.append((str(raw["id"]), raw["text"]))
    return cases


async def run_privacy_eval(
    cases_path: Path, remote_url: str, out_path: Path, *, model: str = "hearth", progress: TextIO | None = sys.stderr
) -> PrivacyReport:
    if not remote_url.startswith(("http://", "https://")):
        raise PrivacyEvalError(f"the remote URL must start with http:// or https://, not {remote_url!r}")
    cases = load_cases(cases_path)
    home = build_virtual_home()
    gate = PolicyGate(virtual_household(), audit=AuditLog(None))
    report = PrivacyReport()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    async with aiohttp.ClientSession() as http:
        client = OpenAIClient(RemoteSettings(url=remote_url, model=model), http)
        remote = ChatModelBackend(client, tier="remote", guard_for=gate.privacy_guard)
        agent = ConversationAgent(home, [remote], policy=gate)
        executor = VirtualHomeExecutor(home, clock=time.time)
        with out_path.open("w", encoding="utf-8") as out:
            for number, (case_id, text) in enumerate(cases, 1):
                started = time.perf_counter()
                request = TurnRequest(text, user_id="user-alex", conversation_id=f"privacy-{case_id}")
                line: dict[str, Any] = {"id": case_id}
                try:
                    result = await agent.async_handle(request, executor=executor, request_id=f"privacy-{case_id}")
                    answer = result.speech
                except RemoteError as err:
                    answer = UNAVAILABLE
                    line["error"] = type(err).__name__
                    report.errors += 1
                line.update(answer=answer, latency_ms=round((time.perf_counter() - started) * 1000, 3))
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                report.cases += 1
                report.masked_values += sum(
                    sum(e["args"].get("masked", {}).values())
                    for e in gate.audit.recent(20, filters={"kind": "remote"})
                    if e["request_id"] == request.conversation_id
                )
                if progress is not None and number % 100 == 0:
                    print(f"{number}/{len(cases)} cases", file=progress)
    return report
