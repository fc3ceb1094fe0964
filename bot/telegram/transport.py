"""The Bot API transport, watched: every call counted by method and outcome, 429s and their
retry-after, call times, and how long Telegram has been failing (for /healthz).

`Watched` wraps any `BaseRequest` (PTB's HTTPXRequest in production, the recording fake in
tests), so what is measured is exactly what goes over the wire.
"""

from __future__ import annotations

import json
import re
import time

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.ops.health import TelegramHealth
from bot.ops.metrics import Metrics

METHOD = re.compile(r"[A-Za-z]{1,64}")
FAILING = frozenset({401, 404})
"""Statuses that mean the bot cannot talk to Telegram at all (token revoked, wrong URL)."""


def method_of(url: str) -> str:
    """The Bot API method a URL calls (never the token, which precedes it)."""
    name = url.rsplit("/", 1)[-1]
    return name if METHOD.fullmatch(name) else "other"


def retry_after(payload: bytes) -> float | None:
    """The retry_after of a 429 answer, if it says."""
    try:
        value = json.loads(payload)["parameters"]["retry_after"]
    except (ValueError, KeyError, TypeError):
        return None
    return float(value) if isinstance(value, int | float) else None


class Watched(BaseRequest):
    """A transport that reports what it does to the metrics and the Telegram health."""

    def __init__(self, inner: BaseRequest, metrics: Metrics, health: TelegramHealth) -> None:
        self.inner, self.metrics, self.telegram = inner, metrics, health

    @property
    def read_timeout(self) -> float | None:
        """The inner transport's."""
        return self.inner.read_timeout

    async def initialize(self) -> None:
        """Initialise the inner transport."""
        await self.inner.initialize()

    async def shutdown(self) -> None:
        """Shut the inner transport down."""
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """The inner call, measured."""
        name = method_of(url)
        started = time.perf_counter()
        try:
            code, payload = await self.inner.do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        except TimedOut:
            self._record(name, "timeout", started, failed="TimedOut")
            raise
        except NetworkError as error:
            self._record(name, "network", started, failed=f"NetworkError: {error}"[:200])
            raise
        if code == 429:
            self.metrics.flood_control.labels(method=name).inc()
            wait = retry_after(payload)
            if wait is not None:
                self.metrics.retry_after.observe(wait)
        outcome = "ok" if 200 <= code < 300 else str(code)
        failed = f"HTTP {code}" if code in FAILING or code >= 500 else None
        self._record(name, outcome, started, failed=failed)
        return code, payload

    def _record(self, name: str, outcome: str, started: float, *, failed: str | None) -> None:
        self.metrics.api_calls.labels(method=name, outcome=outcome).inc()
        self.metrics.api_seconds.labels(method=name).observe(time.perf_counter() - started)
        if failed is None:
            self.telegram.ok(time.time())
        else:
            self.telegram.failed(failed, time.time())
