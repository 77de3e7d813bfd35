"""Fixtures for hub tests: a real hub on a loopback port with a temporary data directory."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
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
