"""Building and running the PTB Application: handlers, rate limiter, persistence, commands."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.commands import COMMANDS
from bot.engine import Engine
from bot.settings import Settings
from bot.telegram.flood import FloodGate
from bot.telegram.handlers import Handlers
from bot.telegram.persistence import SQLitePersistence

log = logging.getLogger(__name__)


class WriteThroughApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An Application that writes changed chat state after every update, not once a minute,
    so a crash or `kill -9` loses nothing that was answered."""

    async def process_update(self, update: object) -> None:
        """Process the update, then persist what it changed."""
        await super().process_update(update)
        if self.persistence is not None:
            await self.update_persistence()


App = Application[Any, Any, Any, Any, Any, Any]
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
STATE_FILE = "state.sqlite3"


async def register_commands(application: App) -> None:
    """Publish the commands so clients show them (runs once the bot is initialised)."""
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
    log.info("started as @%s", application.bot.username)


def build_application(
    settings: Settings, engine: Engine, request: BaseRequest | None = None
) -> App:
    """The bot's Application; `request` replaces its HTTP transport (tests)."""
    builder = (
        Application.builder()
        .application_class(WriteThroughApplication)
        .token(settings.token())
        .base_url(settings.telegram_api_base_url)
        .rate_limiter(AIORateLimiter(max_retries=settings.flood_retries))
        .persistence(SQLitePersistence(settings.state_dir / STATE_FILE))
        .post_init(register_commands)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    add_handlers(application, engine, FloodGate(settings.flood_rate, settings.flood_period))
    return application


def add_handlers(
    application: App,
    engine: Engine,
    gate: FloodGate,
) -> None:
    """The flood gate first, then the handlers, and the error handler."""
    handlers = Handlers(engine, gate)
    message = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, handlers.flood), group=-1)
    application.add_handlers(
        [
            CommandHandler([c.name for c in COMMANDS], handlers.message, filters=message),
            MessageHandler(message & filters.TEXT & ~filters.COMMAND, handlers.message),
            MessageHandler(message & filters.COMMAND & filters.ChatType.PRIVATE, handlers.message),
            CallbackQueryHandler(handlers.button),
            InlineQueryHandler(handlers.inline),
        ]
    )
    application.add_error_handler(handlers.error)


def run_polling(settings: Settings, engine: Engine) -> None:
    """Poll Telegram until SIGINT/SIGTERM, then shut down cleanly with state saved."""
    application = build_application(settings, engine)
    application.run_polling(allowed_updates=ALLOWED_UPDATES)
