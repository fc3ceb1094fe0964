"""Building and running the PTB Application: handlers, concurrency, rate limits, the state,
polling or webhook, and the operator's endpoint (metrics and health).

The Application is PTB's, with three parts of ours: the update processor (chats concurrently,
each chat in order), the rate limiter (AIORateLimiter, 429s waited out per chat), and
`StatefulApplication.process_update`, which skips an update already handled and commits what an
update changed together with its id. PTB's Updater and BasePersistence are not used: updates
come in through `bot.telegram.intake` (kept before confirmed), and the state is read on demand
(`bot.state`) instead of loaded whole at start.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    Job,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.conversation.sections import COMMANDS
from bot.engine import Engine
from bot.ops.health import TelegramHealth
from bot.ops.metrics import Metrics
from bot.ops.observer import Observer
from bot.screens.chart import ChartCache
from bot.settings import Settings
from bot.state.backends import state_for
from bot.state.interface import State
from bot.state.model import Changes
from bot.telegram import chatstate
from bot.telegram.admin import COMMANDS as ADMIN_COMMANDS
from bot.telegram.admin import Admin, Reload
from bot.telegram.handlers import Handlers
from bot.telegram.photos import Photos
from bot.telegram.processor import ChatOrderedProcessor
from bot.telegram.ratelimit import PerChatRateLimiter
from bot.telegram.replicas import in_turn
from bot.telegram.transport import Watched
from knowledge import SOURCES_DIR
from knowledge.builder import build
from knowledge.store import Store

log = logging.getLogger(__name__)
DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)
"""Every message is Telegram HTML without link previews, said once for every call."""


class StatefulApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An Application that handles each update once and commits its state with its id."""

    state: State
    observer: Observer

    async def initialize(self) -> None:
        """Open the state, then initialise PTB's parts (the bot calls getMe)."""
        await self.state.open()
        await super().initialize()

    async def shutdown(self) -> None:
        """Shut PTB's parts down, then close the state."""
        await super().shutdown()
        await self.state.close()

    async def process_update(self, update: object) -> None:
        """Skip an update already handled; otherwise handle it and commit what it changed,
        with its update id, in one transaction."""
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        if await self.state.handled(update.update_id):
            self.observer.duplicate(update.update_id)
            return
        if self.state.shared and update.effective_chat is not None:
            await in_turn(self.state, update.effective_chat.id, update.update_id)
        self._lag(update)
        scope = chatstate.Scope(Changes(update.update_id, time.time()))
        token = chatstate.CURRENT.set(scope)
        try:
            await super().process_update(update)
        finally:
            chatstate.CURRENT.reset(token)
        await self.state.commit(scope.changes)

    def _lag(self, update: Update) -> None:
        message = update.effective_message if update.callback_query is None else None
        if message is not None and message.date is not None:
            self.observer.metrics.lag.observe(max(0.0, time.time() - message.date.timestamp()))

    def _mark_for_persistence_update(
        self, *, update: object | None = None, job: Job[Any] | None = None
    ) -> None:
        """No PTB persistence: nothing to mark (PTB would keep every chat id in a set)."""


App = Application[Any, Any, Any, Any, Any, Any]


async def register_commands(application: App) -> None:
    """Publish the commands so clients show them."""
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
    log.info("started as @%s", application.bot.username)


def reloader(db_path: Path, sources: Path = SOURCES_DIR) -> Reload:
    """A function that rebuilds the store from the sources and opens an engine on it."""

    def reload() -> Engine:
        build(sources, db_path)
        return Engine(Store(db_path))

    return reload


def build_application(
    settings: Settings,
    engine: Engine,
    request: BaseRequest | None = None,
    observer: Observer | None = None,
    reload: Reload | None = None,
    state: State | None = None,
    telegram: TelegramHealth | None = None,
) -> StatefulApplication:
    """The bot's Application; `request` replaces its HTTP transport (tests). The state is
    opened by `Application.initialize` (and closed by its shutdown) unless given open."""
    metrics = observer.metrics if observer is not None else Metrics()
    if observer is None:
        observer = Observer(metrics)
        if settings.unanswered_log:
            observer.keep = chatstate.keep_unanswered
    telegram = telegram or TelegramHealth()
    state = state or state_for(settings)
    processor = ChatOrderedProcessor(settings.concurrency)
    limiter = PerChatRateLimiter(settings.flood_retries)
    pool = settings.concurrency + 8
    calls = Watched(request or HTTPXRequest(connection_pool_size=pool), metrics, telegram)
    polls = Watched(request or HTTPXRequest(), metrics, telegram)
    application = (
        Application.builder()
        .application_class(StatefulApplication)
        .token(settings.token())
        .defaults(DEFAULTS)
        .base_url(settings.telegram_api_base_url)
        .rate_limiter(limiter)
        .concurrent_updates(processor)
        .request(calls)
        .get_updates_request(polls)
        .updater(None)
        .build()
    )
    assert isinstance(application, StatefulApplication)
    application.state, application.observer = state, observer
    info = engine.store.info()
    metrics.knowledge_version(info.digest, info.schema_version)
    metrics.pending.set_function(lambda: processor.load)
    metrics.state_writable.set_function(lambda: float(state.health().writable))
    photos = Photos(ChartCache(settings.charts_path))
    flood = (settings.flood_rate, settings.flood_period)
    handlers = Handlers(engine, state, observer, flood, photos)
    admin = Admin(handlers, settings.admins(), reload)
    add_handlers(application, handlers, admin)
    state.on_knowledge(admin.follow)  # a /reload on another replica switches this one too
    application.bot_data.update(
        handlers=handlers, processor=processor, telegram=telegram, limiter=limiter
    )
    return application


def add_handlers(application: App, handlers: Handlers, admin: Admin) -> None:
    """The flood gate first, then the handlers, and the error handler."""
    message = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, handlers.flood), group=-1)
    application.add_handlers(
        [
            CommandHandler([c.name for c in COMMANDS], handlers.message, filters=message),
            CommandHandler(ADMIN_COMMANDS, admin.command, filters=message),
            MessageHandler(message & filters.TEXT & ~filters.COMMAND, handlers.message),
            MessageHandler(message & filters.COMMAND & filters.ChatType.PRIVATE, handlers.message),
            CallbackQueryHandler(handlers.button),
            InlineQueryHandler(handlers.inline),
        ]
    )
    application.add_error_handler(handlers.error)
