"""`python -m hub eval privacy`: requests with personal data through the privacy filter to a remote endpoint.

    python -m hub eval privacy --cases CASES.jsonl --remote-url URL --out OUT.jsonl [--model NAME]

`CASES.jsonl`: `{"id", "text"}` — what a household member says. Each case is sent, with the household setting
`masked`, to the OpenAI-compatible endpoint at URL (`POST {URL}/chat/completions`), and the answer comes back
with the pseudonyms restored. `OUT.jsonl`: `{"id", "answer", "latency_ms"}` (plus `"error"` when the remote
failed). The virtual household's names are the known people and the virtual home's entity and area names stay
readable.

The remote understanding tier does not exist yet: until it does, this module sends the request itself with the
same `PrivacyGuard` that tier will use (`_ask`), so what leaves the hub is exactly what the guard lets out.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

import aiohttp

from hub.errors import HearthError
from hub.home.virtual import build_virtual_home
from hub.policy.audit import AuditLog
from hub.policy.people import virtual_household
from hub.policy.privacy import PrivacyFilter, PrivacyGuard, PseudonymSession

SYSTEM_PROMPT: Final = (
    "You are Hearth, a household assistant. Upper-case words ending in an underscore and a number stand for "
    "personal details the hub keeps private (people, phone numbers, addresses); repeat them exactly as written."
)
TIMEOUT_S: Final = 30.0
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


def household_filter() -> PrivacyFilter:
    home = build_virtual_home()
    public = [e.name for e in home.entities.values()] + [a.name for a in home.areas.values()]
    return PrivacyFilter(names=virtual_household().names(), public=public)


async def _ask(http: aiohttp.ClientSession, url: str, model: str, messages: list[dict[str, str]]) -> str:
    async with http.post(
        f"{url.rstrip('/')}/chat/completions", json={"model": model, "messages": messages},
        timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
    ) as resp:
        resp.raise_for_status()
        body: Any = await resp.json(content_type=None)
    content = body["choices"][0]["message"]["content"]
    if not isinstance(content, str):
        raise ValueError("the answer has no text")
    return content


async def run_privacy_eval(
    cases_path: Path, remote_url: str, out_path: Path, *, model: str = "hearth", progress: TextIO | None = sys.stderr
) -> PrivacyReport:
    if not remote_url.startswith(("http://", "https://")):
        raise PrivacyEvalError(f"the remote URL must start with http:// or https://, not {remote_url!r}")
    cases = load_cases(cases_path)
    guard = PrivacyGuard("masked", household_filter(), AuditLog(None))
    report = PrivacyReport()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    async with aiohttp.ClientSession() as http:
        with out_path.open("w", encoding="utf-8") as out:
            for number, (case_id, text) in enumerate(cases, 1):
                started = time.perf_counter()
                session = PseudonymSession()
                messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": text}]
                outgoing = guard.outgoing(messages, session, who={"eval": "privacy"}, endpoint=remote_url,
                                          request_id=case_id)
                line: dict[str, Any] = {"id": case_id}
                try:
                    answer = guard.incoming(await _ask(http, remote_url, model, outgoing), session)
                except (aiohttp.ClientError, TimeoutError, ValueError, KeyError, IndexError, TypeError) as err:
                    answer = UNAVAILABLE
                    line["error"] = type(err).__name__
                    report.errors += 1
                line.update(answer=answer, latency_ms=round((time.perf_counter() - started) * 1000, 3))
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                report.cases += 1
                report.masked_values += len(session.by_placeholder)
                if progress is not None and number % 100 == 0:
                    print(f"{number}/{len(cases)} cases", file=progress)
    return report
