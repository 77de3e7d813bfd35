"""Assemble the hub from its config and run it until told to stop, shutting down in order."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from aiohttp import web

from hub.agent.conversation import ConversationAgent
from hub.config import HubConfig
from hub.home.model import Home
from hub.home.virtual import VirtualHomeSimulator, build_virtual_home
from hub.identity import load_identity
from hub.link.outbox import Outbox
from hub.llm.care_tier import CareBackend, CareTools, LocalToolSets
from hub.llm.memory_tier import MemoryBackend
from hub.llm.router_setup import build_router
from hub.llm.tiers import TierChain, async_prepare_all, default_backends
from hub.memory.open import open_memory
from hub.memory.tools import MemoryToolbox
from hub.runtime import HubRuntime
from hub.sensing.care import start_care
from hub.server.advertise import Advertiser, lan_addresses, service_info
from hub.server.app import create_app
from hub.tools.virtual_executor import VirtualHomeExecutor

_LOGGER = logging.getLogger(__name__)
SIMULATION_STEP_S = 1.0


async def build_runtime(config: HubConfig) -> HubRuntime:
    """Everything but sockets; loads and warms the understanding tier so the first command is fast."""
    identity = load_identity(config.data_dir, config.token)
    started = time.perf_counter()
    home = build_virtual_home() if config.home == "virtual" else Home()
    backends = default_backends()
    await async_prepare_all(backends)
    memory = await asyncio.to_thread(open_memory, config.data_dir)
    toolbox = MemoryToolbox(memory)
    # The memory tier offers questions to the template matcher before answering from memory, as it was built to.
    templates = next((b for b in backends if b.name == "template"), TierChain(backends))
    # "Record my sleep quality tonight" runs on the hub for the speaker's member: the policy's person (HA user →
    # member through the household mapping), else the memory store's member for that HA user, as memory tools do.
    care_tools = CareTools(lambda request: agent.policy.person_for(request).id or toolbox.viewer(request).member)
    agent = ConversationAgent(
        home, [CareBackend(), MemoryBackend(toolbox, templates), *backends],
        local_tools=LocalToolSets(toolbox, care_tools),
    )
    http = aiohttp.ClientSession() if config.remote_url else None
    agent.backends = [await build_router(config, agent.backends, policy=lambda: agent.policy, http=http)]
    outbox = Outbox(config.data_dir / "outbox.json")
    await asyncio.to_thread(outbox.load)
    executor = VirtualHomeExecutor(home, clock=time.time) if config.home == "virtual" else None
    _LOGGER.info("Understanding ready in %.0f ms", (time.perf_counter() - started) * 1000)
    runtime = HubRuntime(
        config=config, identity=identity, home=home, agent=agent, outbox=outbox, local_executor=executor,
        memory=memory, http=http,
    )
    care_tools.care = lambda: runtime.care
    return runtime


@dataclass(slots=True)
class RunningHub:
    """A started hub: where it listens and how to reach its runtime (the demo and tests use this)."""

    runtime: HubRuntime
    port: int

    @property
    def url(self) -> str:
        host = self.runtime.config.host
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{self.port}"


@contextlib.asynccontextmanager
async def running_hub(config: HubConfig) -> AsyncIterator[RunningHub]:
    """Start the server (and advertisement, simulation) and stop all of it on exit, even on errors."""
    runtime = await build_runtime(config)
    app = create_app(runtime)
    runtime.care = await start_care(config, runtime, app)
    runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=5)
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port)
    await site.start()
    port = _bound_port(site, config.port)
    advertiser: Advertiser | None = None
    simulation: asyncio.Task[None] | None = None
    try:
        if config.zeroconf:
            advertiser = Advertiser(
                service_info(
                    name=config.name,
                    hub_id=runtime.identity.hub_id,
                    port=port,
                    addresses=lan_addresses(config.host),
                )
            )
            await advertiser.start()
        if config.home == "virtual":
            simulation = asyncio.create_task(_simulate(runtime.home))
        _LOGGER.info(
            "Hearth hub %s listening on %s:%d (home: %s)",
            runtime.identity.hub_id[:8],
            config.host,
            port,
            config.home,
        )
        yield RunningHub(runtime, port)
    finally:
        if simulation is not None:
            simulation.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await simulation
        if advertiser is not None:
            await advertiser.stop()
        if runtime.care is not None:
            await runtime.care.stop()
        await runner.cleanup()
        if runtime.http is not None:
            await runtime.http.close()
        if runtime.memory is not None:
            await asyncio.to_thread(runtime.memory.close)
        _LOGGER.info("Hearth hub stopped")


async def _simulate(home: Home) -> None:
    """Virtual sensors keep changing, as real ones would, so the home looks alive."""
    simulator = VirtualHomeSimulator(home, clock=time.time)
    while True:
        await asyncio.sleep(SIMULATION_STEP_S)
        simulator.step(time.time())


def _bound_port(site: web.TCPSite, configured: int) -> int:
    server = site._server  # aiohttp keeps the asyncio server private; port 0 needs the real port
    if isinstance(server, asyncio.Server) and server.sockets:
        port: int = server.sockets[0].getsockname()[1]
        return port
    return configured


async def serve_forever(config: HubConfig) -> None:
    """`python -m hub serve`: run until SIGINT/SIGTERM, then close the HA link and stop advertising."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running_hub(config) as hub:
        identity = hub.runtime.identity
        if identity.token_created:
            # Shown once, on the console only (never in logs), so the user can paste it into HA.
            print(f"Pairing token for Home Assistant: {identity.token}", flush=True)
        await stop.wait()
        _LOGGER.info("Shutting down")
