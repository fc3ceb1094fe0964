"""Running the bot until SIGTERM or SIGINT: polling or webhook, health, retention, a quick stop.

Start: the health endpoint first (503 "starting"), then the state and getMe (retried while the
network is down; a rejected token or API URL is a one-line error), the updates the inbox kept
from before, then polling or the webhook. Stop: no more updates are taken, running ones get
CAREERBOT_STOP_SECONDS to finish, waiting ones stay in the inbox for the next start, so a stop
with a backlog takes seconds, within `docker stop`'s 10.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import ContextTypes, Job
from telegram.request import BaseRequest

from bot.engine import Engine
from bot.errors import BotError, ConfigError
from bot.ops.health import HealthServer, TelegramHealth, problems
from bot.ops.logs import Redactor
from bot.settings import Settings
from bot.telegram.admin import Reload
from bot.telegram.app import StatefulApplication, build_application, register_commands
from bot.telegram.intake import Intake, Poller
from bot.telegram.processor import ChatOrderedProcessor
from bot.telegram.replicas import poll_while_leading, take_over
from bot.telegram.webhook import WebhookServer

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
WEBHOOK_PATH = "telegram"
MAINTENANCE_SECONDS = 600.0
"""How often retention runs (the first time a minute after the start)."""
MAX_BACKOFF = 30.0


class TelegramRejected(BotError):
    """Telegram refused the token or the API URL at start-up; the message says which."""


class Receiver(Protocol):
    """Polling or the webhook: how updates arrive, until stopped."""

    async def stop(self) -> None:
        """Take no more updates."""


def health_status(application: StatefulApplication, settings: Settings) -> dict[str, Any]:
    """What /healthz reports: healthy or not and why, how updates arrive, Telegram, the state,
    the knowledge store."""
    now = time.time()
    handlers = application.bot_data["handlers"]
    telegram: TelegramHealth = application.bot_data["telegram"]
    processor: ChatOrderedProcessor = application.bot_data["processor"]
    try:
        info = handlers.engine.store.info()
        store: dict[str, Any] = {"open": True, "digest": info.digest}
    except Exception as error:  # any failure of the store is what health must report
        store = {"open": False, "error": type(error).__name__}
    state = application.state.health()
    mode = application.observer.mode
    found = problems(
        mode=mode,
        telegram=telegram,
        threshold=settings.telegram_failing_seconds,
        writable=state.writable,
        store_open=bool(store["open"]),
        now=now,
    )
    return {
        "healthy": not found,
        "problems": found,
        "mode": mode,
        "telegram": telegram.as_json(now),
        "state": state.as_json(),
        "store": store,
        "pending_updates": processor.load,
        "bot": application.bot.username if application.bot_data.get("ready") else None,
    }


def run(settings: Settings, engine: Engine, reload: Reload, *, webhook: bool = False) -> None:
    """Run until SIGINT/SIGTERM, then stop within seconds with everything committed."""
    asyncio.run(serve(settings, engine, reload, webhook=webhook))


async def serve(
    settings: Settings,
    engine: Engine,
    reload: Reload | None,
    *,
    webhook: bool = False,
    request: BaseRequest | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """The bot's life: start, take updates until a stop signal (or `stop`), stop. `request`
    replaces the HTTP transport (tests, benchmarks)."""
    application = build_application(settings, engine, request, reload=reload)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
    server = _health(application, settings)
    receiver: Receiver | None = None
    try:
        if not await _initialize(application, stop):
            return
        application.bot_data["ready"] = True
        await _quietly(register_commands(application), "setMyCommands")
        await application.start()
        schedule_retention(application)
        intake = Intake(application, application.state, application.observer)
        await intake.replay()
        take_over(application, intake)
        receiver = await (_webhook if webhook else _polling)(application, intake, settings, stop)
        if webhook:
            application.observer.mode = "webhook"
        await stop.wait()
    finally:
        await _stop(application, receiver, settings)
        if server is not None:
            server.stop()
        log.info("stopped")


def _health(application: StatefulApplication, settings: Settings) -> HealthServer | None:
    if not settings.metrics_port:
        return None
    try:
        server = HealthServer(
            application.observer.metrics,
            lambda: health_status(application, settings),
            settings.metrics_host,
            settings.metrics_port,
            redact=Redactor(settings.secrets()),
        ).start()
    except OSError as error:
        raise ConfigError(
            f"cannot serve metrics and health on {settings.metrics_host}:"
            f"{settings.metrics_port} ({error.strerror}): set CAREERBOT_METRICS_HOST and "
            "CAREERBOT_METRICS_PORT (0 turns them off)"
        ) from None
    log.info("metrics and health on http://%s:%d", settings.metrics_host, server.port)
    return server


async def _initialize(application: StatefulApplication, stop: asyncio.Event) -> bool:
    """getMe until it works; False when stopped first. A rejected token or URL is fatal."""
    delay = 0.0
    while not stop.is_set():
        try:
            await application.initialize()
            return True
        except InvalidToken:
            raise TelegramRejected(_rejected(application.bot_data["telegram"])) from None
        except NetworkError as error:
            delay = min(MAX_BACKOFF, max(1.0, delay * 2))
            log.warning(
                "cannot reach Telegram (%s); retrying in %.0f s", type(error).__name__, delay
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
    return False


def _rejected(telegram: TelegramHealth) -> str:
    if telegram.last_error == "HTTP 404":
        return (
            "the Bot API answered 404 Not Found to getMe: check TELEGRAM_API_BASE_URL "
            "(it must end in /bot, e.g. https://api.telegram.org/bot) and the token"
        )
    return (
        "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): the token was revoked or "
        "mistyped; get the current one from @BotFather"
    )


async def _quietly(call: Awaitable[object], what: str) -> None:
    try:
        await call
    except TelegramError as error:
        log.warning("%s failed (%s); going on", what, type(error).__name__)


async def _until_done(
    call: Callable[[], Awaitable[object]], what: str, stop: asyncio.Event
) -> None:
    """Retry a Bot API call until it works or the bot stops."""
    delay = 0.0
    while not stop.is_set():
        try:
            await call()
            return
        except TelegramError as error:
            delay = min(MAX_BACKOFF, max(1.0, delay * 2))
            log.warning("%s failed (%s); retrying in %.0f s", what, type(error).__name__, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)


class _Polling:
    def __init__(self, task: asyncio.Task[None]) -> None:
        self.task = task

    async def stop(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


async def _polling(
    application: StatefulApplication, intake: Intake, settings: Settings, stop: asyncio.Event
) -> Receiver:
    async def poll() -> None:
        await _until_done(application.bot.delete_webhook, "deleteWebhook", stop)
        processor: ChatOrderedProcessor = application.bot_data["processor"]
        poller = Poller(
            application, intake, processor, application.observer.metrics, ALLOWED_UPDATES
        )
        await poller.run(stop)

    leading = poll_while_leading(application.state, application.observer, poll, stop)
    return _Polling(asyncio.create_task(leading, name="careerbot:polling"))


async def _webhook(
    application: StatefulApplication, intake: Intake, settings: Settings, stop: asyncio.Event
) -> Receiver:
    url, secret = settings.webhook()
    server = WebhookServer(WEBHOOK_PATH, secret, intake.take)
    port = server.listen(settings.webhook_port, settings.webhook_listen)
    log.info("webhook on %s:%d/%s", settings.webhook_listen, port, WEBHOOK_PATH)

    async def register() -> None:
        await application.bot.set_webhook(
            url=f"{url}/{WEBHOOK_PATH}", secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )

    await _until_done(register, "setWebhook", stop)
    return server


async def _stop(
    application: StatefulApplication, receiver: Receiver | None, settings: Settings
) -> None:
    application.observer.mode = "stopping"
    if receiver is not None:
        await receiver.stop()
    processor: ChatOrderedProcessor = application.bot_data["processor"]
    cancelled = await processor.drain(settings.stop_seconds)
    if cancelled:
        log.warning(
            "%d update(s) did not finish in time; they are handled after the restart", cancelled
        )
    if application.running:
        await application.stop()
    await application.shutdown()
    application.observer.mode = "stopped"


def schedule_retention(
    application: StatefulApplication, every: float = MAINTENANCE_SECONDS
) -> Job[Any] | None:
    """Run retention every `every` seconds (the first time a minute after the start)."""
    if application.job_queue is None:
        return None
    return application.job_queue.run_repeating(
        _maintain, interval=every, first=min(60.0, every), name="retention"
    )


async def _maintain(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Retention: forget what is older than the settings keep, and chart files beyond the
    newest `Photos.files_kept`."""
    application = context.application
    assert isinstance(application, StatefulApplication)
    pruned = await application.state.prune(time.time())
    charts = await asyncio.to_thread(application.bot_data["handlers"].photos.prune)
    if charts:
        log.info("retention: deleted the %d oldest chart files", charts)
    if pruned.total:
        log.info(
            "retention: forgot %d contexts, %d preferences, %d screens, %d handled ids, "
            "%d unanswered, %d flood buckets",
            pruned.contexts,
            pruned.preferences,
            pruned.screens,
            pruned.handled,
            pruned.unanswered,
            pruned.flood,
        )
