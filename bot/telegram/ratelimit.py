"""PTB's AIORateLimiter, with Telegram's 429 answers waited out per chat instead of by everyone.

AIORateLimiter keeps Telegram's limits (30 messages a second overall, 20 a minute per group).
On a 429 (flood control) it pauses *every* request until the retry-after has passed, so one
chat's flood stalled every other chat. Here the limiter runs with no retries of its own, and
each 429 pauses only the chat it was about (or, for calls without a chat such as callback
answers, only that method) for retry-after seconds before the call is tried again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Coroutine, Hashable
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter

log = logging.getLogger(__name__)
JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]


class _NoRetryNoise(logging.Filter):
    """AIORateLimiter logs every 429 it does not retry itself as an error with a traceback;
    this limiter retries them, and says so in one line of its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rate limit hit after maximum of")


logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_NoRetryNoise())


def pause_key(endpoint: str, data: JSONDict) -> Hashable:
    """What a 429 pauses: the chat the call is about, else the method."""
    chat = data.get("chat_id")
    return ("chat", str(chat)) if chat is not None else ("method", endpoint)


def seconds(error: RetryAfter) -> float:
    """Retry-after as seconds, read as PTB's own limiter reads it (the public attribute is
    changing type from int to timedelta, and reading it warns)."""
    retry_after: dt.timedelta = error._retry_after
    return retry_after.total_seconds()


class PerChatRateLimiter(BaseRateLimiter[int]):
    """Telegram's limits by AIORateLimiter; 429s retried up to `retries` times, per chat."""

    def __init__(
        self,
        retries: int,
        limiter: AIORateLimiter | None = None,
        on_retry: Callable[[float], None] | None = None,
    ) -> None:
        self.limiter = limiter or AIORateLimiter(max_retries=0)
        self.retries = retries
        self.on_retry = on_retry
        self._paused: dict[Hashable, float] = {}

    async def initialize(self) -> None:
        """Initialise the inner limiter."""
        await self.limiter.initialize()

    async def shutdown(self) -> None:
        """Shut the inner limiter down."""
        await self.limiter.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Run the call through the limiter; on a 429 wait (this chat only) and try again."""
        key = pause_key(endpoint, data)
        retries = self.retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._wait(key)
            try:
                return await self.limiter.process_request(
                    callback, args, kwargs, endpoint, data, None
                )
            except RetryAfter as error:
                wait = seconds(error) + 0.1
                if attempt == retries:
                    log.warning("flood control: %s refused after %d retries", endpoint, retries)
                    raise
                loop = asyncio.get_running_loop()
                self._paused[key] = max(self._paused.get(key, 0.0), loop.time() + wait)
                if self.on_retry is not None:
                    self.on_retry(wait)
                log.info("flood control on %s: retrying in %.1f s (that chat only)", endpoint, wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _wait(self, key: Hashable) -> None:
        until = self._paused.get(key)
        if until is None:
            return
        delay = until - asyncio.get_running_loop().time()
        if delay > 0:
            await asyncio.sleep(delay)
        if self._paused.get(key) == until:
            del self._paused[key]
