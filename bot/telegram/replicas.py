"""Running as one of several processes on a shared state (PostgreSQL): one poller at a time with
the others on hot standby, each chat's updates in order across processes (a follow-up waits
for the question that reached another replica to be committed), and what a process that died
had received taken over by the others.

A backend one process uses alone (the SQLite file) leads at once and has nothing to take over,
so with it this is plain polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.ops.observer import Observer
from bot.state.interface import State
from bot.telegram.intake import Intake

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
STANDBY_NOTICE = 1.0
"""Seconds without the poller lock after which this process says it is on standby."""
TAKEOVER_SECONDS = 2.0
"""How often a process looks for updates that a process which died had received."""
TURN_SECONDS = 10.0
"""How long an update waits for an older one of its chat on another process (then it goes on:
that process may be stuck; a dead one's updates are taken over well within it)."""
TURN_POLL = 0.02


async def in_turn(state: State, chat_id: int, update_id: int, limit: float = TURN_SECONDS) -> bool:
    """Wait while an older update of the chat is being handled by another process; True when
    it is this update's turn, False when the wait gave up."""
    deadline = time.monotonic() + limit
    while await state.earlier(chat_id, update_id):
        if time.monotonic() > deadline:
            log.warning(
                "update %d went ahead of an older one of its chat after %.0f s", update_id, limit
            )
            return False
        await asyncio.sleep(TURN_POLL)
    return True


async def poll_while_leading(
    state: State,
    observer: Observer,
    poll: Callable[[], Coroutine[Any, Any, None]],
    stop: asyncio.Event,
) -> None:
    """Run `poll` while this process holds the poller lock; on standby (mode "standby") while
    another process does; stand by again if the lock is lost. Returns when `stop` is set."""
    while not stop.is_set():
        lost = await _lead(state, observer, stop)
        if lost is None:
            return
        observer.mode = "polling"
        polling = asyncio.create_task(poll(), name="careerbot:poll")
        ended = asyncio.create_task(_either(stop, lost), name="careerbot:poll-end")
        try:
            await asyncio.wait({polling, ended}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            await _cancel(polling, ended)
        if lost.is_set() and not stop.is_set():
            log.warning("lost the poller lock (the state database connection dropped); standby")
            observer.mode = "standby"


async def _lead(state: State, observer: Observer, stop: asyncio.Event) -> asyncio.Event | None:
    """Wait for the poller lock (saying so when it takes a while); None when stopped first."""
    leading = asyncio.create_task(state.lead(), name="careerbot:lead")
    stopping = asyncio.create_task(stop.wait(), name="careerbot:lead-stop")
    try:
        done, _ = await asyncio.wait(
            {leading, stopping}, timeout=STANDBY_NOTICE, return_when=asyncio.FIRST_COMPLETED
        )
        if not done:
            log.info("standby: another careerbot is polling this bot; taking over if it stops")
            observer.mode = "standby"
            done, _ = await asyncio.wait({leading, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if leading in done:
            if observer.mode == "standby":
                log.info("took over polling: this process holds the poller lock now")
            return leading.result()
        return None
    finally:
        await _cancel(leading, stopping)


async def _either(first: asyncio.Event, second: asyncio.Event) -> None:
    waits = [asyncio.create_task(first.wait()), asyncio.create_task(second.wait())]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        await _cancel(*waits)


async def _cancel(*tasks: asyncio.Task[Any]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


def take_over(application: App, intake: Intake, every: float = TAKEOVER_SECONDS) -> None:
    """On a shared state, every few seconds: handle what processes that died had received."""
    if application.job_queue is None or not intake.state.shared:
        return

    async def replay(context: ContextTypes.DEFAULT_TYPE) -> None:
        await intake.replay()

    application.job_queue.run_repeating(replay, interval=every, first=every, name="takeover")
