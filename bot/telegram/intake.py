"""Where updates come in: kept in the inbox first, then read and queued for the Application.

At-least-once: the poller fetches raw updates (JSON, not yet parsed), the state keeps them in its
inbox, and only then does the next getUpdates move the offset that tells Telegram they arrived.
An update leaves the inbox in the same transaction that commits its state (the Application does
that), so after a crash `replay` hands over exactly the updates that were not handled. Updates
already handled or already waiting are not queued twice (webhook redeliveries included).

An update PTB cannot read (Update.de_json fails) is logged once with its id, counted, marked
handled and skipped: the bot goes on with the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, EndPointNotFound, InvalidToken, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot.ops.metrics import Metrics
from bot.ops.observer import Observer
from bot.state.interface import State, StateUnavailable
from bot.state.model import RawUpdate
from bot.telegram.processor import ChatOrderedProcessor

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
POLL_TIMEOUT = 10
"""Seconds of each long poll."""
REPLAY_BATCH = 500
"""Inbox updates read per query when replaying."""
HIGH_WATER = 1_000
"""Updates waiting or running beyond which no more are fetched until some are done."""
MAX_BACKOFF = 30.0
"""The longest wait, in seconds, between failed polls."""

# getUpdates is called with do_api_request on purpose: it returns the raw updates, so one that
# PTB cannot read is skipped on its own instead of failing the whole batch.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)


def raw_updates(result: object) -> tuple[list[RawUpdate], list[object]]:
    """A getUpdates result as updates with ids, and anything without an id."""
    good: list[RawUpdate] = []
    bad: list[object] = []
    for item in result if isinstance(result, list) else []:
        update_id = item.get("update_id") if isinstance(item, dict) else None
        if isinstance(update_id, int) and not isinstance(update_id, bool):
            good.append(raw(update_id, item))
        else:
            bad.append(item)
    return good, bad


def raw(update_id: int, payload: dict[str, Any]) -> RawUpdate:
    """An update as received, with the chat it is about when it says (a message, or the
    message of a button press)."""
    for kind in ("message", "edited_message", "callback_query"):
        body = payload.get(kind)
        if isinstance(body, dict) and kind == "callback_query":
            body = body.get("message")
        chat = body.get("chat") if isinstance(body, dict) else None
        chat_id = chat.get("id") if isinstance(chat, dict) else None
        if isinstance(chat_id, int) and not isinstance(chat_id, bool):
            return RawUpdate(update_id, payload, chat_id)
    return RawUpdate(update_id, payload)


class Intake:
    """Keeps updates durably, reads them, and queues them for the Application."""

    def __init__(self, application: App, state: State, observer: Observer) -> None:
        self.application, self.state, self.observer = application, state, observer

    async def take(self, updates: Sequence[RawUpdate]) -> int:
        """Keep new updates in the inbox, then queue them; returns how many were new."""
        fresh = await self.state.accept(updates, time.time())
        new = {update.update_id for update in fresh}
        for update in updates:
            if update.update_id not in new:
                self.observer.duplicate(update.update_id)
        for update in fresh:
            await self.queue(update)
        return len(fresh)

    async def replay(self) -> int:
        """Queue what the inbox kept from before (a crash, or a stop with a backlog) or, on a
        shared state, what a process that died had received."""
        count, after = 0, -1
        while batch := await self.state.pending(after, REPLAY_BATCH):
            for update in batch:
                await self.queue(update)
            count += len(batch)
            after = batch[-1].update_id
        if count:
            log.info(
                "replaying %d update(s) received but not handled (before a restart, or by a "
                "process that stopped)",
                count,
            )
        return count

    async def queue(self, raw: RawUpdate) -> None:
        """Read one update and queue it; one that cannot be read is skipped for good."""
        try:
            update = Update.de_json(raw.payload, self.application.bot)
        except Exception as error:  # whatever PTB raises on data it cannot read
            self.observer.poisoned(raw.update_id, error)
            await self.state.skip(raw.update_id, time.time())
            return
        await self.application.update_queue.put(update)


class Poller:
    """getUpdates in a loop: durable before confirmed, backing off while Telegram fails."""

    def __init__(
        self,
        application: App,
        intake: Intake,
        processor: ChatOrderedProcessor,
        metrics: Metrics,
        allowed_updates: list[str],
    ) -> None:
        self.application, self.intake, self.processor = application, intake, processor
        self.metrics, self.allowed_updates = metrics, allowed_updates
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set (or the task is cancelled)."""
        delay = 0.0
        while not stop.is_set():
            await self.processor.room(HIGH_WATER)
            try:
                result = await self._poll()
            except (InvalidToken, EndPointNotFound) as error:
                # 401 or 404 (do_api_request reports both as EndPointNotFound once started)
                what = "the token or the API URL was rejected"
                delay = await self._back_off(stop, delay, what, error)
                continue
            except Conflict as error:
                delay = await self._back_off(stop, delay, "another poller is running", error)
                continue
            except TelegramError as error:
                delay = await self._back_off(stop, delay, "getUpdates failed", error)
                continue
            if delay:
                log.info("getUpdates works again")
            delay = 0.0
            self.metrics.last_poll.set(time.time())
            updates, bad = raw_updates(result)
            for item in bad:
                self._not_an_update(item)
            try:
                await self.intake.take(updates)
            except StateUnavailable as error:  # the offset stays: Telegram keeps them for later
                delay = await self._back_off(stop, delay, "the state cannot keep updates", error)
                continue
            if updates:
                self.offset = max(u.update_id for u in updates) + 1

    async def _poll(self) -> object:
        kwargs: dict[str, Any] = {"timeout": POLL_TIMEOUT, "allowed_updates": self.allowed_updates}
        if self.offset is not None:
            kwargs["offset"] = self.offset
        return await self.application.bot.do_api_request(
            "getUpdates", api_kwargs=kwargs, read_timeout=POLL_TIMEOUT + 10
        )

    def _not_an_update(self, item: object) -> None:
        """Something in a getUpdates result that is not an update at all."""
        self.intake.observer.poisoned(None, ValueError(f"no update_id in {str(item)[:80]}"))

    async def _back_off(
        self, stop: asyncio.Event, delay: float, what: str, error: Exception
    ) -> float:
        delay = min(MAX_BACKOFF, max(1.0, delay * 2))
        log.warning("%s (%s); retrying in %.0f s", what, type(error).__name__, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        return delay
