"""Updates of different chats concurrently, one chat's updates in order (a PTB update processor).

PTB creates one task per update (in arrival order) and hands each to `do_process_update`. Here
each update waits for the previous update of its chat, then for one of `workers` slots: a slow
Bot API call, a 429 or a busy group holds one slot and delays only its own chat, while a chat
with a backlog holds no slot for its waiting updates. On stop, `drain` lets the running updates
finish for a grace period and skips the waiting ones (they stay in the inbox for the next start).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

PENDING = 10_000
"""Updates waiting or running at most (PTB's own bound); the poller stops fetching well before."""


def order_key(update: object) -> Hashable:
    """What must stay in order: the chat; without a chat (inline queries), the user."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
        return ("update", update.update_id)
    return ("object", id(update))


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most `workers` updates run at once; each chat's updates run one after the other."""

    def __init__(self, workers: int, pending: int = PENDING) -> None:
        super().__init__(max_concurrent_updates=pending)
        self.workers = workers
        self._slots = asyncio.Semaphore(workers)
        self._tails: dict[Hashable, asyncio.Future[None]] = {}
        self._running: set[asyncio.Task[Any]] = set()
        self._waiting = 0
        self._changed = asyncio.Condition()
        self.draining = False

    @property
    def load(self) -> int:
        """Updates waiting or running."""
        return self._waiting

    async def room(self, below: int) -> None:
        """Wait until fewer than `below` updates are waiting or running."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._waiting < below)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's previous update and a free slot, then run this one."""
        key = order_key(update)
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        self._waiting += 1
        started = False
        try:
            if previous is not None:
                await asyncio.shield(previous)
            async with self._slots:
                if self.draining:
                    return
                task = asyncio.current_task()
                started = True
                if task is not None:
                    self._running.add(task)
                try:
                    await coroutine
                finally:
                    if task is not None:
                        self._running.discard(task)
        finally:
            if not started and asyncio.iscoroutine(coroutine):
                coroutine.close()
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]
            self._waiting -= 1
            async with self._changed:
                self._changed.notify_all()

    async def drain(self, grace: float) -> int:
        """Skip updates not started yet; give running ones `grace` seconds, then cancel them
        (they are not committed, so they are handled again after the restart). Returns how
        many were cancelled."""
        self.draining = True
        running = set(self._running)
        if not running:
            return 0
        _, late = await asyncio.wait(running, timeout=grace)
        for task in late:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*late, return_exceptions=True)
        return len(late)

    async def initialize(self) -> None:
        """Accept updates again (after a previous drain)."""
        self.draining = False

    async def shutdown(self) -> None:
        """Nothing to release."""
