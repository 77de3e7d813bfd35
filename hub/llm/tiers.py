"""The understanding tiers the hub runs, cheapest first: the local command model, then HA's templates.

The agent tries them in order and takes the first answer; the command model declines (so the templates try)
when a sentence is not a home command or its calibrated confidence is under its threshold.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from hub.home.model import Home
from hub.llm.base import TurnRequest, Understanding, UnderstandingBackend
from hub.llm.hassil_tier import HassilBackend
from hub.llm.nlu_model import DEFAULT_MODEL_DIR
from hub.llm.nlu_tier import CommandModelBackend

_LOGGER = logging.getLogger(__name__)


def default_backends() -> list[UnderstandingBackend]:
    """A fresh list of the default tiers, not yet prepared.

    Without the shipped command model (a checkout without `models/nlu/`) the hub still runs on the templates.
    """
    if not (DEFAULT_MODEL_DIR / "SHA256SUMS").is_file():
        _LOGGER.warning("No command model in %s; understanding with HA's templates only", DEFAULT_MODEL_DIR)
        return [HassilBackend()]
    return [CommandModelBackend(), HassilBackend()]


async def async_prepare_all(backends: Sequence[UnderstandingBackend]) -> None:
    """Load every tier's model or templates before the first request."""
    for backend in backends:
        await backend.async_prepare()


class TierChain:
    """Several tiers behind one `UnderstandingBackend`: the first that answers wins (for tiers that consult
    "the command tiers", such as the memory tier)."""

    def __init__(self, backends: Sequence[UnderstandingBackend]) -> None:
        self._backends = list(backends)

    @property
    def name(self) -> str:
        return "+".join(b.name for b in self._backends)

    async def async_prepare(self) -> None:
        await async_prepare_all(self._backends)

    async def async_understand(self, request: TurnRequest, home: Home) -> Understanding | None:
        for backend in self._backends:
            understanding = await backend.async_understand(request, home)
            if understanding is not None:
                return understanding
        return None
