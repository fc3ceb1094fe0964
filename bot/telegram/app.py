"""Building and running the PTB Application: handlers, rate limiter, persistence, commands,
polling or webhook, and the operator's endpoint (metrics and health)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.conversation.sections import COMMANDS
from bot.engine import Engine
from bot.ops.health import HealthServer
from bot.ops.metrics import Metrics
from bot.ops.observer import Observer
from bot.ops.unanswered import UnansweredLog
from bot.settings import Settings
from bot.telegram.admin import COMMANDS as ADMIN_COMMANDS
from bot.telegram.admin import Admin, Reload
from bot.telegram.flood import FloodGate
from bot.telegram.handlers import Handlers
from bot.telegram.persistence import SQLitePersistence
from knowledge import SOURCES_DIR
from knowledge.builder import build
from knowledge.store import Store

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
WEBHOOK_PATH = "telegram"
DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)
"""Every message is Telegram HTML without link previews, said once for every call."""


class WriteThroughApplication(Application[Any, Any, Any, Any, Any, Any]):
    """An Application that writes changed chat state after every update, not once a minute,
    so a crash or `kill -9` loses nothing that was answered."""

    async def process_update(self, update: object) -> None:
        """Process the update, then persist what it changed."""
        await super().process_update(update)
        if self.persistence is not None:
            await self.update_persistence()


App = Application[Any, Any, Any, Any, Any, Any]


async def register_commands(application: App) -> None:
    """Publish the commands so clients show them (runs once the bot is initialised)."""
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
    log.info("started as @%s", application.bot.username)


def make_observer(settings: Settings) -> Observer:
    """Metrics and the unanswered-questions log for this process."""
    unanswered = UnansweredLog(
        settings.unanswered_path,
        enabled=settings.unanswered_log,
        days=settings.unanswered_days,
    )
    unanswered.prune()
    return Observer(Metrics(), unanswered)


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
) -> App:
    """The bot's Application; `request` replaces its HTTP transport (tests)."""
    builder = (
        Application.builder()
        .application_class(WriteThroughApplication)
        .token(settings.token())
        .defaults(DEFAULTS)
        .base_url(settings.telegram_api_base_url)
        .rate_limiter(AIORateLimiter(max_retries=settings.flood_retries))
        .persistence(SQLitePersistence(settings.state_path))
        .post_init(register_commands)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    observer = observer or make_observer(settings)
    info = engine.store.info()
    observer.metrics.knowledge_version(info.digest, info.schema_version)
    handlers = Handlers(engine, FloodGate(settings.flood_rate, settings.flood_period), observer)
    add_handlers(application, handlers, Admin(handlers, settings.admins(), reload))
    application.bot_data["handlers"] = handlers
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


def health_status(application: App, handlers: Handlers) -> dict[str, Any]:
    """What /healthz reports: how updates arrive, whether the store answers, the version."""
    try:
        info = handlers.engine.store.info()
        store = {"open": True, "digest": info.digest, "roles": len(handlers.engine.store.roles())}
    except Exception as error:  # any failure of the store is what health must report
        store = {"open": False, "error": type(error).__name__}
    mode = handlers.observer.mode
    running = application.running and mode in ("polling", "webhook")
    return {
        "healthy": bool(running and store["open"]),
        "mode": mode,
        "store": store,
        "bot": application.bot.username if application.bot_data.get("ready") else None,
    }


def run(settings: Settings, engine: Engine, db_path: Path, *, webhook: bool = False) -> None:
    """Run until SIGINT/SIGTERM (polling, or webhook), then shut down with state saved."""
    application = build_application(settings, engine, reload=reloader(db_path))
    handlers: Handlers = application.bot_data["handlers"]
    server = None
    if settings.metrics_port:
        server = HealthServer(
            handlers.observer.metrics,
            lambda: health_status(application, handlers),
            settings.metrics_host,
            settings.metrics_port,
        ).start()
        log.info("metrics and health on http://%s:%d", settings.metrics_host, server.port)
    application.bot_data["ready"] = True
    try:
        if webhook:
            url, secret = settings.webhook()
            handlers.observer.mode = "webhook"
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=WEBHOOK_PATH,
                webhook_url=f"{url}/{WEBHOOK_PATH}",
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            handlers.observer.mode = "polling"
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    finally:
        handlers.observer.mode = "stopped"
        handlers.observer.unanswered.close()
        if server is not None:
            server.stop()
        log.info("stopped")
