"""Token buckets for rate limits: per WebSocket connection, per API token, and per address for failed logins."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

MAX_KEYS: Final = 4096
"""Distinct keys a `RateLimiter` remembers; the least recently used are forgotten first."""


@dataclass(slots=True)
class TokenBucket:
    """`rate` tokens a second up to `burst`; each `take` spends one."""

    rate: float
    burst: float
    tokens: float
    updated: float

    def take(self, now: float, cost: float = 1.0) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False


class RateLimiter:
    """One bucket per key (a token, an address, a connection), bounded in memory."""

    def __init__(self, rate: float, burst: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def exhausted(self, key: str) -> bool:
        """Whether `key` has no token left right now (without spending one)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return False
        now = self._clock()
        return min(bucket.burst, bucket.tokens + (now - bucket.updated) * bucket.rate) < 1.0

    def allow(self, key: str, cost: float = 1.0) -> bool:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst, self.burst, now)
            self._buckets[key] = bucket
            while len(self._buckets) > MAX_KEYS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket.take(now, cost)
