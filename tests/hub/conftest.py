"""Fixtures for hub tests: a real hub on a loopback port with a temporary data directory."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from hypothesis import settings

from hub.config import HubConfig, load_config
from hub.server.serve import RunningHub, running_hub

# CI must be reproducible: there the fuzzers replay the same (large) example sets on every run, so a red build
# always means a code change. On a developer's machine they explore new examples each run and keep what fails.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

TOKEN = "test-token-0123456789abcdef"


def make_config(tmp_path: Path, *, home: str = "virtual") -> HubConfig:
    return load_config(
        None,
        {
            "host": "127.0.0.1",
            "port": 0,
            "token": TOKEN,
            "data_dir": str(tmp_path / "data"),
            "home": home,
            "zeroconf": False,
        },
    )


@pytest.fixture
async def virtual_hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    async with running_hub(make_config(tmp_path, home="virtual")) as hub:
        yield hub


@pytest.fixture
async def ha_hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    async with running_hub(make_config(tmp_path, home="ha")) as hub:
        yield hub


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


RESTATED_PREFIX = "Noted: "
"""What the recording chat endpoint puts before the user's words it restates."""


@pytest.fixture
async def recording_chat_endpoint() -> AsyncIterator[tuple[str, list[bytes]]]:
    """An OpenAI-compatible chat endpoint on loopback that records every request body and answers by restating
    the user's last message (as a model repeating the request would), so PII that reached it shows up twice."""
    received: list[bytes] = []

    async def chat(request: web.Request) -> web.Response:
        body = await request.read()
        received.append(body)
        said = json.loads(body)["messages"][-1]["content"]
        answer = {"role": "assistant", "content": f"{RESTATED_PREFIX}{said}"}
        return web.json_response({"choices": [{"message": answer}]})

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/v1", received
    await runner.cleanup()
