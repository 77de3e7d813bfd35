"""Assemble the router from the hub's configuration: the local tiers first, then the optional generator and
remote tiers (each only when configured), so a hub with neither runs fully offline."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Final

import aiohttp

from hub.config import HubConfig
from hub.errors import ConfigError
from hub.llm.base import UnderstandingBackend
from hub.llm.chat_tier import ChatModelBackend
from hub.llm.generator import GeneratorLoadError, LocalGenerator
from hub.llm.remote import OpenAIClient, RemoteSettings
from hub.llm.router import Planner, RoutedTier, Router
from hub.policy.gate import PolicyGate

_LOGGER = logging.getLogger(__name__)
LOCAL_MIN_CONFIDENCE: Final = 0.5
"""With a generator or remote tier behind them, local answers under this confidence escalate (and stay the
fallback if the later tiers cannot do better)."""


async def build_router(
    config: HubConfig,
    local: Sequence[UnderstandingBackend],
    *,
    policy: Callable[[], PolicyGate],
    http: aiohttp.ClientSession | None,
) -> Router:
    """`local` are already prepared; the generator is loaded here (a configured directory that does not load is a
    configuration error). `policy` is read per turn, so the household's privacy setting is always current."""
    extra: list[RoutedTier] = []
    if config.generator_dir is not None:
        generator = ChatModelBackend(LocalGenerator(config.generator_dir), tier="generator")
        try:
            await generator.async_prepare()
        except GeneratorLoadError as err:
            raise ConfigError(f"generator_dir: {err}") from None
        extra.append(RoutedTier(generator, timeout_s=config.generator_timeout_s, kind="generator"))
    if config.remote_url is not None:
        if http is None:
            raise ConfigError("remote_url needs an HTTP session")
        settings = RemoteSettings(
            url=config.remote_url, model=config.remote_model, api_key=config.remote_api_key,
            total_timeout_s=config.remote_timeout_s, max_retries=config.remote_max_retries,
            price_in_per_mtok=config.remote_price_in_per_mtok, price_out_per_mtok=config.remote_price_out_per_mtok,
        )

        remote = ChatModelBackend(OpenAIClient(settings, http), tier="remote",
                                  guard_for=lambda home: policy().privacy_guard(home))
        # Retries and backoff fit inside the tier's time; the router's timeout is the last word.
        extra.append(RoutedTier(remote, timeout_s=config.remote_timeout_s * (1 + config.remote_max_retries) + 5,
                                remote=True, kind="remote"))
    planner: Planner | None = None
    if config.multistep and extra:
        # The loop uses the cheapest model there is; the one-shot model tiers step aside for it.
        first = extra[0]
        chat = first.backend
        if isinstance(chat, ChatModelBackend):
            planner = Planner(chat.model, guard_for=chat.guard_for, remote=first.remote,
                              timeout_s=first.timeout_s or config.generator_timeout_s)
        extra = []
    threshold = LOCAL_MIN_CONFIDENCE if extra else 0.0
    tiers = [RoutedTier(backend, min_confidence=threshold) for backend in local] + extra
    _LOGGER.info("Understanding tiers: %s%s", " → ".join(t.backend.name for t in tiers),
                 f" → multi-step ({planner.model.name})" if planner is not None else "")
    router = Router(tiers, privacy=lambda: policy().household.remote_privacy)
    router.planner = planner
    return router
