"""`python -m hub demo`: a household scenario on the virtual home, through the satellite's own path.

The demo starts a real hub on a loopback port and talks to it over the HA link protocol exactly as the HA
integration does for a voice satellite (a `converse` frame with the satellite's device and area), so what the
transcript shows is what a kitchen satellite would get.
"""

from __future__ import annotations

import json
import secrets
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from hub.agent.demo_script import DEMO_SCRIPT
from hub.config import load_config
from hub.home.model import Home
from hub.link.client import LinkClient
from hub.llm.router import summarize
from hub.logs import setup_logging
from hub.server.serve import running_hub

MIN_HANDLED = 12


@dataclass(frozen=True, slots=True)
class DemoTurn:
    """One transcript entry; `handled` means the outcome was the one the script expects."""

    speaker: str
    area_id: str
    sentence: str
    result: dict[str, Any]
    changes: list[str]
    round_trip_ms: float
    handled: bool
    route: list[dict[str, Any]] = field(default_factory=list)
    """The router's decisions for this turn (tier, result, reason), from the hub's recent turns."""


def _states(home: Home) -> dict[str, tuple[str, str]]:
    return {
        eid: (e.state, json.dumps(dict(e.attributes), sort_keys=True, default=str))
        for eid, e in home.entities.items()
    }


def _changes(home: Home, before: dict[str, tuple[str, str]]) -> list[str]:
    after = _states(home)
    out = []
    for eid, (state, attrs) in after.items():
        old_state, old_attrs = before.get(eid, ("?", ""))
        if state != old_state:
            out.append(f"{eid}: {old_state} -> {state}")
        elif attrs != old_attrs:
            out.append(f"{eid}: attributes changed")
    return out


def _print_turn(turn: DemoTurn, index: int) -> None:
    r = turn.result
    mark = "ok" if turn.handled else "!!"
    print(f"\n[{index:2d}] {turn.speaker} ({turn.area_id}): \"{turn.sentence}\"")
    print(f"     hearth: {r['speech']}")
    calls = ", ".join(
        f"{a['tool']}({', '.join(a['entities']) or json.dumps(a['args'])}){'' if a['success'] else ' FAILED'}"
        for a in r["actions"]
    )
    print(f"     {mark} outcome={r['outcome']} tier={r['tier']} confidence={r['confidence']:.2f} "
          f"hub={r['latency_ms']:.1f} ms round-trip={turn.round_trip_ms:.1f} ms")
    if turn.route:
        print(f"     route: {summarize(turn.route)}")
    if calls:
        print(f"     calls: {calls}")
    for change in turn.changes:
        print(f"     state: {change}")


def _route(recent: list[dict[str, Any]], request_id: object) -> list[dict[str, Any]]:
    for turn in reversed(recent):
        if turn.get("request_id") == request_id:
            route: list[dict[str, Any]] = turn.get("router") or []
            return route
    return []


async def run_demo(*, as_json: bool = False) -> int:
    setup_logging("warning", "text")
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="hearth-demo-") as data_dir:
        config = load_config(
            None,
            {"host": "127.0.0.1", "port": 0, "token": token, "data_dir": data_dir, "home": "virtual",
             "zeroconf": False, "name": "Hearth demo"},
        )
        started = time.perf_counter()
        async with running_hub(config) as hub, aiohttp.ClientSession() as http:
            home = hub.runtime.home
            if not as_json:
                print(f"Hearth hub {hub.runtime.identity.hub_id[:8]} on {hub.url} "
                      f"(ready in {(time.perf_counter() - started) * 1000:.0f} ms)")
                print(f"Virtual home: {len(home.floors)} floors, {len(home.areas)} areas, "
                      f"{len(home.entities)} entities. Each line is a satellite in that room.")
            turns: list[DemoTurn] = []
            async with LinkClient(hub.url, token, session=http) as link:
                for line in DEMO_SCRIPT:
                    before = _states(home)
                    t0 = time.perf_counter()
                    result = await link.converse(
                        line.sentence, area_id=line.area_id, device_id=f"satellite_{line.area_id}"
                    )
                    rtt = (time.perf_counter() - t0) * 1000
                    turn = DemoTurn(
                        speaker=line.speaker,
                        area_id=line.area_id,
                        sentence=line.sentence,
                        result=result,
                        changes=_changes(home, before),
                        round_trip_ms=rtt,
                        handled=result.get("outcome") == line.expect,
                        route=_route(hub.runtime.recent_turns, result.get("request_id")),
                    )
                    turns.append(turn)
                    if as_json:
                        print(json.dumps({"speaker": turn.speaker, "area": turn.area_id, "sentence": turn.sentence,
                                          "result": result, "changes": turn.changes,
                                          "round_trip_ms": round(rtt, 3), "handled": turn.handled,
                                          "route": turn.route}))
                    else:
                        _print_turn(turn, len(turns))
    handled = sum(t.handled for t in turns)
    hub_ms = [t.result["latency_ms"] for t in turns]
    rtt_ms = [t.round_trip_ms for t in turns]
    if not as_json:
        print(f"\n{handled}/{len(turns)} handled as expected; hub latency p50 {statistics.median(hub_ms):.1f} ms, "
              f"max {max(hub_ms):.1f} ms; round trip p50 {statistics.median(rtt_ms):.1f} ms")
    return 0 if handled >= MIN_HANDLED and handled == len(turns) else 1
