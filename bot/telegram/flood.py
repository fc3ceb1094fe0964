"""Per-user flood control: a user who sends too much is told once, then dropped for a while.

Each user has a leaky bucket (aiolimiter, the library behind PTB's AIORateLimiter); checking it
never waits, so a flood from one user slows nobody else.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Literal

from aiolimiter import AsyncLimiter

Verdict = Literal["ok", "warn", "drop"]
MAX_USERS = 10_000
"""Buckets kept; the least recently seen user's bucket is forgotten first."""


class FloodGate:
    """Admits a user's updates up to `rate` per `period` seconds."""

    def __init__(self, rate: float, period: float) -> None:
        self.rate, self.period = rate, period
        self._buckets: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._warned: set[int] = set()

    async def admit(self, user_id: int) -> Verdict:
        """ok: handle it; warn: tell the user to slow down (once per flood); drop: ignore it."""
        bucket = self._buckets.pop(user_id, None) or AsyncLimiter(self.rate, self.period)
        self._buckets[user_id] = bucket
        if len(self._buckets) > MAX_USERS:
            forgotten, _ = self._buckets.popitem(last=False)
            self._warned.discard(forgotten)
        if bucket.has_capacity():
            await bucket.acquire()
            self._warned.discard(user_id)
            return "ok"
        if user_id in self._warned:
            return "drop"
        self._warned.add(user_id)
        return "warn"
