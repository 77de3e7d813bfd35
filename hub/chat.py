"""`python -m hub chat`: type what a satellite would hear, see what the hub does.

Without `--url` it starts an in-process hub on the virtual home; with `--url` and `--token` it talks to a
running hub over its REST API (which acts on that hub's home: the virtual one, or the paired HA).
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import tempfile
from typing import Any

import aiohttp

from hub.config import load_config
from hub.errors import HearthError
from hub.logs import setup_logging
from hub.server.serve import running_hub

HELP = "Commands: /area AREA_ID (speak from another room), /areas, /quit. Anything else is said to the hub."


async def _ask(http: aiohttp.ClientSession, url: str, token: str, text: str, area: str) -> dict[str, Any]:
    async with http.post(
        f"{url.rstrip('/')}/api/v1/converse",
        json={"text": text, "area_id": area},
        headers={"Authorization": f"Bearer {token}"},
    ) as resp:
        body: dict[str, Any] = await resp.json()
        if resp.status != 200:
            raise HearthError(f"hub answered {resp.status}: {body.get('message', body)}")
        return body


async def _loop(http: aiohttp.ClientSession, url: str, token: str, area: str, areas: list[str]) -> None:
    print(HELP)
    while True:
        try:
            line = (await asyncio.to_thread(input, f"[{area}] you> ")).strip()
        except EOFError:
            print()
            return
        if not line:
            continue
        if line in ("/quit", "/exit"):
            return
        if line == "/areas":
            print(", ".join(areas) or "(the hub did not say)")
            continue
        if line.startswith("/area"):
            area = line.partition(" ")[2].strip() or area
            continue
        try:
            result = await _ask(http, url, token, line, area)
        except (aiohttp.ClientError, HearthError) as err:
            print(f"hearth> (error: {err})")
            continue
        calls = "; ".join(f"{a['tool']} {a['entities']}" for a in result["actions"])
        print(f"hearth> {result['speech']}")
        trailer = f", {calls}" if calls else ""
        print(f"        [{result['outcome']}, tier {result['tier']}, {result['latency_ms']:.1f} ms{trailer}]")


async def run_chat(*, url: str | None, token: str | None, area: str) -> int:
    if url is not None:
        if not token:
            print("error: --url needs --token (see `python -m hub token`)", file=sys.stderr)
            return 2
        async with aiohttp.ClientSession() as http:
            await _loop(http, url, token, area, [])
        return 0
    setup_logging("warning", "text")
    own_token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="hearth-chat-") as data_dir:
        config = load_config(
            None,
            {"host": "127.0.0.1", "port": 0, "token": own_token, "data_dir": data_dir, "home": "virtual",
             "zeroconf": False},
        )
        async with running_hub(config) as hub, aiohttp.ClientSession() as http:
            areas = sorted(hub.runtime.home.areas)
            if area not in hub.runtime.home.areas:
                print(f"error: unknown area {area!r}; the virtual home has: {', '.join(areas)}", file=sys.stderr)
                return 2
            await _loop(http, hub.url, own_token, area, areas)
    return 0
