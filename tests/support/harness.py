"""The bot under test on Telegram: test people and chats, their updates, settings for a test
bot, the Application with its recording transport, and a free port for servers."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from telegram import Update

from bot.engine import Engine
from bot.screens.html import plain
from bot.settings import Settings
from bot.telegram.admin import Reload
from bot.telegram.app import StatefulApplication, build_application
from bot.telegram.offline import JSON, TOKEN, USER, RecordingRequest, Updates
from bot.telegram.serve import serve
from knowledge.store import Store

OTHER: JSON = {"id": 1002, "is_bot": False, "first_name": "Grace"}
GROUP: JSON = {"id": -100500, "type": "supergroup", "title": "Career chat"}
UPDATES = Updates(USER)
message, tap, inline = UPDATES.message, UPDATES.tap, UPDATES.inline


class Bot:
    """The application under test and its recording transport."""

    def __init__(self, app: StatefulApplication, transport: RecordingRequest) -> None:
        self.app, self.transport = app, transport

    async def feed(self, update: JSON) -> None:
        """Process one update through the Application."""
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def last_text(self) -> str:
        """The text of the last message sent or edited."""
        for method, params in reversed(self.transport.calls):
            if method in ("sendMessage", "editMessageText"):
                return plain(str(params["text"]))
        raise AssertionError("nothing was sent")

    def last_sent_message(self) -> JSON:
        """The last message the bot sent, as Telegram returned it."""
        return list(self.transport.messages.values())[-1]


def settings_for(state: Path, **extra: Any) -> Settings:
    """Settings for a test bot with its state in `state`."""
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "CAREERBOT_STATE_DIR": state,
        "CAREERBOT_METRICS_PORT": 0,  # off: tests that want it start their own on port 0
    }
    return Settings(**{**values, **extra})


@contextlib.asynccontextmanager
async def application(store: Store, state: Path) -> AsyncIterator[Bot]:
    """An initialised Application on a store, with a recording transport; shut down on exit."""
    transport = RecordingRequest()
    app = build_application(settings_for(state), Engine(store), transport)
    await app.initialize()
    try:
        yield Bot(app, transport)
    finally:
        await app.shutdown()


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def serving(
    settings: Settings,
    engine: Engine,
    transport: RecordingRequest | None,
    *,
    webhook: bool = False,
    reload: Reload | None = None,
) -> AsyncIterator[asyncio.Task[None]]:
    """The whole bot (`serve`, as `careerbot run` runs it) on a recording transport (or HTTP
    to TELEGRAM_API_BASE_URL, an emulator), in this event loop; stopped (as by SIGTERM) and
    awaited on exit."""
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(settings, engine, reload, webhook=webhook, request=transport, stop=stop)
    )
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
